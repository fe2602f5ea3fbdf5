/**
 * Community, end to end, in French: a course with its own terms of use (accepted at enrolment),
 * theme groups (start, join, no private groups where the terms say so), notifications (badge,
 * centre, preferences), and a partner structure whose manager adds members. Instance terms are
 * not published here: every other test's accounts would be asked to accept them.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { logInAsAdmin, setPreferences, signUp, uniqueHandle, type Person } from './helpers.ts';

test.describe.configure({ mode: 'serial' });

const slug = uniqueHandle('ruches').replace(/_/g, '-');
const structureSlug = uniqueHandle('asso').replace(/_/g, '-');
let first: Person;
let second: Person;

async function asNewPerson(browser: Browser) {
	const context = await browser.newContext();
	const page = await context.newPage();
	const person = await signUp(page);
	await setPreferences(context, { locale: 'fr', theme: 'light' });
	return { page, person, close: () => context.close() };
}

/** Submits a form and waits for the server's answer (an enhanced form posts with fetch: no navigation to wait for). */
async function submit(page: Page, formSelector: string) {
	await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST'),
		page.locator(`${formSelector} button`).last().click()
	]);
	await page.waitForLoadState('load');
}

/** Enrols in the course, accepting its terms on the way. */
async function enrolAccepting(page: Page) {
	await page.goto(`/courses/${slug}`);
	await page.locator('form[action="?/enrol"] button').click();
	await page.waitForURL((u) => u.pathname === `/courses/${slug}/terms/accept`);
	await expect(page.locator('main')).toContainText('Les ruches se partagent');
	await page.locator('#f-accept').check();
	await page.getByRole('button', { name: 'Accepter et m’inscrire' }).click();
	await page.waitForURL((u) => u.pathname === `/courses/${slug}` && u.searchParams.has('enrolled'));
}

test('an administrator opens a course with its own terms of use', async ({ page, context }) => {
	await logInAsAdmin(page);
	await setPreferences(context, { locale: 'fr', theme: 'light' });
	await page.goto('/courses/new');
	await page.locator('#f-title').fill('Ruches partagées');
	await page.locator('#f-slug').fill(slug);
	await submit(page, 'main form');
	await page.waitForURL((u) => u.pathname === `/courses/${slug}/edit`);
	// Let the edit page settle (hydration, data reloads) so the choice is not reset before it is sent.
	await page.waitForLoadState('networkidle');
	await page.locator('#f-status').selectOption('published');
	await submit(page, 'form[action="?/status"]');

	await page.goto(`/courses/${slug}/terms/edit`);
	await page.locator('#f-body').fill('## Règles\n\nLes ruches se partagent, les contributions sont sous CC BY-SA.');
	await expect(page.locator('#f-allowsPrivateGroups')).not.toBeChecked();
	await submit(page, 'main form');
	await expect(page.getByRole('status')).toContainText('La version 1 est publiée.');
	await page.goto(`/courses/${slug}/terms`);
	await expect(page.getByRole('heading', { level: 2, name: 'Règles' })).toBeVisible();
	await expect(page.locator('main')).toContainText('Les groupes privés ne sont pas autorisés dans ce cours.');
});

test('learners accept the course terms at enrolment, start and join a theme group, and are notified', async ({
	browser
}) => {
	const a = await asNewPerson(browser);
	const b = await asNewPerson(browser);
	first = a.person;
	second = b.person;
	try {
		await enrolAccepting(a.page);
		await a.page.goto(`/courses/${slug}/groups`);
		// No private group here: the form says so and has no such box.
		await expect(a.page.locator('main')).toContainText(
			'Les conditions de ce cours n’autorisent pas les groupes privés'
		);
		await expect(a.page.locator('#f-isPrivate')).toHaveCount(0);
		await a.page.locator('#f-name').fill('Lutter contre le varroa');
		await a.page.locator('#f-description').fill('On partage nos **méthodes**.');
		await submit(a.page, 'form[action="?/create"]');
		await expect(a.page.getByRole('status')).toContainText('Groupe créé');
		await expect(a.page.getByRole('heading', { level: 1 })).toHaveText('Lutter contre le varroa');
		await expect(a.page.locator('#members ~ ul')).toContainText(first.name);

		await enrolAccepting(b.page);
		await b.page.goto(`/courses/${slug}/groups`);
		await b.page.getByRole('button', { name: 'Rejoindre : Lutter contre le varroa' }).click();
		await expect(b.page.getByRole('status')).toContainText('Vous avez rejoint le groupe.');
		await expect(b.page.locator('main')).toContainText('2 membres');

		// The organiser sees the unread badge, reads the notification, marks everything read.
		// (The count comes with the session, cached for page reads a few seconds at most.)
		const nav = a.page.getByRole('link', { name: /Notifications/ });
		await expect(async () => {
			await a.page.goto('/');
			await expect(nav).toContainText('1', { timeout: 500 });
		}).toPass({ timeout: 15_000 });
		await nav.click();
		await expect(a.page.locator('main')).toContainText(
			`${second.name} a rejoint le groupe « Lutter contre le varroa »`
		);
		await a.page.getByRole('button', { name: 'Tout marquer comme lu' }).click();
		await expect(a.page.getByRole('status')).toContainText('Toutes vos notifications sont marquées comme lues.');
		await expect(a.page.getByRole('link', { name: /Notifications/ })).not.toContainText('1');

		// Preferences per kind.
		await a.page.goto('/account/notifications');
		await a.page.locator('#group\\.joined-email').check();
		await a.page.getByRole('button', { name: 'Enregistrer mes choix' }).click();
		await expect(a.page.getByRole('status')).toContainText('Vos choix sont enregistrés.');
		await expect(a.page.locator('#group\\.joined-email')).toBeChecked();

		// Leaving the group.
		await b.page.goto(`/courses/${slug}/groups`);
		await b.page.getByRole('button', { name: 'Quitter : Lutter contre le varroa' }).click();
		await expect(b.page.getByRole('status')).toContainText('Vous avez quitté le groupe.');
	} finally {
		await a.close();
		await b.close();
	}
});

test('a partner structure: the administrator appoints a manager, who adds a member', async ({
	page,
	context,
	browser
}) => {
	await logInAsAdmin(page);
	await setPreferences(context, { locale: 'fr', theme: 'light' });
	await page.goto('/admin/structures');
	await page.locator('#f-name').fill('Rucher école');
	await page.locator('#f-slug').fill(structureSlug);
	await page.locator('#f-kind').selectOption('school');
	await page.locator('#f-website').fill('pas une adresse');
	await submit(page, 'main form');
	await expect(page.locator('#f-website-error')).toContainText('http://');
	await expect(page.locator('#f-name')).toHaveValue('Rucher école');
	await page.locator('#f-website').fill('https://rucher.example.org');
	await submit(page, 'main form');
	await expect(page.getByRole('status')).toContainText('Structure créée.');
	await page.locator('#f-course').fill(slug);
	await submit(page, 'form[action="?/link"]');

	await page.goto(`/structures/${structureSlug}`);
	await expect(page.getByRole('link', { name: 'Ruches partagées' })).toBeVisible();
	await page.locator('#f-handle').fill(first.handle);
	await page.locator('#f-role').selectOption('manager');
	await submit(page, 'form[action="?/add"]');
	await expect(page.getByRole('status')).toContainText('Personne ajoutée.');

	const managerContext = await browser.newContext();
	const manager = await managerContext.newPage();
	try {
		await manager.goto('/login');
		await manager.locator('#f-email').fill(first.email);
		await manager.locator('#f-password').fill(first.password);
		await manager.locator('main form button').last().click();
		await manager.waitForURL((u) => u.pathname !== '/login');
		await manager.goto(`/structures/${structureSlug}`);
		// A manager adds members, but cannot appoint managers.
		await expect(manager.locator('#f-role option')).toHaveCount(1);
		await manager.locator('#f-handle').fill('personne_inconnue');
		await submit(manager, 'form[action="?/add"]');
		await expect(manager.locator('#f-handle-error')).toContainText('Aucun compte ne porte cet identifiant.');
		await manager.locator('#f-handle').fill(second.handle);
		await submit(manager, 'form[action="?/add"]');
		await expect(manager.locator('#members ~ ul')).toContainText(second.name);
	} finally {
		await managerContext.close();
	}
});

test('the terms pages are public and unknown versions are a 404', async ({ page }) => {
	expect((await page.goto('/terms'))?.status()).toBe(200);
	expect((await page.goto('/terms/999'))?.status()).toBe(404);
	expect((await page.goto(`/courses/${slug}/terms?version=1`))?.status()).toBe(200);
	expect((await page.goto(`/courses/${slug}/terms?version=x`))?.status()).toBe(404);
	// A mail server's RFC 8058 one-click POST carries no Origin: it reaches the page (here, a forged token).
	const oneClick = await page.request.post('/notifications/unsubscribe?token=forged', {
		form: { 'List-Unsubscribe': 'One-Click' },
		maxRedirects: 0
	});
	expect(oneClick.status()).toBe(400);
	expect(
		await page.request.post('/notifications?/readAll', { form: {}, maxRedirects: 0 }).then((r) => r.status())
	).toBe(403);
	const bad = await page.goto('/notifications/unsubscribe?token=forged');
	expect(bad?.status()).toBe(200);
	await expect(page.locator('main')).toContainText('n’est pas valide');
});
