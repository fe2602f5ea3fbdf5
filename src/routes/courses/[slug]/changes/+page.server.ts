import type { PageServerLoad } from './$types';
import { wikiCourse } from '#lib/server/features/wiki/access.ts';
import { recentChanges } from '#lib/server/features/wiki/revisions.service.ts';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { db } = locals.app;
	const { course } = await wikiCourse(db, locals.actor, params.slug, 'canViewHistory');
	return { course: { slug: course.slug, title: course.title }, changes: await recentChanges(db, course.id) };
};
