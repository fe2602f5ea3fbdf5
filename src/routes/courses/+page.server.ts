import type { PageServerLoad } from './$types';
import { searchSchema } from '#lib/server/features/courses/courses.schemas.ts';
import { searchCatalogue } from '#lib/server/features/courses/catalogue.service.ts';
import { can } from '#lib/server/features/authz/policy.ts';

export const load: PageServerLoad = async ({ url, locals }) => {
	const input = searchSchema.parse(Object.fromEntries(url.searchParams));
	return {
		search: input,
		result: await searchCatalogue(locals.app.db, input),
		canCreate: can(locals.actor, 'course.create')
	};
};
