import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { strFromU8, unzipSync } from 'fflate';
import { isHttpError, isRedirect, type ActionFailure } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '#lib/server/http/forms.ts';
import { grantRole } from '../authz/roles.service.ts';
import { logIn, signUp } from './accounts.service.ts';
import { users, verifications } from './accounts.table.ts';
import { avatarPath, setAvatar } from './avatar.ts';
import { confirmPassword, deleteAccount, exportFileName, exportUserData } from './privacy.service.ts';
import { findPublicProfile } from './profile.service.ts';
import { load as publicLoad } from '../../../../routes/@[handle]/+page.server.ts';
import { actions, load as privacyLoad } from '../../../../routes/account/privacy/+page.server.ts';
import { POST as exportPost } from '../../../../routes/account/privacy/export/+server.ts';

let t: TestApp;
beforeAll(async () => {
	t = await createTestApp();
});
afterAll(() => t?.close());

type Person = Awaited<ReturnType<typeof createUser>>;
const meta = { ip: '198.51.100.9', userAgent: 'Firefox test' };

/** The parts of a SvelteKit request the privacy routes read. */
function event(opts: { path: string; user?: Person | null; params?: Record<string, string>; form?: FormData }) {
	const url = new URL(opts.path, t.config.publicUrl);
	const u = opts.user;
	const deleted: string[] = [];
	return {
		deleted,
		url,
		params: opts.params ?? {},
		request: new Request(url, { method: opts.form ? 'POST' : 'GET', body: opts.form }),
		cookies: {
			getAll: () => [
				{ name: 'essaim.session_token', value: 'x' },
				{ name: 'essaim_lang', value: 'fr' }
			],
			delete: (name: string) => void deleted.push(name)
		},
		locals: {
			app: t.app,
			user: u
				? {
						id: u.id,
						email: u.email,
						emailVerified: true,
						name: u.name,
						handle: u.handle,
						locale: 'fr',
						avatarKey: null
					}
				: null,
			actor: u ? { id: u.id, roles: [] } : null
		},
		setHeaders: () => {}
	};
}

async function thrown(p: unknown) {
	try {
		await p;
	} catch (err) {
		return err;
	}
	throw new Error('expected a throw');
}

const photo = () =>
	sharp({ create: { width: 300, height: 200, channels: 3, background: '#3366cc' } })
		.jpeg()
		.toBuffer();

describe('download my data', () => {
	it('gives a ZIP with data.json (account, roles, sessions, audit log) and the avatar', async () => {
		const u = await createUser(t.app, { email: 'export@example.org', handle: 'exporter' });
		await logIn(t.app, { email: u.email, password: u.password }, meta);
		await grantRole(
			{ db: t.app.db, events: t.app.events, actor: null },
			{ userId: u.id, role: 'moderator', scopeType: 'instance' }
		);
		await setAvatar(t.app, u.id, new File([new Uint8Array(await photo())], 'me.jpg'));
		const files = unzipSync(await exportUserData(t.app, u.id));
		expect(Object.keys(files).sort()).toEqual(['avatar.webp', 'data.json']);
		expect((await sharp(Buffer.from(files['avatar.webp']!)).metadata()).format).toBe('webp');
		const data = JSON.parse(strFromU8(files['data.json']!));
		expect(data.account).toMatchObject({
			email: 'export@example.org',
			handle: 'exporter',
			name: u.name,
			locale: 'fr',
			emailVerified: true,
			bio: '',
			town: ''
		});
		expect(data.account.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
		expect(data.roles).toEqual([expect.objectContaining({ role: 'moderator', scopeType: 'instance' })]);
		expect(data.sessions).toHaveLength(2);
		expect(data.sessions).toContainEqual(
			expect.objectContaining({ ipAddress: '198.51.100.9', userAgent: 'Firefox test' })
		);
		expect(data.auditLog).toEqual([expect.objectContaining({ action: 'role.grant' })]);
		// Secrets are not personal data.
		expect(strFromU8(files['data.json']!)).not.toMatch(/argon2|token/);
	});

	it('is served as an attachment named after the handle and the date, only to its owner', async () => {
		const u = await createUser(t.app, { handle: 'downloader' });
		const res = await exportPost(event({ path: '/account/privacy/export', user: u, form: new FormData() }) as never);
		expect(res.headers.get('content-type')).toBe('application/zip');
		expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${exportFileName('downloader')}"`);
		expect(exportFileName('downloader', new Date('2025-03-04T10:00:00Z'))).toBe('essaim-downloader-2025-03-04.zip');
		expect(Object.keys(unzipSync(new Uint8Array(await res.arrayBuffer())))).toEqual(['data.json']);
		const anonymous = await thrown(
			exportPost(event({ path: '/account/privacy/export', form: new FormData() }) as never)
		);
		expect(isRedirect(anonymous) && anonymous.location).toMatch(/^\/login\?redirectTo=/);
	});

	it('the privacy page requires logging in', async () => {
		const err = await thrown(privacyLoad(event({ path: '/account/privacy' }) as never));
		expect(isRedirect(err) && err.location).toBe('/login?redirectTo=%2Faccount%2Fprivacy');
	});
});

describe('delete my account', () => {
	it('refuses a wrong password next to the field, and keeps the account', async () => {
		const u = await createUser(t.app);
		const form = new FormData();
		form.set('password', 'not my password');
		const result = (await actions.delete(
			event({ path: '/account/privacy', user: u, form }) as never
		)) as ActionFailure<{
			errors: Record<string, { key: string }>;
		}>;
		expect(result.status).toBe(400);
		expect(result.data.errors).toEqual({ password: { key: 'auth.wrongPassword' } });
		expect((await findPublicProfile(t.app, u.handle)).status).toBe('found');
		await expect(confirmPassword(t.app, u.id, u.password)).resolves.toBeUndefined();
		await expect(confirmPassword(t.app, u.id, '')).rejects.toBeInstanceOf(FormError);
	});

	it('with the right password: erases the person, logs them out and sends them home', async () => {
		const u = await createUser(t.app, { email: 'leaving@example.org', handle: 'leaving' });
		await setAvatar(t.app, u.id, new File([new Uint8Array(await photo())], 'me.jpg'));
		const [{ avatarKey }] = (await t.app.db
			.select({ avatarKey: users.avatarKey })
			.from(users)
			.where(eq(users.id, u.id))) as [{ avatarKey: string }];
		const emitted: string[] = [];
		t.app.events.on('UserDeleted', (e) => void emitted.push(e.userId));
		const form = new FormData();
		form.set('password', u.password);
		const ev = event({ path: '/account/privacy', user: u, form });
		const err = await thrown(actions.delete(ev as never));
		expect(isRedirect(err) && err.location).toBe('/?accountDeleted=1');
		expect(ev.deleted).toEqual(['essaim.session_token']);
		expect(emitted).toEqual([u.id]);

		// Nothing personal is left on the row, which stays for "deleted user".
		const [row] = await t.app.db.select().from(users).where(eq(users.id, u.id));
		expect(row).toMatchObject({
			email: `deleted-${u.id}@deleted.invalid`,
			name: '',
			handle: 'leaving',
			bio: '',
			town: '',
			avatarKey: null,
			emailVerified: false
		});
		expect(row?.deletedAt).toBeInstanceOf(Date);
		expect(existsSync(avatarPath(t.config.dataDir, avatarKey))).toBe(false);

		// Logged out everywhere, and cannot log in again.
		expect(await t.app.auth.api.getSession({ headers: new Headers({ cookie: u.cookie }) })).toBeNull();
		await expect(logIn(t.app, { email: u.email, password: u.password }, meta)).rejects.toBeInstanceOf(FormError);

		// The public profile is gone (410), and its address can never name someone else.
		const gone = await thrown(publicLoad(event({ path: '/@leaving', params: { handle: 'leaving' } }) as never));
		expect(isHttpError(gone, 410)).toBe(true);
		await expect(
			signUp(
				{ ...t.app, config: { ...t.app.config, RATE_LIMITS: false } },
				{ email: 'usurper@example.org', password: 'a fresh start phrase', name: 'X', handle: 'leaving', locale: 'fr' },
				meta
			)
		).rejects.toMatchObject({ status: 409, errors: { handle: { key: 'errors.handleTaken' } } });

		// The address can be used for a new account.
		const again = await signUp(
			{ ...t.app, config: { ...t.app.config, RATE_LIMITS: false } },
			{
				email: 'leaving@example.org',
				password: 'a fresh start phrase',
				name: 'New me',
				handle: 'new_me',
				locale: 'fr'
			},
			meta
		);
		expect(again.userId).not.toBe(u.id);
	});

	it('deleteAccount removes pending reset tokens, is idempotent, and can be called by an admin', async () => {
		const u = await createUser(t.app);
		await t.app.db.insert(verifications).values({
			id: crypto.randomUUID(),
			identifier: 'reset-password:abc',
			value: u.id,
			expiresAt: new Date(Date.now() + 3600_000)
		});
		expect(await deleteAccount(t.app, u.id, { by: null })).toBe(true);
		expect(await t.app.db.select().from(verifications).where(eq(verifications.value, u.id))).toHaveLength(0);
		expect(await deleteAccount(t.app, u.id)).toBe(false);
		const err = await thrown(exportPost(event({ path: '/account/privacy/export', form: new FormData() }) as never));
		expect(isRedirect(err)).toBe(true);
	});
});
