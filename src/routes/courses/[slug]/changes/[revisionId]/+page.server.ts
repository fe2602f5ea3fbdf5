import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { UUID_RE } from '#lib/server/ids.ts';
import { wikiCourse } from '#lib/server/features/wiki/access.ts';
import { diffStats, diffWords } from '#lib/server/features/wiki/diff.ts';
import { getRevisionById } from '#lib/server/features/wiki/revisions.service.ts';
import { getTerm } from '#lib/server/features/glossary/glossary.service.ts';

/** One revision of a lesson or glossary term against the one before it. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const { db } = locals.app;
	if (!UUID_RE.test(params.revisionId)) error(404, 'error.notFound');
	const { course } = await wikiCourse(db, locals.actor, params.slug, 'canViewHistory');
	const found = await getRevisionById(db, course.id, params.revisionId);
	if (!found) error(404, 'error.notFound');
	const { revision, previous } = found;
	const text = (r: typeof revision | undefined) =>
		!r ? '' : r.targetType === 'glossaryTerm' && r.variants.length ? `${r.variants.join(', ')}\n\n${r.body}` : r.body;
	const segments = diffWords(text(previous), text(revision));
	return {
		course: { slug: course.slug, title: course.title },
		revision: {
			number: revision.number,
			title: revision.title,
			target: revision.targetType,
			targetId: revision.targetId,
			summary: revision.summary,
			author: found.author
		},
		previous: previous ? { number: previous.number, title: previous.title } : null,
		// A glossary term still there links to its history.
		live: revision.targetType === 'glossaryTerm' && !!(await getTerm(db, course.id, revision.targetId)),
		segments,
		stats: diffStats(segments)
	};
};
