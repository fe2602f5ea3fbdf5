/**
 * Accounts: sign-up, log-in, log-out, passwords, email, sessions. Each function takes plain
 * values; where a browser session is involved it takes and returns headers (cookies), which
 * routes copy onto the response. Rate limits are checked here so every caller gets them.
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import { isAPIError } from 'better-auth/api';
import type { App } from '../../app.ts';
import { FormError } from '../../http/forms.ts';
import { hit, RATE_RULES, type RateRule } from '../platform/rate-limit.ts';
import { isCommonPassword } from './common-passwords.ts';
import { RESERVED_HANDLES } from './accounts.schemas.ts';
import { sessions, users } from './accounts.table.ts';

export interface ClientMeta {
	ip: string;
	userAgent?: string;
}

type Ctx = Pick<App, 'db' | 'auth' | 'events' | 'config'>;

function authHeaders(meta: ClientMeta, cookie?: string) {
	const h = new Headers({ 'x-forwarded-for': meta.ip, 'user-agent': meta.userAgent ?? '' });
	if (cookie) h.set('cookie', cookie);
	return h;
}

async function limit(ctx: Ctx, key: string, rule: RateRule) {
	if (!ctx.config.RATE_LIMITS) return;
	const d = await hit(ctx.db, key, rule);
	if (!d.allowed)
		throw new FormError(429, { _form: { key: 'error.tooMany', params: { seconds: d.retryAfterSeconds } } });
}

export async function emailTaken(ctx: Pick<App, 'db'>, email: string, exceptUserId?: string) {
	const [row] = await ctx.db
		.select({ id: users.id })
		.from(users)
		.where(
			and(sql`lower(${users.email}) = ${email.toLowerCase()}`, exceptUserId ? ne(users.id, exceptUserId) : undefined)
		);
	return !!row;
}

export async function checkHandle(ctx: Pick<App, 'db'>, handle: string, exceptUserId?: string) {
	if (RESERVED_HANDLES.has(handle)) throw new FormError(409, { handle: { key: 'errors.handleReserved' } });
	const [row] = await ctx.db
		.select({ id: users.id })
		.from(users)
		.where(
			and(sql`lower(${users.handle}) = ${handle.toLowerCase()}`, exceptUserId ? ne(users.id, exceptUserId) : undefined)
		);
	if (row) throw new FormError(409, { handle: { key: 'errors.handleTaken' } });
}

export function checkPasswordStrength(password: string, personal: string[], field = 'password') {
	if (isCommonPassword(password, personal)) throw new FormError(422, { [field]: { key: 'errors.passwordCommon' } });
}

type NewAccount = { email: string; password: string; name: string; handle: string; locale: string };

/** What every new account must satisfy, however it is created. */
async function checkNewAccount(ctx: Ctx, input: NewAccount, opts: { skipReservedCheck?: boolean } = {}) {
	checkPasswordStrength(input.password, [input.email.split('@')[0]!, input.handle, input.name]);
	if (await emailTaken(ctx, input.email)) throw new FormError(409, { email: { key: 'errors.emailTaken' } });
	if (opts.skipReservedCheck) {
		const [row] = await ctx.db
			.select({ id: users.id })
			.from(users)
			.where(sql`lower(${users.handle}) = ${input.handle.toLowerCase()}`);
		if (row) throw new FormError(409, { handle: { key: 'errors.handleTaken' } });
	} else await checkHandle(ctx, input.handle);
}

/** Creates an account and opens its first session; a confirmation mail follows. Emits UserRegistered. */
export async function signUp(ctx: Ctx, input: NewAccount, meta: ClientMeta) {
	await limit(ctx, `signup:${meta.ip}`, RATE_RULES.signUp);
	await checkNewAccount(ctx, input);
	let result;
	try {
		result = await ctx.auth.api.signUpEmail({
			body: { ...input, callbackURL: '/account' },
			headers: authHeaders(meta),
			returnHeaders: true
		});
	} catch (err) {
		// Two sign-ups racing for the same address or handle: the unique index decides.
		if (isAPIError(err) || String(err).includes('unique')) {
			if (await emailTaken(ctx, input.email)) throw new FormError(409, { email: { key: 'errors.emailTaken' } });
			throw new FormError(409, { handle: { key: 'errors.handleTaken' } });
		}
		throw err;
	}
	const userId = result.response.user.id;
	await ctx.events.emit('UserRegistered', { userId, email: input.email, handle: input.handle, locale: input.locale });
	return { userId, headers: result.headers };
}

/**
 * Creates an account whose address is already trusted (an operator's command, the first
 * administrator): no session, no confirmation mail. Reserved handles are allowed here.
 */
export async function createVerifiedAccount(ctx: Ctx, input: NewAccount) {
	await checkNewAccount(ctx, input, { skipReservedCheck: true });
	const internal = await ctx.auth.$context;
	const user = await internal.internalAdapter.createUser(
		{
			email: input.email,
			name: input.name,
			handle: input.handle,
			locale: input.locale,
			emailVerified: true
		},
		{ method: 'email-password' }
	);
	await internal.internalAdapter.linkAccount({
		userId: user.id,
		providerId: 'credential',
		accountId: user.id,
		password: await internal.password.hash(input.password)
	});
	await ctx.events.emit('UserRegistered', {
		userId: user.id,
		email: input.email,
		handle: input.handle,
		locale: input.locale
	});
	return { userId: user.id };
}

/** Opens a session. Wrong email or password gives one message, so accounts cannot be probed. */
export async function logIn(ctx: Ctx, input: { email: string; password: string }, meta: ClientMeta) {
	await limit(ctx, `login:${meta.ip}`, RATE_RULES.logIn);
	await limit(ctx, `login-account:${input.email}`, RATE_RULES.logInAccount);
	try {
		const result = await ctx.auth.api.signInEmail({
			body: { email: input.email, password: input.password, rememberMe: true },
			headers: authHeaders(meta),
			returnHeaders: true
		});
		return { userId: result.response.user.id, headers: result.headers };
	} catch (err) {
		if (!isAPIError(err)) throw err;
		const [u] = await ctx.db
			.select({ suspendedAt: users.suspendedAt })
			.from(users)
			.where(sql`lower(${users.email}) = ${input.email}`);
		if (u?.suspendedAt && err.statusCode !== 401) throw new FormError(403, { _form: { key: 'auth.suspended' } });
		throw new FormError(400, { _form: { key: 'auth.invalidCredentials' } });
	}
}

export async function logOut(ctx: Ctx, cookie: string, meta: ClientMeta) {
	const result = await ctx.auth.api.signOut({ headers: authHeaders(meta, cookie), returnHeaders: true });
	return result.headers;
}

/** Sends a reset link if the address has an account; answers the same either way. */
export async function requestPasswordReset(ctx: Ctx, email: string, meta: ClientMeta) {
	await limit(ctx, `reset:${meta.ip}`, RATE_RULES.passwordReset);
	await limit(ctx, `reset-account:${email}`, RATE_RULES.passwordReset);
	await ctx.auth.api.requestPasswordReset({
		body: { email, redirectTo: '/reset-password' },
		headers: authHeaders(meta)
	});
}

/** The person a reset token belongs to, or null when it is unknown, used or expired. */
export async function resetTokenOwner(ctx: Pick<App, 'db' | 'auth'>, token: string) {
	if (!token || token.length > 200) return null;
	const adapter = (await ctx.auth.$context).internalAdapter;
	const v = await adapter.findVerificationValue(`reset-password:${token}`);
	if (!v || v.expiresAt < new Date()) return null;
	const [u] = await ctx.db
		.select({ id: users.id, email: users.email, handle: users.handle, name: users.name })
		.from(users)
		.where(eq(users.id, v.value));
	return u ?? null;
}

const personalOf = (u: { email: string; handle: string; name: string }) => [u.email.split('@')[0]!, u.handle, u.name];

/** Sets a new password from a mailed link; the token works once, and every session ends. */
export async function resetPassword(ctx: Ctx, input: { token: string; newPassword: string }) {
	const owner = await resetTokenOwner(ctx, input.token);
	if (!owner) throw new FormError(400, { _form: { key: 'auth.resetInvalid' } });
	checkPasswordStrength(input.newPassword, personalOf(owner), 'newPassword');
	try {
		await ctx.auth.api.resetPassword({ body: { token: input.token, newPassword: input.newPassword } });
	} catch (err) {
		if (isAPIError(err)) throw new FormError(400, { _form: { key: 'auth.resetInvalid' } });
		throw err;
	}
	await ctx.events.emit('PasswordReset', { userId: owner.id });
}

/**
 * Changes the password when the current one is right. Every other session ends; the returned
 * headers carry this device's new session cookie.
 */
export async function changePassword(
	ctx: Ctx,
	cookie: string,
	input: { currentPassword: string; newPassword: string },
	meta: ClientMeta,
	user?: { email: string; handle: string; name: string }
) {
	checkPasswordStrength(input.newPassword, user ? personalOf(user) : [], 'newPassword');
	try {
		const result = await ctx.auth.api.changePassword({
			body: { currentPassword: input.currentPassword, newPassword: input.newPassword, revokeOtherSessions: true },
			headers: authHeaders(meta, cookie),
			returnHeaders: true
		});
		return result.headers;
	} catch (err) {
		if (!isAPIError(err)) throw err;
		if (err.statusCode === 401) throw new FormError(401, { _form: { key: 'auth.sessionEnded' } });
		throw new FormError(400, { currentPassword: { key: 'auth.wrongPassword' } });
	}
}

/** Sends a confirmation link to the new address; the address changes when it is opened. */
export async function changeEmail(ctx: Ctx, cookie: string, userId: string, newEmail: string, meta: ClientMeta) {
	await limit(ctx, `verify-mail:${userId}`, RATE_RULES.verificationMail);
	const [me] = await ctx.db.select({ email: users.email }).from(users).where(eq(users.id, userId));
	if (me && me.email.toLowerCase() === newEmail.toLowerCase())
		throw new FormError(400, { email: { key: 'auth.sameEmail' } });
	if (await emailTaken(ctx, newEmail, userId)) throw new FormError(409, { email: { key: 'errors.emailTaken' } });
	try {
		await ctx.auth.api.changeEmail({
			body: { newEmail, callbackURL: '/account?email=changed' },
			headers: authHeaders(meta, cookie)
		});
	} catch (err) {
		if (!isAPIError(err)) throw err;
		if (err.statusCode === 401) throw new FormError(401, { _form: { key: 'auth.sessionEnded' } });
		throw new FormError(400, { email: { key: 'auth.sameEmail' } });
	}
}

/** Sends the sign-up confirmation link again (to an address that is not confirmed yet). */
export async function sendVerification(ctx: Ctx, user: { id: string; email: string }) {
	const [row] = await ctx.db.select({ emailVerified: users.emailVerified }).from(users).where(eq(users.id, user.id));
	if (!row || row.emailVerified) throw new FormError(409, { _form: { key: 'account.verify.already' } });
	await limit(ctx, `verify-mail:${user.id}`, RATE_RULES.verificationMail);
	await ctx.auth.api.sendVerificationEmail({ body: { email: user.email, callbackURL: '/account?email=verified' } });
}

export interface Device {
	browser: string | null;
	os: string | null;
}

const BROWSERS: [RegExp, string][] = [
	[/\bEdg(e|A|iOS)?\//, 'Edge'],
	[/\bOPR\/|\bOpera\b/, 'Opera'],
	[/\bSamsungBrowser\//, 'Samsung Internet'],
	[/\bVivaldi\//, 'Vivaldi'],
	[/\bFirefox\/|\bFxiOS\//, 'Firefox'],
	[/\bChrom(e|ium)\/|\bCriOS\//, 'Chrome'],
	[/\bSafari\//, 'Safari'],
	[/\bcurl\//, 'curl']
];
const SYSTEMS: [RegExp, string][] = [
	[/\bAndroid\b/, 'Android'],
	[/\b(iPhone|iPad|iPod)\b/, 'iOS'],
	[/\bCrOS\b/, 'ChromeOS'],
	[/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
	[/\bWindows\b/, 'Windows'],
	[/\bUbuntu\b/, 'Ubuntu'],
	[/\bLinux\b|\bX11\b/, 'Linux']
];

/** A readable summary of a User-Agent header: browser and system names, null when unknown. */
export function deviceOf(userAgent: string | null | undefined): Device {
	const ua = userAgent ?? '';
	return {
		browser: BROWSERS.find(([re]) => re.test(ua))?.[1] ?? null,
		os: SYSTEMS.find(([re]) => re.test(ua))?.[1] ?? null
	};
}

/** This person's open sessions, most recently active first, with a device summary. */
export async function listSessions(ctx: Pick<App, 'db'>, userId: string) {
	const rows = await ctx.db
		.select({
			id: sessions.id,
			ipAddress: sessions.ipAddress,
			userAgent: sessions.userAgent,
			createdAt: sessions.createdAt,
			updatedAt: sessions.updatedAt
		})
		.from(sessions)
		.where(and(eq(sessions.userId, userId), sql`${sessions.expiresAt} > now()`))
		.orderBy(sql`${sessions.updatedAt} desc`, sql`${sessions.id} desc`);
	return rows.map((r) => ({ ...r, device: deviceOf(r.userAgent) }));
}

/** Ends one of this person's other sessions (the current one ends with "log out"). */
export async function revokeSession(
	ctx: Pick<App, 'db'>,
	userId: string,
	sessionId: string,
	currentSessionId?: string | null
) {
	if (sessionId === currentSessionId) throw new FormError(400, { _form: { key: 'account.sessions.isCurrent' } });
	const gone = await ctx.db
		.delete(sessions)
		.where(and(eq(sessions.userId, userId), eq(sessions.id, sessionId)))
		.returning({ id: sessions.id });
	if (!gone.length) throw new FormError(404, { _form: { key: 'account.sessions.notFound' } });
}

/** "Log out everywhere": every session of this user, the current one included. */
export async function revokeAllSessions(ctx: Pick<App, 'db'>, userId: string) {
	await ctx.db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Ends every session of this person and returns the headers that clear this device's cookie. */
export async function logOutEverywhere(ctx: Ctx, cookie: string, userId: string, meta: ClientMeta) {
	const headers = await logOut(ctx, cookie, meta);
	await revokeAllSessions(ctx, userId);
	return headers;
}
