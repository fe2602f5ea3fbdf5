import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import type { DbLike } from '../db/client.ts';
import { rowsOf } from '../db/rows.ts';
import type { RoleGrant } from '../features/authz/policy.ts';
import { SESSION_UPDATE_AGE_SECONDS } from '../features/accounts/auth.ts';
import type { CachedSession } from '../features/accounts/session-cache.ts';

const COOKIE = /(?:^|;\s*)(?:__Secure-)?essaim\.session_token=([^;]+)/;

/**
 * The session token from better-auth's signed cookie (`token.base64(HMAC-SHA256(secret, token))`),
 * or undefined when the cookie is absent or its signature is wrong.
 */
export function sessionToken(cookieHeader: string | null, secret: string): string | undefined {
	const raw = cookieHeader ? COOKIE.exec(cookieHeader)?.[1] : undefined;
	if (!raw) return undefined;
	let value: string;
	try {
		value = decodeURIComponent(raw);
	} catch {
		return undefined;
	}
	const dot = value.lastIndexOf('.');
	if (dot <= 0) return undefined;
	const token = value.slice(0, dot);
	const given = Buffer.from(value.slice(dot + 1));
	const expected = Buffer.from(createHmac('sha256', secret).update(token).digest('base64'));
	return given.length === expected.length && timingSafeEqual(given, expected) ? token : undefined;
}

interface SessionRow {
	session_id: string;
	session_updated_at: string | Date;
	id: string;
	email: string;
	email_verified: boolean;
	name: string;
	handle: string;
	locale: string;
	avatar_key: string | null;
	roles: RoleGrant[] | string;
	unread: number;
	terms_pending: boolean;
}

/** A live session of an active account, with the person and their roles, in one query. */
export async function findSession(db: DbLike, token: string) {
	const result = await db.execute(sql`
		select s.id as session_id, s.updated_at as session_updated_at,
			u.id, u.email, u.email_verified, u.name, u.handle, u.locale, u.avatar_key,
			coalesce((select json_agg(json_build_object('role', r.role, 'scopeType', r.scope_type, 'scopeId', r.scope_id))
				from role_assignments r where r.user_id = u.id), '[]'::json) as roles,
			(select count(*)::int from (select 1 from notifications n
				where n.user_id = u.id and n.read_at is null limit 100) unread) as unread,
			coalesce((select not exists (select 1 from terms_acceptances ta where ta.user_id = u.id and ta.terms_version_id = tv.id)
				from terms_versions tv where tv.scope_type = 'instance' and tv.scope_id = ''
				order by tv.version desc limit 1), false) as terms_pending
		from sessions s join users u on u.id = s.user_id
		where s.token = ${token} and s.expires_at > now() and u.suspended_at is null and u.deleted_at is null`);
	return rowsOf<SessionRow>(result)[0];
}

function toCached(row: SessionRow): CachedSession {
	return {
		sessionId: row.session_id,
		sessionUpdatedAt: new Date(row.session_updated_at).getTime(),
		user: {
			id: row.id,
			email: row.email,
			emailVerified: row.email_verified,
			name: row.name,
			handle: row.handle,
			locale: row.locale,
			avatarKey: row.avatar_key
		},
		roles: typeof row.roles === 'string' ? JSON.parse(row.roles) : row.roles,
		unreadNotifications: Number(row.unread ?? 0),
		termsPending: row.terms_pending === true
	};
}

const isRead = (method: string) => method === 'GET' || method === 'HEAD';

/**
 * Reads the session cookie (only when there is one, so anonymous pages cost no query) and puts
 * the person and their roles on `locals`, with one query — or none, for page reads within a
 * few seconds of the last one (session-cache.ts). Suspended or deleted accounts are treated
 * as logged out. Once a day a session is refreshed through better-auth, which extends it and
 * re-sends the cookie.
 */
export async function resolveSession(event: RequestEvent) {
	event.locals.user = null;
	event.locals.sessionId = null;
	event.locals.actor = null;
	event.locals.unreadNotifications = 0;
	event.locals.termsPending = false;
	const { app } = event.locals;
	const token = sessionToken(event.request.headers.get('cookie'), app.auth.options.secret!);
	if (!token) return;
	const read = isRead(event.request.method);
	let session = read ? app.sessionCache.get(token) : undefined;
	if (!session) {
		const row = await findSession(app.db, token);
		if (!row) return;
		session = toCached(row);
		if (Date.now() - session.sessionUpdatedAt > SESSION_UPDATE_AGE_SECONDS * 1000) {
			const refreshed = await app.auth.api.getSession({ headers: event.request.headers, returnHeaders: true });
			if (!refreshed.response) return;
			applyAuthCookies(event, refreshed.headers);
			session = { ...session, sessionUpdatedAt: Date.now() };
		}
		if (read) app.sessionCache.set(token, session.user.id, session);
	}
	event.locals.user = session.user;
	event.locals.sessionId = session.sessionId;
	event.locals.actor = { id: session.user.id, roles: session.roles };
	event.locals.unreadNotifications = session.unreadNotifications ?? 0;
	event.locals.termsPending = session.termsPending ?? false;
}

/** After a write by a logged-in person, their cached sessions may be stale: forget them. */
export function afterRequest(event: RequestEvent) {
	if (event.locals.user && !isRead(event.request.method))
		event.locals.app.sessionCache.forgetUser(event.locals.user.id);
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
