import { error } from '@sveltejs/kit';
import type { DbLike } from '../../db/client.ts';
import { can, type Actor } from '../authz/policy.ts';
import { canView, getCourseBySlug } from './courses.service.ts';

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
