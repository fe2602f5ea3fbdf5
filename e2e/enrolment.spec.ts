/**
 * Enrolment beyond "open": a course by sessions (seats, a session not started yet), a course
 * by invitation (code, mailed link), and the editors' learner preview (nothing recorded).
 * Each test builds its own course as the administrator, through the forms.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { E2E_PORT } from './env.ts';
import { describeViolations, logInAsAdmin, newPerson, setPreferences, signUp, uniqueHandle } from './helpers.ts';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const MAIL_DIR = join(tmpdir(), `essaim-e2e-${E2E_PORT}`, 'mail');

test.describe.configure({ mode: 'serial' });

async function axe(page: Page) {
	const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
	expect(
		results.violations.map((v) => v.id),
		describeViolations(results.violations)
	).toEqual([]);
}

async function asAdmin(browser: Browser) {
	const context = await browser.newContext();
	await setPreferences(context, { locale: 'fr', theme: 'light' });
	const page = await context.newPage();
	await logInAsAdmin(page);
	return page;
}

async function asNewLearner(browser: Browser) {
	const context = await browser.newContext();
	await setPreferences(context, { locale: 'fr', theme: 'light' });
	const page = await context.newPage();
	const person = await signUp(page);
	return { page, person };
}

/** A published course with one lesson, made through the forms; returns its slug. */
async function newCourse(page: Page, mode: 'session' | 'invitation') {
	const slug = uniqueHandle(mode).replace(/_/g, '-');
	await page.goto('/courses/new');
	await page.locator('#f-title').fill(`Cours ${slug}`);
	await page.locator('#f-slug').fill(slug);
	await page.locator('#f-enrolmentMode').selectOption(mode);
	await page.getByRole('button', { name: 'Créer le cours' }).click();
	await page.waitForURL((u) => u.pathname === `/courses/${slug}/edit`);
	// The plan editor hydrates: typing before that would be reset by hydration.
	await page.waitForLoadState('networkidle');
	for (const [label, title] of [
		['Nouveau module', 'Module'],
		['Nouvelle séquence', 'Séquence'],
		['Nouvelle leçon', 'Leçon unique']
	]) {
		await page.getByLabel(label).first().fill(title);
		await page.getByLabel(label).first().locator('xpath=..').getByRole('button').click();
		await expect(page.getByText(title, { exact: true }).first()).toBeVisible();
	}
	// The plan's last change reloads the page data when it lands, which resets the status select.
	await page.waitForLoadState('networkidle');
	await page.locator('#f-status').selectOption('published');
	await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/status')),
		page.locator('form[action="?/status"] button').click()
	]);
	await expect(page.locator('#f-status')).toHaveValue('published');
	return slug;
}

/** "YYYY-MM-DDTHH:MM" some days from now (the form reads it as Paris time). */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 16);

test('sessions: seats, one click, a full session refused, content from the session start', async ({ browser }) => {
	const admin = await asAdmin(browser);
	const slug = await newCourse(admin, 'session');
	await admin.goto(`/courses/${slug}/editions`);
	await axe(admin);
	// A bad form keeps what was typed and says what is wrong.
	await admin.locator('#f-startsAt').fill(inDays(3));
	await admin.locator('#f-endsAt').fill(inDays(2));
	await admin.getByRole('button', { name: 'Ajouter la session' }).click();
	await expect(admin.locator('#f-endsAt-error')).toContainText('La fin doit être après le début');
	await expect(admin.locator('#f-startsAt')).toHaveValue(inDays(3));
	// Running now, one seat.
	await admin.locator('#f-title').fill('En cours');
	await admin.locator('#f-startsAt').fill(inDays(-1));
	await admin.locator('#f-endsAt').fill(inDays(30));
	await admin.locator('#f-seats').fill('1');
	await admin.getByRole('button', { name: 'Ajouter la session' }).click();
	await expect(admin.getByRole('status')).toContainText('Session ajoutée');
	// Starting in ten days.
	await admin.locator('#f-title').fill('Plus tard');
	await admin.locator('#f-startsAt').fill(inDays(10));
	await admin.locator('#f-endsAt').fill(inDays(40));
	await admin.getByRole('button', { name: 'Ajouter la session' }).click();
	await expect(admin.getByRole('row', { name: /Plus tard/ })).toBeVisible();

	const a = await asNewLearner(browser);
	await a.page.goto(`/courses/${slug}`);
	await axe(a.page);
	await a.page.getByRole('button', { name: 'M’inscrire à cette session · En cours' }).click();
	await expect(a.page.getByRole('status')).toContainText('Vous êtes inscrit·e');
	await a.page.getByRole('link', { name: 'Leçon unique' }).click();
	await expect(a.page.locator('.notice', { hasText: 'La session commence' })).toHaveCount(0);
	await expect(a.page.getByRole('button', { name: 'J’ai terminé cette leçon' })).toBeVisible();

	const b = await asNewLearner(browser);
	await b.page.goto(`/courses/${slug}`);
	await expect(b.page.getByRole('button', { name: /En cours/ })).toHaveCount(0);
	await expect(b.page.locator('.course-editions li', { hasText: 'En cours' })).toContainText('Complet');
	await b.page.getByRole('button', { name: 'M’inscrire à cette session · Plus tard' }).click();
	await expect(b.page.locator('.notice', { hasText: 'La session commence le' })).toBeVisible();
	await b.page.getByRole('link', { name: 'Leçon unique' }).click();
	await expect(b.page.locator('.notice', { hasText: 'La session commence le' })).toBeVisible();
	await expect(b.page.getByRole('button', { name: 'J’ai terminé cette leçon' })).toHaveCount(0);

	await admin.goto(`/courses/${slug}/editions`);
	await expect(admin.getByRole('row', { name: /En cours/ })).toContainText('1 / 1 places');
	await expect(admin.getByRole('row', { name: /Plus tard/ })).toContainText('1 inscrit·e');
	// Nobody can delete a session with learners: no delete button there.
	await expect(admin.getByRole('row', { name: /En cours/ }).getByRole('button')).toHaveCount(0);
});

test('invitation: the code, a wrong code refused, lessons closed to others', async ({ browser }) => {
	const admin = await asAdmin(browser);
	const slug = await newCourse(admin, 'invitation');
	await admin.goto(`/courses/${slug}/invitations`);
	await axe(admin);
	const code = (await admin.getByTestId('join-code').textContent())!.trim();

	const { page } = await asNewLearner(browser);
	await page.goto(`/courses/${slug}`);
	await page.getByRole('link', { name: 'Leçon unique' }).click();
	await expect(page.locator('.notice')).toContainText('réservé aux personnes inscrites');
	await page.goto(`/courses/${slug}`);
	await page.locator('#f-code').fill('ZZZZ-ZZZZ');
	await page.getByRole('button', { name: 'Rejoindre le cours' }).click();
	await expect(page.locator('#f-code-error')).toContainText('Ce code ne correspond pas');
	await expect(page.locator('#f-code')).toHaveValue('ZZZZ-ZZZZ');
	await axe(page);
	await page.locator('#f-code').fill(code.toLowerCase());
	await page.getByRole('button', { name: 'Rejoindre le cours' }).click();
	await expect(page.getByRole('status')).toContainText('Vous êtes inscrit·e');
	await page.getByRole('link', { name: 'Leçon unique' }).click();
	await expect(page.getByRole('button', { name: 'J’ai terminé cette leçon' })).toBeVisible();
});

/** The invitation link mailed to `to` (the server writes mail to .eml files without SMTP). */
async function invitationLink(to: string) {
	let link: string | undefined;
	await expect
		.poll(
			() => {
				for (const f of existsSync(MAIL_DIR) ? readdirSync(MAIL_DIR) : []) {
					const eml = readFileSync(join(MAIL_DIR, f), 'utf8').replace(/=\r?\n/g, '');
					if (!eml.includes(to)) continue;
					link = /\/invitations\/[A-Za-z0-9_-]{20,64}/.exec(eml)?.[0];
					if (link) return true;
				}
				return false;
			},
			{ timeout: 15_000 }
		)
		.toBe(true);
	return link!;
}

test('invitation: a mailed link enrols once, after sign-up', async ({ browser }) => {
	const admin = await asAdmin(browser);
	const slug = await newCourse(admin, 'invitation');
	const invited = newPerson();
	await admin.goto(`/courses/${slug}/invitations`);
	await admin.locator('#f-emails').fill(`pas-une-adresse\n${invited.email}`);
	await admin.getByRole('button', { name: 'Envoyer les invitations' }).click();
	await expect(admin.locator('#f-emails-error')).toContainText('« pas-une-adresse » n’est pas valide');
	await admin.locator('#f-emails').fill(invited.email);
	await admin.getByRole('button', { name: 'Envoyer les invitations' }).click();
	await expect(admin.getByRole('status')).toContainText('1 invitation envoyée');
	await expect(admin.getByRole('row', { name: new RegExp(invited.email) })).toContainText('En attente');

	const link = await invitationLink(invited.email);
	const context = await browser.newContext();
	await setPreferences(context, { locale: 'fr', theme: 'light' });
	const page = await context.newPage();
	await page.goto(link);
	await expect(page.locator('main').getByRole('link', { name: 'Se connecter pour accepter' })).toBeVisible();
	await axe(page);
	await signUp(page, invited);
	await page.goto(link);
	await page.getByRole('button', { name: 'Accepter et m’inscrire' }).click();
	await page.waitForURL((u) => u.pathname === `/courses/${slug}`);
	await expect(page.getByRole('status')).toContainText('Vous êtes inscrit·e');
	await admin.reload();
	await expect(admin.getByRole('row', { name: new RegExp(invited.email) })).toContainText('Acceptée');
	// The link serves once.
	const other = await asNewLearner(browser);
	await other.page.goto(link);
	await expect(other.page.locator('.notice')).toContainText('déjà été utilisée');
});

test('learner preview: the banner, no edit links, nothing recorded', async ({ browser }) => {
	const admin = await asAdmin(browser);
	await admin.goto('/courses/heberger-ses-services');
	await admin.getByRole('button', { name: 'Prévisualiser en tant qu’apprenant·e' }).click();
	const banner = admin.getByRole('region', { name: 'Prévisualiser en tant qu’apprenant·e' });
	await expect(banner).toContainText('Aperçu apprenant·e');
	await expect(admin.getByRole('link', { name: 'Modifier le cours' })).toHaveCount(0);
	await expect(admin.getByText('0 leçon(s) terminée(s) sur 5')).toBeVisible();
	await axe(admin);
	await admin.getByRole('link', { name: 'Commencer le cours' }).click();
	await expect(banner).toBeVisible();
	await expect(admin.getByRole('link', { name: 'Modifier la leçon' })).toHaveCount(0);
	// Marking done moves on, as for a learner, but records nothing.
	await admin.getByRole('button', { name: 'J’ai terminé cette leçon' }).click();
	await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Les hébergeurs associatifs');
	await expect(admin.getByText('0 leçon(s) terminée(s) sur 5')).toBeVisible();
	await banner.getByRole('button', { name: 'Quitter l’aperçu' }).click();
	await expect(banner).toHaveCount(0);
	await admin.goto('/courses/heberger-ses-services');
	await expect(admin.getByRole('link', { name: 'Modifier le cours' })).toBeVisible();
	// Not enrolled, no progress: the preview left nothing behind.
	await expect(admin.getByRole('button', { name: 'M’inscrire' })).toBeVisible();
	await expect(admin.getByText(/leçon\(s\) terminée\(s\)/)).toHaveCount(0);
});
