/**
 * Every page the accessibility suite checks, in French and English, light and dark.
 * A new feature adds its URLs here. `as` is who visits it: 'anonymous', a freshly signed-up
 * 'user', or the instance 'admin'. A `path` may be a function when the URL has to be found
 * on the site first (e.g. an id).
 */
import { expect, type Page } from '@playwright/test';
import { ADMIN_EMAIL } from './env.ts';

export type Visitor = 'anonymous' | 'user' | 'admin';

export interface CheckedPage {
	name: string;
	as: Visitor;
	path: string | ((page: Page) => Promise<string>);
	/** The HTTP status the page answers with (200 unless told). */
	status?: number;
}

export const PAGES: CheckedPage[] = [
	// Anonymous
	{ name: 'home', as: 'anonymous', path: '/' },
	{ name: 'log in', as: 'anonymous', path: '/login' },
	{ name: 'sign up', as: 'anonymous', path: '/signup' },
	{ name: 'forgot password', as: 'anonymous', path: '/forgot-password' },
	{ name: 'reset password, bad token', as: 'anonymous', path: '/reset-password?token=bad' },
	{ name: 'not found', as: 'anonymous', path: '/this-page-does-not-exist', status: 404 },
	{ name: 'public profile', as: 'anonymous', path: '/@admin' },
	{ name: 'courses: catalogue', as: 'anonymous', path: '/courses' },
	{ name: 'courses: search', as: 'anonymous', path: '/courses?q=hebergement' },
	{ name: 'course page', as: 'anonymous', path: '/courses/heberger-ses-services' },
	{ name: 'course: glossary', as: 'anonymous', path: '/courses/heberger-ses-services/glossary' },
	{ name: 'course: speakers', as: 'anonymous', path: '/courses/heberger-ses-services/speakers' },
	{ name: 'course: contributors', as: 'anonymous', path: '/courses/heberger-ses-services/attribution' },
	{
		name: 'lesson, transcript search',
		as: 'anonymous',
		path: async (page) => `${await firstLesson(page)}?transcript=libre`
	},
	{ name: 'lesson', as: 'anonymous', path: (page) => firstLesson(page) },
	{ name: 'invitation, invalid link', as: 'anonymous', path: '/invitations/not-a-real-invitation-token' },
	{ name: 'terms of use', as: 'anonymous', path: '/terms' },
	{ name: 'structures', as: 'anonymous', path: '/structures' },
	{ name: 'course: terms', as: 'anonymous', path: '/courses/heberger-ses-services/terms' },
	{ name: 'course: groups, signed out', as: 'anonymous', path: '/courses/heberger-ses-services/groups' },
	{ name: 'unsubscribe, bad token', as: 'anonymous', path: '/notifications/unsubscribe?token=bad' },
	{ name: 'forum: instance', as: 'anonymous', path: '/forum' },
	{ name: 'forum: instance search', as: 'anonymous', path: '/forum/search?q=entraide' },

	// Logged in
	{ name: 'home, logged in', as: 'user', path: '/' },
	{ name: 'account', as: 'user', path: '/account' },
	{ name: 'account: profile', as: 'user', path: '/account/profile' },
	{ name: 'account: security', as: 'user', path: '/account/security' },
	{ name: 'account: privacy', as: 'user', path: '/account/privacy' },
	{ name: 'course page, logged in', as: 'user', path: '/courses/heberger-ses-services' },
	{ name: 'notifications', as: 'user', path: '/notifications' },
	{ name: 'account: notifications', as: 'user', path: '/account/notifications' },
	{ name: 'forum: instance forum', as: 'user', path: (page) => axeForum(page, '/forum') },
	{ name: 'forum: new thread', as: 'user', path: async (page) => `${await axeForum(page, '/forum')}/new` },

	// Administration
	{ name: 'admin', as: 'admin', path: '/admin' },
	{ name: 'admin: users', as: 'admin', path: '/admin/users' },
	{ name: 'courses: new', as: 'admin', path: '/courses/new' },
	{ name: 'course: edit', as: 'admin', path: '/courses/heberger-ses-services/edit' },
	{ name: 'course: glossary edit', as: 'admin', path: '/courses/heberger-ses-services/glossary/edit' },
	{ name: 'course: question bank', as: 'admin', path: '/courses/heberger-ses-services/questions' },
	{
		name: 'question bank: new multiple choice',
		as: 'admin',
		path: '/courses/heberger-ses-services/questions/new?type=multichoice'
	},
	{ name: 'question bank: new matching', as: 'admin', path: '/courses/heberger-ses-services/questions/new?type=match' },
	{
		name: 'question bank: new true/false',
		as: 'admin',
		path: '/courses/heberger-ses-services/questions/new?type=truefalse'
	},
	{ name: 'question bank: one question', as: 'admin', path: (page) => axeQuestion(page) },
	{ name: 'question bank: import', as: 'admin', path: '/courses/heberger-ses-services/questions/import' },
	{ name: 'lesson: edit', as: 'admin', path: async (page) => `${await firstLesson(page)}/edit` },
	{ name: 'lesson: media', as: 'admin', path: async (page) => `${await firstLesson(page)}/media` },
	{ name: 'course: speakers edit', as: 'admin', path: '/courses/heberger-ses-services/speakers/edit' },
	{ name: 'course: cover', as: 'admin', path: '/courses/heberger-ses-services/cover' },
	{ name: 'course: files', as: 'admin', path: '/courses/heberger-ses-services/files' },
	{ name: 'course: editions', as: 'admin', path: '/courses/heberger-ses-services/editions' },
	{ name: 'course: invitations', as: 'admin', path: '/courses/heberger-ses-services/invitations' },
	{
		name: 'course page, learner preview',
		as: 'admin',
		path: async (page) => {
			// The preview is a cookie set by a form on the course page.
			await page.goto('/courses/heberger-ses-services');
			await page.locator('form[action$="/learner-preview"] button').first().click();
			await page.waitForURL((u) => u.pathname === '/courses/heberger-ses-services');
			return '/courses/heberger-ses-services';
		}
	},
	{ name: 'courses: import', as: 'admin', path: '/courses/import' },
	{ name: 'admin: structures', as: 'admin', path: '/admin/structures' },
	{ name: 'admin: terms', as: 'admin', path: '/admin/terms' },
	{ name: 'course: terms edit', as: 'admin', path: '/courses/heberger-ses-services/terms/edit' },
	{ name: 'course: groups', as: 'admin', path: '/courses/heberger-ses-services/groups' },
	{ name: 'structure page', as: 'admin', path: (page) => axeStructure(page) },
	{
		name: 'admin: one structure',
		as: 'admin',
		path: async (page) => {
			await axeStructure(page);
			await page.goto('/admin/structures');
			const href = await page.locator('main a[href^="/admin/structures/"]').first().getAttribute('href');
			return href!;
		}
	},
	{ name: 'course: one group', as: 'admin', path: (page) => axeGroup(page) },
	{ name: 'course: rushes log', as: 'admin', path: '/courses/heberger-ses-services/rushes' },
	{ name: 'forum: instance moderation', as: 'admin', path: '/forum/moderation' },
	{ name: 'course forum', as: 'admin', path: '/courses/heberger-ses-services/forum' },
	{ name: 'course forum: unanswered', as: 'admin', path: '/courses/heberger-ses-services/forum/unanswered' },
	{ name: 'course forum: moderation', as: 'admin', path: '/courses/heberger-ses-services/forum/moderation' },
	{ name: 'course forum: manage', as: 'admin', path: '/courses/heberger-ses-services/forum/manage' },
	{ name: 'course forum: search', as: 'admin', path: '/courses/heberger-ses-services/forum/search?q=question' },
	{ name: 'course forum: thread', as: 'admin', path: (page) => axeThread(page) },
	{ name: 'course forum: edit post', as: 'admin', path: async (page) => axePostPage(page, 'edit') },
	{ name: 'course forum: flag post', as: 'admin', path: async (page) => axePostPage(page, 'flag') },
	{ name: 'course: rushes log, filtered', as: 'admin', path: '/courses/heberger-ses-services/rushes?tag=e2e&q=plan' },
	// Wiki (features/wiki): history, recent changes, one revision's diff, proposals, settings
	{ name: 'lesson: history', as: 'admin', path: async (page) => `${await firstLesson(page)}/history` },
	{ name: 'course: recent changes', as: 'admin', path: '/courses/heberger-ses-services/changes' },
	{ name: 'course: one change', as: 'admin', path: (page) => axeChange(page) },
	{ name: 'course: proposals', as: 'admin', path: '/courses/heberger-ses-services/suggestions' },
	{ name: 'course: co-editing settings', as: 'admin', path: '/courses/heberger-ses-services/wiki-settings' },
	{ name: 'glossary: term history', as: 'admin', path: (page) => axeTermHistory(page) },
	{
		name: 'glossary: term diff',
		as: 'admin',
		path: async (page) => `${await axeTermHistory(page)}/diff?from=1&to=1&view=side`
	},
	// Quizzes (made once on the demo course's first lesson: see axeQuiz)
	{ name: 'quiz: new', as: 'admin', path: async (page) => `${await firstLesson(page)}/quizzes/new` },
	{ name: 'quiz: edit', as: 'admin', path: async (page) => `${await axeQuiz(page)}/edit` },
	{ name: 'quiz page', as: 'admin', path: (page) => axeQuiz(page) },
	{ name: 'quiz: attempt', as: 'admin', path: (page) => axeAttempt(page, false) },
	{ name: 'quiz: review', as: 'admin', path: (page) => axeAttempt(page, true) },
	{ name: 'quiz: grading queue', as: 'admin', path: '/courses/heberger-ses-services/grading' },
	{ name: 'quiz: results', as: 'admin', path: async (page) => `${await axeQuiz(page)}/results` },
	{
		name: 'admin: one user',
		as: 'admin',
		path: async (page) => {
			// The administrator's own page, reached the way a person would: from the users list.
			const list = await page.goto('/admin/users');
			expect(list?.status(), 'GET /admin/users').toBe(200);
			const byText = page.locator('main a[href^="/admin/users/"]').filter({ hasText: /admin/i });
			const byRow = page
				.locator('main :is(tr, li, article)')
				.filter({ hasText: ADMIN_EMAIL })
				.locator('a[href^="/admin/users/"]');
			const link = byText.or(byRow).first();
			await expect(link, 'a link to the administrator in /admin/users').toBeVisible();
			const href = await link.getAttribute('href');
			return href!;
		}
	}
];

/** The demo course's first lesson, found from its plan like a reader would. */
async function firstLesson(page: Page): Promise<string> {
	const res = await page.goto('/courses/heberger-ses-services');
	expect(res?.status(), 'GET /courses/heberger-ses-services').toBe(200);
	const href = await page.locator('main a[href*="/lessons/"]').first().getAttribute('href');
	expect(href, 'a lesson link on the demo course page').toBeTruthy();
	return href!;
}

/** The history of the demo course's first glossary term (linked from the glossary editor). */
async function axeTermHistory(page: Page): Promise<string> {
	await page.goto('/courses/heberger-ses-services/glossary/edit');
	const href = await page.locator('main a[href*="/glossary/"][href$="/history"]').first().getAttribute('href');
	expect(href, 'a term history link on the glossary editor').toBeTruthy();
	return href!;
}

/** A structure for the axe checks, made once through the admin form. */
async function axeStructure(page: Page): Promise<string> {
	const path = '/structures/axe-structure';
	if ((await page.goto(path))?.status() === 200) return path;
	await page.goto('/admin/structures');
	await page.locator('#f-name').fill('Structure pour axe');
	await page.locator('#f-slug').fill('axe-structure');
	await page.locator('#f-description').fill('Une **structure** partenaire.');
	await page.locator('main form button').last().click();
	await page.waitForURL((u) => u.pathname.startsWith('/admin/structures/'));
	return path;
}

/** A theme group of the demo course (made once by the administrator, who edits that course). */
async function axeGroup(page: Page): Promise<string> {
	await page.goto('/courses/heberger-ses-services/groups');
	const existing = page.locator('main a[href*="/groups/"]').filter({ hasText: 'Groupe pour axe' }).first();
	if (await existing.count()) return (await existing.getAttribute('href'))!;
	await page.locator('#f-name').fill('Groupe pour axe');
	await page.locator('#f-description').fill('Un groupe *de test*.');
	await page.locator('form[action="?/create"] button').click();
	await page.waitForURL((u) => /\/groups\/[0-9a-f-]{36}$/.test(u.pathname));
	return new URL(page.url()).pathname;
}

/** The first forum listed at a forum index (e.g. the instance's Entraide). */
async function axeForum(page: Page, index: string): Promise<string> {
	await page.goto(index);
	const href = await page.locator('main a[href*="/f/"]').first().getAttribute('href');
	expect(href, `a forum link at ${index}`).toBeTruthy();
	return href!;
}

/** A thread with a reply in the demo course's first forum (made once by the administrator). */
async function axeThread(page: Page): Promise<string> {
	const forum = await axeForum(page, '/courses/heberger-ses-services/forum');
	await page.goto(forum);
	const existing = page.locator('main a[href*="/t/"]').filter({ hasText: 'Question pour axe' }).first();
	if (await existing.count()) return (await existing.getAttribute('href'))!;
	await page.goto(`${forum}/new`);
	await page.locator('#f-title').fill('Question pour axe');
	await page.locator('#f-body').fill('Une question *de test*, avec une [référence](/courses).');
	await page.locator('main form button').last().click();
	await page.waitForURL((u) => /\/t\/[0-9a-f-]{36}$/.test(u.pathname));
	const path = new URL(page.url()).pathname;
	await page.locator('#f-body').fill('Une réponse.');
	await page.locator('form[action="?/reply"] button').click();
	await page.waitForURL((u) => u.searchParams.has('posted'));
	return path;
}

/** The edit or flag page of the first post of the axe thread. */
async function axePostPage(page: Page, kind: 'edit' | 'flag'): Promise<string> {
	const thread = await axeThread(page);
	await page.goto(thread);
	const id = (await page.locator('main article.post').first().getAttribute('id'))!.replace('post-', '');
	return `${thread}/${kind}?post=${id}`;
}

/** A question of the demo course's bank (made once through the editor). */
async function axeQuestion(page: Page): Promise<string> {
	const bank = '/courses/heberger-ses-services/questions';
	await page.goto(`${bank}?q=${encodeURIComponent('Question pour axe')}`);
	const existing = page.locator('main table a').filter({ hasText: 'Question pour axe' }).first();
	if (await existing.count()) return (await existing.getAttribute('href'))!;
	await page.goto(`${bank}/new?type=shortanswer`);
	await page.locator('#f-name').fill('Question pour axe');
	await page.locator('#f-questiontext').fill('Deux et deux font *combien* ?');
	await page.locator('#f-answer_0_text').fill('quatre');
	await page.locator('#f-answer_0_fraction').selectOption('100');
	await page.locator('form.editor > p.actions button').first().click();
	await page.waitForURL((u) => u.searchParams.has('created'));
	return new URL(page.url()).pathname;
}

/** A quiz with one question of each kind on the demo course's first lesson (made once). */
async function axeQuiz(page: Page): Promise<string> {
	const lesson = await firstLesson(page);
	await page.goto(lesson);
	const existing = page.locator('.lesson-quiz').filter({ hasText: 'Quiz pour axe' }).locator('a');
	if (await existing.count()) return (await existing.first().getAttribute('href'))!;
	const gift = [
		'$CATEGORY: $course$/top/Axe quiz',
		'::Axe choix::Quelle est la *capitale* de la France ?{=Paris ~Lyon ~Marseille}',
		'::Axe plusieurs::Lesquels sont premiers ?{~%50%2 ~%50%3 ~%-100%4}',
		'::Axe vrai::La Terre est ronde.{T}',
		'::Axe court::Qui a écrit « Les Misérables » ?{=Victor Hugo}',
		'::Axe nombre::Combien font deux plus deux ?{#4}',
		'::Axe associer::Associez.{=France -> Paris =Italie -> Rome =Espagne -> Madrid}',
		'::Axe mot::Le chat {=mange ~dort} la souris.',
		'::Axe rédaction::Décrivez votre quartier.{}'
	].join('\n\n');
	await page.goto('/courses/heberger-ses-services/questions/import');
	await page.locator('#f-file').setInputFiles({ name: 'axe.gift', mimeType: 'text/plain', buffer: Buffer.from(gift) });
	await page.locator('form[action="?/preview"] button').click();
	await page.locator('form[action="?/import"] button').click();
	await page.waitForURL((u) => u.searchParams.has('imported'));
	await page.goto(`${lesson}/quizzes/new`);
	await page.locator('#f-title').fill('Quiz pour axe');
	await page.locator('#f-perPage').fill('0');
	await page.locator('main form button').last().click();
	await page.waitForURL((u) => u.searchParams.has('created'));
	const option = page.locator('#category-filter option').filter({ hasText: 'Axe quiz' });
	await page.locator('#category-filter').selectOption((await option.getAttribute('value'))!);
	await page.locator('form[method="GET"] button').click();
	await page.waitForURL((u) => u.searchParams.has('category'));
	for (const box of await page.locator('input[name="questionIds"]').all()) await box.check();
	await page.locator('form[action="?/addQuestions"] button').click();
	await page.waitForURL((u) => u.searchParams.has('added'));
	return new URL(page.url()).pathname.replace(/\/edit$/, '');
}

/** An attempt at the axe quiz by the administrator (enrolled once): in progress, or submitted. */
async function axeAttempt(page: Page, submitted: boolean): Promise<string> {
	const quiz = await axeQuiz(page);
	await page.goto('/courses/heberger-ses-services');
	const enrol = page.locator('form[action="?/enrol"] button');
	if (await enrol.count()) {
		await enrol.click();
		await page.waitForLoadState();
	}
	await page.goto(quiz);
	const resume = page.locator('main a.button[href*="/attempts/"]');
	if (await resume.count()) await resume.click();
	else await page.locator('form[action="?/start"] button').click();
	await page.waitForURL((u) => u.pathname.includes('/attempts/'));
	const path = new URL(page.url()).pathname;
	if (!submitted) return path;
	await page.locator('input[type="radio"]').first().check();
	// An essay answered, so the tutors' grading queue has something to show.
	await page.locator('main textarea').first().fill('Mon quartier est calme.');
	await page.locator('button[formaction="?/submit"]').click();
	await page.waitForURL((u) => u.pathname === path && !u.searchParams.has('page'));
	return path;
}

/** The diff of the demo course's latest revision (a whole lesson, against nothing before it). */
async function axeChange(page: Page): Promise<string> {
	await page.goto('/courses/heberger-ses-services/changes');
	const href = await page.locator('main a[href*="/changes/"]').first().getAttribute('href');
	expect(href, 'a diff link on the recent changes').toBeTruthy();
	return href!;
}
