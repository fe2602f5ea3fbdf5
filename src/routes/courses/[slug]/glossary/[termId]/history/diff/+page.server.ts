import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { PageServerLoad } from './$types';
import { diffStats, diffWords } from '#lib/server/features/wiki/diff.ts';
import { revisionAt } from '#lib/server/features/wiki/revisions.service.ts';
import { wikiTerm } from '#lib/server/features/wiki/term.history.ts';

const query = z.object({
	from: z.coerce.number().int().min(1),
	to: z.coerce.number().int().min(1),
	view: z.enum(['inline', 'side']).catch('inline')
});

/** Two revisions of a glossary term: its definition word by word, its term and variants. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { db } = locals.app;
	const { course, term } = await wikiTerm(db, locals.actor, params.slug, params.termId);
	const parsed = query.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) error(400, 'wiki.errors.badRevision');
	const [fromN, toN] = [parsed.data.from, parsed.data.to].sort((a, b) => a - b) as [number, number];
	const [from, to] = await Promise.all([
		revisionAt(db, 'glossaryTerm', term.id, fromN),
		revisionAt(db, 'glossaryTerm', term.id, toN)
	]);
	if (!from || !to) error(404, 'wiki.errors.badRevision');
	const segments = diffWords(from.body, to.body);
	return {
		course: { slug: course.slug, title: course.title },
		term: { id: term.id, term: term.term },
		from: { number: from.number, title: from.title, variants: from.variants },
		to: { number: to.number, title: to.title, variants: to.variants },
		view: parsed.data.view,
		segments,
		stats: diffStats(segments)
	};
};
