import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '#lib/server/http/forms.ts';
import {
	createVerifiedAccount,
	changePassword,
	logIn,
	requestPasswordReset,
	resetPassword,
	signUp,
	listSessions,
	revokeAllSessions,
	deviceOf,
	resetTokenOwner
} from './accounts.service.ts';
import { isActionFailure, isRedirect } from '@sveltejs/kit';
import * as forgotPage from '../../../../routes/forgot-password/+page.server.ts';
import * as resetPage from '../../../../routes/reset-password/+page.server.ts';

let t: TestApp;
beforeAll(async () => {
	t = await createTestApp();
});
afterAll(() => t?.close());

const meta = { ip: '198.51.100.7', userAgent: 'vitest' };

async function refusal(p: Promise<unknown>) {
	try {
		await p;
	} catch (err) {
		if (err instanceof FormError) return { status: err.status, errors: err.errors };
		throw err;
	}
	throw new Error('expected a FormError');
}

describe('sign-up', () => {
	it('creates an account, opens a session, emits UserRegistered and sends a verification mail', async () => {
		const seen: string[] = [];
		t.app.events.on('UserRegistered', (e) => void seen.push(e.handle));
		const { userId, headers } = await signUp(
			t.app,
			{ email: 'Ines@Example.org', password: 'une phrase assez longue', name: 'Inès', handle: 'ines', locale: 'fr' },
			meta
		);
		expect(userId).toMatch(/^[0-9a-f-]{36}$/);
		expect(headers.getSetCookie().join()).toContain('essaim.session_token=');
		expect(seen).toEqual(['ines']);
		await t.app.jobs.runDue();
		const mail = t.mails.find((m) => m.to === 'ines@example.org');
		expect(mail?.subject).toContain('Confirmez votre adresse');
		expect(mail?.text).toContain('/api/auth/verify-email?token=');
	});

	it('refuses a duplicate email (409, next to the email field), whatever its case', async () => {
		const r = await refusal(
			signUp(
				t.app,
				{ email: 'INES@example.org', password: 'une autre phrase longue', name: 'X', handle: 'other', locale: 'fr' },
				meta
			)
		);
		expect(r).toEqual({ status: 409, errors: { email: { key: 'errors.emailTaken' } } });
	});

	it('refuses a duplicate or reserved handle', async () => {
		const taken = await refusal(
			signUp(
				t.app,
				{ email: 'x1@example.org', password: 'une autre phrase longue', name: 'X', handle: 'ines', locale: 'fr' },
				meta
			)
		);
		expect(taken.errors.handle?.key).toBe('errors.handleTaken');
		const reserved = await refusal(
			signUp(
				t.app,
				{ email: 'x2@example.org', password: 'une autre phrase longue', name: 'X', handle: 'admin', locale: 'fr' },
				meta
			)
		);
		expect(reserved.errors.handle?.key).toBe('errors.handleReserved');
	});

	it('refuses a common password', async () => {
		const r = await refusal(
			signUp(t.app, { email: 'x3@example.org', password: 'motdepasse123', name: 'X', handle: 'x3', locale: 'fr' }, meta)
		);
		expect(r).toEqual({ status: 422, errors: { password: { key: 'errors.passwordCommon' } } });
	});
});

describe('log-in', () => {
	it('opens a session with the right password and refuses a wrong one with one message', async () => {
		const u = await createUser(t.app, { email: 'login@example.org' });
		const ok = await logIn(t.app, { email: 'login@example.org', password: u.password }, meta);
		expect(ok.userId).toBe(u.id);
		const r = await refusal(logIn(t.app, { email: 'login@example.org', password: 'wrong password!' }, meta));
		expect(r).toEqual({ status: 400, errors: { _form: { key: 'auth.invalidCredentials' } } });
		const unknown = await refusal(logIn(t.app, { email: 'nobody@example.org', password: 'wrong password!' }, meta));
		expect(unknown.errors).toEqual(r.errors);
	});

	it('rate-limits repeated attempts on one account, across calls, in the database', async () => {
		await createUser(t.app, { email: 'target@example.org' });
		let last;
		for (let i = 0; i < 11; i++) {
			last = await refusal(
				logIn(t.app, { email: 'target@example.org', password: `guess number ${i}` }, { ip: `203.0.113.${i}` })
			);
		}
		expect(last?.status).toBe(429);
		expect(last?.errors._form?.key).toBe('error.tooMany');
	});
});

describe('passwords and sessions', () => {
	it('resets a forgotten password through the mailed link, and old sessions end', async () => {
		const u = await createUser(t.app, { email: 'forgot@example.org' });
		await requestPasswordReset(t.app, 'forgot@example.org', meta);
		await t.app.jobs.runDue();
		const mail = t.mails.findLast((m) => m.to === 'forgot@example.org')!;
		const token = /reset-password\/([^?\s]+)/.exec(mail.text)![1]!;
		await resetPassword(t.app, { token, newPassword: 'a brand new long phrase' });
		expect(await listSessions(t.app, u.id)).toHaveLength(0);
		const ok = await logIn(t.app, { email: 'forgot@example.org', password: 'a brand new long phrase' }, meta);
		expect(ok.userId).toBe(u.id);
		const reused = await refusal(resetPassword(t.app, { token, newPassword: 'yet another long phrase' }));
		expect(reused).toEqual({ status: 400, errors: { _form: { key: 'auth.resetInvalid' } } });
	});

	it('changes the password only with the current one', async () => {
		const u = await createUser(t.app);
		const r = await refusal(
			changePassword(t.app, u.cookie, { currentPassword: 'not it at all', newPassword: 'another long phrase' }, meta)
		);
		expect(r.errors.currentPassword?.key).toBe('auth.wrongPassword');
		await changePassword(t.app, u.cookie, { currentPassword: u.password, newPassword: 'another long phrase' }, meta);
		expect((await logIn(t.app, { email: u.email, password: 'another long phrase' }, meta)).userId).toBe(u.id);
	});

	it('logs out everywhere', async () => {
		const u = await createUser(t.app);
		await logIn(t.app, { email: u.email, password: u.password }, meta);
		expect((await listSessions(t.app, u.id)).length).toBe(2);
		await revokeAllSessions(t.app, u.id);
		expect(await listSessions(t.app, u.id)).toHaveLength(0);
		expect(await t.app.auth.api.getSession({ headers: new Headers({ cookie: u.cookie }) })).toBeNull();
	});
});

describe('device summaries', () => {
	it.each([
		['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox', 'Linux'],
		[
			'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0',
			'Edge',
			'Windows'
		],
		[
			'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
			'Safari',
			'iOS'
		],
		[
			'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
			'Chrome',
			'macOS'
		]
	])('reads %s', (ua, browser, os) => {
		expect(deviceOf(ua)).toEqual({ browser, os });
	});

	it('says nothing it does not know', () => {
		expect(deviceOf(undefined)).toEqual({ browser: null, os: null });
		expect(deviceOf('vitest')).toEqual({ browser: null, os: null });
	});
});

/** Runs a page's action or load with the request a browser without JavaScript would send. */
async function page(handler: unknown, path: string, form?: Record<string, string>, ip = '192.0.2.80') {
	const url = new URL(path, 'http://localhost:3000');
	const request = new Request(url, {
		method: form ? 'POST' : 'GET',
		body: form ? new URLSearchParams(form) : undefined
	});
	const event = { request, url, locals: { app: t.app, user: null }, getClientAddress: () => ip, cookies: {} };
	try {
		const out = await (handler as (e: unknown) => unknown)(event);
		if (isActionFailure(out)) return { status: out.status, data: out.data as unknown as Record<string, unknown> };
		return { status: 200, data: out as Record<string, unknown> };
	} catch (err) {
		if (isRedirect(err)) return { status: err.status, location: err.location };
		throw err;
	}
}

async function resetLink(email: string) {
	await t.app.jobs.runDue();
	const mail = t.mails.findLast((m) => m.to === email)!;
	return /https?:\/\/\S+reset-password\/\S+/.exec(mail.text)![0];
}

describe('forgotten password pages', () => {
	it('answers the same whether or not the address has an account, and mails only the real one', async () => {
		await createUser(t.app, { email: 'has-account@example.org' });
		await t.app.jobs.runDue();
		const before = t.mails.length;
		const known = await page(
			forgotPage.actions.default,
			'/forgot-password',
			{ email: 'Has-Account@example.org' },
			'192.0.2.81'
		);
		const unknown = await page(
			forgotPage.actions.default,
			'/forgot-password',
			{ email: 'no-account@example.org' },
			'192.0.2.81'
		);
		expect(known).toEqual({ status: 200, data: { sent: 'has-account@example.org' } });
		expect(unknown).toEqual({ status: 200, data: { sent: 'no-account@example.org' } });
		await t.app.jobs.runDue();
		expect(t.mails.slice(before).map((m) => m.to)).toEqual(['has-account@example.org']);
	});

	it.each([
		['missing', {}, 'errors.required'],
		['invalid', { email: 'nope' }, 'errors.email'],
		['oversize', { email: `${'x'.repeat(260)}@example.org` }, 'errors.tooLong']
	])('refuses a %s address with a 400 next to the field', async (_, form, key) => {
		const r = await page(forgotPage.actions.default, '/forgot-password', form, '192.0.2.82');
		expect(r).toMatchObject({ status: 400, data: { errors: { email: { key } } } });
	});

	it('is rate-limited, with the 429 message in the form', async () => {
		const statuses: number[] = [];
		let last;
		for (let i = 0; i < 6; i++) {
			last = await page(
				forgotPage.actions.default,
				'/forgot-password',
				{ email: `probe${i}@example.org` },
				'192.0.2.83'
			);
			statuses.push(last.status);
		}
		expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
		expect(last).toMatchObject({
			data: { errors: { _form: { key: 'error.tooMany' } }, values: { email: 'probe5@example.org' } }
		});
	});

	it('follows the mailed link to the form, then to /login with a message; the link works once', async () => {
		const u = await createUser(t.app, { email: 'reset-page@example.org', handle: 'reset_page' });
		await requestPasswordReset(t.app, u.email, { ip: '192.0.2.84' });
		const link = await resetLink(u.email);
		const res = await t.app.auth.handler(new Request(link));
		expect(res.status).toBe(302);
		const target = new URL(res.headers.get('location')!, 'http://localhost:3000');
		expect(target.pathname).toBe('/reset-password');
		const token = target.searchParams.get('token')!;
		expect((await page(resetPage.load, target.href)).data).toMatchObject({ token });

		const common = await page(resetPage.actions.default, target.href, { token, newPassword: 'Reset_Page1' });
		expect(common).toMatchObject({ status: 422, data: { errors: { newPassword: { key: 'errors.passwordCommon' } } } });
		const short = await page(resetPage.actions.default, target.href, { token, newPassword: 'short' });
		expect(short).toMatchObject({ status: 400, data: { errors: { newPassword: { key: 'errors.passwordShort' } } } });
		expect(short.data).not.toHaveProperty('values.token');

		const done = await page(resetPage.actions.default, target.href, { token, newPassword: 'a fresh and long phrase' });
		expect(done).toEqual({ status: 303, location: '/login?reset=1' });
		expect(await listSessions(t.app, u.id)).toHaveLength(0);
		expect((await logIn(t.app, { email: u.email, password: 'a fresh and long phrase' }, meta)).userId).toBe(u.id);

		const reused = await page(resetPage.actions.default, target.href, {
			token,
			newPassword: 'yet another fresh phrase'
		});
		expect(reused).toMatchObject({ status: 400, data: { errors: { _form: { key: 'auth.resetInvalid' } } } });
		expect((await page(resetPage.load, target.href)).data).toMatchObject({ token: null });
		const again = await t.app.auth.handler(new Request(link));
		const refused = new URL(again.headers.get('location')!, 'http://localhost:3000');
		expect(refused.pathname + refused.search).toBe('/reset-password?error=INVALID_TOKEN');
		expect((await page(resetPage.load, '/reset-password?error=INVALID_TOKEN')).data).toMatchObject({ token: null });
	});

	it('refuses unknown, missing or oversize tokens without a 500', async () => {
		expect(await resetTokenOwner(t.app, 'x'.repeat(500))).toBeNull();
		expect((await page(resetPage.load, '/reset-password')).data).toMatchObject({ token: null });
		expect((await page(resetPage.load, '/reset-password?token=bad')).data).toMatchObject({ token: null });
		const bad = await page(resetPage.actions.default, '/reset-password?token=bad', {
			token: 'bad',
			newPassword: 'a long enough phrase'
		});
		expect(bad).toMatchObject({ status: 400, data: { errors: { _form: { key: 'auth.resetInvalid' } } } });
		const missing = await page(resetPage.actions.default, '/reset-password', { newPassword: 'a long enough phrase' });
		expect(missing.status).toBe(400);
		const huge = await page(resetPage.actions.default, '/reset-password', {
			token: 'x'.repeat(500),
			newPassword: 'a long enough phrase'
		});
		expect(huge.status).toBe(400);
	});
});

describe('accounts created by an operator', () => {
	it('are verified, have no session and get no confirmation mail; reserved handles are allowed', async () => {
		const before = t.mails.length;
		const { userId } = await createVerifiedAccount(t.app, {
			email: 'Operator@Example.org',
			password: 'a long operator phrase',
			name: 'Op',
			handle: 'support',
			locale: 'en'
		});
		await t.app.jobs.runDue();
		expect(t.mails.length).toBe(before);
		expect(await listSessions(t.app, userId)).toHaveLength(0);
		const ok = await logIn(t.app, { email: 'operator@example.org', password: 'a long operator phrase' }, meta);
		expect(ok.userId).toBe(userId);
		await expect(
			createVerifiedAccount(t.app, {
				email: 'x9@example.org',
				password: 'a long operator phrase',
				name: 'X',
				handle: 'SUPPORT',
				locale: 'fr'
			})
		).rejects.toMatchObject({ status: 409, errors: { handle: { key: 'errors.handleTaken' } } });
	});
});
