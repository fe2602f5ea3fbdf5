import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../test/helpers.ts';
import { sessions, users } from '../db/schema.ts';
import { afterRequest, resolveSession, sessionToken } from './session.ts';
import { suspendUser } from '../features/admin/admin.service.ts';

let t: TestApp;
beforeAll(async () => {
	t = await createTestApp();
});
afterAll(() => t?.close());

function event(cookie: string, method = 'GET') {
	const set: string[] = [];
	const e = {
		request: new Request('http://localhost:3000/', { method, headers: { cookie } }),
		locals: { app: t.app } as App.Locals,
		cookies: { set: (name: string) => void set.push(name) }
	};
	return { e, set };
}

async function resolve(cookie: string, method = 'GET') {
	const { e, set } = event(cookie, method);
	await resolveSession(e as never);
	return { locals: e.locals, set };
}

describe('session resolution', () => {
	it('finds the person and their roles from a signed cookie', async () => {
		const admin = await createAdmin(t.app, { name: 'Ada' });
		const { locals, set } = await resolve(admin.cookie);
		expect(locals.user).toMatchObject({ id: admin.id, name: 'Ada', handle: admin.handle });
		expect(locals.actor?.roles).toEqual([{ role: 'admin', scopeType: 'instance', scopeId: '' }]);
		expect(set).toEqual([]);
	});

	it('treats a tampered, unsigned or missing cookie as logged out', async () => {
		const u = await createUser(t.app);
		const secret = t.app.auth.options.secret!;
		const value = decodeURIComponent(/essaim\.session_token=([^;]+)/.exec(u.cookie)![1]!);
		const [token] = value.split('.');
		expect(sessionToken(u.cookie, secret)).toBe(token);
		expect(sessionToken(`essaim.session_token=${token}.AAAA`, secret)).toBeUndefined();
		expect(sessionToken(`essaim.session_token=${token}`, secret)).toBeUndefined();
		expect(sessionToken('other=1', secret)).toBeUndefined();
		expect((await resolve(`essaim.session_token=${encodeURIComponent(`${token}.AAAA`)}`)).locals.user).toBeNull();
	});

	it('refuses expired sessions and suspended accounts', async () => {
		const expired = await createUser(t.app);
		await t.app.db
			.update(sessions)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(sessions.userId, expired.id));
		expect((await resolve(expired.cookie)).locals.user).toBeNull();
		const suspended = await createUser(t.app);
		await t.app.db.update(users).set({ suspendedAt: new Date() }).where(eq(users.id, suspended.id));
		expect((await resolve(suspended.cookie)).locals.user).toBeNull();
	});

	it('extends a session used after a day and re-sends its cookie', async () => {
		const u = await createUser(t.app);
		const old = new Date(Date.now() - 2 * 86_400_000);
		await t.app.db
			.update(sessions)
			.set({ updatedAt: old, expiresAt: new Date(Date.now() + 86_400_000) })
			.where(eq(sessions.userId, u.id));
		const { locals, set } = await resolve(u.cookie);
		expect(locals.user?.id).toBe(u.id);
		expect(set).toContain('essaim.session_token');
		const [row] = await t.app.db.select().from(sessions).where(eq(sessions.userId, u.id));
		expect(row!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 20 * 86_400_000);
	});

	it('serves page reads from a short cache, forgotten after the person writes or loses access', async () => {
		const u = await createUser(t.app, { name: 'Before' });
		expect((await resolve(u.cookie)).locals.user?.name).toBe('Before');
		await t.app.db.update(users).set({ name: 'After' }).where(eq(users.id, u.id));
		// Read again within the cache's lifetime: still the cached person…
		expect((await resolve(u.cookie)).locals.user?.name).toBe('Before');
		// …but a write request always reads the database, and afterwards the cache is forgotten.
		const { e } = event(u.cookie, 'POST');
		await resolveSession(e as never);
		expect(e.locals.user?.name).toBe('After');
		afterRequest(e as never);
		expect((await resolve(u.cookie)).locals.user?.name).toBe('After');
		// Suspension by someone else ends access at once in this process.
		const admin = await createAdmin(t.app);
		await suspendUser(
			{ ...t.app, actor: { id: admin.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] } },
			{ userId: u.id, reason: 'spam' }
		);
		expect((await resolve(u.cookie)).locals.user).toBeNull();
	});
});
