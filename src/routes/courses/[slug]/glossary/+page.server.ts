import type { PageServerLoad } from './$types';
import { courseFromSlug } from '#lib/server/features/courses/access.ts';
import { letterOf, listTerms } from '#lib/server/features/glossary/glossary.service.ts';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { course, canEdit } = await courseFromSlug(locals.app.db, locals.actor, params.slug);
	const terms = await listTerms(locals.app.db, course.id);
	const items = terms.map((term) => ({
		slug: term.slug,
		term: term.term,
		variants: term.variants,
		html: term.definitionHtml
	}));
	const groups = new Map<string, typeof items>();
	for (const item of items) {
		const letter = letterOf(item.term);
		groups.set(letter, [...(groups.get(letter) ?? []), item]);
	}
	return {
		course: { slug: course.slug, title: course.title },
		canEdit,
		count: terms.length,
		groups: [...groups].map(([letter, terms]) => ({ letter, terms }))
	};
};
