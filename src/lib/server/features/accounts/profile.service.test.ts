import { isHttpError, isRedirect, type ActionFailure } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { parseForm } from '#lib/server/http/forms.ts';
import { translator } from '#lib/i18n/index.ts';
import { displayName, findPublicProfile, getProfile, profileUpdateSchema, updateProfile } from './profile.service.ts';
import { load as publicLoad } from '../../../../routes/@[handle]/+page.server.ts';
import { actions, load as editLoad } from '../../../../routes/account/profile/+page.server.ts';

let t: TestApp;
beforeAll(async () => {
	t = await createTestApp();
});
afterAll(() => t?.close());

type Person = Awaited<ReturnType<typeof createUser>>;

/** The parts of a SvelteKit request the profile routes read. */
/** Cookies the last event set, as [name, value]. */
let cookiesSet: [string, string][] = [];

function event(opts: { path: string; user?: Person | null; params?: Record<string, string>; form?: FormData }) {
	const url = new URL(opts.path, t.config.publicUrl);
	const u = opts.user;
	cookiesSet = [];
	return {
		url,
		cookies: {
			get: () => undefined,
			set: (name: string, value: string) => void cookiesSet.push([name, value]),
			delete: () => {}
		},
		params: opts.params ?? {},
		request: new Request(url, { method: opts.form ? 'POST' : 'GET', body: opts.form }),
		locals: {
			app: t.app,
			user: u
				? {
						id: u.id,
						email: u.email,
						emailVerified: true,
						name: u.name,
						handle: u.handle,
						locale: u.locale,
						avatarKey: null
					}
				: null,
			actor: u ? { id: u.id, roles: [] } : null
		},
		setHeaders: () => {}
	} as never;
}

async function thrown(p: unknown) {
	try {
		await p;
	} catch (err) {
		return err;
	}
	throw new Error('expected a throw');
}

const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};

describe('profile form', () => {
	it('saves name, language, bio with its line breaks, and town', async () => {
		const u = await createUser(t.app);
		const parsed = parseForm(
			profileUpdateSchema,
			form({ name: ' Camille ', locale: 'en', bio: 'Line one\r\nLine two', town: ' Lyon ' })
		);
		if (!('data' in parsed)) throw new Error('should parse');
		await updateProfile(t.app, u.id, parsed.data);
		expect(await getProfile(t.app, u.id)).toMatchObject({
			name: 'Camille',
			locale: 'en',
			bio: 'Line one\nLine two',
			town: 'Lyon',
			handle: u.handle
		});
	});

	it('answers 400 with the messages next to the fields and the typed values kept', async () => {
		const u = await createUser(t.app);
		const result = (await actions.save(
			event({
				path: '/account/profile',
				user: u,
				form: form({ name: '', locale: 'de', bio: 'é'.repeat(501), town: 'x'.repeat(81) })
			})
		)) as ActionFailure<{ values: Record<string, string>; errors: Record<string, { key: string; params?: object }> }>;
		expect(result.status).toBe(400);
		expect(result.data.errors).toEqual({
			name: { key: 'errors.required', params: { min: 1 } },
			locale: { key: 'errors.locale', params: {} },
			bio: { key: 'errors.tooLong', params: { max: 500 } },
			town: { key: 'errors.tooLong', params: { max: 80 } }
		});
		expect(result.data.values.bio).toBe('é'.repeat(501));
		expect((await getProfile(t.app, u.id))?.name).toBe(u.name);
	});

	it('cannot change the handle, even when a handle is posted', async () => {
		const u = await createUser(t.app);
		const err = await thrown(
			actions.save(
				event({ path: '/account/profile', user: u, form: form({ name: 'New', locale: 'fr', handle: 'hijack' }) })
			)
		);
		expect(isRedirect(err) && err.location).toBe('/account/profile?saved=profile');
		expect(await getProfile(t.app, u.id)).toMatchObject({ name: 'New', handle: u.handle });
		// The language saved in the profile is this browser's language too.
		expect(cookiesSet).toContainEqual(['essaim_lang', 'fr']);
	});

	it('requires logging in', async () => {
		const err = await thrown(editLoad(event({ path: '/account/profile' })));
		expect(isRedirect(err) && err.location).toBe('/login?redirectTo=%2Faccount%2Fprofile');
	});
});

describe('public profile /@handle', () => {
	it('shows the person with their address, bio and town', async () => {
		const u = await createUser(t.app, { handle: 'camille_p', name: 'Camille P.' });
		await updateProfile(t.app, u.id, { name: 'Camille P.', locale: 'fr', bio: '<b>hi</b>', town: 'Nantes' });
		const data = (await publicLoad(event({ path: '/@camille_p', params: { handle: 'camille_p' } }))) as {
			person: Record<string, unknown>;
			url: string;
		};
		expect(data.person).toMatchObject({
			name: 'Camille P.',
			address: '@camille_p@localhost:3000',
			bio: '<b>hi</b>',
			town: 'Nantes',
			avatar: null
		});
		expect(data.url).toBe('http://localhost:3000/@camille_p');
	});

	it('matches the handle whatever its case, and leads to the one canonical address', async () => {
		await createUser(t.app, { handle: 'dominique' });
		expect((await findPublicProfile(t.app, 'DoMiNiQue')).status).toBe('found');
		const err = await thrown(publicLoad(event({ path: '/@Dominique', params: { handle: 'Dominique' } })));
		expect(isRedirect(err) && err.location).toBe('/@dominique');
	});

	it('answers 404 for an unknown handle', async () => {
		const err = await thrown(publicLoad(event({ path: '/@nobody_here', params: { handle: 'nobody_here' } })));
		expect(isHttpError(err, 404)).toBe(true);
	});

	it('names deleted people "Utilisateur supprimé" / "Deleted user"', () => {
		const gone = { name: '', deletedAt: new Date() };
		expect(displayName(gone, translator('fr'))).toBe('Utilisateur supprimé');
		expect(displayName(gone, translator('en'))).toBe('Deleted user');
		expect(displayName({ name: 'Ada', deletedAt: null }, translator('fr'))).toBe('Ada');
	});
});
