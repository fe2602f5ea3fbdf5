import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { rolesOf } from '../authz/roles.service.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse, setCourseStatus } from '../courses/courses.service.ts';
import { coursesOfStructure, structureBySlug, structureMembers, structuresOf } from './structures.service.ts';
import { outcome, routeEvent } from './route-harness.ts';
import * as adminList from '../../../../routes/admin/structures/+page.server.ts';
import * as adminEdit from '../../../../routes/admin/structures/[id]/+page.server.ts';
import * as publicPage from '../../../../routes/structures/[slug]/+page.server.ts';

let t: TestApp;
let admin: Awaited<ReturnType<typeof createAdmin>>;
beforeAll(async () => {
	t = await createTestApp();
	admin = await createAdmin(t.app);
});
afterAll(() => t?.close());

const fields = (extra: Record<string, string> = {}) => ({
	name: 'Les Petits Débrouillards',
	kind: 'association',
	description: 'Éducation **populaire** aux sciences.',
	website: 'https://example.org',
	...extra
});

describe('structures', () => {
	it('are created by administrators only, with clear errors for bad input', async () => {
		const person = await createUser(t.app);
		expect(
			(await outcome(async () => adminList.load(await routeEvent(t.app, person, '/admin/structures')))).status
		).toBe(403);
		expect(
			(
				await outcome(async () =>
					adminList.actions.default(await routeEvent(t.app, person, '/admin/structures', { form: fields() }))
				)
			).status
		).toBe(403);
		const bad = await outcome(async () =>
			adminList.actions.default(
				await routeEvent(t.app, admin, '/admin/structures', {
					form: fields({ name: '', kind: 'sect', website: 'javascript:alert(1)', slug: 'Pas Bon!' })
				})
			)
		);
		expect(bad.status).toBe(400);
		expect(Object.keys(bad.errors!).sort()).toEqual(['kind', 'name', 'slug', 'website']);
		expect(bad.errors!.website!.key).toBe('community.structures.errors.website');
		expect(bad.values?.description).toBe('Éducation **populaire** aux sciences.');
		const ok = await outcome(async () =>
			adminList.actions.default(await routeEvent(t.app, admin, '/admin/structures', { form: fields() }))
		);
		expect(ok.status).toBe(303);
		const s = await structureBySlug(t.app.db, 'les-petits-debrouillards');
		expect(s).toMatchObject({ name: 'Les Petits Débrouillards', kind: 'association' });
		const taken = await outcome(async () =>
			adminList.actions.default(await routeEvent(t.app, admin, '/admin/structures', { form: fields() }))
		);
		expect(taken).toMatchObject({ status: 409, errors: { slug: { key: 'community.structures.errors.slugTaken' } } });
	});

	it('are edited by administrators, 404 for unknown ids, and link courses shown when published', async () => {
		const s = (await structureBySlug(t.app.db, 'les-petits-debrouillards'))!;
		const params = { id: s.id };
		for (const id of ['nope', '01900000-0000-7000-8000-000000000000'])
			expect(
				(
					await outcome(async () =>
						adminEdit.load(await routeEvent(t.app, admin, `/admin/structures/${id}`, { params: { id } }))
					)
				).status
			).toBe(404);
		const saved = await outcome(async () =>
			adminEdit.actions.save(
				await routeEvent(t.app, admin, `/admin/structures/${s.id}`, {
					params,
					form: fields({ kind: 'canope', slug: 'lpd' })
				})
			)
		);
		expect(saved.status).toBe(303);
		expect((await structureBySlug(t.app.db, 'lpd'))?.kind).toBe('canope');
		const actor = { id: admin.id, roles: await rolesOf(t.app.db, admin.id) };
		const course = await createCourse(
			t.app,
			actor,
			courseSchema.parse({ title: 'Sciences en fête', slug: 'sciences' })
		);
		const unknown = await outcome(async () =>
			adminEdit.actions.link(
				await routeEvent(t.app, admin, `/admin/structures/${s.id}`, { params, form: { course: 'inconnu' } })
			)
		);
		expect(unknown.errors?.course?.key).toBe('community.structures.errors.unknownCourse');
		const linked = await outcome(async () =>
			adminEdit.actions.link(
				await routeEvent(t.app, admin, `/admin/structures/${s.id}`, { params, form: { course: 'sciences' } })
			)
		);
		expect(linked.status).toBe(303);
		expect(await coursesOfStructure(t.app.db, s.id)).toEqual([]); // a draft is not shown
		await setCourseStatus(t.app, actor, course, 'published');
		expect((await coursesOfStructure(t.app.db, s.id)).map((c) => c.slug)).toEqual(['sciences']);
		const page = await outcome(async () =>
			publicPage.load(await routeEvent(t.app, null, '/structures/lpd', { params: { slug: 'lpd' } }))
		);
		expect(page.data).toMatchObject({
			structure: { name: 'Les Petits Débrouillards' },
			members: null,
			canManage: false
		});
		expect((page.data as { structure: { html: string } }).structure.html).toContain('<strong>populaire</strong>');
		expect(
			(
				await outcome(async () =>
					publicPage.load(await routeEvent(t.app, null, '/structures/x', { params: { slug: 'x' } }))
				)
			).status
		).toBe(404);
	});

	it('get managers from administrators, and members from managers', async () => {
		const s = (await structureBySlug(t.app.db, 'lpd'))!;
		const params = { slug: 'lpd' };
		const manager = await createUser(t.app, { handle: 'gerante' });
		const member = await createUser(t.app, { handle: 'membre' });
		const stranger = await createUser(t.app);
		const add = async (who: Parameters<typeof routeEvent>[1], form: Record<string, string>) =>
			outcome(async () => publicPage.actions.add(await routeEvent(t.app, who, '/structures/lpd', { params, form })));
		expect((await add(stranger, { handle: 'membre', role: 'member' })).status).toBe(403);
		expect(await add(admin, { handle: '@gerante', role: 'manager' })).toMatchObject({ status: 303 });
		// A manager adds members but may not appoint managers.
		expect((await add(manager, { handle: 'membre', role: 'manager' })).status).toBe(403);
		expect((await add(manager, { handle: 'personne', role: 'member' })).errors?.handle?.key).toBe(
			'community.structures.errors.unknownPerson'
		);
		expect((await add(manager, { handle: 'membre', role: 'boss' })).status).toBe(400);
		expect(await add(manager, { handle: 'membre', role: 'member' })).toMatchObject({ status: 303 });
		expect((await structureMembers(t.app.db, s.id)).map((m) => [m.handle, m.role])).toEqual([
			['gerante', 'manager'],
			['membre', 'member']
		]);
		expect((await structuresOf(t.app.db, member.id)).map((x) => x.slug)).toEqual(['lpd']);
		const seen = await outcome(async () =>
			publicPage.load(await routeEvent(t.app, member, '/structures/lpd', { params }))
		);
		expect((seen.data as { members: unknown[]; canManage: boolean }).canManage).toBe(false);
		expect((seen.data as { members: unknown[] }).members).toHaveLength(2);
		const remove = async (who: Parameters<typeof routeEvent>[1], form: Record<string, string>) =>
			outcome(async () => publicPage.actions.remove(await routeEvent(t.app, who, '/structures/lpd', { params, form })));
		expect((await remove(manager, { userId: manager.id, role: 'manager' })).status).toBe(403);
		expect((await remove(manager, { userId: 'bad', role: 'member' })).status).toBe(400);
		expect(await remove(manager, { userId: member.id, role: 'member' })).toMatchObject({ status: 303 });
		expect((await remove(manager, { userId: member.id, role: 'member' })).status).toBe(404);
		expect((await structureMembers(t.app.db, s.id)).map((m) => m.handle)).toEqual(['gerante']);
	});
});
