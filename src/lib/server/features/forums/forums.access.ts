/**
 * Where forums live and who may do what there. A "place" is a forum's scope seen by one actor:
 * the instance (anyone reads, any signed-in person posts), a course (its followers read and
 * post, its editors and tutors moderate) or a theme group (its members, plus the course's
 * editors and tutors). Pages of a place live under its `base` address.
 */
import { eq } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { FormError } from '../../http/forms.ts';
import { can, type Actor, type Resource } from '../authz/policy.ts';
import { themeGroups } from '../community/community.table.ts';
import { courses } from '../courses/courses.table.ts';
import type { ForumRow, ForumScope } from './forums.table.ts';

export interface PlaceCourse {
	id: string;
	slug: string;
	title: string;
	language: string;
}

export interface Place {
	scopeType: ForumScope;
	scopeId: string;
	/** Address of the place's forum pages: /forum or /courses/<slug>/forum. */
	base: string;
	course: PlaceCourse | null;
	read: boolean;
	post: boolean;
	moderate: boolean;
	/** Add, rename, reorder and delete forums. */
	manage: boolean;
	/** Tutors and editors: their replies answer a question; they see the unanswered queue. */
	tutor: boolean;
}

export function instancePlace(actor: Actor | null): Place {
	const res: Resource = { type: 'instance' };
	return {
		scopeType: 'instance',
		scopeId: 'instance',
		base: '/forum',
		course: null,
		read: true,
		post: can(actor, 'forum.post', res),
		moderate: can(actor, 'forum.moderate', res),
		manage: can(actor, 'forum.manage', res),
		tutor: can(actor, 'forum.moderate', res)
	};
}

export function coursePlace(actor: Actor | null, course: PlaceCourse): Place {
	const res: Resource = { type: 'course', id: course.id };
	return {
		scopeType: 'course',
		scopeId: course.id,
		base: `/courses/${course.slug}/forum`,
		course,
		read: can(actor, 'forum.read', res),
		post: can(actor, 'forum.post', res),
		moderate: can(actor, 'forum.moderate', res),
		manage: can(actor, 'forum.manage', res),
		tutor: can(actor, 'course.tutor', res) || can(actor, 'course.edit', res)
	};
}

async function courseById(db: DbLike, id: string): Promise<PlaceCourse | undefined> {
	const [c] = await db
		.select({ id: courses.id, slug: courses.slug, title: courses.title, language: courses.language })
		.from(courses)
		.where(eq(courses.id, id));
	return c;
}

/** What a forum's scope is made of (its course, its theme group), loaded once for many actors. */
export type ForumScopeInfo =
	| { scopeType: 'instance' }
	| { scopeType: 'course'; course: PlaceCourse }
	| { scopeType: 'themeGroup'; scopeId: string; course: PlaceCourse; isPrivate: boolean };

/** The scope of a forum; undefined if it is gone. */
export async function scopeOfForum(
	db: DbLike,
	forum: Pick<ForumRow, 'scopeType' | 'scopeId'>
): Promise<ForumScopeInfo | undefined> {
	if (forum.scopeType === 'instance') return { scopeType: 'instance' };
	if (forum.scopeType === 'course') {
		const course = await courseById(db, forum.scopeId);
		return course && { scopeType: 'course', course };
	}
	const [group] = await db
		.select({ courseId: themeGroups.courseId, isPrivate: themeGroups.isPrivate })
		.from(themeGroups)
		.where(eq(themeGroups.id, forum.scopeId));
	const course = group && (await courseById(db, group.courseId));
	if (!group || !course) return undefined;
	return { scopeType: 'themeGroup', scopeId: forum.scopeId, course, isPrivate: group.isPrivate };
}

/** The place of a loaded scope, as this actor sees it (no database access). */
export function placeIn(actor: Actor | null, scope: ForumScopeInfo): Place {
	if (scope.scopeType === 'instance') return instancePlace(actor);
	const inCourse = coursePlace(actor, scope.course);
	if (scope.scopeType === 'course') return inCourse;
	const res: Resource = { type: 'themeGroup', id: scope.scopeId };
	const member = can(actor, 'forum.post', res);
	return {
		...inCourse,
		scopeType: 'themeGroup',
		scopeId: scope.scopeId,
		read: inCourse.moderate || member || (!scope.isPrivate && inCourse.read),
		post: inCourse.moderate || member || (!scope.isPrivate && inCourse.post),
		moderate: inCourse.moderate || can(actor, 'forum.moderate', res),
		manage: inCourse.manage || can(actor, 'forum.manage', res)
	};
}

/** The place of a forum (its scope), as this actor sees it; undefined if the scope is gone. */
export async function placeOfForum(
	db: DbLike,
	actor: Actor | null,
	forum: Pick<ForumRow, 'scopeType' | 'scopeId'>
): Promise<Place | undefined> {
	const scope = await scopeOfForum(db, forum);
	return scope && placeIn(actor, scope);
}

export function assertCan(allowed: boolean, status: 401 | 403 = 403) {
	if (!allowed) throw new FormError(status, { _form: { key: 'error.forbidden' } });
}
