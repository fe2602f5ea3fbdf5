import type { PageServerLoad } from './$types';
import { searchSchema } from '#lib/server/features/courses/courses.schemas.ts';
import { searchCatalogue } from '#lib/server/features/courses/catalogue.service.ts';
import { can } from '#lib/server/features/authz/policy.ts';

export const load: PageServerLoad = async ({ url, locals }) => {
	const input = searchSchema.parse(Object.fromEntries(url.searchParams));
	const result = await searchCatalogue(locals.app.db, input);
	const pageLink = (page: number) => {
		const p = new URLSearchParams({ ...input, page: String(page) });
		for (const [k, v] of [...p]) if (!v) p.delete(k);
		return `/courses?${p}`;
	};
	return {
		search: input,
		result,
		previousPage: result.page > 1 ? pageLink(result.page - 1) : undefined,
		nextPage: result.page < result.pages ? pageLink(result.page + 1) : undefined,
		canCreate: can(locals.actor, 'course.create')
	};
};
