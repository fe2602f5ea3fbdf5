/**
 * The rushes log on the demo course, as the administrator: in and out points set with the i / o
 * keys and the "mark" buttons while the video plays, a refused note keeps what was typed, the
 * course table filters, a clip inserted into a lesson plays bound to its extract. When the demo
 * course's first lesson has no uploaded video, the test attaches a 12-second WebM (fixtures/).
 */
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { describeViolations, logInAsAdmin, setPreferences } from './helpers.ts';

const COURSE = '/courses/heberger-ses-services';
const VIDEO = fileURLToPath(new URL('./fixtures/rushes.webm', import.meta.url));
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const NOTE = `Plan e2e ${Date.now().toString(36)}`;

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page, context }) => {
	await logInAsAdmin(page);
	await setPreferences(context, { locale: 'fr', theme: 'light' });
});

async function firstLesson(page: Page) {
	await page.goto(COURSE);
	const href = await page.locator('main a[href*="/lessons/"]').first().getAttribute('href');
	expect(href).toBeTruthy();
	return href!;
}

/** The media editor of the first lesson, with an uploaded video (attached if there is none). */
async function mediaEditor(page: Page) {
	const lesson = await firstLesson(page);
	await page.goto(`${lesson}/media`);
	if ((await page.locator('[data-annotate-player]').count()) === 0) {
		await page.locator('#upload-file').setInputFiles(VIDEO);
		await page.locator('#upload-title').fill('Rushes e2e');
		await page.locator('form[action="?/upload"] button').click();
		await page.waitForURL((u) => u.pathname === `${lesson}/media`);
	}
	const section = page
		.locator('[data-annotate]')
		.filter({ has: page.locator('[data-annotate-player]') })
		.first();
	await expect(section).toBeVisible();
	return { lesson, section };
}

/** The id of the first lesson's annotated media, read from its editor. */
async function mediaIdOf(page: Page, lesson: string) {
	const response = await page.request.get(`${lesson}/media`);
	const id = /id="annotations-([0-9a-f-]{36})"/.exec(await response.text())?.[1];
	expect(id).toBeTruthy();
	return id!;
}

/** Waits for the player's metadata, then moves it to `seconds`. */
async function seek(page: Page, seconds: number) {
	await page.evaluate(async (to) => {
		const el = document.querySelector<HTMLMediaElement>('[data-annotate-player]')!;
		if (el.readyState < 1) {
			el.load();
			await new Promise((ok) => el.addEventListener('loadedmetadata', ok, { once: true }));
		}
		await new Promise((ok) => {
			el.addEventListener('seeked', ok, { once: true });
			el.currentTime = to;
		});
	}, seconds);
}

test('an editor marks in and out with the keyboard and the buttons, and a bad note is refused', async ({ page }) => {
	const { section } = await mediaEditor(page);
	const add = section.locator('form[action="?/annotate"]');
	const start = add.locator('input[name="start"]');
	const end = add.locator('input[name="end"]');

	// The keys act while the player has focus (WCAG 2.1.4), not elsewhere on the page and not in
	// text fields: typing "i" in the note does not move the start.
	await seek(page, 1);
	await page.locator('h1').click();
	await page.keyboard.press('i');
	await expect(start).toHaveValue('');
	await seek(page, 2);
	await section.locator('[data-annotate-player]').focus();
	await page.keyboard.press('i');
	await expect(start).toHaveValue('0:02');
	await seek(page, 5);
	await page.keyboard.press('o');
	await expect(end).toHaveValue('0:05');
	await add.locator('textarea[name="note"]').fill('io');
	await expect(start).toHaveValue('0:02');

	// The visible buttons do the same.
	await seek(page, 6);
	await add.getByRole('button', { name: 'Marquer la fin' }).click();
	await expect(end).toHaveValue('0:06');

	// End before start: a 400, the message next to the field, the typed values kept.
	await end.fill('0:01');
	await add.locator('textarea[name="note"]').fill(NOTE);
	await add.locator('input[name="tags"]').fill('e2e, interview');
	const [refused] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('?/annotate')),
		add.getByRole('button', { name: 'Enregistrer la note' }).click()
	]);
	expect(refused.status()).toBe(400);
	await expect(page.locator('#f-end-error')).toHaveText('La fin (0:01) doit venir après le début (0:02).');
	await expect(page.locator('#f-note')).toHaveValue(NOTE);

	await page.locator('#f-end').fill('0:06');
	// The demo course has a speaker: the note names them.
	const speaker = page.locator('#f-speakerId');
	if ((await speaker.locator('option').count()) > 1) await speaker.selectOption({ index: 1 });
	await page.locator('form[action="?/annotate"]').getByRole('button', { name: 'Enregistrer la note' }).click();
	await expect(page.locator('.annotation-list li', { hasText: NOTE })).toContainText('0:02 – 0:06');

	const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
	expect(
		results.violations.map((v) => v.id),
		describeViolations(results.violations)
	).toEqual([]);
});

test('the course table filters by tag and text without JavaScript and opens the lesson at the note', async ({
	page
}) => {
	await page.goto(`${COURSE}/rushes`);
	await page.locator('#rushes-tag').selectOption('e2e');
	await page.locator('#rushes-q').fill(NOTE);
	await page.getByRole('button', { name: 'Filtrer' }).click();
	await page.waitForURL((u) => u.searchParams.get('tag') === 'e2e');
	const rows = page.locator('table.rushes tbody tr');
	await expect(rows).toHaveCount(1);
	await expect(rows.first()).toContainText(NOTE);
	await expect(rows.first()).toContainText('e2e, interview');
	// The same notes as CSV, with the same filters.
	const csv = await page.getByRole('link', { name: 'Télécharger ces notes (CSV)' }).getAttribute('href');
	expect(csv).toContain('tag=e2e');
	const download = await page.request.get(csv!);
	expect(download.headers()['content-type']).toBe('text/csv; charset=utf-8');
	expect(await download.text()).toContain(NOTE);

	await page.locator('#rushes-q').fill('aucune note ne dit cela');
	await page.getByRole('button', { name: 'Filtrer' }).click();
	await expect(page.getByText('Aucune note ne correspond.')).toBeVisible();

	await page.goto(`${COURSE}/rushes?q=${encodeURIComponent(NOTE)}`);
	await page.getByRole('link', { name: /^0:02 – 0:06/ }).click();
	await page.waitForURL((u) => u.pathname.includes('/lessons/') && u.searchParams.get('at') === '2');
});

test('a note becomes a clip in a lesson, bound to its extract', async ({ page }) => {
	const lesson = await firstLesson(page);
	const lessonId = lesson.split('/').pop()!;
	// From the course's table to the media editor, the note already chosen.
	await page.goto(`${COURSE}/rushes?q=${encodeURIComponent(NOTE)}`);
	await page.getByRole('link', { name: 'Insérer un extrait dans une leçon' }).click();
	const form = page.locator('form[action="?/clip"]', { has: page.locator('option', { hasText: NOTE }) });
	const note = form.locator('select[name="annotationId"]');
	const id = await note.locator('option', { hasText: NOTE }).getAttribute('value');
	await expect(note).toHaveValue(id!);
	await form.locator('select[name="lessonId"]').selectOption(lessonId);
	await form.getByRole('button', { name: 'Insérer l’extrait' }).click();
	await page.waitForURL((u) => u.pathname === lesson);

	const clip = page.locator('figure.media-clip').filter({ hasText: NOTE }).last();
	await expect(clip.locator('video[data-clip-start="2"][data-clip-end="6"]')).toHaveCount(1);
	expect(await clip.locator('source').getAttribute('src')).toMatch(/\/file#t=2,6$/);
	// player.js shows the replay button and stops at the end of the extract.
	await expect(clip.getByRole('button', { name: 'Rejouer l’extrait' })).toBeVisible();
	const stopped = await clip.locator('video').evaluate(async (el: HTMLVideoElement) => {
		el.muted = true;
		if (el.readyState < 1) await new Promise((ok) => el.addEventListener('loadedmetadata', ok, { once: true }));
		el.currentTime = 5.5;
		await el.play();
		await new Promise((ok) => el.addEventListener('pause', ok, { once: true }));
		return el.currentTime;
	});
	expect(stopped).toBeGreaterThanOrEqual(6);
	expect(stopped).toBeLessThan(7);

	const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
	expect(
		results.violations.map((v) => v.id),
		describeViolations(results.violations)
	).toEqual([]);
});

test('speakers ticked on the video show on the player and the speakers page lists the video and the note', async ({
	page
}) => {
	const { lesson } = await mediaEditor(page);
	const card = page.locator('section.media-item', { has: page.locator('[data-annotate-player]') }).first();
	const boxes = card.locator('input[name="speakers"]');
	test.skip((await boxes.count()) === 0, 'the demo course has no speaker');
	await boxes.first().check();
	await card.getByRole('button', { name: 'Enregistrer les intervenant·es' }).click();
	await page.waitForURL((u) => u.pathname === `${lesson}/media`);
	await expect(page.locator('section.media-item input[name="speakers"]').first()).toBeChecked();

	await page.goto(lesson);
	const who = page.locator('.media-speakers a').first();
	await expect(who).toHaveAttribute('href', /\/speakers#speaker-/);
	await who.click();
	const card2 = page.locator(`li${new URL(page.url()).hash}`);
	await expect(card2.locator(`a[href="${lesson}#player-${await mediaIdOf(page, lesson)}"]`)).toBeVisible();
	await expect(card2).toContainText(NOTE);
	const speakersPage = page.url();

	for (const prefs of [
		{ locale: 'en', theme: 'dark' },
		{ locale: 'fr', theme: 'light' }
	] as const) {
		await setPreferences(page.context(), prefs);
		for (const path of [speakersPage, `${COURSE}/rushes?tag=e2e`, `${lesson}/media`]) {
			await page.goto(path);
			const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
			expect(
				results.violations.map((v) => v.id),
				`${path}\n${describeViolations(results.violations)}`
			).toEqual([]);
		}
	}
});
