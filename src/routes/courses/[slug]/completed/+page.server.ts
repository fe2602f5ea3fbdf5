import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { courseFromSlug } from '#lib/server/features/courses/access.ts';
import { completedAt } from '#lib/server/features/courses/learning.service.ts';

export const load: PageServerLoad = async (event) => {
	const { user } = requireUser(event);
	const { course } = await courseFromSlug(event.locals.app.db, event.locals.actor, event.params.slug);
	const at = await completedAt(event.locals.app.db, user.id, course.id);
	if (!at) error(404, 'error.notFound');
	return { course: { slug: course.slug, title: course.title }, completedAt: at };
};
