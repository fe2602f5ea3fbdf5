import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers.ts';
import { ensureAdmin } from '#lib/server/features/accounts/bootstrap.ts';
import { logIn } from '#lib/server/features/accounts/accounts.service.ts';
import { rolesOf } from '#lib/server/features/authz/roles.service.ts';

let t: TestApp;
beforeAll(async () => {
	t = await createTestApp({ ADMIN_EMAIL: 'chief@example.org' });
});
afterAll(() => t?.close());

describe('first start', () => {
	it('creates the administrator once, with a generated password that logs in, and sends no mail', async () => {
		const first = await ensureAdmin(t.app);
		expect(first.created).toBe(true);
		expect(first.password).toMatch(/^[\w-]{16}$/);
		const again = await ensureAdmin(t.app);
		expect(again).toEqual({ created: false, userId: first.userId });
		expect(await rolesOf(t.app.db, first.userId)).toEqual([{ role: 'admin', scopeType: 'instance', scopeId: '' }]);
		const session = await logIn(t.app, { email: 'chief@example.org', password: first.password! }, { ip: '127.0.0.1' });
		expect(session.userId).toBe(first.userId);
		await t.app.jobs.runDue();
		expect(t.mails).toEqual([]);
	});
});
