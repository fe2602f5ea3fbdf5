import { z } from 'zod';
import type { PageServerLoad } from './$types';
import { listUsers, USER_FILTERS } from '#lib/server/features/admin/admin.service.ts';
import { requirePermission } from '#lib/server/http/guards.ts';

const querySchema = z.object({
	q: z.string().trim().max(100).catch(''),
	filter: z.enum(USER_FILTERS).catch('all'),
	page: z.coerce.number().int().min(1).max(100_000).catch(1)
});

export const load: PageServerLoad = async (event) => {
	requirePermission(event, 'user.list');
	const params = event.url.searchParams;
	const query = querySchema.parse({
		q: params.get('q') ?? '',
		filter: params.get('filter') ?? 'all',
		page: params.get('page') ?? 1
	});
	const result = await listUsers(event.locals.app, query);
	const href = (page: number) => {
		const p = new URLSearchParams();
		if (query.q) p.set('q', query.q);
		if (query.filter !== 'all') p.set('filter', query.filter);
		if (page > 1) p.set('page', String(page));
		return `?${p}`;
	};
	return {
		query,
		...result,
		filters: USER_FILTERS,
		previousHref: result.page > 1 ? href(result.page - 1) : null,
		nextHref: result.page < result.pages ? href(result.page + 1) : null
	};
};
