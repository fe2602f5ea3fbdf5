import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '#lib/server/http/forms.ts';
import {
	changePassword,
	logIn,
	requestPasswordReset,
	resetPassword,
	signUp,
	listSessions,
	revokeAllSessions
} from './accounts.service.ts';

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
		expect(reused.errors.newPassword?.key).toBe('auth.resetInvalid');
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
