/**
 * Forums, end to end, in French: a learner asks a question in the course forum (mentioning the
 * tutor), the tutor answers it from the unanswered queue by quoting it, the asker accepts the
 * answer; a mention of someone unknown is refused with the text kept; another learner flags a
 * post and a moderator hides it from the moderation queue. The administrator edits the course,
 * so is its tutor and moderator here.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { logInAsAdmin, setPreferences, signUp, uniqueHandle } from './helpers.ts';

test.describe.configure({ mode: 'serial' });

const slug = uniqueHandle('forum').replace(/_/g, '-');
const question = 'Comment héberger un service libre ?';
let asker: { page: Page; close: () => Promise<void> };

async function asNewLearner(browser: Browser) {
	const context = await browser.newContext();
	const page = await context.newPage();
	const person = await signUp(page);
	await setPreferences(context, { locale: 'fr', theme: 'light' });
	await page.goto(`/courses/${slug}`);
	await page.locator('form[action="?/enrol"] button').click();
	await page.waitForURL((u) => u.pathname === `/courses/${slug}`);
	return { page, person, close: () => context.close() };
}

async function submit(page: Page, selector: string) {
	await Promise.all([page.waitForLoadState('load'), page.locator(`${selector} button`).last().click()]);
}

test('an administrator opens a course: it comes with its forums', async ({ page, context }) => {
	await logInAsAdmin(page);
	await setPreferences(context, { locale: 'fr', theme: 'light' });
	await page.goto('/courses/new');
	await page.locator('#f-title').fill('Forum de bout en bout');
	await page.locator('#f-slug').fill(slug);
	await submit(page, 'main form');
	await page.waitForURL((u) => u.pathname === `/courses/${slug}/edit`);
	// Let the edit page settle (hydration, data reloads) so the choice is not reset before it is sent.
	await page.waitForLoadState('networkidle');
	await page.locator('#f-status').selectOption('published');
	await submit(page, 'form[action="?/status"]');
	await page.goto(`/courses/${slug}`);
	await page.getByRole('link', { name: 'Forum du cours' }).click();
	await expect(page.getByRole('heading', { level: 3 })).toHaveText([
		'Questions sur le cours',
		'Entraide',
		'Signaler un problème'
	]);
});

test('a learner asks; a tutor answers from the queue by quoting; the asker accepts', async ({
	browser,
	page,
	context
}) => {
	asker = await asNewLearner(browser);
	const a = asker.page;
	await a.goto(`/courses/${slug}/forum`);
	await a.getByRole('link', { name: 'Questions sur le cours' }).click();
	await a.getByRole('link', { name: 'Nouvelle discussion' }).click();
	await a.locator('#f-title').fill(question);
	await a.locator('#f-body').fill('Bonjour @admin, par où commencer pour **héberger** un service ?');
	await submit(a, 'main form');
	await expect(a.getByRole('heading', { level: 1 })).toHaveText(question);
	await expect(a.getByRole('status')).toContainText('Message publié.');
	await expect(a.locator('article.post').first().getByRole('link', { name: '@admin' })).toHaveAttribute(
		'href',
		'/@admin'
	);

	await logInAsAdmin(page);
	await setPreferences(context, { locale: 'fr', theme: 'light' });
	await page.goto(`/courses/${slug}/forum/unanswered`);
	const item = page.locator('main li').filter({ hasText: question });
	await expect(item).toBeVisible();
	await item.getByRole('link', { name: /^Répondre/ }).click();
	await page.locator('article.post').first().getByRole('link', { name: 'Citer' }).click();
	await expect(page.locator('#f-body')).toHaveValue(/> Bonjour @admin, par où commencer/);
	const quoted = await page.locator('#f-body').inputValue();
	await page.locator('#f-body').fill(`${quoted}Commencez par un nom de domaine et un petit serveur.`);
	await submit(page, 'form[action="?/reply"]');
	await expect(page.getByRole('status')).toContainText('Message publié.');
	const answer = page.locator('article.post').nth(1);
	await expect(answer.locator('blockquote')).toContainText('par où commencer');
	await page.goto(`/courses/${slug}/forum/unanswered`);
	await expect(page.locator('main')).not.toContainText(question);

	await a.reload();
	await a.locator('article.post').nth(1).getByRole('button', { name: 'Marquer comme réponse acceptée' }).click();
	await expect(a.locator('article.post').nth(1)).toContainText('Réponse acceptée');
});

test('an unknown mention is refused, the text kept; a flag leads a moderator to hide the post', async ({
	browser,
	page,
	context
}) => {
	const b = await asNewLearner(browser);
	try {
		await b.page.goto(`/courses/${slug}/forum`);
		await b.page.getByRole('link', { name: 'Questions sur le cours' }).click();
		await b.page.getByRole('link', { name: question, exact: true }).click();
		const text = 'Merci @personne_inconnue_xyz pour la question !';
		await b.page.locator('#f-body').fill(text);
		await submit(b.page, 'form[action="?/reply"]');
		await expect(b.page.locator('#f-body-error')).toContainText('@personne_inconnue_xyz');
		await expect(b.page.locator('#f-body')).toHaveValue(text);

		await b.page.locator('article.post').first().getByRole('link', { name: 'Signaler' }).click();
		await b.page.locator('#f-reason').fill('Ce message contient une publicité.');
		await submit(b.page, 'main form');
		await expect(b.page.getByRole('status')).toContainText('signalé aux modérateurs');

		await logInAsAdmin(page);
		await setPreferences(context, { locale: 'fr', theme: 'light' });
		await page.goto(`/courses/${slug}/forum/moderation`);
		const card = page.locator('main li.card').filter({ hasText: 'publicité' });
		await expect(card).toBeVisible();
		await card.getByRole('button', { name: 'Masquer' }).click();
		await expect(page.getByRole('status')).toContainText('Action enregistrée.');

		await b.page.reload();
		await expect(b.page.locator('article.post').first()).toContainText('Message masqué par la modération.');
	} finally {
		await b.close();
		await asker?.close();
	}
});
