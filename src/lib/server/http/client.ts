import type { RequestEvent } from '@sveltejs/kit';
import type { ClientMeta } from '../features/accounts/accounts.service.ts';

export function clientMeta(event: RequestEvent): ClientMeta {
	let ip = '0.0.0.0';
	try {
		ip = event.getClientAddress();
	} catch {
		// No client address (e.g. an in-process test request).
	}
	return { ip, userAgent: event.request.headers.get('user-agent')?.slice(0, 300) ?? undefined };
}

/** Only same-site paths are followed after a form, never another host. */
export function safeRedirect(target: unknown, fallback = '/'): string {
	return typeof target === 'string' && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\')
		? target
		: fallback;
}
