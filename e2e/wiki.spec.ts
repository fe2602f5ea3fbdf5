/**
 * Wiki-style co-editing, through the pages: an editor saves a lesson twice (the second save
 * starts from the first, with JavaScript, so nothing is merged), reads the history, compares
 * two revisions inline and side by side, reverts; then the course opens to learners'
 * proposals, a learner proposes a change and the editor accepts it, credited to the learner.
 * Then two editors save the same paragraph at once: the second gets the conflict, nothing lost.
 * A fresh course per run, made through the forms. axe on every page, light and dark.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { describeViolations, logInAsAdmin, setPreferences, signUp, uniqueHandle } from './helpers.ts';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

test.describe.configure({ mode: 'serial' });

async function axe(page: Page) {
	for (const theme of ['light', 'dark'] as const) {
		await setPreferences(page.context(), { locale: 'fr', theme });
		await page.reload();
		const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
		expect(
			results.violations.map((v) => v.id),
			`${page.url()} (${theme})\n${describeViolations(results.violations)}`
		).toEqual([]);
	}
	await setPreferences(page.context(), { locale: 'fr', theme: 'light' });
}

async function asAdmin(browser: Browser) {
	const context = await browser.newContext();
	await setPreferences(context, { locale: 'fr', theme: 'light' });
	const page = await context.newPage();
	await logInAsAdmin(page);
	return page;
}

let slug = '';
let lessonPath = '';

/** A published, open course with one lesson, made through the forms. */
async function newCourse(page: Page) {
	slug = uniqueHandle('wiki').replace(/_/g, '-');
	await page.goto('/courses/new');
	await page.locator('#f-title').fill(`Cours ${slug}`);
	await page.locator('#f-slug').fill(slug);
	await page.getByRole('button', { name: 'Créer le cours' }).click();
	await page.waitForURL((u) => u.pathname === `/courses/${slug}/edit`);
	// The plan editor hydrates: typing before that would be reset by hydration.
	await page.waitForLoadState('networkidle');
	for (const [label, title] of [
		['Nouveau module', 'Module'],
		['Nouvelle séquence', 'Séquence'],
		['Nouvelle leçon', 'Leçon wiki']
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
	await page.goto(`/courses/${slug}`);
	lessonPath = (await page.getByRole('link', { name: 'Leçon wiki' }).first().getAttribute('href'))!;
}

async function saveInEditor(page: Page, body: string, summary: string) {
	await page.locator('#f-body').fill(body);
	await page.locator('#f-summary').fill(summary);
	await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Leçon enregistrée.' })).toBeVisible();
}

test('an editor saves twice, compares revisions and reverts', async ({ browser }) => {
	const page = await asAdmin(browser);
	await newCourse(page);
	await page.goto(`${lessonPath}/edit`);
	// Hydrated: the live preview replaces the "Preview" button.
	await expect(page.getByRole('button', { name: 'Aperçu' })).toHaveCount(0);
	await saveInEditor(page, 'Le logiciel libre.\n\nUn paragraphe stable.', 'Premier jet');
	await saveInEditor(page, 'Le logiciel libre et partagé.\n\nUn paragraphe stable.', 'Précision');

	await page.goto(`${lessonPath}/history`);
	// Revision 1 is the lesson as created; then the two saves.
	await expect(page.locator('tbody tr')).toHaveCount(3);
	await expect(page.getByText('Précision')).toBeVisible();
	await axe(page);
	await page.getByRole('button', { name: 'Comparer les révisions choisies' }).click();
	await page.waitForURL((u) => u.pathname.endsWith('/history/diff'));
	await expect(page.locator('ins')).toContainText('et partagé');
	await expect(page.locator('ins .visually-hidden').first()).toHaveText(/ajouté/);
	await axe(page);
	await page.getByRole('link', { name: 'Vue côte à côte' }).click();
	await expect(page.getByRole('heading', { name: 'Révision 3' })).toBeVisible();
	await axe(page);

	await page.goto(`${lessonPath}/history`);
	await page.getByRole('button', { name: 'Revenir à la révision 2' }).click();
	await expect(page.getByRole('status')).toContainText('révision 2');
	await expect(page.locator('tbody tr')).toHaveCount(4);
	await expect(page.getByText('retour en arrière')).toBeVisible();
	await page.goto(lessonPath);
	await expect(page.locator('.prose')).toContainText('Le logiciel libre.');
	await expect(page.locator('.prose')).not.toContainText('partagé');
	await page.context().close();
});

test('a learner proposes a change; the editor accepts it, credited to the learner', async ({ browser }) => {
	const admin = await asAdmin(browser);
	await admin.goto(`/courses/${slug}/wiki-settings`);
	await admin.getByLabel(/toute personne inscrite peut proposer/).check();
	await admin.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(admin.getByRole('status')).toHaveText('Réglages enregistrés.');
	await axe(admin);

	const context = await browser.newContext();
	await setPreferences(context, { locale: 'fr', theme: 'light' });
	const page = await context.newPage();
	const learner = await signUp(page);
	await page.goto(`/courses/${slug}`);
	await page.getByRole('button', { name: 'M’inscrire' }).click();
	await page.goto(lessonPath);
	// Follow the lesson (a toggle button), then propose a change.
	await page.getByRole('button', { name: 'Suivre cette leçon' }).click();
	await expect(page.getByRole('button', { name: 'Suivre cette leçon' })).toHaveAttribute('aria-pressed', 'true');
	await axe(page);
	await page.getByRole('link', { name: 'Proposer une modification' }).click();
	// Hydrated first (the editor's JavaScript would otherwise reset what was typed).
	await expect(page.locator('.lesson-editor.enhanced')).toHaveCount(1);
	await page.locator('#f-body').fill('Le logiciel libre, un bien commun.\n\nUn paragraphe stable.');
	await page.getByRole('button', { name: 'Proposer cette modification' }).click();
	// The summary is required for a proposal: the error names the field, the text stays.
	await expect(page.locator('#f-summary-error')).toHaveText('Résumez votre proposition.');
	await expect(page.locator('#f-body')).toHaveValue(/un bien commun/);
	await page.locator('#f-summary').fill('Un mot sur les communs');
	await page.getByRole('button', { name: 'Proposer cette modification' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Votre proposition' })).toBeVisible();
	await axe(page);

	await admin.goto(`/courses/${slug}/suggestions`);
	await axe(admin);
	await admin.getByRole('link', { name: 'Un mot sur les communs' }).click();
	await expect(admin.locator('ins')).toContainText('un bien commun');
	await axe(admin);
	await admin.getByRole('button', { name: 'Accepter' }).click();
	await expect(admin.getByRole('status')).toContainText('Proposition acceptée');

	await admin.goto(`${lessonPath}/history`);
	await expect(admin.locator('tbody tr').first()).toContainText(learner.name);
	await expect(admin.locator('tbody tr').first()).toContainText('proposition acceptée');
	await admin.goto(`/courses/${slug}/changes`);
	await expect(admin.locator('main')).toContainText('Un mot sur les communs');
	await axe(admin);
	await admin.goto(`/courses/${slug}/attribution`);
	await expect(admin.getByRole('row', { name: new RegExp(learner.name) })).toBeVisible();
	await axe(admin);
});

test('two editors save the same paragraph: the second sees the conflict, with nothing lost', async ({ browser }) => {
	const first = await asAdmin(browser);
	const second = await asAdmin(browser);
	for (const page of [first, second]) {
		await page.goto(`${lessonPath}/edit`);
		await expect(page.getByRole('button', { name: 'Aperçu' })).toHaveCount(0);
	}
	const body = await first.locator('#f-body').inputValue();
	const [para] = body.split('\n');
	await saveInEditor(first, body.replace(para!, 'Version de la première personne.'), 'Première');
	await second.locator('#f-body').fill(body.replace(para!, 'Version de la seconde personne.'));
	await second.getByRole('button', { name: 'Enregistrer', exact: true }).click();
	const alert = second.getByRole('alert').filter({ hasText: 'Modification en conflit' });
	await expect(alert).toBeVisible();
	await expect(second.locator('#f-body')).toHaveValue(
		/<<<<<<< mine\nVersion de la seconde personne\.\n=======\nVersion de la première personne\./
	);
	await second.locator('summary', { hasText: 'Votre texte complet' }).click();
	await expect(second.locator('#f-mine')).toHaveValue(/Version de la seconde personne/);
	const results = await new AxeBuilder({ page: second }).withTags(TAGS).analyze();
	expect(
		results.violations.map((v) => v.id),
		describeViolations(results.violations)
	).toEqual([]);
	// Resolved: saved over the other person's revision.
	await saveInEditor(second, body.replace(para!, 'Version commune.'), 'Résolution');
	await second.goto(lessonPath);
	await expect(second.locator('.prose')).toContainText('Version commune.');
});

test('two editors save the same line of a glossary term: the second sees both versions, then the history', async ({
	browser
}) => {
	const first = await asAdmin(browser);
	await first.goto(`/courses/${slug}/glossary/edit`);
	await first.locator('#f-term').fill('Essaim');
	await first.locator('#f-definition').fill('Une colonie.\n\nQui se déplace.');
	await first.getByRole('button', { name: 'Ajouter le terme' }).click();
	await expect(first.getByRole('status').filter({ hasText: 'Terme ajouté.' })).toBeVisible();
	await first.getByRole('link', { name: 'Modifier : Essaim' }).click();
	const second = await asAdmin(browser);
	await second.goto(first.url());
	await first.locator('#f-definition').fill('Une colonie d’abeilles.\n\nQui se déplace.');
	await first.locator('form[action*="/save"]').getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(first.getByRole('status').filter({ hasText: 'Modifications enregistrées.' })).toBeVisible();
	await second.locator('#f-definition').fill('Une colonie de guêpes.\n\nQui se déplace.');
	await second.locator('form[action*="/save"]').getByRole('button', { name: 'Enregistrer', exact: true }).click();
	await expect(second.getByRole('alert').filter({ hasText: 'Modification en conflit' })).toBeVisible();
	await expect(second.locator('#f-definition')).toHaveValue(/guêpes/);
	await expect(second.getByRole('heading', { name: 'Version actuelle (révision 2)' })).toBeVisible();
	await expect(second.locator('dd').filter({ hasText: 'abeilles' })).toBeVisible();
	// Not reloaded (that would post the form again): axe on the page as it is.
	const results = await new AxeBuilder({ page: second }).withTags(TAGS).analyze();
	expect(
		results.violations.map((v) => v.id),
		describeViolations(results.violations)
	).toEqual([]);
	await second.getByRole('link', { name: 'Historique : Essaim' }).first().click();
	await expect(second.getByRole('heading', { name: 'Historique du terme « Essaim »' })).toBeVisible();
	await expect(second.locator('tbody tr')).toHaveCount(2);
	await axe(second);
	await first.context().close();
	await second.context().close();
});
