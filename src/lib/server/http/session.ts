import type { RequestEvent } from '@sveltejs/kit';
import { rolesOf } from '../features/authz/roles.service.ts';

/**
 * Reads the session cookie (only when there is one, so anonymous pages cost no query) and puts
 * the person and their roles on `locals`. Suspended or deleted accounts are treated as logged out.
 */
export async function resolveSession(event: RequestEvent) {
	event.locals.user = null;
	event.locals.sessionId = null;
	event.locals.actor = null;
	const cookie = event.request.headers.get('cookie');
	if (!cookie || !cookie.includes('essaim.session_token')) return;
	const { app } = event.locals;
	const found = await app.auth.api.getSession({ headers: event.request.headers });
	if (!found) return;
	const u = found.user as typeof found.user & {
		handle: string;
		locale: string;
		avatarKey?: string | null;
		suspendedAt?: Date | null;
		deletedAt?: Date | null;
	};
	if (u.suspendedAt || u.deletedAt) return;
	event.locals.user = {
		id: u.id,
		email: u.email,
		emailVerified: u.emailVerified,
		name: u.name,
		handle: u.handle,
		locale: u.locale,
		avatarKey: u.avatarKey ?? null
	};
	event.locals.sessionId = found.session.id;
	event.locals.actor = { id: u.id, roles: await rolesOf(app.db, u.id) };
}

/** Copies better-auth's Set-Cookie headers onto a SvelteKit response. */
export function applyAuthCookies(event: RequestEvent, headers: Headers) {
	for (const c of headers.getSetCookie()) {
		const [pair = '', ...attrs] = c.split(';').map((s) => s.trim());
		const eq = pair.indexOf('=');
		const name = pair.slice(0, eq);
		const value = decodeURIComponent(pair.slice(eq + 1));
		const opts: Record<string, string | number | boolean> = { path: '/' };
		for (const a of attrs) {
			const [k = '', v] = a.split('=');
			const key = k.toLowerCase();
			if (key === 'max-age') opts.maxAge = Number(v);
			else if (key === 'path') opts.path = v ?? '/';
			else if (key === 'httponly') opts.httpOnly = true;
			else if (key === 'secure') opts.secure = true;
			else if (key === 'samesite') opts.sameSite = (v ?? 'lax').toLowerCase();
			else if (key === 'expires') opts.expires = v ?? '';
		}
		event.cookies.set(name, value, {
			path: String(opts.path),
			httpOnly: opts.httpOnly === true,
			secure: opts.secure === true,
			sameSite: (opts.sameSite as 'lax' | 'strict' | 'none') ?? 'lax',
			...(opts.maxAge !== undefined ? { maxAge: Number(opts.maxAge) } : {}),
			...(opts.expires ? { expires: new Date(String(opts.expires)) } : {})
		});
	}
}
