/**
 * The glossary's wiki pages, called as SvelteKit would: two concurrent saves of the term form
 * (merged, or a 409 keeping the person's text with the other version beside it), the term's
 * history, diff and revert, and every refusal.
 */
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { grantRole, rolesOf } from '../authz/roles.service.ts';
import type { Actor } from '../authz/policy.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse, setCourseStatus } from '../courses/courses.service.ts';
import { createTerm, getTerm } from '../glossary/glossary.service.ts';
import * as editPage from '../../../../routes/courses/[slug]/glossary/edit/+page.server.ts';
import * as historyPage from '../../../../routes/courses/[slug]/glossary/[termId]/history/+page.server.ts';
import * as diffPage from '../../../../routes/courses/[slug]/glossary/[termId]/history/diff/+page.server.ts';

type Who = Awaited<ReturnType<typeof createUser>> | null;
let t: TestApp;
let admin: Who & {};
let editor: Who & {};
let learner: Who & {};
let outsider: Who & {};
let courseId: string;
const slug = 'lexique-co';
const DEF = 'Ligne un.\n\nLigne deux.\n\nLigne trois.';

beforeAll(async () => {
	t = await createTestApp();
	admin = await createAdmin(t.app, { name: 'Admin' });
	const actor: Actor = { id: admin.id, roles: await rolesOf(t.app.db, admin.id) };
	const c = await createCourse(t.app, actor, courseSchema.parse({ title: 'Lexique', slug }));
	await setCourseStatus(t.app, actor, c, 'published');
	courseId = c.id;
	editor = await createUser(t.app, { name: 'Bérénice' });
	await grantRole({ ...t.app, actor: null }, { userId: editor.id, role: 'editor', scopeType: 'course', scopeId: c.id });
	learner = await createUser(t.app, { name: 'Lou' });
	await grantRole(
		{ ...t.app, actor: null },
		{ userId: learner.id, role: 'learner', scopeType: 'course', scopeId: c.id }
	);
	outsider = await createUser(t.app, { name: 'Dehors' });
});
afterAll(() => t?.close());

async function event(who: Who, path: string, params: Record<string, string>, form?: Record<string, string>) {
	const url = new URL(`http://localhost:3000${path}`);
	const body = new FormData();
	for (const [k, v] of Object.entries(form ?? {})) body.set(k, v);
	return {
		url,
		params: { slug, ...params },
		locals: {
			app: t.app,
			user: who && { ...who, emailVerified: true, locale: 'fr', avatarKey: null },
			locale: 'fr',
			actor: who ? { id: who.id, roles: await rolesOf(t.app.db, who.id) } : null
		},
		cookies: { get: () => undefined },
		request: new Request(url, form ? { method: 'POST', body } : {})
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

let n = 0;
async function newTerm() {
	const actor: Actor = { id: admin.id, roles: await rolesOf(t.app.db, admin.id) };
	return createTerm(t.app, actor, courseId, { term: `Terme ${++n}`, variants: [], definition: DEF });
}
const save = (who: Who, id: string, definition: string, baseRevision?: string) =>
	outcome(async () =>
		editPage.actions.save(
			await event(
				who,
				`/courses/${slug}/glossary/edit?term=${id}&/save`,
				{},
				{
					id,
					term: `Terme ${n}`,
					variants: '',
					definition,
					summary: '',
					...(baseRevision === undefined ? {} : { baseRevision })
				}
			)
		)
	);

describe('the term form carries its base revision', () => {
	it('loads the term with its current revision', async () => {
		const x = await newTerm();
		const page = (await editPage.load(await event(admin, `/courses/${slug}/glossary/edit?term=${x.id}`, {}))) as {
			editing: { revision: number };
		};
		expect(page.editing.revision).toBe(1);
	});

	it('two concurrent saves of different lines: both kept, the second told it was merged', async () => {
		const x = await newTerm();
		expect(await save(editor, x.id, DEF.replace('un.', 'un, précisée.'), '1')).toEqual({
			status: 303,
			location: `/courses/${slug}/glossary/edit?saved=1`
		});
		expect(await save(admin, x.id, DEF.replace('trois.', 'trois, reprise.'), '1')).toEqual({
			status: 303,
			location: `/courses/${slug}/glossary/edit?merged=2`
		});
		expect((await getTerm(t.app.db, courseId, x.id))!.definition).toBe(
			'Ligne un, précisée.\n\nLigne deux.\n\nLigne trois, reprise.'
		);
	});

	it('two concurrent saves of the same line: 409, nothing saved, the text kept and the other version beside it', async () => {
		const x = await newTerm();
		await save(editor, x.id, DEF.replace('deux.', 'deux selon elle.'), '1');
		const mine = DEF.replace('deux.', 'deux selon moi.');
		const r = await save(admin, x.id, mine, '1');
		expect(r.status).toBe(409);
		// The person's text comes back as they sent it (the browser's CRLF line ends included).
		const values = r.data!.values as Record<string, string>;
		expect([values.definition!.replace(/\r\n/g, '\n'), values.baseRevision]).toEqual([mine, '2']);
		expect(r.data).toMatchObject({
			conflict: {
				number: 2,
				author: 'Bérénice',
				count: 1,
				theirs: { definition: DEF.replace('deux.', 'deux selon elle.') }
			}
		});
		expect((await getTerm(t.app.db, courseId, x.id))!.definition).toContain('selon elle');
		// Sent again from the new base, the person's choice is saved.
		expect((await save(admin, x.id, mine, '2')).status).toBe(303);
		expect((await getTerm(t.app.db, courseId, x.id))!.definition).toBe(mine);
	});

	it('a missing or bad base revision is a 400 with the text kept; non-editors get a 403', async () => {
		const x = await newTerm();
		for (const base of [undefined, '', 'abc', '7']) {
			const r = await save(admin, x.id, 'Autre.', base);
			expect(r.status).toBe(400);
			expect((r.data!.values as Record<string, string>).definition).toBe('Autre.');
		}
		expect((await save(learner, x.id, 'Autre.', '1')).status).toBe(403);
	});
});

describe('a term’s history', () => {
	const history = async (who: Who, termId: string) =>
		outcome(async () => historyPage.load(await event(who, `/courses/${slug}/glossary/${termId}/history`, { termId })));

	it('lists revisions for course members; 403 for outsiders and anonymous people, 404 for unknown terms', async () => {
		const x = await newTerm();
		await save(admin, x.id, `${DEF}\n\nAjout.`, '1');
		const r = await history(learner, x.id);
		expect(r.status).toBe(200);
		expect((r.data!.revisions as { number: number }[]).map((v) => v.number)).toEqual([2, 1]);
		expect(r.data).toMatchObject({ canEdit: false, term: { revision: 2 } });
		expect((await history(outsider, x.id)).status).toBe(403);
		expect((await history(null, x.id)).status).toBe(403);
		expect((await history(admin, 'pas-un-id')).status).toBe(404);
		expect((await history(admin, crypto.randomUUID())).status).toBe(404);
	});

	it('diffs two revisions with the word diff; bad or unknown numbers are 400 and 404', async () => {
		const x = await newTerm();
		await save(admin, x.id, DEF.replace('deux', 'DEUX'), '1');
		const diff = async (q: string) =>
			outcome(async () =>
				diffPage.load(await event(learner, `/courses/${slug}/glossary/${x.id}/history/diff?${q}`, { termId: x.id }))
			);
		const r = await diff('from=2&to=1');
		expect(r.data).toMatchObject({
			from: { number: 1 },
			to: { number: 2 },
			stats: { added: 4, removed: 4 },
			segments: expect.any(Array)
		});
		expect((await diff('from=x&to=1')).status).toBe(400);
		expect((await diff('from=1&to=9')).status).toBe(404);
	});

	it('reverts for course editors only', async () => {
		const x = await newTerm();
		await save(admin, x.id, 'Tout autre chose.', '1');
		const revert = async (who: Who, number: string) =>
			outcome(async () =>
				historyPage.actions.revert(
					await event(who, `/courses/${slug}/glossary/${x.id}/history?/revert`, { termId: x.id }, { number })
				)
			);
		expect((await revert(learner, '1')).status).toBe(403);
		expect((await revert(admin, 'x')).status).toBe(400);
		expect((await revert(admin, '2')).status).toBe(400);
		expect(await revert(editor, '1')).toEqual({
			status: 303,
			location: `/courses/${slug}/glossary/${x.id}/history?reverted=1-3`
		});
		expect((await getTerm(t.app.db, courseId, x.id))!.definition).toBe(DEF);
	});
});
