import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { courseFromSlug } from '#lib/server/features/courses/access.ts';
import { renderMarkdown } from '#lib/server/features/courses/markdown.ts';
import { currentTerms, termsHistory, termsVersion } from '#lib/server/features/community/terms.service.ts';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { course, canEdit } = await courseFromSlug(locals.app.db, locals.actor, params.slug);
	const scope = { scopeType: 'course', scopeId: course.id } as const;
	const asked = url.searchParams.get('version');
	let row;
	if (asked !== null) {
		if (!/^\d{1,6}$/.test(asked)) error(404, 'error.notFound');
		row = await termsVersion(locals.app.db, scope, Number(asked));
		if (!row) error(404, 'error.notFound');
	} else row = await currentTerms(locals.app.db, scope);
	const history = await termsHistory(locals.app.db, scope);
	return {
		course: { slug: course.slug, title: course.title },
		canEdit,
		current: row
			? {
					version: row.version,
					publishedAt: row.publishedAt.toISOString(),
					html: renderMarkdown(row.body),
					allowsPrivateGroups: row.allowsPrivateGroups
				}
			: null,
		history: history.map((h) => ({ version: h.version, publishedAt: h.publishedAt.toISOString() }))
	};
};
