import type { LayoutServerLoad } from './$types';
import { requirePermission } from '#lib/server/http/guards.ts';

/** Every administration page needs `admin.access`; each page and action then checks its own action. */
export const load: LayoutServerLoad = (event) => {
	requirePermission(event, 'admin.access');
	return {};
};
