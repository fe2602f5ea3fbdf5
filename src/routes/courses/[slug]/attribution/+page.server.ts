import type { PageServerLoad } from './$types';
import { courseFromSlug } from '#lib/server/features/courses/access.ts';
import { attribution } from '#lib/server/features/wiki/revisions.service.ts';

/** Public, like the course: the licence (CC BY-SA) asks to credit every author. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const { db } = locals.app;
	const { course } = await courseFromSlug(db, locals.actor, params.slug);
	return {
		course: { slug: course.slug, title: course.title, licence: course.licence },
		credit: await attribution(db, course.id)
	};
};
