import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { can, type Action, type Resource } from '../features/authz/policy.ts';

/** The logged-in person, or a redirect to the log-in page that comes back here afterwards. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const { user, actor } = event.locals;
	if (!user || !actor) redirect(303, `/login?redirectTo=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	return { user, actor };
}

/** Like requireUser, then 403 unless the policy allows the action. */
export function requirePermission(event: Pick<RequestEvent, 'locals' | 'url'>, action: Action, resource?: Resource) {
	const who = requireUser(event);
	if (!can(who.actor, action, resource)) error(403, 'error.forbidden');
	return who;
}
