/**
 * Who may use a course's question bank: its editors manage it (`course.edit`), its tutors may
 * read it (`course.tutor`). No action of its own in the policy table: these two say it all.
 */
import { error } from '@sveltejs/kit';
import type { DbLike } from '../../db/client.ts';
import { FormError } from '../../http/forms.ts';
import { can, type Actor } from '../authz/policy.ts';
import { getCourseBySlug } from '../courses/courses.service.ts';

export function canManageBank(actor: Actor | null | undefined, courseId: string): boolean {
	return can(actor, 'course.edit', { type: 'course', id: courseId });
}

export function canViewBank(actor: Actor | null | undefined, courseId: string): boolean {
	return canManageBank(actor, courseId) || can(actor, 'course.tutor', { type: 'course', id: courseId });
}

export function assertBankEditor(actor: Actor | null, courseId: string) {
	if (!canManageBank(actor, courseId)) throw new FormError(403, { _form: { key: 'error.forbidden' } });
}

/** The course of the URL for a bank page: 404 if unknown, 403 unless the actor may view (or manage). */
export async function bankCourse(db: DbLike, actor: Actor | null, slug: string, need: 'view' | 'manage') {
	const course = await getCourseBySlug(db, slug);
	if (!course) error(404, 'error.notFound');
	const canManage = canManageBank(actor, course.id);
	if (need === 'manage' ? !canManage : !canViewBank(actor, course.id)) error(403, 'error.forbidden');
	return { course, canManage };
}

/** A unique violation (two writers at once, or a taken name). */
export function isUniqueViolation(err: unknown): boolean {
	for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e)
		if (e.code === '23505') return true;
	return false;
}
