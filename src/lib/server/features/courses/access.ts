import { error } from '@sveltejs/kit';
import type { DbLike } from '../../db/client.ts';
import { can, type Actor } from '../authz/policy.ts';
import { canView, getCourseBySlug } from './courses.service.ts';
import type { CourseRow } from './courses.table.ts';
import { contentAccess } from './editions.service.ts';

/** The course named in the URL, or a 404 (also for drafts the reader may not see). */
export async function courseFromSlug(db: DbLike, actor: Actor | null, slug: string) {
	const course = await getCourseBySlug(db, slug);
	if (!course || !canView(actor, course)) error(404, 'error.notFound');
	return { course, canEdit: can(actor, 'course.edit', { type: 'course', id: course.id }) };
}

/** The course named in the URL, which the actor must be allowed to edit (403 otherwise). */
export async function editableCourse(db: DbLike, actor: Actor | null, slug: string) {
	const found = await courseFromSlug(db, actor, slug);
	if (!found.canEdit) error(403, 'error.forbidden');
	return found.course;
}

/**
 * May this actor read the course's content (lessons, their media and files)? Open courses:
 * anyone who may view the course. Courses by session or invitation: their editors and the
 * people enrolled in them, from their session's start (see contentAccess).
 */
export async function mayReadContent(db: DbLike, actor: Actor | null, course: CourseRow): Promise<boolean> {
	if (!canView(actor, course)) return false;
	if (course.enrolmentMode === 'open') return true;
	const scope = { type: 'course', id: course.id } as const;
	const reader = {
		userId: actor?.id,
		enrolled: can(actor, 'course.follow', scope),
		canEdit: can(actor, 'course.edit', scope)
	};
	return (await contentAccess(db, course, reader)).ok;
}

/** Cache rule for a course's media and files: only public when anyone may read them. */
export function contentCacheIsPublic(course: CourseRow): boolean {
	return course.status !== 'draft' && course.enrolmentMode === 'open';
}
