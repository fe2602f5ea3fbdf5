import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { renderMarkdown } from '#lib/server/features/courses/markdown.ts';
import { termsHistory, termsVersion } from '#lib/server/features/community/terms.service.ts';

export const load: PageServerLoad = async ({ locals, params }) => {
	const version = /^\d{1,6}$/.test(params.version) ? Number(params.version) : NaN;
	if (!version) error(404, 'error.notFound');
	const scope = { scopeType: 'instance' } as const;
	const [row, history] = await Promise.all([
		termsVersion(locals.app.db, scope, version),
		termsHistory(locals.app.db, scope)
	]);
	if (!row) error(404, 'error.notFound');
	return {
		current: { version: row.version, publishedAt: row.publishedAt.toISOString(), html: renderMarkdown(row.body) },
		history: history.map((h) => ({ version: h.version, publishedAt: h.publishedAt.toISOString() }))
	};
};
