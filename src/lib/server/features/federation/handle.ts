/**
 * The request pipeline's federation step. Most requests are pages and assets: they pass through
 * after two string checks, without touching Fedify.
 */
import type { Handle } from '@sveltejs/kit/hooks';

const FEDERATION_PATHS = new Set(['/.well-known/webfinger', '/.well-known/nodeinfo', '/nodeinfo/2.1', '/inbox']);
const JSON_LD = /application\/(activity\+json|ld\+json|json)/i;

/** Could Fedify answer this request? False means it certainly cannot. */
export function mayBeFederation(request: Request, pathname: string): boolean {
	if (FEDERATION_PATHS.has(pathname)) return true;
	// Actors and their collections share `/@handle` with the HTML profile: only JSON-LD goes to
	// Fedify, except POSTs to an inbox, which may carry any content type.
	if (!pathname.startsWith('/@')) return false;
	if (request.method === 'POST') return pathname.endsWith('/inbox');
	return JSON_LD.test(request.headers.get('accept') ?? '');
}

export const federationHandle: Handle = async ({ event, resolve }) => {
	const { pathname } = event.url;
	const response = mayBeFederation(event.request, pathname)
		? await event.locals.app.federation.fetch(event.request, () => resolve(event))
		: await resolve(event);
	// `/@handle` answers HTML or JSON-LD depending on Accept: caches must keep both apart.
	if (pathname.startsWith('/@') && !/\baccept\b/i.test(response.headers.get('vary') ?? '')) {
		response.headers.append('vary', 'Accept');
	}
	return response;
};
