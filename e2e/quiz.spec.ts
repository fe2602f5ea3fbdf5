/**
 * A quiz from end to end: the administrator (an editor of every course) imports four questions
 * into the demo course's bank, makes a quiz of them on the first lesson (two per page); a new
 * learner enrols, answers page 1, reloads and finds the answers kept (saved by the script),
 * answers page 2, submits and reads "15/20".
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { describeViolations, logInAsAdmin, setPreferences, signUp } from './helpers.ts';

const COURSE = '/courses/heberger-ses-services';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const STAMP = Date.now().toString(36);
const TITLE = `Quiz e2e ${STAMP}`;

test.describe.configure({ mode: 'serial' });

let lessonPath = '';
let quizPath = '';

async function axe(page: Page) {
	const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
	expect(result.violations, describeViolations(result.violations)).toEqual([]);
}

test('an editor makes a quiz of bank questions on a lesson', async ({ page, context }) => {
	await logInAsAdmin(page);
	await setPreferences(context, { locale: 'fr', theme: 'light' });
	const gift = [
		`$CATEGORY: $course$/top/Quiz e2e ${STAMP}`,
		'',
		`::Auteur ${STAMP}::Qui a écrit « Les Misérables » ?{=Victor Hugo}`,
		'',
		`::Capitale ${STAMP}::Quelle est la capitale de la France ?{=Paris ~Lyon ~Marseille}`,
		'',
		`::Somme ${STAMP}::Combien font deux plus deux ?{#4}`,
		'',
		`::Terre ${STAMP}::La Terre est ronde.{T}`,
		''
	].join('\n');
	await page.goto(`${COURSE}/questions/import`);
	await page.locator('#f-file').setInputFiles({ name: 'q.gift', mimeType: 'text/plain', buffer: Buffer.from(gift) });
	await page.getByRole('button', { name: 'Voir l’aperçu' }).click();
	await page.getByRole('button', { name: /Importer les 4 questions/ }).click();
	await page.waitForURL((u) => u.searchParams.get('imported') === '4');

	await page.goto(COURSE);
	lessonPath = (await page.locator('main a[href*="/lessons/"]').first().getAttribute('href'))!;
	await page.goto(`${lessonPath}/edit`);
	await page.getByRole('link', { name: 'Ajouter un quiz' }).click();
	await page.waitForURL((u) => u.pathname.endsWith('/quizzes/new'));
	await axe(page);
	// A refused form keeps what was typed.
	await page.locator('#f-perPage').fill('2');
	await page.getByRole('button', { name: 'Créer le quiz' }).click();
	await expect(page.locator('#f-title-error')).toBeVisible();
	await expect(page.locator('#f-perPage')).toHaveValue('2');
	await page.locator('#f-title').fill(TITLE);
	await page.getByRole('button', { name: 'Créer le quiz' }).click();
	await page.waitForURL((u) => u.searchParams.has('created'));

	const category = page.locator('#category-filter option', { hasText: `Quiz e2e ${STAMP}` });
	await page.locator('#category-filter').selectOption((await category.getAttribute('value'))!);
	await page.getByRole('button', { name: 'Afficher' }).click();
	for (const box of await page.locator('input[name="questionIds"]').all()) await box.check();
	await page.getByRole('button', { name: 'Ajouter les questions cochées' }).click();
	await page.waitForURL((u) => u.searchParams.has('added'));
	await expect(page.locator('ol.slots > li')).toHaveCount(4);
	await axe(page);
	quizPath = new URL(page.url()).pathname.replace(/\/edit$/, '');
});

test('a learner takes it: answers survive a reload, the score reads 15/20', async ({ page, context }) => {
	await signUp(page);
	await setPreferences(context, { locale: 'fr', theme: 'light' });
	await page.goto(COURSE);
	await page.getByRole('button', { name: 'M’inscrire' }).click();
	await page.goto(lessonPath);
	await expect(page.getByRole('heading', { name: `Quiz : ${TITLE}` })).toBeVisible();
	await page.locator(`a[href="${quizPath}"]`).click();
	await page.waitForURL((u) => u.pathname === quizPath);
	await axe(page);
	await page.getByRole('button', { name: 'Commencer le quiz' }).click();
	await page.waitForURL((u) => u.pathname.includes('/attempts/'));
	const attempt = new URL(page.url()).pathname;

	// Page 1: Auteur and Capitale; nothing tells the answers before submission.
	expect(await page.content()).not.toContain('fraction');
	await page.getByLabel('Votre réponse').fill('Victor Hugo');
	await page.getByLabel('Paris').check();
	await expect(page.locator('[data-save-status]')).toHaveText('Réponses enregistrées.');
	await axe(page);
	await page.reload();
	await expect(page.getByLabel('Votre réponse')).toHaveValue('Victor Hugo');
	await expect(page.getByLabel('Paris')).toBeChecked();

	// Page 2 through the page buttons (they save too), then submit.
	await page.getByRole('button', { name: 'Page 2' }).click();
	await page.waitForURL((u) => u.searchParams.get('page') === '2');
	await page.getByLabel('Votre réponse').fill('5');
	await page.getByLabel('Vrai').check();
	await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
	await page.waitForURL((u) => u.pathname === attempt && !u.searchParams.has('page'));
	await expect(page.locator('.score')).toContainText('15/20');
	await expect(page.locator('main')).toContainText('La bonne réponse : 4');
	await axe(page);

	// The lesson page shows the grade under the quiz.
	await page.goto(lessonPath);
	await expect(page.locator('.lesson-quiz').filter({ hasText: TITLE })).toContainText('Votre note : 15/20');
});
