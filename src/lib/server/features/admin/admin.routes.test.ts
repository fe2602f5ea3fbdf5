/**
 * The administration pages' server side, called as SvelteKit would: who gets in, what each form
 * answers (errors next to fields, 403/404), and what changes.
 */
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { grantRole, rolesOf } from '../authz/roles.service.ts';
import { getUserDetail } from './admin.service.ts';
import { load as adminLoad } from '../../../../routes/admin/+layout.server.ts';
import { load as usersLoad } from '../../../../routes/admin/users/+page.server.ts';
import { actions, load as userLoad } from '../../../../routes/admin/users/[id]/+page.server.ts';

let t: TestApp;
beforeAll(async () => {
	t = await createTestApp();
});
afterAll(() => t?.close());

type Who = { id: string; email: string; name: string; handle: string } | null;

async function event(who: Who, path: string, opts: { id?: string; form?: Record<string, string> } = {}) {
	const url = new URL(`http://localhost:3000${path}`);
	const body = new FormData();
	for (const [k, v] of Object.entries(opts.form ?? {})) body.set(k, v);
	const user = who && { ...who, emailVerified: true, locale: 'fr', avatarKey: null };
	return {
		url,
		params: { id: opts.id ?? '' },
		locals: { app: t.app, user, actor: who ? { id: who.id, roles: await rolesOf(t.app.db, who.id) } : null },
		request: new Request(url, opts.form ? { method: 'POST', body } : {})
	} as never;
}

/** What a load or action ended with: data, a redirect, an HTTP error or a form failure. */
async function outcome(run: () => unknown) {
	try {
		const r = (await run()) as { status?: number; data?: { errors?: Record<string, { key: string }> } } | undefined;
		if (r && typeof r.status === 'number' && r.data) return { status: r.status, errors: r.data.errors };
		return { status: 200, data: r };
	} catch (err) {
		if (isRedirect(err)) return { status: err.status, location: err.location };
		if (isHttpError(err)) return { status: err.status };
		throw err;
	}
}

let admin: Awaited<ReturnType<typeof createAdmin>>;
let moderator: Awaited<ReturnType<typeof createUser>>;
let person: Awaited<ReturnType<typeof createUser>>;
beforeAll(async () => {
	admin = await createAdmin(t.app, { handle: 'chief' });
	moderator = await createUser(t.app, { handle: 'modo' });
	await grantRole({ ...t.app, actor: null }, { userId: moderator.id, role: 'moderator', scopeType: 'instance' });
	person = await createUser(t.app, { name: 'Noël Übel', handle: 'noel' });
});

describe('access', () => {
	it('sends anonymous visitors to log in and refuses people without a staff role', async () => {
		const anon = await outcome(async () => adminLoad(await event(null, '/admin')));
		expect(anon).toMatchObject({ status: 303, location: '/login?redirectTo=%2Fadmin' });
		expect(await outcome(async () => adminLoad(await event(person, '/admin')))).toEqual({ status: 403 });
		expect((await outcome(async () => adminLoad(await event(moderator, '/admin')))).status).toBe(200);
	});

	it('answers 404 for an unknown or malformed account id', async () => {
		for (const id of ['nope', '01900000-0000-7000-8000-000000000000'])
			expect(await outcome(async () => userLoad(await event(admin, `/admin/users/${id}`, { id })))).toEqual({
				status: 404
			});
	});

	it('searches accounts from the query string', async () => {
		const r = await outcome(async () => usersLoad(await event(admin, '/admin/users?q=noel&filter=bogus&page=x')));
		const data = r.data as { users: { handle: string }[]; query: { filter: string; page: number } };
		expect(data.users.map((u) => u.handle)).toEqual(['noel']);
		expect(data.query).toMatchObject({ filter: 'all', page: 1 });
	});
});

describe('granting and revoking roles', () => {
	const grant = async (who: Who, form: Record<string, string>) =>
		outcome(async () =>
			actions.grant(
				await event(who, `/admin/users/${person.id}`, { id: person.id, form: { intent: 'grant', ...form } })
			)
		);

	it('puts an invalid role or a missing scope id next to its field', async () => {
		expect(await grant(admin, { scopeType: 'course', role: 'admin', scopeId: 'c1' })).toEqual({
			status: 422,
			errors: { role: { key: 'admin.error.invalidRole' } }
		});
		expect(await grant(admin, { scopeType: 'course', role: 'tutor', scopeId: '' })).toEqual({
			status: 422,
			errors: { scopeId: { key: 'admin.error.scopeIdRequired' } }
		});
	});

	it('grants a role and records it; a moderator may not', async () => {
		expect(await grant(admin, { scopeType: 'course', role: 'tutor', scopeId: 'c1' })).toMatchObject({
			status: 303,
			location: `/admin/users/${person.id}?done=grant`
		});
		expect(await rolesOf(t.app.db, person.id)).toEqual([{ role: 'tutor', scopeType: 'course', scopeId: 'c1' }]);
		expect((await getUserDetail(t.app, person.id))?.audit[0]?.action).toBe('role.grant');
		expect((await grant(moderator, { scopeType: 'instance', role: 'admin' })).status).toBe(403);
	});

	it('refuses to remove the last administrator', async () => {
		const r = await outcome(async () =>
			actions.revoke(
				await event(admin, `/admin/users/${admin.id}`, {
					id: admin.id,
					form: { intent: 'revoke', role: 'admin', scopeType: 'instance', scopeId: '' }
				})
			)
		);
		expect(r).toEqual({ status: 409, errors: { _form: { key: 'admin.error.lastAdmin' } } });
	});
});

describe('suspending from the page', () => {
	const suspend = async (who: Who, target: { id: string }, reason: string) =>
		outcome(async () =>
			actions.suspend(
				await event(who, `/admin/users/${target.id}`, { id: target.id, form: { intent: 'suspend', reason } })
			)
		);

	it('requires a reason, keeps it, and hides the form from a moderator looking at an admin', async () => {
		expect((await suspend(admin, person, '')).errors?.reason?.key).toBe('errors.required');
		expect((await suspend(admin, person, 'Spam')).status).toBe(303);
		expect((await getUserDetail(t.app, person.id))?.user.suspendedReason).toBe('Spam');

		expect(await suspend(moderator, admin, 'revenge')).toEqual({
			status: 403,
			errors: { _form: { key: 'admin.error.suspendForbidden' } }
		});
		const page = await outcome(async () =>
			userLoad(await event(moderator, `/admin/users/${admin.id}`, { id: admin.id }))
		);
		expect((page.data as { canSuspend: boolean }).canSuspend).toBe(false);
	});
});
