import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '#lib/server/http/forms.ts';
import { logIn, listSessions } from '../accounts/accounts.service.ts';
import { grantRole, rolesOf } from '../authz/roles.service.ts';
import { enqueue } from '../platform/jobs.ts';
import { getUserDetail, instanceStats, listUsers, suspendUser, unsuspendUser } from './admin.service.ts';

let t: TestApp;
beforeAll(async () => {
	t = await createTestApp();
});
afterAll(() => t?.close());

const meta = { ip: '198.51.100.9' };
/** Log-in without the rate limiter: these tests are about suspension. */
const noLimits = () => ({ ...t.app, config: { ...t.app.config, RATE_LIMITS: false } });

async function refusal(p: Promise<unknown>) {
	try {
		await p;
	} catch (err) {
		if (err instanceof FormError) return { status: err.status, errors: err.errors };
		throw err;
	}
	throw new Error('expected a FormError');
}

async function actorOf(id: string) {
	return { id, roles: await rolesOf(t.app.db, id) };
}

describe('listUsers', () => {
	it('finds people by name, handle or email, ignoring case and accents', async () => {
		await createUser(t.app, { name: 'Hélène Dupré', handle: 'helene_d', email: 'h.dupre@example.org' });
		await createUser(t.app, { name: 'Bob Martin', handle: 'bobm', email: 'bob@exemple.fr' });
		const byName = await listUsers(t.app, { q: 'HELENE' });
		expect(byName.users.map((u) => u.handle)).toEqual(['helene_d']);
		expect((await listUsers(t.app, { q: 'dupre' })).total).toBe(1);
		expect((await listUsers(t.app, { q: 'BOBM' })).users[0]?.name).toBe('Bob Martin');
		expect((await listUsers(t.app, { q: 'exemple.fr' })).users[0]?.handle).toBe('bobm');
		// LIKE wildcards typed by the admin are taken literally.
		expect((await listUsers(t.app, { q: '%' })).total).toBe(0);
	});

	it('filters staff and suspended accounts and shows roles', async () => {
		const admin = await createAdmin(t.app, { handle: 'boss' });
		const staff = await listUsers(t.app, { filter: 'staff' });
		expect(staff.users.map((u) => u.handle)).toContain('boss');
		expect(staff.users.every((u) => u.roles.some((r) => r.scopeType === 'instance'))).toBe(true);
		const target = await createUser(t.app, { handle: 'to_suspend' });
		await suspendUser({ ...t.app, actor: await actorOf(admin.id) }, { userId: target.id, reason: 'Spam' });
		const suspended = await listUsers(t.app, { filter: 'suspended' });
		expect(suspended.users.map((u) => u.handle)).toEqual(['to_suspend']);
	});

	it('pages 50 at a time with the total count', async () => {
		for (let i = 0; i < 52; i++) await createUser(t.app, { handle: `bulk_${i}`, name: `Bulk ${i}` });
		const first = await listUsers(t.app, { q: 'bulk', page: 1 });
		expect(first.total).toBe(52);
		expect(first.users).toHaveLength(50);
		expect(first.pages).toBe(2);
		const second = await listUsers(t.app, { q: 'bulk', page: 2 });
		expect(second.users).toHaveLength(2);
		// A page past the end shows the last page.
		expect((await listUsers(t.app, { q: 'bulk', page: 9 })).page).toBe(2);
	});
});

describe('suspendUser', () => {
	it('suspends: sessions end, log-in is refused, audit and event are written', async () => {
		const admin = await createAdmin(t.app);
		const u = await createUser(t.app, { email: 'suspendme@example.org' });
		expect(await listSessions(t.app, u.id)).toHaveLength(1);
		const seen: string[] = [];
		t.app.events.on('UserSuspended', (e) => void seen.push(e.reason));
		await suspendUser({ ...t.app, actor: await actorOf(admin.id) }, { userId: u.id, reason: 'Harcèlement' });
		expect(await listSessions(t.app, u.id)).toHaveLength(0);
		expect(seen).toEqual(['Harcèlement']);
		const login = await refusal(logIn(noLimits(), { email: u.email, password: u.password }, meta));
		expect(login.status).toBeGreaterThanOrEqual(400);
		const detail = await getUserDetail(t.app, u.id);
		expect(detail?.user.suspendedReason).toBe('Harcèlement');
		expect(detail?.audit[0]).toMatchObject({ action: 'user.suspend', details: { reason: 'Harcèlement' } });

		await unsuspendUser({ ...t.app, actor: await actorOf(admin.id) }, { userId: u.id });
		const again = await logIn(noLimits(), { email: u.email, password: u.password }, meta);
		expect(again.userId).toBe(u.id);
		expect((await getUserDetail(t.app, u.id))?.audit[0]?.action).toBe('user.unsuspend');
	});

	it('requires a reason and refuses suspending oneself', async () => {
		const admin = await createAdmin(t.app);
		const u = await createUser(t.app);
		const ctx = { ...t.app, actor: await actorOf(admin.id) };
		expect((await refusal(suspendUser(ctx, { userId: u.id, reason: '  ' }))).errors.reason?.key).toBe(
			'errors.required'
		);
		expect((await refusal(suspendUser(ctx, { userId: admin.id, reason: 'x' }))).errors._form?.key).toBe(
			'admin.error.suspendSelf'
		);
	});

	it('lets a moderator suspend a person but not an administrator; plain users cannot', async () => {
		const mod = await createUser(t.app);
		await grantRole({ ...t.app, actor: null }, { userId: mod.id, role: 'moderator', scopeType: 'instance' });
		const admin = await createAdmin(t.app);
		const person = await createUser(t.app);
		const modCtx = { ...t.app, actor: await actorOf(mod.id) };
		const r = await refusal(suspendUser(modCtx, { userId: admin.id, reason: 'coup d’État' }));
		expect(r).toEqual({ status: 403, errors: { _form: { key: 'admin.error.suspendForbidden' } } });
		expect((await getUserDetail(t.app, admin.id))?.user.suspendedAt).toBeNull();
		await suspendUser(modCtx, { userId: person.id, reason: 'Spam' });
		expect((await getUserDetail(t.app, person.id))?.user.suspendedAt).toBeInstanceOf(Date);

		const plain = await createUser(t.app);
		const other = await createUser(t.app);
		const denied = await refusal(
			suspendUser({ ...t.app, actor: await actorOf(plain.id) }, { userId: other.id, reason: 'x' })
		);
		expect(denied.status).toBe(403);
	});

	it('answers 404 for an unknown account', async () => {
		const r = await refusal(
			suspendUser({ ...t.app, actor: null }, { userId: '01900000-0000-7000-8000-000000000000', reason: 'x' })
		);
		expect(r.status).toBe(404);
		expect(await getUserDetail(t.app, 'not-a-uuid')).toBeUndefined();
	});
});

describe('instanceStats', () => {
	it('counts people, live sessions and jobs waiting or failed', async () => {
		const before = await instanceStats(t.app);
		await createUser(t.app);
		await enqueue(t.app.db, 'nothing.registered', {});
		const after = await instanceStats(t.app);
		expect(after.users).toBe(before.users + 1);
		expect(after.activeSessions).toBe(before.activeSessions + 1);
		expect(after.pendingJobs).toBeGreaterThan(before.pendingJobs);
		expect(after.failedJobs).toBe(0);
	});
});
