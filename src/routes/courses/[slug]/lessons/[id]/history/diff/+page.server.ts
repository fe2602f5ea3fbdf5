import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { PageServerLoad } from './$types';
import { wikiLesson } from '#lib/server/features/wiki/access.ts';
import { diffStats, diffWords } from '#lib/server/features/wiki/diff.ts';
import { revisionAt } from '#lib/server/features/wiki/revisions.service.ts';

const query = z.object({
	from: z.coerce.number().int().min(1),
	to: z.coerce.number().int().min(1),
	view: z.enum(['inline', 'side']).catch('inline')
});

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { db } = locals.app;
	const { course, lesson } = await wikiLesson(db, locals.actor, params.slug, params.id, 'canViewHistory');
	const parsed = query.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) error(400, 'wiki.errors.badRevision');
	// Older first, whichever order they were picked in.
	const [fromN, toN] = [parsed.data.from, parsed.data.to].sort((a, b) => a - b) as [number, number];
	const [from, to] = await Promise.all([
		revisionAt(db, 'lesson', lesson.id, fromN),
		revisionAt(db, 'lesson', lesson.id, toN)
	]);
	if (!from || !to) error(404, 'wiki.errors.badRevision');
	const segments = diffWords(from.body, to.body);
	return {
		course: { slug: course.slug, title: course.title },
		lesson: { id: lesson.id, title: lesson.title },
		from: { number: from.number, title: from.title },
		to: { number: to.number, title: to.title },
		view: parsed.data.view,
		segments,
		stats: diffStats(segments)
	};
};
