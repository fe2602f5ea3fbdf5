import type { PageServerLoad } from './$types';
import { can } from '#lib/server/features/authz/policy.ts';
import { describeConfig } from '#lib/server/config.ts';
import { instanceStats } from '#lib/server/features/admin/admin.service.ts';
import { requirePermission } from '#lib/server/http/guards.ts';

export const load: PageServerLoad = async (event) => {
	const { actor } = requirePermission(event, 'admin.access');
	const { app } = event.locals;
	return {
		stats: await instanceStats(app),
		canListUsers: can(actor, 'user.list'),
		config: can(actor, 'instance.configure')
			? Object.entries(describeConfig(app.config)).map(([key, value]) => ({
					key,
					value: value === undefined ? null : String(value)
				}))
			: null
	};
};
