/**
 * A question's image: the editor uploads one (alt text required, a refusal says so next to the
 * field), puts the question in a quiz; a learner sees the picture with its alt text in the attempt.
 */
import AxeBuilder from '@axe-core/playwright';
import sharp from 'sharp';
import { expect, test, type Page } from '@playwright/test';
import { describeViolations, logInAsAdmin, setPreferences, signUp } from './helpers.ts';

const COURSE = '/courses/heberger-ses-services';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const STAMP = Date.now().toString(36);
const TITLE = `Quiz image ${STAMP}`;

test.describe.configure({ mode: 'serial' });

let lessonPath = '';
let quizPath = '';

async function axe(page: Page) {
	const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
	expect(result.violations, describeViolations(result.violations)).toEqual([]);
}

test('an editor adds an image to a question (alt text required) and quizzes it', async ({ page, context }) => {
	await logInAsAdmin(page);
	await setPreferences(context, { locale: 'fr', theme: 'light' });
	const gift = `$CATEGORY: $course$/top/Image ${STAMP}\n\n::Carte ${STAMP}::Quel pays montre la carte ?{=France ~Italie}\n`;
	await page.goto(`${COURSE}/questions/import`);
	await page.locator('#f-file').setInputFiles({ name: 'q.gift', mimeType: 'text/plain', buffer: Buffer.from(gift) });
	await page.getByRole('button', { name: 'Voir l’aperçu' }).click();
	await page.getByRole('button', { name: /Importer la question valide/ }).click();
	await page.waitForURL((u) => u.searchParams.get('imported') === '1');
	await page
		.getByRole('link', { name: `Carte ${STAMP}` })
		.first()
		.click();
	await page.waitForURL((u) => /\/questions\/[0-9a-f-]{36}$/.test(u.pathname));

	const png = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#2266aa' } })
		.png()
		.toBuffer();
	await page.locator('#f-imageFile').setInputFiles({ name: 'carte.png', mimeType: 'image/png', buffer: png });
	await page.getByRole('button', { name: 'Ajouter l’image' }).click();
	await expect(page.locator('#f-imageAlt-error')).toBeVisible();
	await page.locator('#f-imageFile').setInputFiles({ name: 'carte.png', mimeType: 'image/png', buffer: png });
	await page.locator('#f-imageAlt').fill('Carte de la France');
	await page.getByRole('button', { name: 'Ajouter l’image' }).click();
	await page.waitForURL((u) => u.searchParams.has('saved'));
	await expect(page.locator('figure img[alt="Carte de la France"]')).toBeVisible();
	await axe(page);

	await page.goto(COURSE);
	lessonPath = (await page.locator('main a[href*="/lessons/"]').first().getAttribute('href'))!;
	await page.goto(`${lessonPath}/edit`);
	await page.getByRole('link', { name: 'Ajouter un quiz' }).click();
	await page.waitForURL((u) => u.pathname.endsWith('/quizzes/new'));
	await page.locator('#f-title').fill(TITLE);
	await page.getByRole('button', { name: 'Créer le quiz' }).click();
	await page.waitForURL((u) => u.searchParams.has('created'));
	const category = page.locator('#category-filter option', { hasText: `Image ${STAMP}` });
	await page.locator('#category-filter').selectOption((await category.getAttribute('value'))!);
	await page.getByRole('button', { name: 'Afficher' }).click();
	for (const box of await page.locator('input[name="questionIds"]').all()) await box.check();
	await page.getByRole('button', { name: 'Ajouter les questions cochées' }).click();
	await page.waitForURL((u) => u.searchParams.has('added'));
	quizPath = new URL(page.url()).pathname.replace(/\/edit$/, '');
});

test('a learner sees the image with its alt text in the attempt', async ({ page, context }) => {
	await signUp(page);
	await setPreferences(context, { locale: 'fr', theme: 'light' });
	await page.goto(COURSE);
	await page.getByRole('button', { name: 'M’inscrire' }).click();
	await page.goto(quizPath);
	await page.getByRole('button', { name: 'Commencer le quiz' }).click();
	await page.waitForURL((u) => u.pathname.includes('/attempts/'));
	const img = page.locator('main img[alt="Carte de la France"]');
	await expect(img).toBeVisible();
	const src = (await img.getAttribute('src'))!;
	expect(src).toMatch(/^\/files\/[0-9a-f-]{36}\.webp$/);
	const res = await page.request.get(src);
	expect(res.status()).toBe(200);
	expect(res.headers()['content-type']).toBe('image/webp');
	await axe(page);
});
