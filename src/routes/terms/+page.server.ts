import type { PageServerLoad } from './$types';
import { renderMarkdown } from '#lib/server/features/courses/markdown.ts';
import { currentTerms, termsHistory } from '#lib/server/features/community/terms.service.ts';

export const load: PageServerLoad = async ({ locals }) => {
	const scope = { scopeType: 'instance' } as const;
	const [current, history] = await Promise.all([
		currentTerms(locals.app.db, scope),
		termsHistory(locals.app.db, scope)
	]);
	return {
		current: current
			? { version: current.version, publishedAt: current.publishedAt.toISOString(), html: renderMarkdown(current.body) }
			: null,
		history: history.map((h) => ({ version: h.version, publishedAt: h.publishedAt.toISOString() }))
	};
};
