import type { PageServerLoad } from './$types';
import { courseFromSlug } from '#lib/server/features/courses/access.ts';
import { listSpeakers, speakerView } from '#lib/server/features/speakers/speakers.service.ts';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { db } = locals.app;
	const { course, canEdit } = await courseFromSlug(db, locals.actor, params.slug);
	const speakers = await listSpeakers(db, course.id);
	return {
		course: { slug: course.slug, title: course.title },
		canEdit,
		speakers: speakers.map(speakerView)
	};
};
