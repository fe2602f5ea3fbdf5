/**
 * RFC 8058 one-click unsubscribe: mail providers POST `List-Unsubscribe=One-Click` to the link
 * in the List-Unsubscribe header, from their servers, with no Origin header, which SvelteKit's
 * cross-site form check refuses. That page reads no cookie: the signed token in its URL is the
 * whole authorisation, so scripts/start.ts lets this one path through by naming our own origin.
 */
export const UNSUBSCRIBE_PATH = '/notifications/unsubscribe';

export function isOneClickUnsubscribe(method: string | undefined, url: string | undefined, origin: unknown) {
	return method === 'POST' && !origin && !!url && url.startsWith(`${UNSUBSCRIBE_PATH}?`);
}
