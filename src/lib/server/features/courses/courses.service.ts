/**
 * Courses: create, edit, publish. The author becomes the course's editor; a course starts as a
 * draft, licensed CC BY-SA 4.0, open to enrolment at any time (the defaults most courses want).
 */
import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError } from '../../http/forms.ts';
import { uuidv7 } from '../../ids.ts';
import { can, type Actor } from '../authz/policy.ts';
import { roleAssignments } from '../authz/roles.table.ts';
import { users } from '../accounts/accounts.table.ts';
import { createDefaultForums } from '../forums/forums.defaults.ts';
import { slug as slugify } from './markdown.ts';
import type { CourseInput } from './courses.schemas.ts';
import { courses, type CourseRow } from './courses.table.ts';

type Ctx = Pick<App, 'db' | 'events'>;

export class CourseAccessError extends Error {}

async function slugTaken(db: DbLike, slug: string, exceptId?: string) {
	const [row] = await db
		.select({ id: courses.id })
		.from(courses)
		.where(and(sql`lower(${courses.slug}) = ${slug}`, exceptId ? sql`${courses.id} <> ${exceptId}` : undefined));
	return !!row;
}

export async function createCourse(ctx: Ctx, actor: Actor, input: CourseInput): Promise<CourseRow> {
	if (!can(actor, 'course.create')) throw new CourseAccessError();
	const slug = input.slug || slugify(input.title) || 'cours';
	if (await slugTaken(ctx.db, slug)) throw new FormError(409, { slug: { key: 'courses.errors.slugTaken' } });
	const id = uuidv7();
	return ctx.db.transaction(async (tx) => {
		const [course] = await tx
			.insert(courses)
			.values({ id, ...input, slug, createdBy: actor.id })
			.returning();
		await tx.insert(roleAssignments).values({
			id: uuidv7(),
			userId: actor.id,
			role: 'editor',
			scopeType: 'course',
			scopeId: id,
			grantedBy: actor.id
		});
		await createDefaultForums(tx, 'course', id, course!.language);
		return course!;
	});
}

export async function updateCourse(ctx: Ctx, actor: Actor, course: CourseRow, input: CourseInput) {
	if (!can(actor, 'course.edit', { type: 'course', id: course.id })) throw new CourseAccessError();
	const slug = input.slug || course.slug;
	if (slug !== course.slug && (await slugTaken(ctx.db, slug, course.id)))
		throw new FormError(409, { slug: { key: 'courses.errors.slugTaken' } });
	await ctx.db
		.update(courses)
		.set({ ...input, slug, updatedAt: new Date() })
		.where(eq(courses.id, course.id));
}

export async function setCourseStatus(ctx: Ctx, actor: Actor, course: CourseRow, status: CourseRow['status']) {
	if (!can(actor, 'course.edit', { type: 'course', id: course.id })) throw new CourseAccessError();
	const publishing = status === 'published' && !course.publishedAt;
	await ctx.db
		.update(courses)
		.set({ status, updatedAt: new Date(), ...(publishing ? { publishedAt: new Date() } : {}) })
		.where(eq(courses.id, course.id));
	if (publishing) await ctx.events.emit('CoursePublished', { courseId: course.id, slug: course.slug });
}

/** Every column but the search vector, which no page shows. */
const { search: _search, ...courseColumns } = getTableColumns(courses);

export async function getCourseBySlug(db: DbLike, slug: string) {
	const [course] = await db
		.select(courseColumns)
		.from(courses)
		.where(sql`lower(${courses.slug}) = ${slug.toLowerCase()}`);
	return course;
}

/** Drafts are visible only to those who may edit the course. */
export function canView(actor: Actor | null, course: CourseRow) {
	return course.status !== 'draft' || can(actor, 'course.edit', { type: 'course', id: course.id });
}

export async function courseAuthors(db: DbLike, courseId: string) {
	return db
		.select({ name: users.name, handle: users.handle, deletedAt: users.deletedAt })
		.from(roleAssignments)
		.innerJoin(users, eq(users.id, roleAssignments.userId))
		.where(
			and(
				eq(roleAssignments.scopeType, 'course'),
				eq(roleAssignments.scopeId, courseId),
				eq(roleAssignments.role, 'editor')
			)
		)
		.orderBy(roleAssignments.createdAt);
}
