import type { PageServerLoad } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { wikiCourse } from '#lib/server/features/wiki/access.ts';
import { listSuggestions } from '#lib/server/features/wiki/suggestions.service.ts';

/** Reviewers see every proposal of the course; the people who proposed, their own. */
export const load: PageServerLoad = async (event) => {
	const { actor } = requireUser(event);
	const { db } = event.locals.app;
	const { course, access } = await wikiCourse(db, actor, event.params.slug, 'canViewHistory');
	const all = await listSuggestions(db, course.id);
	return {
		course: { slug: course.slug, title: course.title },
		canReview: access.canReview,
		suggestions: access.canReview ? all : all.filter((s) => s.proposerId === actor.id)
	};
};
