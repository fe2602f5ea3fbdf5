/**
 * Asks signed-in people to accept a new version of the instance's terms of use at their next
 * page visit. Costs nothing more per request: whether acceptance is pending comes with the
 * session lookup (http/session.ts), which is cached for page reads.
 */
import type { Handle } from '@sveltejs/kit/hooks';

/** Pages open without accepting: the terms themselves, leaving, one's data, mail links, assets. */
const OPEN = [
	'/terms',
	'/logout',
	'/login',
	'/signup',
	'/account/privacy',
	'/notifications/unsubscribe',
	'/preferences',
	'/api/',
	'/healthz',
	'/metrics',
	'/avatars/',
	'/media/',
	'/files/',
	'/uploads/',
	'/_app/',
	'/.well-known/'
];

export function mustAcceptTerms(pending: boolean, method: string, path: string) {
	if (!pending || (method !== 'GET' && method !== 'HEAD')) return false;
	return !OPEN.some((p) => path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`));
}

export const termsGate: Handle = async ({ event, resolve }) => {
	if (mustAcceptTerms(event.locals.termsPending, event.request.method, event.url.pathname))
		return new Response(null, {
			status: 303,
			headers: { location: `/terms/accept?next=${encodeURIComponent(event.url.pathname + event.url.search)}` }
		});
	return resolve(event);
};
