/**
 * The question bank of the demo course, as the administrator (an editor of every course): a
 * question made in the editor (a refused save keeps what was typed, with the error on its row),
 * then a GIFT file with an error imported after its preview, then imported again as duplicates.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { describeViolations, logInAsAdmin, setPreferences } from './helpers.ts';

const BANK = '/courses/heberger-ses-services/questions';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const STAMP = Date.now().toString(36);

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page, context }) => {
	await logInAsAdmin(page);
	await setPreferences(context, { locale: 'fr', theme: 'light' });
});

test('create a multiple-choice question in the editor', async ({ page }) => {
	await page.goto(BANK);
	await page.locator('#new-type').selectOption('multichoice');
	await page.getByRole('button', { name: 'Créer une question' }).click();
	await page.waitForURL((u) => u.pathname === `${BANK}/new`);
	const name = `Capitale ${STAMP}`;
	await page.locator('#f-name').fill(name);
	await page.locator('#f-questiontext').fill('Quelle est la **capitale** de la France ?');
	await page.locator('#f-answer_0_text').fill('Paris');
	await page.locator('#f-answer_0_fraction').selectOption('50');
	await page.locator('#f-answer_1_text').fill('Lyon');
	// The live preview (a small static script) follows the typing.
	await expect(page.locator('#live-preview strong').first()).toHaveText('capitale');
	await page.getByRole('button', { name: 'Enregistrer' }).click();

	// Refused: no answer at 100 %; what was typed stays, the error is announced with the answers.
	await expect(page.locator('#f-answers-error')).toContainText('100 %');
	await expect(page.locator('#f-name')).toHaveValue(name);
	await expect(page.locator('#f-answer_1_text')).toHaveValue('Lyon');

	await page.locator('#f-answer_0_fraction').selectOption('100');
	await page.getByRole('button', { name: 'Aperçu' }).click();
	await expect(page.locator('#preview-h')).toBeVisible();
	await expect(page.locator('.preview strong').first()).toHaveText('capitale');
	const axe = await new AxeBuilder({ page }).withTags(TAGS).analyze();
	expect(axe.violations, describeViolations(axe.violations)).toEqual([]);

	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await page.waitForURL((u) => u.searchParams.has('created'));
	await expect(page.locator('h1')).toContainText(name);
	await expect(page.locator('#history-h')).toBeVisible();

	await page.goto(`${BANK}?q=${encodeURIComponent(name)}`);
	await expect(page.locator('main table a', { hasText: name })).toBeVisible();
});

test('import a GIFT file with an error: preview, then import the valid questions', async ({ page }) => {
	const gift = [
		`$CATEGORY: $course$/top/Import e2e ${STAMP}`,
		'',
		`::Deux ${STAMP}::Deux et deux ?{=quatre =4}`,
		'',
		`::Cassée ${STAMP}::Une question {=sans fin`,
		'',
		`::Terre ${STAMP}::La Terre est ronde.{T}`,
		''
	].join('\n');
	await page.goto(`${BANK}/import`);
	await page
		.locator('#f-file')
		.setInputFiles({ name: 'questions.gift', mimeType: 'text/plain', buffer: Buffer.from(gift) });
	await page.getByRole('button', { name: 'Voir l’aperçu' }).click();

	await expect(page.locator('section[aria-labelledby="summary-h"] [role="status"]')).toContainText('2 questions lues');
	await expect(page.locator('main')).toContainText('Ligne 5');
	await expect(page.locator('main table')).toContainText(`Deux ${STAMP}`);
	const axe = await new AxeBuilder({ page }).withTags(TAGS).analyze();
	expect(axe.violations, describeViolations(axe.violations)).toEqual([]);

	await page.getByRole('button', { name: 'Importer les 2 questions valides' }).click();
	await page.waitForURL((u) => u.pathname === BANK && u.searchParams.get('imported') === '2');
	await expect(page.locator('main')).toContainText(`Import e2e ${STAMP}`);

	// The same file again: both questions are already in the bank.
	await page.goto(`${BANK}/import`);
	await page.locator('#f-text').fill(gift);
	await page.getByRole('button', { name: 'Voir l’aperçu' }).click();
	await expect(page.locator('main')).toContainText('2 déjà dans la banque');
	await page.locator('#dup-skip').check();
	await page.getByRole('button', { name: 'Importer les 2 questions valides' }).click();
	await page.waitForURL((u) => u.pathname === BANK && u.searchParams.get('imported') === '0');
});
