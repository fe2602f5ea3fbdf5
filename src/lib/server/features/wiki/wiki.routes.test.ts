/**
 * The wiki's pages, called as SvelteKit would: the lesson editor's stale-base saves (merged, or
 * 409 with the author's text), proposals, reviewing, history, diff and revert, settings — and
 * every refusal (403, 404, 400, 409) with its message.
 */
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { grantRole, rolesOf } from '../authz/roles.service.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse, setCourseStatus } from '../courses/courses.service.ts';
import { addItem, getLesson } from '../courses/plan.service.ts';
import type { Actor } from '../authz/policy.ts';
import { editLesson } from './revisions.service.ts';
import { saveWikiSettings } from './settings.service.ts';
import { listSuggestions, proposeSuggestion } from './suggestions.service.ts';
import * as editPage from '../../../../routes/courses/[slug]/lessons/[id]/edit/+page.server.ts';
import * as historyPage from '../../../../routes/courses/[slug]/lessons/[id]/history/+page.server.ts';
import * as diffPage from '../../../../routes/courses/[slug]/lessons/[id]/history/diff/+page.server.ts';
import * as suggestionPage from '../../../../routes/courses/[slug]/suggestions/[id]/+page.server.ts';
import * as suggestionsPage from '../../../../routes/courses/[slug]/suggestions/+page.server.ts';
import * as settingsPage from '../../../../routes/courses/[slug]/wiki-settings/+page.server.ts';
import * as changesPage from '../../../../routes/courses/[slug]/changes/+page.server.ts';
import * as attributionPage from '../../../../routes/courses/[slug]/attribution/+page.server.ts';
import * as lessonPage from '../../../../routes/courses/[slug]/lessons/[id]/+page.server.ts';
import { isWatching } from './watch.service.ts';

let t: TestApp;
type Who = Awaited<ReturnType<typeof createUser>> | null;
let admin: Who & {};
let learner: Who & {};
let outsider: Who & {};
let adminActor: Actor;
let slug: string;
let courseId: string;
let lessonId: string;

const BODY = 'Premier paragraphe.\n\nDeuxième paragraphe.\n\nTroisième.';

beforeAll(async () => {
	t = await createTestApp();
	admin = await createAdmin(t.app, { name: 'Admin' });
	adminActor = { id: admin.id, roles: await rolesOf(t.app.db, admin.id) };
	const c = await createCourse(t.app, adminActor, courseSchema.parse({ title: 'Co-édition', slug: 'co-edition' }));
	await setCourseStatus(t.app, adminActor, c, 'published');
	const m = await addItem(t.app, c.id, 'module', c.id, 'M');
	const s = await addItem(t.app, c.id, 'sequence', m, 'S');
	lessonId = await addItem(t.app, c.id, 'lesson', s, 'Leçon');
	await editLesson(t.app, adminActor, c.id, lessonId, {
		title: 'Leçon',
		body: BODY,
		required: true,
		summary: '',
		baseRevision: 1
	});
	slug = c.slug;
	courseId = c.id;
	learner = await createUser(t.app, { name: 'Lou' });
	await grantRole(
		{ ...t.app, actor: null },
		{ userId: learner.id, role: 'learner', scopeType: 'course', scopeId: c.id }
	);
	outsider = await createUser(t.app, { name: 'Dehors' });
});
afterAll(() => t?.close());

async function event(
	who: Who,
	path: string,
	opts: { params?: Record<string, string>; form?: Record<string, string> } = {}
) {
	const url = new URL(`http://localhost:3000${path}`);
	const body = new FormData();
	for (const [k, v] of Object.entries(opts.form ?? {})) body.set(k, v);
	const user = who && { ...who, emailVerified: true, locale: 'fr', avatarKey: null };
	return {
		url,
		params: { slug, id: lessonId, ...opts.params },
		locals: {
			app: t.app,
			user,
			locale: 'fr',
			actor: who ? { id: who.id, roles: await rolesOf(t.app.db, who.id) } : null
		},
		cookies: { get: () => undefined },
		request: new Request(url, opts.form ? { method: 'POST', body } : {})
	} as never;
}

async function outcome(run: () => unknown) {
	try {
		const r = (await run()) as { status?: number; data?: Record<string, unknown> } | undefined;
		if (r && typeof r.status === 'number' && r.data) return { status: r.status, data: r.data };
		return { status: 200, data: r as Record<string, unknown> };
	} catch (err) {
		if (isRedirect(err)) return { status: err.status, location: err.location };
		if (isHttpError(err)) return { status: err.status };
		throw err;
	}
}

const edit = '/courses/co-edition/lessons/L/edit';
async function current() {
	return (await getLesson(t.app.db, courseId, lessonId))!;
}
const save = async (who: Who, body: string, baseRevision: number | string, summary = '') =>
	outcome(async () =>
		editPage.actions.save(
			await event(who, `${edit}?/save`, {
				form: { title: 'Leçon', body, required: 'on', summary, baseRevision: String(baseRevision) }
			})
		)
	);

describe('lesson editor', () => {
	it('saves with a fresh base and redirects to the lesson with the new revision', async () => {
		const base = (await current()).revision;
		const r = await save(admin, `${BODY}\n\nQuatrième.`, base, 'Ajout');
		expect(r).toEqual({ status: 303, location: `/courses/co-edition/lessons/${lessonId}?revision=${base + 1}` });
	});

	it('merges a stale save of another paragraph and says so', async () => {
		const base = (await current()).revision;
		const body = (await current()).body;
		await save(admin, body.replace('Premier', 'Tout premier'), base);
		const r = await save(admin, body.replace('Troisième.', 'Le troisième.'), base);
		expect(r.status).toBe(200);
		expect(r.data).toMatchObject({ merged: { number: base + 1, author: 'Admin' } });
		expect((r.data!.values as Record<string, string>).body).toContain('Tout premier');
		expect((r.data!.values as Record<string, string>).baseRevision).toBe(String(base + 2));
	});

	it('answers 409 on a stale save of the same paragraph, with the merged text and the author’s own text', async () => {
		const before = await current();
		await save(admin, before.body.replace('Deuxième paragraphe.', 'Par eux.'), before.revision);
		const mine = before.body.replace('Deuxième paragraphe.', 'Par moi.');
		const r = await save(admin, mine, before.revision);
		expect(r.status).toBe(409);
		expect(r.data).toMatchObject({ conflict: { number: before.revision + 1, count: 1, mine } });
		expect((r.data!.values as Record<string, string>).body).toMatch(/<<<<<<< mine\nPar moi\.\n=======\nPar eux\./);
		expect((await current()).revision).toBe(before.revision + 1);
	});

	it('refuses bad input and people who may not edit', async () => {
		expect((await save(admin, 'x', 'abc')).status).toBe(400);
		expect((await save(admin, 'x', 999)).status).toBe(400);
		expect(await save(learner, 'x', 1)).toEqual({ status: 403 });
		expect(await save(outsider, 'x', 1)).toEqual({ status: 403 });
		expect(await outcome(async () => editPage.load(await event(learner, edit)))).toEqual({ status: 403 });
		expect(await outcome(async () => editPage.load(await event(null, edit)))).toMatchObject({ status: 303 });
	});
});

describe('proposals', () => {
	it('a learner proposes once allowed; reviewing an already declined proposal is a clear 409', async () => {
		const propose = async () =>
			outcome(async () =>
				editPage.actions.suggest(
					await event(learner, `${edit}?/suggest`, {
						form: {
							title: 'Leçon',
							body: `${(await current()).body}\n\nIdée.`,
							summary: 'Une idée',
							baseRevision: String((await current()).revision)
						}
					})
				)
			);
		expect(await propose()).toEqual({ status: 403 });
		await saveWikiSettings(t.app.db, adminActor, courseId, { mode: 'learners', structureIds: [] });
		expect((await outcome(async () => editPage.load(await event(learner, edit)))).data).toMatchObject({
			mode: 'suggest'
		});
		expect(await propose()).toEqual({
			status: 303,
			location: `/courses/co-edition/lessons/${lessonId}/edit?suggested`
		});
		const [s] = await listSuggestions(t.app.db, courseId);
		const page = `/courses/co-edition/suggestions/${s!.id}`;
		const params = { id: s!.id };
		// The learner sees their proposal but may not review it.
		expect((await outcome(async () => suggestionPage.load(await event(learner, page, { params })))).status).toBe(200);
		expect(
			await outcome(async () =>
				suggestionPage.actions.accept(await event(learner, `${page}?/accept`, { params, form: {} }))
			)
		).toMatchObject({ status: 403 });
		const list = await outcome(async () =>
			suggestionsPage.load(await event(outsider, '/courses/co-edition/suggestions'))
		);
		expect(list).toEqual({ status: 403 });
		const noReason = await outcome(async () =>
			suggestionPage.actions.decline(await event(admin, `${page}?/decline`, { params, form: { reason: '' } }))
		);
		expect(noReason).toMatchObject({
			status: 400,
			data: { errors: { reason: { key: 'wiki.errors.reasonRequired' } } }
		});
		await outcome(async () =>
			suggestionPage.actions.decline(await event(admin, `${page}?/decline`, { params, form: { reason: 'Non' } }))
		);
		const again = await outcome(async () =>
			suggestionPage.actions.accept(await event(admin, `${page}?/accept`, { params, form: {} }))
		);
		expect(again).toMatchObject({ status: 409, data: { errors: { _form: { key: 'wiki.errors.alreadyDeclined' } } } });
		await saveWikiSettings(t.app.db, adminActor, courseId, { mode: 'editors', structureIds: [] });
	});
});

describe('accepting a proposal the lesson moved past', () => {
	it('answers 409 with the merged text to resolve, then accepts the resolved text', async () => {
		await saveWikiSettings(t.app.db, adminActor, courseId, { mode: 'learners', structureIds: [] });
		const before = await current();
		const learnerActor: Actor = { id: learner.id, roles: await rolesOf(t.app.db, learner.id) };
		const id = await proposeSuggestion(t.app, learnerActor, courseId, lessonId, {
			title: 'Leçon',
			body: `${before.body}\n\nFin par l’apprenante.`,
			summary: 'Une fin',
			baseRevision: before.revision
		});
		await save(admin, `${before.body}\n\nFin par l’éditeur.`, before.revision);
		const page = `/courses/co-edition/suggestions/${id}`;
		const params = { id };
		const accept = async (form: Record<string, string>) =>
			outcome(async () => suggestionPage.actions.accept(await event(admin, `${page}?/accept`, { params, form })));
		const conflict = await accept({});
		expect(conflict.status).toBe(409);
		const values = conflict.data!.values as Record<string, string>;
		expect(values.body).toContain('<<<<<<< mine\nFin par l’apprenante.');
		expect(values.baseRevision).toBe(String(before.revision + 1));
		// Sending the markers back is refused; the resolved text is accepted.
		expect((await accept({ body: values.body, baseRevision: values.baseRevision })).status).toBe(400);
		const resolved = `${before.body}\n\nFin commune.`;
		const ok = await accept({ body: resolved, baseRevision: values.baseRevision });
		expect(ok).toEqual({ status: 303, location: `${page}?done=accepted-${before.revision + 2}` });
		expect((await current()).body).toBe(resolved);
		await saveWikiSettings(t.app.db, adminActor, courseId, { mode: 'editors', structureIds: [] });
	});
});

describe('history, diff, revert, changes, attribution, settings, watch', () => {
	const history = '/courses/co-edition/lessons/L/history';

	it('lists revisions for course members only', async () => {
		const r = await outcome(async () => historyPage.load(await event(learner, history)));
		expect((r.data!.revisions as unknown[]).length).toBeGreaterThan(3);
		expect(await outcome(async () => historyPage.load(await event(outsider, history)))).toEqual({ status: 403 });
		expect(await outcome(async () => historyPage.load(await event(null, history)))).toEqual({ status: 403 });
		expect(
			(await outcome(async () => changesPage.load(await event(learner, '/courses/co-edition/changes')))).status
		).toBe(200);
	});

	it('diffs two revisions; bad or unknown numbers are 400 and 404', async () => {
		const r = await outcome(async () => diffPage.load(await event(admin, `${history}/diff?from=3&to=2&view=side`)));
		expect(r.data).toMatchObject({ from: { number: 2 }, to: { number: 3 }, view: 'side' });
		expect(await outcome(async () => diffPage.load(await event(admin, `${history}/diff?from=x&to=2`)))).toEqual({
			status: 400
		});
		expect(await outcome(async () => diffPage.load(await event(admin, `${history}/diff?from=1&to=99`)))).toEqual({
			status: 404
		});
	});

	it('reverts for editors only', async () => {
		const revert = async (who: Who, number: string) =>
			outcome(async () => historyPage.actions.revert(await event(who, `${history}?/revert`, { form: { number } })));
		const before = await current();
		expect(await revert(learner, '2')).toEqual({ status: 403 });
		expect((await revert(admin, 'x')).status).toBe(400);
		expect((await revert(admin, String(before.revision))).status).toBe(400);
		expect(await revert(admin, '2')).toEqual({
			status: 303,
			location: `/courses/co-edition/lessons/${lessonId}/history?reverted=2-${before.revision + 1}`
		});
		expect((await current()).body).toBe(BODY);
	});

	it('shows the contributors to anyone who may see the course', async () => {
		const r = await outcome(async () => attributionPage.load(await event(null, '/courses/co-edition/attribution')));
		const people = (r.data!.credit as { people: { name: string; lessons: number }[] }).people;
		// The editor, and the learner whose proposal was accepted.
		expect(people.map((p) => [p.name, p.lessons])).toEqual([
			['Admin', expect.any(Number)],
			['Lou', 1]
		]);
	});

	it('settings: editors only, a bad mode is a 400', async () => {
		const path = '/courses/co-edition/wiki-settings';
		expect(await outcome(async () => settingsPage.load(await event(learner, path)))).toEqual({ status: 403 });
		const bad = await outcome(async () =>
			settingsPage.actions.default(await event(admin, path, { form: { mode: 'all' } }))
		);
		expect(bad).toMatchObject({ status: 400, data: { errors: { mode: { key: 'errors.invalid' } } } });
		const ok = await outcome(async () =>
			settingsPage.actions.default(await event(admin, path, { form: { mode: 'editors' } }))
		);
		expect(ok).toEqual({ status: 303, location: `${path}?saved` });
	});

	it('follows and unfollows a lesson from the lesson page', async () => {
		const path = `/courses/co-edition/lessons/${lessonId}`;
		await outcome(async () => lessonPage.actions.watch(await event(learner, `${path}?/watch`, { form: { on: 'on' } })));
		expect(await isWatching(t.app.db, learner.id, lessonId)).toBe(true);
		await outcome(async () => lessonPage.actions.watch(await event(learner, `${path}?/watch`, { form: { on: '' } })));
		expect(await isWatching(t.app.db, learner.id, lessonId)).toBe(false);
	});
});
