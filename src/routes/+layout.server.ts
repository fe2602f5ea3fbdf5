import type { LayoutServerLoad } from './$types';
import { can } from '#lib/server/features/authz/policy.ts';

export const load: LayoutServerLoad = ({ locals, cookies }) => ({
	locale: locals.locale,
	instanceName: locals.app.config.INSTANCE_NAME,
	theme: (['light', 'dark'] as const).find((t) => t === cookies.get('essaim_theme')) ?? 'auto',
	user: locals.user
		? { name: locals.user.name, handle: locals.user.handle, emailVerified: locals.user.emailVerified }
		: null,
	isStaff: can(locals.actor, 'admin.access'),
	// Counted by the session lookup (no extra query).
	unread: locals.user ? (locals.unreadNotifications ?? 0) : 0
});
