/**
 * The plan editor's drag and drop (and its keyboard path, the up/down buttons) and the lesson
 * editor's live preview, on the demo course, as the administrator. Every test puts the plan
 * back as it found it. Also: axe on the hydrated pages, and the JavaScript they ship (gzip).
 */
import { gzipSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { describeViolations, logInAsAdmin, setPreferences } from './helpers.ts';

const EDIT = '/courses/heberger-ses-services/edit';
const FIRST = 'Des services gratuits, vraiment ?';
const SECOND = 'Les hébergeurs associatifs';
const TARGET_SEQUENCE = 'Faire le point';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const JS_BUDGET = 60 * 1024;

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page, context }) => {
	await logInAsAdmin(page);
	await setPreferences(context, { locale: 'fr', theme: 'light' });
});

/** Opens the plan editor and waits until it is hydrated (the drag handles appear then). */
async function openEditor(page: Page) {
	await page.goto(EDIT);
	await expect(page.getByRole('button', { name: `Déplacer « ${FIRST} »` })).toBeVisible();
}

const sequence = (page: Page, title: string) =>
	page.locator('.plan-sequence', { has: page.locator('h4', { hasText: title }) });
const lessonTitles = (page: Page, title: string) =>
	sequence(page, title).locator('li.plan-lesson > a').allTextContents();
const lesson = (page: Page, title: string) => page.locator('li.plan-lesson', { hasText: title });

/** Drags a lesson's handle onto the top edge of another lesson (drops before it). */
async function dragBefore(page: Page, moved: string, before: string) {
	const response = page.waitForResponse((r) => r.url().includes('?/reorder'));
	await page
		.getByRole('button', { name: `Déplacer « ${moved} »` })
		.dragTo(lesson(page, before), { targetPosition: { x: 40, y: 4 } });
	expect((await response).status()).toBe(200);
}

/**
 * The JavaScript a page load fetched, gzipped, and how much of it is message catalogues: none
 * should be, since a hydrated page gets only its language's messages, as data.
 */
function measureScripts(page: Page) {
	const sizes = new Map<string, { gzip: number; catalogue: boolean }>();
	page.on('response', async (r) => {
		if (r.request().resourceType() !== 'script' && !r.url().endsWith('.js')) return;
		const body = await r.body().catch(() => null);
		if (body) sizes.set(r.url(), { gzip: gzipSync(body).length, catalogue: body.includes('"app.tagline"') });
	});
	const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
	return () => {
		const all = [...sizes.values()];
		const total = all.reduce((a, b) => a + b.gzip, 0);
		const catalogues = all.filter((x) => x.catalogue).reduce((a, b) => a + b.gzip, 0);
		const detail = [...sizes].map(([url, x]) => `  ${kb(x.gzip)} ${new URL(url).pathname}`).join('\n');
		return {
			total,
			withoutCatalogues: total - catalogues,
			report: `${kb(total)} (catalogues ${kb(catalogues)})\n${detail}`
		};
	};
}

test('drag a lesson into another sequence, then back; the order survives a reload', async ({ page }) => {
	// Chromium picks the dragged element at the press point once the drag begins: if dragTo
	// scrolled the target into view in between, it would pick another one. Show the whole plan.
	await page.setViewportSize({ width: 1280, height: 2400 });
	await openEditor(page);
	const before = await lessonTitles(page, TARGET_SEQUENCE);
	const marker = await page.evaluate(() => ((window as unknown as { marker: number }).marker = Math.random()));

	await dragBefore(page, FIRST, before[0]!);
	await expect(page.getByTestId('dnd-status')).toHaveText(
		`« ${FIRST} » déplacée en position 1 de « ${TARGET_SEQUENCE} »`
	);
	await expect(page.getByTestId('dnd-status')).toHaveAttribute('aria-live', 'polite');
	expect(await lessonTitles(page, TARGET_SEQUENCE)).toEqual([FIRST, ...before]);
	// No reload: the page kept its state.
	expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(marker);

	await page.reload();
	await expect(lesson(page, FIRST)).toBeVisible();
	expect(await lessonTitles(page, TARGET_SEQUENCE)).toEqual([FIRST, ...before]);
	expect(await lessonTitles(page, 'Comprendre les enjeux')).toEqual([SECOND]);

	// And back where it was, first of its sequence.
	await openEditor(page);
	await dragBefore(page, FIRST, SECOND);
	await expect(page.getByTestId('dnd-status')).toHaveText(
		`« ${FIRST} » déplacée en position 1 de « Comprendre les enjeux »`
	);
	await page.reload();
	expect(await lessonTitles(page, 'Comprendre les enjeux')).toEqual([FIRST, SECOND]);
	expect(await lessonTitles(page, TARGET_SEQUENCE)).toEqual(before);
});

test('the same reorder with the keyboard only: the up/down buttons keep focus and announce', async ({ page }) => {
	await openEditor(page);
	const marker = await page.evaluate(() => ((window as unknown as { marker: number }).marker = Math.random()));
	const down = page.getByRole('button', { name: `Descendre : ${FIRST}` });
	await down.focus();
	await page.keyboard.press('Enter');
	await expect(page.getByTestId('dnd-status')).toHaveText(
		`« ${FIRST} » déplacée en position 2 de « Comprendre les enjeux »`
	);
	await expect(down).toBeFocused();
	expect(await lessonTitles(page, 'Comprendre les enjeux')).toEqual([SECOND, FIRST]);
	expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(marker);
	await page.reload();
	expect(await lessonTitles(page, 'Comprendre les enjeux')).toEqual([SECOND, FIRST]);

	// Back up, with the arrow key on the drag handle this time.
	await openEditor(page);
	const handle = page.getByRole('button', { name: `Déplacer « ${FIRST} »` });
	await handle.focus();
	await page.keyboard.press('ArrowUp');
	await expect(page.getByTestId('dnd-status')).toHaveText(
		`« ${FIRST} » déplacée en position 1 de « Comprendre les enjeux »`
	);
	await expect(handle).toBeFocused();
	await page.reload();
	expect(await lessonTitles(page, 'Comprendre les enjeux')).toEqual([FIRST, SECOND]);
});

test('without JavaScript, the up/down buttons still work', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	try {
		const page = await context.newPage();
		await logInAsAdmin(page);
		await setPreferences(context, { locale: 'fr', theme: 'light' });
		await page.goto(EDIT);
		await expect(page.getByRole('button', { name: /^Déplacer « / })).toHaveCount(0);
		await page.getByRole('button', { name: `Descendre : ${FIRST}` }).click();
		await page.waitForURL((u) => u.pathname === EDIT);
		expect(await lessonTitles(page, 'Comprendre les enjeux')).toEqual([SECOND, FIRST]);
		await page.getByRole('button', { name: `Monter : ${FIRST}` }).click();
		await page.waitForURL((u) => u.pathname === EDIT);
		expect(await lessonTitles(page, 'Comprendre les enjeux')).toEqual([FIRST, SECOND]);
	} finally {
		await context.close();
	}
});

test('axe finds nothing on the hydrated plan editor; its JavaScript stays within budget', async ({ page }) => {
	const scripts = measureScripts(page);
	await openEditor(page);
	await page.waitForLoadState('networkidle');
	const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
	expect(
		results.violations.map((v) => v.id),
		describeViolations(results.violations)
	).toEqual([]);
	const js = scripts();
	console.log(`plan editor, JavaScript (gzip): ${js.report}`);
	expect(js.total).toBeGreaterThan(0);
	expect(js.withoutCatalogues).toBe(js.total);
	expect(js.total).toBeLessThan(JS_BUDGET);
});

test('the lesson editor previews live what is typed, and still previews without JavaScript', async ({
	page,
	browser
}) => {
	const finder = await page.context().newPage();
	await finder.goto(EDIT);
	const href = await lesson(finder, FIRST).locator('a').first().getAttribute('href');
	await finder.close();
	const scripts = measureScripts(page);
	await page.goto(href!);
	await expect(page.getByRole('heading', { name: 'Aperçu en direct' })).toBeVisible();
	const preview = page.getByTestId('live-preview');
	await expect(preview.locator('blockquote')).toBeVisible(); // the saved text, rendered
	await page.waitForLoadState('networkidle');

	const body = page.locator('#f-body');
	const original = await body.inputValue();
	await body.fill('# Bonjour e2e\n\nDu **gras** et <script>alert(1)</script> rien.');
	await expect(preview.getByRole('heading', { name: 'Bonjour e2e', level: 2 })).toBeVisible();
	await expect(preview.locator('strong')).toHaveText('gras');
	await expect(preview.locator('script')).toHaveCount(0);
	await expect(body).toHaveValue(/Bonjour e2e/); // nothing saved, nothing lost

	const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
	expect(
		results.violations.map((v) => v.id),
		describeViolations(results.violations)
	).toEqual([]);
	const js = scripts();
	console.log(`lesson editor, JavaScript (gzip): ${js.report}`);
	expect(js.withoutCatalogues).toBe(js.total);
	expect(js.total).toBeLessThan(JS_BUDGET);

	// An empty title is refused; what was typed stays, and the saving state says so.
	const title = page.locator('#f-title');
	await title.fill('');
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('Leçon non enregistrée : corrigez les erreurs signalées.')).toBeVisible();
	await expect(body).toHaveValue(/Bonjour e2e/);
	await title.fill(FIRST);
	await body.fill(original);
	await page.getByRole('button', { name: 'Enregistrer' }).click();
	await expect(page.getByText('Leçon enregistrée.')).toBeVisible();

	// Without JavaScript: the "Aperçu" button renders on the server.
	const context = await browser.newContext({ javaScriptEnabled: false });
	try {
		const nojs = await context.newPage();
		await logInAsAdmin(nojs);
		await nojs.goto(href!);
		await nojs.locator('#f-body').fill('## Sans JavaScript');
		await nojs.getByRole('button', { name: 'Aperçu' }).click();
		await expect(nojs.getByRole('heading', { name: 'Sans JavaScript', level: 2 })).toBeVisible();
		await expect(nojs.locator('#f-body')).toHaveValue('## Sans JavaScript');
	} finally {
		await context.close();
	}
});
