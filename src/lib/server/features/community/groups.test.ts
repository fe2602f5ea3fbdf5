import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { rolesOf } from '../authz/roles.service.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse, setCourseStatus } from '../courses/courses.service.ts';
import { enrol } from '../courses/learning.service.ts';
import type { CourseRow } from '../courses/courses.table.ts';
import { forums } from '../forums/forums.table.ts';
import { placeOfForum } from '../forums/forums.access.ts';
import { createThread } from '../forums/posting.service.ts';
import { notifications } from '../notifications/notifications.table.ts';
import { acceptTerms, publishTerms } from './terms.service.ts';
import { groupMembers, listGroups } from './groups.service.ts';
import { outcome, routeEvent } from './route-harness.ts';
import * as listPage from '../../../../routes/courses/[slug]/groups/+page.server.ts';
import * as groupPage from '../../../../routes/courses/[slug]/groups/[id]/+page.server.ts';

let t: TestApp;
let admin: Awaited<ReturnType<typeof createAdmin>>;
let course: CourseRow;
let ana: Awaited<ReturnType<typeof createUser>>;
let ben: Awaited<ReturnType<typeof createUser>>;
let outsider: Awaited<ReturnType<typeof createUser>>;
const params = { slug: 'apiculture' };
const actorOf = async (u: { id: string }) => ({ id: u.id, roles: await rolesOf(t.app.db, u.id) });

beforeAll(async () => {
	t = await createTestApp();
	admin = await createAdmin(t.app);
	const a = await actorOf(admin);
	course = await createCourse(t.app, a, courseSchema.parse({ title: 'Apiculture', slug: 'apiculture' }));
	await setCourseStatus(t.app, a, course, 'published');
	course = { ...course, status: 'published' };
	ana = await createUser(t.app, { name: 'Ana', handle: 'ana' });
	ben = await createUser(t.app, { name: 'Ben', handle: 'ben' });
	outsider = await createUser(t.app, { handle: 'dehors' });
	await enrol(t.app, ana.id, course);
	await enrol(t.app, ben.id, course);
});
afterAll(() => t?.close());

const create = async (who: Parameters<typeof routeEvent>[1], form: Record<string, string>) =>
	outcome(async () =>
		listPage.actions.create(await routeEvent(t.app, who, '/courses/apiculture/groups', { params, form }))
	);

describe('theme groups', () => {
	let groupId = '';

	it('are started by people of the course, whose creator organises them, with their own forum', async () => {
		expect((await create(outsider, { name: 'Varroa' })).status).toBe(403);
		const empty = await create(ana, { name: '  ', description: 'x' });
		expect(empty).toMatchObject({
			status: 400,
			errors: { name: { key: 'errors.required' } },
			values: { description: 'x' }
		});
		const made = await create(ana, { name: 'Lutter contre le varroa', description: 'Partage de **méthodes**.' });
		expect(made.status).toBe(303);
		groupId = made.location!.split('/groups/')[1]!.split('?')[0]!;
		expect(await groupMembers(t.app.db, groupId)).toMatchObject([{ handle: 'ana', role: 'organiser' }]);
		const forum = await t.app.db
			.select()
			.from(forums)
			.where(and(eq(forums.scopeType, 'themeGroup'), eq(forums.scopeId, groupId)));
		expect(forum).toHaveLength(1);
	});

	it('refuses a private group unless the course’s terms allow it, with a clear error', async () => {
		const refused = await create(ana, { name: 'Entre nous', isPrivate: 'on' });
		expect(refused).toMatchObject({
			status: 409,
			errors: { isPrivate: { key: 'community.groups.errors.privateNotAllowed' } },
			values: { name: 'Entre nous' }
		});
		const list = await outcome(async () =>
			listPage.load(await routeEvent(t.app, ana, '/courses/apiculture/groups', { params }))
		);
		expect(list.data).toMatchObject({ privateAllowed: false, inCourse: true, canCreate: true });
		const terms = await publishTerms(
			t.app,
			await actorOf(admin),
			{ scopeType: 'course', scopeId: course.id },
			{
				body: 'Groupes privés permis.',
				allowsPrivateGroups: true
			}
		);
		await acceptTerms(t.app.db, ana.id, terms.id);
		expect((await create(ana, { name: 'Entre nous', isPrivate: 'on' })).status).toBe(303);
	});

	it('lets learners join and leave open groups; organisers are notified; private ones stay hidden', async () => {
		const join = async (who: Parameters<typeof routeEvent>[1], id: string) =>
			outcome(async () =>
				listPage.actions.join(
					await routeEvent(t.app, who, '/courses/apiculture/groups', { params, form: { groupId: id } })
				)
			);
		expect((await join(ben, 'not-an-id')).status).toBe(404);
		expect((await join(outsider, groupId)).errors?._form?.key).toBe('community.groups.errors.enrolFirst');
		expect(await join(ben, groupId)).toMatchObject({ status: 303, location: '/courses/apiculture/groups?joined=1' });
		const notice = await t.app.db
			.select()
			.from(notifications)
			.where(and(eq(notifications.userId, ana.id), eq(notifications.kind, 'group.joined')));
		expect(notice.map((n) => n.url)).toEqual([`/courses/apiculture/groups/${groupId}`]);

		const benGroups = await listGroups(t.app.db, await actorOf(ben), course.id);
		expect(benGroups.map((g) => [g.name, g.members])).toEqual([['Lutter contre le varroa', 2]]);
		const privateGroup = (await listGroups(t.app.db, await actorOf(ana), course.id)).find((g) => g.isPrivate)!;
		expect((await join(ben, privateGroup.id)).errors?._form?.key).toBe('community.groups.errors.privateJoin');
		const hidden = await outcome(async () =>
			groupPage.load(
				await routeEvent(t.app, ben, `/courses/apiculture/groups/${privateGroup.id}`, {
					params: { ...params, id: privateGroup.id }
				})
			)
		);
		expect(hidden.status).toBe(403);
		// The organiser adds Ben; an outsider of the course cannot be added.
		const add = async (handle: string) =>
			outcome(async () =>
				groupPage.actions.add(
					await routeEvent(t.app, ana, `/courses/apiculture/groups/${privateGroup.id}`, {
						params: { ...params, id: privateGroup.id },
						form: { handle }
					})
				)
			);
		expect((await add('dehors')).errors?.handle?.key).toBe('community.groups.errors.notInCourse');
		expect((await add('personne')).errors?.handle?.key).toBe('community.structures.errors.unknownPerson');
		expect((await add('ben')).status).toBe(303);
		const seen = await outcome(async () =>
			groupPage.load(
				await routeEvent(t.app, ben, `/courses/apiculture/groups/${privateGroup.id}`, {
					params: { ...params, id: privateGroup.id }
				})
			)
		);
		expect(seen.status).toBe(200);
		expect((seen.data as { forumUrl: string }).forumUrl).toMatch(/^\/courses\/apiculture\/forum\/f\//);
		// The group's threads (forums feature) show on its page for its members.
		const [forum] = await t.app.db
			.select()
			.from(forums)
			.where(and(eq(forums.scopeType, 'themeGroup'), eq(forums.scopeId, privateGroup.id)));
		const benActor = await actorOf(ben);
		const place = await placeOfForum(t.app.db, benActor, forum!);
		await createThread(t.app, benActor, place!, forum!, { title: 'Nos ruchers', body: 'Bonjour à tous.' });
		const withThread = await outcome(async () =>
			groupPage.load(
				await routeEvent(t.app, ben, `/courses/apiculture/groups/${privateGroup.id}`, {
					params: { ...params, id: privateGroup.id }
				})
			)
		);
		expect((withThread.data as { threads: { title: string }[] }).threads.map((th) => th.title)).toEqual([
			'Nos ruchers'
		]);

		const leave = async () =>
			outcome(async () =>
				groupPage.actions.leave(
					await routeEvent(t.app, ben, `/courses/apiculture/groups/${groupId}`, {
						params: { ...params, id: groupId },
						form: {}
					})
				)
			);
		expect(await leave()).toMatchObject({ status: 303, location: `/courses/apiculture/groups/${groupId}?left=1` });
		expect((await leave()).errors?._form?.key).toBe('community.groups.errors.notMember');
	});

	it('shows signed-out visitors no groups, and a prompt to enrol', async () => {
		const anon = await outcome(async () =>
			listPage.load(await routeEvent(t.app, null, '/courses/apiculture/groups', { params }))
		);
		expect(anon.data).toMatchObject({ inCourse: false, canCreate: false, groups: [] });
		const unknown = await outcome(async () =>
			groupPage.load(
				await routeEvent(t.app, ana, '/courses/apiculture/groups/01900000-0000-7000-8000-000000000000', {
					params: { ...params, id: '01900000-0000-7000-8000-000000000000' }
				})
			)
		);
		expect(unknown.status).toBe(404);
	});
});
