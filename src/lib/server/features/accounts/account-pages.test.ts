/**
 * The account pages as a browser without JavaScript uses them: each test builds the request a
 * form would send, runs the route's load or action (session resolved by the real hook code),
 * and checks what the person would see: a redirect, a message next to a field, a new cookie.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isActionFailure, isRedirect } from '@sveltejs/kit';
import { createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { resolveSession } from '#lib/server/http/session.ts';
import { users } from './accounts.table.ts';
import { listSessions } from './accounts.service.ts';
import { eq } from 'drizzle-orm';
import * as accountPage from '../../../../routes/account/+page.server.ts';
import * as securityPage from '../../../../routes/account/security/+page.server.ts';
import * as signupPage from '../../../../routes/signup/+page.server.ts';

let t: TestApp;
beforeAll(async () => {
	t = await createTestApp();
});
afterAll(() => t?.close());

const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

interface Visit {
	cookie?: string;
	form?: Record<string, string>;
	ip?: string;
	ua?: string;
}
interface SetCookie {
	name: string;
	value: string;
	maxAge?: number;
}

/** Runs a load or an action as SvelteKit would for this request; returns what came out. */
async function visit(handler: unknown, path: string, v: Visit = {}) {
	const url = new URL(path, 'http://localhost:3000');
	const headers = new Headers({ 'user-agent': v.ua ?? FIREFOX_LINUX });
	if (v.cookie) headers.set('cookie', v.cookie);
	const request = new Request(url, {
		method: v.form ? 'POST' : 'GET',
		headers,
		body: v.form ? new URLSearchParams(v.form) : undefined
	});
	const cookies: SetCookie[] = [];
	const event = {
		request,
		url,
		params: {},
		route: { id: url.pathname },
		locals: { app: t.app, locale: 'fr' },
		getClientAddress: () => v.ip ?? '192.0.2.50',
		cookies: {
			get: () => undefined,
			set: (name: string, value: string, o: { maxAge?: number }) => void cookies.push({ name, value, ...o }),
			delete: (name: string) => void cookies.push({ name, value: '', maxAge: 0 })
		}
	};
	await resolveSession(event as never);
	try {
		const out = await (handler as (e: unknown) => unknown)(event);
		if (isActionFailure(out))
			return {
				status: out.status,
				data: out.data as unknown as { errors: Record<string, { key: string }>; values: Record<string, string> },
				cookies
			};
		return { status: 200, data: out as Record<string, unknown>, cookies };
	} catch (err) {
		if (isRedirect(err)) return { status: err.status, location: err.location, cookies };
		throw err;
	}
}

const cookieHeader = (set: SetCookie[]) =>
	set
		.filter((c) => c.maxAge !== 0)
		.map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
		.join('; ');

async function lastLink(to: string) {
	await t.app.jobs.runDue();
	const mail = t.mails.findLast((m) => m.to === to);
	expect(mail, `a mail to ${to}`).toBeDefined();
	return /https?:\/\/\S+/.exec(mail!.text)![0];
}

describe('/signup', () => {
	const form = (email: string, handle: string, redirectTo: string) => ({
		name: 'Ada',
		handle,
		email,
		password: 'violet lanterns hum above the quiet harbour',
		locale: 'fr',
		redirectTo
	});
	it('goes back to the page that sent the person (an invitation link) once the account exists', async () => {
		const page = await visit(signupPage.load, '/signup?redirectTo=%2Finvitations%2Fabc');
		expect(page.data).toMatchObject({ redirectTo: '/invitations/abc' });
		const r = await visit(signupPage.actions.default, '/signup', {
			form: form('ada@example.org', 'ada', '/invitations/abc')
		});
		expect(r).toMatchObject({ status: 303, location: '/invitations/abc' });
	});
	it('never follows a redirect to another host; the account page is the default', async () => {
		const r = await visit(signupPage.actions.default, '/signup', {
			form: form('grace@example.org', 'grace', '//evil.example/'),
			ip: '192.0.2.51'
		});
		expect(r).toMatchObject({ status: 303, location: '/account?welcome=1' });
	});
});

describe('/account', () => {
	it('sends anonymous visitors to the log-in page, and back afterwards', async () => {
		const r = await visit(accountPage.load, '/account?welcome=1');
		expect(r).toMatchObject({ status: 303, location: '/login?redirectTo=%2Faccount%3Fwelcome%3D1' });
	});

	it('shows the address, its state and the message asked for by the URL', async () => {
		const u = await createUser(t.app, { verified: false });
		const r = await visit(accountPage.load, '/account?welcome=1', { cookie: u.cookie });
		expect(r.data).toEqual({ email: u.email, emailVerified: false, notice: 'welcome', linkInvalid: false });
		const bad = await visit(accountPage.load, '/account?email=verified&error=INVALID_TOKEN', { cookie: u.cookie });
		expect(bad.data).toMatchObject({ notice: null, linkInvalid: true });
	});

	it('resends the verification mail, whose link confirms the address', async () => {
		const u = await createUser(t.app, { verified: false });
		const r = await visit(accountPage.actions.resendVerification, '/account?/resendVerification', {
			cookie: u.cookie,
			form: { intent: 'resendVerification' }
		});
		expect(r.data).toEqual({ verificationSent: u.email });
		const link = await lastLink(u.email);
		expect(link).toContain('/api/auth/verify-email?token=');
		const res = await t.app.auth.handler(new Request(link));
		expect(res.status).toBe(302);
		expect(res.headers.get('location')).toBe('/account?email=verified');
		const [row] = await t.app.db.select().from(users).where(eq(users.id, u.id));
		expect(row?.emailVerified).toBe(true);
		const again = await visit(accountPage.actions.resendVerification, '/account?/resendVerification', {
			cookie: u.cookie,
			form: {}
		});
		expect(again).toMatchObject({ status: 409, data: { errors: { _form: { key: 'account.verify.already' } } } });
	});

	it('rate-limits the verification mail (429, message in the form)', async () => {
		const u = await createUser(t.app, { verified: false });
		const statuses = [];
		for (let i = 0; i < 6; i++) {
			const r = await visit(accountPage.actions.resendVerification, '/account?/resendVerification', {
				cookie: u.cookie,
				form: {}
			});
			statuses.push(r.status);
			if (r.status === 429) expect(r.data).toMatchObject({ errors: { _form: { key: 'error.tooMany' } } });
		}
		expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
	});
});

describe('changing the email address', () => {
	it('mails a link to the new address; opening it changes the address', async () => {
		const u = await createUser(t.app);
		const r = await visit(accountPage.actions.changeEmail, '/account?/changeEmail', {
			cookie: u.cookie,
			form: { intent: 'changeEmail', email: '  New.Address@Example.org ' }
		});
		expect(r.data).toEqual({ changeSent: 'new.address@example.org' });
		const link = await lastLink('new.address@example.org');
		expect(t.mails.findLast((m) => m.to === 'new.address@example.org')?.subject).toBe(
			'Confirmez votre nouvelle adresse sur Essaim'
		);
		// Nothing changes until the link is opened.
		const [before] = await t.app.db.select().from(users).where(eq(users.id, u.id));
		expect(before?.email).toBe(u.email);
		const token = new URL(link).searchParams.get('token')!;
		const res = await t.app.auth.handler(
			new Request(`http://localhost:3000/api/auth/verify-email?token=${token}&callbackURL=/account?email=changed`)
		);
		expect(res.status).toBe(302);
		const [after] = await t.app.db.select().from(users).where(eq(users.id, u.id));
		expect(after?.email).toBe('new.address@example.org');
		const page = await visit(accountPage.load, '/account?email=changed', { cookie: u.cookie });
		expect(page.data).toMatchObject({ email: 'new.address@example.org', notice: 'emailChanged' });
	});

	it('refuses an address another account uses (409 next to the field, value kept)', async () => {
		const other = await createUser(t.app);
		const u = await createUser(t.app);
		const r = await visit(accountPage.actions.changeEmail, '/account?/changeEmail', {
			cookie: u.cookie,
			form: { intent: 'changeEmail', email: other.email.toUpperCase() }
		});
		expect(r.status).toBe(409);
		expect(r.data).toMatchObject({
			errors: { email: { key: 'errors.emailTaken' } },
			values: { intent: 'changeEmail', email: other.email.toUpperCase() }
		});
	});

	it.each([
		['missing', {}, 'errors.required'],
		['empty', { email: '   ' }, 'errors.required'],
		['not an address', { email: 'pas une adresse' }, 'errors.email'],
		['too long', { email: `${'a'.repeat(250)}@example.org` }, 'errors.tooLong']
	])('refuses a %s address with a 400', async (_, form, key) => {
		const u = await createUser(t.app);
		const r = await visit(accountPage.actions.changeEmail, '/account?/changeEmail', { cookie: u.cookie, form });
		expect(r).toMatchObject({ status: 400, data: { errors: { email: { key } } } });
	});

	it('says so when the new address is the current one', async () => {
		const u = await createUser(t.app);
		const r = await visit(accountPage.actions.changeEmail, '/account?/changeEmail', {
			cookie: u.cookie,
			form: { email: u.email }
		});
		expect(r).toMatchObject({ status: 400, data: { errors: { email: { key: 'auth.sameEmail' } } } });
	});
});

describe('/account/security: password', () => {
	it('changes the password, keeps this device logged in and ends the other sessions', async () => {
		const u = await createUser(t.app);
		const laptop = await visit(securityPage.load, '/account/security', { cookie: u.cookie });
		expect(laptop.status).toBe(200);
		const { headers } = await t.app.auth.api.signInEmail({
			body: { email: u.email, password: u.password },
			returnHeaders: true
		});
		const otherCookie = headers
			.getSetCookie()
			.map((c) => c.split(';')[0])
			.join('; ');
		const r = await visit(securityPage.actions.changePassword, '/account/security?/changePassword', {
			cookie: u.cookie,
			form: { intent: 'changePassword', currentPassword: u.password, newPassword: 'a quite different phrase' }
		});
		expect(r.data).toEqual({ passwordChanged: true });
		const fresh = cookieHeader(r.cookies);
		expect(fresh).toContain('essaim.session_token=');
		const kept = await visit(securityPage.load, '/account/security', { cookie: fresh });
		expect(kept.status).toBe(200);
		expect((kept.data as { sessions: unknown[] }).sessions).toHaveLength(1);
		const other = await visit(securityPage.load, '/account/security', { cookie: otherCookie });
		expect(other.status).toBe(303);
	});

	it.each([
		[
			'a wrong current password',
			{ currentPassword: 'not my password', newPassword: 'another long phrase' },
			400,
			'currentPassword',
			'auth.wrongPassword'
		],
		['a missing current password', { newPassword: 'another long phrase' }, 400, 'currentPassword', 'errors.required'],
		[
			'a short new password',
			{ currentPassword: 'x', newPassword: 'short' },
			400,
			'newPassword',
			'errors.passwordShort'
		],
		[
			'an oversize new password',
			{ currentPassword: 'x', newPassword: 'a'.repeat(300) },
			400,
			'newPassword',
			'errors.passwordLong'
		],
		[
			'a common new password',
			{ currentPassword: 'x', newPassword: 'motdepasse123' },
			422,
			'newPassword',
			'errors.passwordCommon'
		]
	] as const)('refuses %s, next to the field', async (_, form, status, field, key) => {
		const u = await createUser(t.app);
		const r = await visit(securityPage.actions.changePassword, '/account/security?/changePassword', {
			cookie: u.cookie,
			form: { intent: 'changePassword', ...form }
		});
		expect(r).toMatchObject({ status, data: { errors: { [field]: { key } } } });
		expect(r.data).not.toHaveProperty('values.currentPassword');
	});

	it('refuses a password made of the handle', async () => {
		const u = await createUser(t.app, { handle: 'camille_dupont' });
		const r = await visit(securityPage.actions.changePassword, '/account/security?/changePassword', {
			cookie: u.cookie,
			form: { currentPassword: u.password, newPassword: 'Camille_Dupont1' }
		});
		expect(r).toMatchObject({ status: 422, data: { errors: { newPassword: { key: 'errors.passwordCommon' } } } });
	});
});

describe('/account/security: sessions', () => {
	async function twoDevices() {
		const u = await createUser(t.app);
		const phone =
			'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';
		await t.app.auth.api.signInEmail({
			body: { email: u.email, password: u.password },
			headers: new Headers({ 'user-agent': phone, 'x-forwarded-for': '203.0.113.9' })
		});
		return u;
	}
	type Listed = { id: string; current: boolean; ipAddress: string | null; device: { browser: string; os: string } };

	it('lists the sessions with a device summary, the IP and a marker for this device', async () => {
		const u = await twoDevices();
		const r = await visit(securityPage.load, '/account/security', { cookie: u.cookie });
		const sessions = (r.data as { sessions: Listed[] }).sessions;
		expect(sessions).toHaveLength(2);
		const phone = sessions.find((s) => !s.current)!;
		expect(phone).toMatchObject({ ipAddress: '203.0.113.9', device: { browser: 'Chrome', os: 'Android' } });
		expect(sessions.filter((s) => s.current)).toHaveLength(1);
	});

	it('closes another session, but not this one', async () => {
		const u = await twoDevices();
		const list = async () =>
			((await visit(securityPage.load, '/account/security', { cookie: u.cookie })).data as { sessions: Listed[] })
				.sessions;
		const [current, other] = [(await list()).find((s) => s.current)!, (await list()).find((s) => !s.current)!];
		const self = await visit(securityPage.actions.revoke, '/account/security?/revoke', {
			cookie: u.cookie,
			form: { intent: 'revoke', sessionId: current.id }
		});
		expect(self).toMatchObject({ status: 400, data: { errors: { _form: { key: 'account.sessions.isCurrent' } } } });
		const ok = await visit(securityPage.actions.revoke, '/account/security?/revoke', {
			cookie: u.cookie,
			form: { intent: 'revoke', sessionId: other.id }
		});
		expect(ok.data).toEqual({ sessionRevoked: true });
		expect((await list()).map((s) => s.id)).toEqual([current.id]);
		const gone = await visit(securityPage.actions.revoke, '/account/security?/revoke', {
			cookie: u.cookie,
			form: { sessionId: other.id }
		});
		expect(gone.status).toBe(404);
		const missing = await visit(securityPage.actions.revoke, '/account/security?/revoke', {
			cookie: u.cookie,
			form: {}
		});
		expect(missing).toMatchObject({ status: 400, data: { errors: { sessionId: { key: 'errors.required' } } } });
	});

	it("cannot close another person's session", async () => {
		const victim = await twoDevices();
		const attacker = await createUser(t.app);
		const victimList = await visit(securityPage.load, '/account/security', { cookie: victim.cookie });
		const target = (victimList.data as { sessions: Listed[] }).sessions[0]!;
		const r = await visit(securityPage.actions.revoke, '/account/security?/revoke', {
			cookie: attacker.cookie,
			form: { sessionId: target.id }
		});
		expect(r.status).toBe(404);
		expect((await visit(securityPage.load, '/account/security', { cookie: victim.cookie })).status).toBe(200);
	});

	it('logs out everywhere: every session ends, the cookie is cleared, /login says so', async () => {
		const u = await twoDevices();
		const r = await visit(securityPage.actions.everywhere, '/account/security?/everywhere', {
			cookie: u.cookie,
			form: {}
		});
		expect(r).toMatchObject({ status: 303, location: '/login?loggedOut=everywhere' });
		expect(r.cookies.find((c) => c.name.endsWith('session_token'))).toMatchObject({ maxAge: 0 });
		expect((await visit(securityPage.load, '/account/security', { cookie: u.cookie })).status).toBe(303);
		expect(await listSessions(t.app, u.id)).toHaveLength(0);
	});
});
