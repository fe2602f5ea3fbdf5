/**
 * Drag and drop in the plan editor: `reorderItem` (positions after moves within and across
 * parents, refusals), the `?/reorder` form action, and the live preview endpoint of the lesson
 * editor (permission, size limit, sanitising), called as SvelteKit would.
 */
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '#lib/server/http/forms.ts';
import { rolesOf } from '../authz/roles.service.ts';
import type { Actor } from '../authz/policy.ts';
import { courseSchema } from './courses.schemas.ts';
import { createCourse, setCourseStatus } from './courses.service.ts';
import { addItem, loadPlan, moveItem, reorderItem } from './plan.service.ts';
import { POST as preview } from '../../../../routes/courses/[slug]/preview/+server.ts';
import { actions as editActions } from '../../../../routes/courses/[slug]/edit/+page.server.ts';

let t: TestApp;
let admin: Actor;
let adminUser: Awaited<ReturnType<typeof createAdmin>>;
beforeAll(async () => {
	t = await createTestApp();
	adminUser = await createAdmin(t.app);
	admin = { id: adminUser.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
});
afterAll(() => t?.close());

async function refusal(p: Promise<unknown>) {
	try {
		await p;
	} catch (err) {
		if (err instanceof FormError) return err;
		throw err;
	}
	throw new Error('expected a FormError');
}

/** One module with two sequences of three lessons (L1–L3, L4–L6), and a second module. */
async function course(slug: string) {
	const c = await createCourse(t.app, admin, courseSchema.parse({ title: `Cours ${slug}`, slug }));
	const m1 = await addItem(t.app, c.id, 'module', c.id, 'M1');
	const m2 = await addItem(t.app, c.id, 'module', c.id, 'M2');
	const s1 = await addItem(t.app, c.id, 'sequence', m1, 'S1');
	const s2 = await addItem(t.app, c.id, 'sequence', m1, 'S2');
	const l: string[] = [];
	for (const s of [s1, s2])
		for (let i = 0; i < 3; i++) l.push(await addItem(t.app, c.id, 'lesson', s, `L${l.length + 1}`));
	return { c, m1, m2, s1, s2, l };
}

async function shape(courseId: string) {
	const plan = await loadPlan(t.app.db, courseId);
	return plan.map((m) => ({
		[m.title]: m.sequences.map((s) => ({ [s.title]: s.lessons.map((x) => `${x.title}@${x.position}`) }))
	}));
}

describe('reorderItem', () => {
	it('moves a lesson within its sequence and renumbers 1…n', async () => {
		const { c, s1, l } = await course('dnd-within');
		expect(await reorderItem(t.app, c.id, 'lesson', l[2]!, s1, 1)).toBe(1);
		expect(await shape(c.id)).toEqual([
			{ M1: [{ S1: ['L3@1', 'L1@2', 'L2@3'] }, { S2: ['L4@1', 'L5@2', 'L6@3'] }] },
			{ M2: [] }
		]);
		// Down to the end, then a position far past the end means "last".
		expect(await reorderItem(t.app, c.id, 'lesson', l[2]!, s1, 3)).toBe(3);
		expect(await reorderItem(t.app, c.id, 'lesson', l[0]!, s1, 99)).toBe(3);
		expect((await shape(c.id))[0]).toEqual({
			M1: [{ S1: ['L2@1', 'L3@2', 'L1@3'] }, { S2: ['L4@1', 'L5@2', 'L6@3'] }]
		});
	});

	it('moves a lesson into another sequence at a position, closing the gap it leaves', async () => {
		const { c, s2, l } = await course('dnd-across');
		expect(await reorderItem(t.app, c.id, 'lesson', l[1]!, s2, 2)).toBe(2);
		expect((await shape(c.id))[0]).toEqual({
			M1: [{ S1: ['L1@1', 'L3@2'] }, { S2: ['L4@1', 'L2@2', 'L5@3', 'L6@4'] }]
		});
		// The up/down buttons still work on the renumbered positions.
		await moveItem(t.app, c.id, 'lesson', l[1]!, 'up');
		expect((await shape(c.id))[0]).toEqual({
			M1: [{ S1: ['L1@1', 'L3@2'] }, { S2: ['L2@1', 'L4@2', 'L5@3', 'L6@4'] }]
		});
	});

	it('reorders modules and moves a sequence, with its lessons, into another module', async () => {
		const { c, m2, s1 } = await course('dnd-levels');
		expect(await reorderItem(t.app, c.id, 'module', m2, c.id, 1)).toBe(1);
		expect(await reorderItem(t.app, c.id, 'sequence', s1, m2, 1)).toBe(1);
		expect(await shape(c.id)).toEqual([
			{ M2: [{ S1: ['L1@1', 'L2@2', 'L3@3'] }] },
			{ M1: [{ S2: ['L4@1', 'L5@2', 'L6@3'] }] }
		]);
	});

	it('refuses moves into another course, into itself or a wrong level (400), and unknown items (404)', async () => {
		const a = await course('dnd-a');
		const b = await course('dnd-b');
		const across = await refusal(reorderItem(t.app, a.c.id, 'lesson', a.l[0]!, b.s1, 1));
		expect(across.status).toBe(400);
		expect(across.errors.parentId?.key).toBe('courses.dnd.errors.badParent');
		const module = await refusal(reorderItem(t.app, a.c.id, 'module', a.m1, b.c.id, 1));
		expect(module.status).toBe(400);
		const circular = await refusal(reorderItem(t.app, a.c.id, 'sequence', a.s1, a.s1, 1));
		expect(circular.status).toBe(400);
		expect(circular.errors.parentId?.key).toBe('courses.dnd.errors.circular');
		const wrongLevel = await refusal(reorderItem(t.app, a.c.id, 'sequence', a.s1, a.s2, 1));
		expect(wrongLevel.status).toBe(400);
		expect((await refusal(reorderItem(t.app, a.c.id, 'lesson', b.l[0]!, a.s1, 1))).status).toBe(404);
		expect((await refusal(reorderItem(t.app, a.c.id, 'lesson', a.l[0]!, a.s1, 0))).status).toBe(400);
		// Nothing moved in either course.
		expect((await shape(a.c.id))[0]).toEqual({
			M1: [{ S1: ['L1@1', 'L2@2', 'L3@3'] }, { S2: ['L4@1', 'L5@2', 'L6@3'] }]
		});
		expect((await shape(b.c.id))[0]).toEqual({
			M1: [{ S1: ['L1@1', 'L2@2', 'L3@3'] }, { S2: ['L4@1', 'L5@2', 'L6@3'] }]
		});
	});
});

type Who = { id: string; email: string; name: string; handle: string } | null;

async function event(who: Who, slug: string, path: string, init: RequestInit = {}) {
	const url = new URL(`http://localhost:3000/courses/${slug}${path}`);
	const user = who && { ...who, emailVerified: true, locale: 'fr', avatarKey: null };
	return {
		url,
		params: { slug },
		locals: { app: t.app, user, actor: who ? { id: who.id, roles: await rolesOf(t.app.db, who.id) } : null },
		request: new Request(url, init)
	} as never;
}

async function status(run: () => unknown) {
	try {
		const r = (await run()) as Response | { status: number; data: unknown };
		return r instanceof Response ? r.status : r.status;
	} catch (err) {
		if (isRedirect(err) || isHttpError(err)) return err.status;
		throw err;
	}
}

describe('?/reorder action', () => {
	it('answers the new position, or 400 with the field error for a move into another course', async () => {
		const a = await course('dnd-action-a');
		const b = await course('dnd-action-b');
		const post = (parentId: string) => {
			const body = new FormData();
			for (const [k, v] of Object.entries({ level: 'lesson', id: a.l[0]!, parentId, position: '2' })) body.set(k, v);
			return event(adminUser, 'dnd-action-a', '/edit?/reorder', { method: 'POST', body });
		};
		const ok = await editActions.reorder!(await post(a.s2));
		expect(ok).toEqual({ reordered: { level: 'lesson', id: a.l[0], parentId: a.s2, position: 2 } });
		const refused = (await editActions.reorder!(await post(b.s2))) as { status: number; data: { errors: object } };
		expect(refused.status).toBe(400);
		expect(refused.data.errors).toEqual({ parentId: { key: 'courses.dnd.errors.badParent' } });
		const stranger = await createUser(t.app);
		const body = new FormData();
		body.set('level', 'lesson');
		expect(
			await status(async () =>
				editActions.reorder!(await event(stranger, 'dnd-action-a', '/edit?/reorder', { method: 'POST', body }))
			)
		).toBe(404); // a draft: hidden from people who cannot edit it
	});
});

describe('POST /courses/[slug]/preview', () => {
	const json = (body: unknown) => ({
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});

	it('renders sanitised HTML, exactly as a saved lesson', async () => {
		await course('apercu');
		const res = (await preview(
			await event(
				adminUser,
				'apercu',
				'/preview',
				json({ body: '# Titre\n\n<script>alert(1)</script><a href="javascript:x" onclick="y">lien</a>' })
			)
		)) as Response;
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('no-store');
		const { html } = (await res.json()) as { html: string };
		expect(html).toContain('<h2 id="titre">Titre</h2>');
		expect(html).not.toMatch(/script|javascript:|onclick/);
		expect(html).toContain('<a>lien</a>');
	});

	it('is for the course editors only: 403 for others on a published course, 404 on a draft', async () => {
		const { c } = await course('apercu-publie');
		await setCourseStatus(t.app, admin, c, 'published');
		const person = await createUser(t.app);
		expect(
			await status(async () => preview(await event(person, 'apercu-publie', '/preview', json({ body: 'x' }))))
		).toBe(403);
		expect(await status(async () => preview(await event(null, 'apercu-publie', '/preview', json({ body: 'x' }))))).toBe(
			403
		);
		expect(await status(async () => preview(await event(person, 'apercu', '/preview', json({ body: 'x' }))))).toBe(404);
	});

	it('accepts 200,000 characters, answers 413 beyond and 400 for a malformed body', async () => {
		const ok = await status(async () =>
			preview(await event(adminUser, 'apercu', '/preview', json({ body: 'a'.repeat(200_000) })))
		);
		expect(ok).toBe(200);
		const big = await status(async () =>
			preview(await event(adminUser, 'apercu', '/preview', json({ body: 'a'.repeat(200_001) })))
		);
		expect(big).toBe(413);
		const huge = await status(async () =>
			preview(await event(adminUser, 'apercu', '/preview', json({ body: 'é'.repeat(1_300_000) })))
		);
		expect(huge).toBe(413);
		for (const bad of ['not json', JSON.stringify({ body: 3 }), JSON.stringify(null)])
			expect(
				await status(async () => preview(await event(adminUser, 'apercu', '/preview', { method: 'POST', body: bad })))
			).toBe(400);
	});
});
