/**
 * Theme groups of a course: any enrolled person starts or joins a group around a question or a
 * theme. Its creator is its organiser; members are `themeGroup` role assignments. Groups are open
 * (every learner of the course reads them) unless private, which the course's current terms of
 * use must allow; a private group is read by its members and the course's editors and tutors,
 * and its organisers add its members. Each group gets its own forum (features/forums).
 */
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError } from '../../http/forms.ts';
import { uuidv7 } from '../../ids.ts';
import { users } from '../accounts/accounts.table.ts';
import { can, type Actor } from '../authz/policy.ts';
import { grantRole, revokeRole } from '../authz/roles.service.ts';
import { roleAssignments } from '../authz/roles.table.ts';
import { forums } from '../forums/forums.table.ts';
import { notify } from '../notifications/notifications.service.ts';
import { themeGroups, type ThemeGroupRow } from './community.table.ts';
import { currentTerms } from './terms.service.ts';

type Ctx = Pick<App, 'db' | 'events'>;
export interface GroupCourse {
	id: string;
	slug: string;
	title: string;
	language: string;
}

export const groupSchema = z.object({
	name: z.string().trim().min(1).max(120),
	description: z.string().trim().max(5_000).default(''),
	isPrivate: z.literal('on').optional()
});

const forbidden = () => new FormError(403, { _form: { key: 'error.forbidden' } });
const courseRes = (id: string) => ({ type: 'course', id }) as const;
const groupRes = (id: string) => ({ type: 'themeGroup', id }) as const;
const isMember = (actor: Actor | null, groupId: string) =>
	!!actor?.roles.some((r) => r.scopeType === 'themeGroup' && r.scopeId === groupId);

/** Editors, tutors and staff see every group of the course, private ones included. */
export const runsCourse = (actor: Actor | null, courseId: string) =>
	can(actor, 'course.moderate', courseRes(courseId)) || can(actor, 'course.edit', courseRes(courseId));

export function groupAccess(actor: Actor | null, courseId: string, group: Pick<ThemeGroupRow, 'id' | 'isPrivate'>) {
	const member = isMember(actor, group.id);
	const inCourse = can(actor, 'group.join', courseRes(courseId)) || runsCourse(actor, courseId);
	return {
		member,
		organiser: can(actor, 'group.manage', groupRes(group.id)),
		read: member || runsCourse(actor, courseId) || (!group.isPrivate && inCourse),
		join: !member && !group.isPrivate && can(actor, 'group.join', courseRes(courseId))
	};
}

/** Whether the course's current terms allow private groups. */
export async function privateGroupsAllowed(db: DbLike, courseId: string) {
	return !!(await currentTerms(db, { scopeType: 'course', scopeId: courseId }))?.allowsPrivateGroups;
}

/** The groups this person may see, newest first, with their member counts. */
export async function listGroups(db: DbLike, actor: Actor | null, courseId: string) {
	const rows = await db
		.select({
			group: themeGroups,
			members: sql<number>`(select count(*)::int from role_assignments r
				where r.scope_type = 'themeGroup' and r.scope_id = theme_groups.id)`
		})
		.from(themeGroups)
		.where(eq(themeGroups.courseId, courseId))
		.orderBy(desc(themeGroups.createdAt));
	return rows
		.map((r) => ({ ...r.group, members: Number(r.members), access: groupAccess(actor, courseId, r.group) }))
		.filter((g) => g.access.read);
}

export async function getGroup(db: DbLike, courseId: string, groupId: string) {
	const [row] = await db
		.select()
		.from(themeGroups)
		.where(and(eq(themeGroups.id, groupId), eq(themeGroups.courseId, courseId)));
	return row;
}

export async function groupMembers(db: DbLike, groupId: string) {
	return db
		.select({ userId: users.id, name: users.name, handle: users.handle, role: roleAssignments.role })
		.from(roleAssignments)
		.innerJoin(users, eq(users.id, roleAssignments.userId))
		.where(and(eq(roleAssignments.scopeType, 'themeGroup'), eq(roleAssignments.scopeId, groupId)))
		.orderBy(desc(roleAssignments.role), asc(users.name));
}

/** The group's forum (made with the group). */
export async function groupForum(db: DbLike, groupId: string) {
	const [row] = await db
		.select({ id: forums.id })
		.from(forums)
		.where(and(eq(forums.scopeType, 'themeGroup'), eq(forums.scopeId, groupId)))
		.orderBy(asc(forums.position))
		.limit(1);
	return row;
}

export async function createGroup(
	ctx: Ctx,
	actor: Actor | null,
	course: GroupCourse,
	input: z.infer<typeof groupSchema>
): Promise<ThemeGroupRow> {
	if (!actor || !can(actor, 'group.create', courseRes(course.id))) throw forbidden();
	const isPrivate = input.isPrivate === 'on';
	if (isPrivate && !(await privateGroupsAllowed(ctx.db, course.id)))
		throw new FormError(409, { isPrivate: { key: 'community.groups.errors.privateNotAllowed' } });
	const id = uuidv7();
	const [group] = await ctx.db
		.insert(themeGroups)
		.values({
			id,
			courseId: course.id,
			name: input.name,
			description: input.description,
			isPrivate,
			createdBy: actor.id
		})
		.returning();
	// The group's own threads live in the forums feature: one forum named after the group.
	await ctx.db.insert(forums).values({
		id: uuidv7(),
		scopeType: 'themeGroup',
		scopeId: id,
		kind: 'custom',
		title: input.name,
		description: input.description.slice(0, 500)
	});
	await grantRole({ ...ctx, actor }, { userId: actor.id, role: 'organiser', scopeType: 'themeGroup', scopeId: id });
	return group!;
}

async function organiserIds(db: DbLike, groupId: string) {
	const rows = await db
		.select({ userId: roleAssignments.userId })
		.from(roleAssignments)
		.where(
			and(
				eq(roleAssignments.scopeType, 'themeGroup'),
				eq(roleAssignments.scopeId, groupId),
				eq(roleAssignments.role, 'organiser')
			)
		);
	return rows.map((r) => r.userId);
}

async function welcome(ctx: Ctx, course: GroupCourse, group: ThemeGroupRow, userId: string, by: string) {
	const [person] = await ctx.db.select({ name: users.name }).from(users).where(eq(users.id, userId));
	await notify(ctx, {
		userIds: await organiserIds(ctx.db, group.id),
		kind: 'group.joined',
		actorId: by,
		courseId: course.id,
		title: { key: 'community.notice.groupJoined', params: { name: person?.name ?? '', group: group.name } },
		url: `/courses/${course.slug}/groups/${group.id}`
	});
}

/** Joins an open group of a course one follows; organisers are notified. */
export async function joinGroup(ctx: Ctx, actor: Actor | null, course: GroupCourse, group: ThemeGroupRow) {
	const access = groupAccess(actor, course.id, group);
	if (access.member) return;
	if (!access.join)
		throw new FormError(403, {
			_form: { key: group.isPrivate ? 'community.groups.errors.privateJoin' : 'community.groups.errors.enrolFirst' }
		});
	await grantRole({ ...ctx, actor }, { userId: actor!.id, role: 'member', scopeType: 'themeGroup', scopeId: group.id });
	await welcome(ctx, course, group, actor!.id, actor!.id);
}

/** Leaves a group (an organiser too: the group stays, with its threads). */
export async function leaveGroup(ctx: Ctx, actor: Actor | null, groupId: string) {
	if (!actor) throw forbidden();
	const held = actor.roles.filter((r) => r.scopeType === 'themeGroup' && r.scopeId === groupId);
	if (!held.length) throw new FormError(409, { _form: { key: 'community.groups.errors.notMember' } });
	for (const r of held)
		await revokeRole({ ...ctx, actor }, { userId: actor.id, role: r.role, scopeType: 'themeGroup', scopeId: groupId });
}

/** An organiser adds someone who follows the course (the way into a private group). */
export async function addGroupMember(
	ctx: Ctx,
	actor: Actor | null,
	course: GroupCourse,
	group: ThemeGroupRow,
	handle: string
) {
	if (!can(actor, 'group.manage', groupRes(group.id))) throw forbidden();
	const [person] = await ctx.db
		.select({ id: users.id })
		.from(users)
		.where(
			and(
				sql`lower(${users.handle}) = ${handle.trim().replace(/^@/, '').toLowerCase()}`,
				sql`${users.deletedAt} is null`
			)
		);
	if (!person) throw new FormError(404, { handle: { key: 'community.structures.errors.unknownPerson' } });
	const [follows] = await ctx.db
		.select({ n: count() })
		.from(roleAssignments)
		.where(
			and(
				eq(roleAssignments.userId, person.id),
				eq(roleAssignments.scopeType, 'course'),
				eq(roleAssignments.scopeId, course.id),
				inArray(roleAssignments.role, ['editor', 'tutor', 'ambassador', 'learner'])
			)
		);
	if (!follows?.n) throw new FormError(409, { handle: { key: 'community.groups.errors.notInCourse' } });
	if (
		await grantRole(
			{ ...ctx, actor },
			{ userId: person.id, role: 'member', scopeType: 'themeGroup', scopeId: group.id }
		)
	)
		await welcome(ctx, course, group, person.id, actor!.id);
}
