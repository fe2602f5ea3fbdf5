import { existsSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '#lib/server/http/forms.ts';
import type { Actor } from '../authz/policy.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse, setCourseStatus } from '../courses/courses.service.ts';
import { rolesOf } from '../authz/roles.service.ts';
import * as publicPage from '../../../../routes/courses/[slug]/speakers/+page.server.ts';
import * as editPage from '../../../../routes/courses/[slug]/speakers/edit/+page.server.ts';
import * as coursePage from '../../../../routes/courses/[slug]/+page.server.ts';
import { uploadPath } from '../platform/storage.ts';
import {
	createSpeaker,
	deleteSpeaker,
	listSpeakers,
	moveSpeaker,
	parseLinks,
	speakerView,
	updateSpeaker
} from './speakers.service.ts';

let t: TestApp;
let admin: Actor;
let outsider: Actor;
type Who = Awaited<ReturnType<typeof createUser>>;
let adminUser: Who;
let outsiderUser: Who;
beforeAll(async () => {
	t = await createTestApp();
	adminUser = await createAdmin(t.app);
	admin = { id: adminUser.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
	outsiderUser = await createUser(t.app);
	outsider = { id: outsiderUser.id, roles: [] };
});
afterAll(() => t?.close());

let n = 0;
async function course() {
	return createCourse(t.app, admin, courseSchema.parse({ title: `Cours ${++n}`, slug: `cours-intervenants-${n}` }));
}

async function refusal(p: Promise<unknown>) {
	try {
		await p;
	} catch (err) {
		if (err instanceof FormError) return { status: err.status, errors: err.errors };
		throw err;
	}
	throw new Error('expected a FormError');
}

/** A photo as a phone would send it: a JPEG carrying EXIF metadata. */
async function photoWithExif(width = 800, height = 600) {
	return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 90, b: 160 } } })
		.jpeg()
		.withMetadata({ exif: { IFD0: { Copyright: 'x', Artist: 'Camille Secret' } } })
		.toBuffer();
}
const file = (bytes: Uint8Array | string, name: string, type: string) =>
	new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name, { type });

describe('speakers', () => {
	it('adds a speaker with a rendered bio and links, and lists speakers in order', async () => {
		const c = await course();
		const s = await createSpeaker(t.app, admin, c.id, {
			name: '  Camille   Martin ',
			role: 'Administratrice système',
			bio: '# Parcours\n\nAime **PeerTube**.<script>alert(1)</script>',
			links: 'Site | https://exemple.fr/camille\n\nhttps://mastodon.example/@camille'
		});
		expect(s).toMatchObject({ name: 'Camille Martin', role: 'Administratrice système', position: 1 });
		expect(s.bioHtml).toContain('<strong>PeerTube</strong>');
		expect(s.bioHtml).not.toContain('<script');
		expect(s.bioHtml).not.toMatch(/<h[1-6]/);
		expect(s.links).toEqual([
			{ label: 'Site', url: 'https://exemple.fr/camille' },
			{ label: 'mastodon.example', url: 'https://mastodon.example/@camille' }
		]);
		expect(speakerView(s)).toMatchObject({ photo: null, photoAlt: 'Camille Martin' });
		await createSpeaker(t.app, admin, c.id, { name: 'Dominique' });
		expect((await listSpeakers(t.app.db, c.id)).map((x) => x.name)).toEqual(['Camille Martin', 'Dominique']);
	});

	it('refuses bad input next to each field, with 400', async () => {
		const c = await course();
		const r = await refusal(
			createSpeaker(t.app, admin, c.id, {
				name: '   ',
				role: 'r'.repeat(121),
				bio: 'b'.repeat(5001),
				links: 'Site | javascript:alert(1)'
			})
		);
		expect(r.status).toBe(400);
		expect(r.errors).toEqual({
			name: { key: 'errors.required' },
			role: { key: 'errors.tooLong', params: { max: 120 } },
			bio: { key: 'errors.tooLong', params: { max: 5000 } },
			links: { key: 'speakers.errors.linkUrl', params: { line: 1 } }
		});
		expect((await refusal(createSpeaker(t.app, admin, c.id, { name: 'n'.repeat(121) }))).errors.name?.key).toBe(
			'errors.tooLong'
		);
		expect(await listSpeakers(t.app.db, c.id)).toEqual([]);
	});

	it('accepts up to 5 http(s) links and explains what is wrong with the others', () => {
		const six = Array.from({ length: 6 }, (_, i) => `L${i} | https://e.org/${i}`).join('\n');
		expect(parseLinks(six).error).toEqual({ key: 'speakers.errors.tooManyLinks', params: { max: 5 } });
		expect(parseLinks('ok | https://e.org\nftp | ftp://e.org').error).toEqual({
			key: 'speakers.errors.linkUrl',
			params: { line: 2 }
		});
		expect(parseLinks('Site | exemple.fr').error?.key).toBe('speakers.errors.linkUrl');
		expect(parseLinks(' | https://e.org').error).toEqual({ key: 'speakers.errors.linkLabel', params: { line: 1 } });
		expect(parseLinks('Blog | http://e.org/a?b=1').links).toEqual([{ label: 'Blog', url: 'http://e.org/a?b=1' }]);
	});

	it('lets only the course editors write', async () => {
		const c = await course();
		const s = await createSpeaker(t.app, admin, c.id, { name: 'Alex' });
		const forbidden = { status: 403, errors: { _form: { key: 'error.forbidden' } } };
		expect(await refusal(createSpeaker(t.app, outsider, c.id, { name: 'Intrus' }))).toEqual(forbidden);
		expect(await refusal(createSpeaker(t.app, null, c.id, { name: 'Intrus' }))).toEqual(forbidden);
		expect(await refusal(updateSpeaker(t.app, outsider, c.id, s.id, { name: 'Changé' }))).toEqual(forbidden);
		expect(await refusal(moveSpeaker(t.app, outsider, c.id, s.id, 'up'))).toEqual(forbidden);
		expect(await refusal(deleteSpeaker(t.app, outsider, c.id, s.id))).toEqual(forbidden);
		const editor: Actor = { id: outsider.id, roles: [{ role: 'editor', scopeType: 'course', scopeId: c.id }] };
		await updateSpeaker(t.app, editor, c.id, s.id, { name: 'Alex Dupont' });
		expect((await listSpeakers(t.app.db, c.id))[0]?.name).toBe('Alex Dupont');
		// An editor of another course cannot touch this one's speakers, even by id.
		const other = await course();
		const otherEditor: Actor = { id: outsider.id, roles: [{ role: 'editor', scopeType: 'course', scopeId: other.id }] };
		expect((await refusal(deleteSpeaker(t.app, otherEditor, other.id, s.id))).status).toBe(404);
		expect(await listSpeakers(t.app.db, c.id)).toHaveLength(1);
	});

	it('reorders with up and down, and deletes', async () => {
		const c = await course();
		const [a, b, d] = [
			await createSpeaker(t.app, admin, c.id, { name: 'A' }),
			await createSpeaker(t.app, admin, c.id, { name: 'B' }),
			await createSpeaker(t.app, admin, c.id, { name: 'C' })
		];
		const names = async () => (await listSpeakers(t.app.db, c.id)).map((x) => x.name);
		await moveSpeaker(t.app, admin, c.id, d.id, 'up');
		expect(await names()).toEqual(['A', 'C', 'B']);
		await moveSpeaker(t.app, admin, c.id, a.id, 'up'); // already first: nothing moves
		await moveSpeaker(t.app, admin, c.id, b.id, 'down'); // already last
		expect(await names()).toEqual(['A', 'C', 'B']);
		await moveSpeaker(t.app, admin, c.id, a.id, 'down');
		expect(await names()).toEqual(['C', 'A', 'B']);
		await deleteSpeaker(t.app, admin, c.id, a.id);
		expect(await names()).toEqual(['C', 'B']);
		expect((await refusal(deleteSpeaker(t.app, admin, c.id, a.id))).status).toBe(404);
	});

	it('stores a 400×400 WebP photo without EXIF, replaces and removes it; alt defaults to the name', async () => {
		const c = await course();
		const jpeg = await photoWithExif();
		expect((await sharp(jpeg).metadata()).exif).toBeDefined();
		const s = await createSpeaker(
			t.app,
			admin,
			c.id,
			{ name: 'Camille' },
			{ photo: file(jpeg, 'moi.jpg', 'image/jpeg') }
		);
		const path = uploadPath(t.config.dataDir, 'speakers', s.photoKey!)!;
		const stored = readFileSync(path);
		const meta = await sharp(stored).metadata();
		expect(meta).toMatchObject({ format: 'webp', width: 400, height: 400 });
		expect(meta.exif).toBeUndefined();
		expect(meta.icc).toBeUndefined();
		expect(stored.includes(Buffer.from('Camille Secret'))).toBe(false);
		expect(speakerView(s)).toMatchObject({ photo: `/uploads/speakers/${s.photoKey}`, photoAlt: 'Camille' });

		const png = await sharp({ create: { width: 50, height: 90, channels: 4, background: '#00aa00' } })
			.png()
			.toBuffer();
		await updateSpeaker(
			t.app,
			admin,
			c.id,
			s.id,
			{ name: 'Camille', photoAlt: 'Camille au micro' },
			{ photo: file(png, 'photo.bin', 'application/octet-stream') }
		);
		const [after] = await listSpeakers(t.app.db, c.id);
		expect(after!.photoKey).not.toBe(s.photoKey);
		expect(existsSync(path)).toBe(false);
		expect(speakerView(after!).photoAlt).toBe('Camille au micro');

		// Saving without a file keeps the photo; ticking "remove" deletes it.
		await updateSpeaker(t.app, admin, c.id, s.id, { name: 'Camille' });
		const [kept] = await listSpeakers(t.app.db, c.id);
		expect(kept!.photoKey).toBe(after!.photoKey);
		await updateSpeaker(t.app, admin, c.id, s.id, { name: 'Camille' }, { removePhoto: true });
		const [removed] = await listSpeakers(t.app.db, c.id);
		expect(removed!.photoKey).toBeNull();
		expect(existsSync(uploadPath(t.config.dataDir, 'speakers', after!.photoKey!)!)).toBe(false);
	});

	it('refuses a fake image (415), a damaged one (422) and an oversized one (413), next to the field', async () => {
		const c = await course();
		const fake = await refusal(
			createSpeaker(t.app, admin, c.id, { name: 'X' }, { photo: file('<svg onload=alert(1)>', 'a.png', 'image/png') })
		);
		expect(fake).toEqual({ status: 415, errors: { photo: { key: 'cover.errors.type' } } });
		const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } })
			.gif()
			.toBuffer();
		expect(
			(await refusal(createSpeaker(t.app, admin, c.id, { name: 'X' }, { photo: file(gif, 'a.jpg', 'image/jpeg') })))
				.status
		).toBe(415);
		const jpeg = await photoWithExif();
		const broken = await refusal(
			createSpeaker(
				t.app,
				admin,
				c.id,
				{ name: 'X' },
				{ photo: file(jpeg.subarray(0, jpeg.length / 2), 'a.jpg', 'image/jpeg') }
			)
		);
		expect(broken).toEqual({ status: 422, errors: { photo: { key: 'cover.errors.corrupt' } } });
		const small = { ...t.app, config: { ...t.app.config, AVATAR_MAX_BYTES: 1024 } };
		const big = await refusal(
			createSpeaker(small, admin, c.id, { name: 'X' }, { photo: file(jpeg, 'a.jpg', 'image/jpeg') })
		);
		expect(big).toEqual({ status: 413, errors: { photo: { key: 'cover.errors.tooBig', params: { max: 1 } } } });
		expect(await listSpeakers(t.app.db, c.id)).toEqual([]);
	});
});

async function event(who: Who | null, path: string, slug: string, form?: FormData) {
	const url = new URL(`http://localhost:3000${path}`);
	const user = who && { ...who, emailVerified: true, locale: 'fr', avatarKey: null };
	return {
		url,
		params: { slug },
		locals: { app: t.app, user, actor: who ? { id: who.id, roles: await rolesOf(t.app.db, who.id) } : null },
		request: new Request(url, form ? { method: 'POST', body: form } : {})
	} as never;
}

async function outcome(run: () => unknown) {
	try {
		const r = await run();
		if (isActionFailure(r))
			return {
				status: r.status,
				data: r.data as unknown as { errors: Record<string, { key: string }>; values: Record<string, string> }
			};
		return { status: 200, data: r as Record<string, unknown> };
	} catch (err) {
		if (isRedirect(err)) return { status: err.status, location: err.location };
		if (isHttpError(err)) return { status: err.status };
		throw err;
	}
}

const formOf = (fields: Record<string, string>, photo?: File) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	f.set('photo', photo ?? new File([], '', { type: 'application/octet-stream' }));
	return f;
};

describe('speaker pages', () => {
	it('lets editors add, reorder and delete through the forms, with errors next to the fields', async () => {
		const c = await course();
		const edit = `/courses/${c.slug}/speakers/edit`;
		expect(await outcome(async () => editPage.load(await event(null, edit, c.slug)))).toMatchObject({ status: 303 });
		expect(await outcome(async () => editPage.load(await event(outsiderUser, edit, c.slug)))).toEqual({ status: 404 });

		const bad = await outcome(async () =>
			editPage.actions.save(
				await event(adminUser, `${edit}?/save`, c.slug, formOf({ name: 'Sam', links: 'Site | javascript:alert(1)' }))
			)
		);
		expect(bad).toMatchObject({
			status: 400,
			data: { errors: { links: { key: 'speakers.errors.linkUrl' } }, values: { name: 'Sam' } }
		});
		const fake = await outcome(async () =>
			editPage.actions.save(
				await event(
					adminUser,
					`${edit}?/save`,
					c.slug,
					formOf({ name: 'Sam' }, file('GIF89a nope', 'a.webp', 'image/webp'))
				)
			)
		);
		expect(fake).toMatchObject({ status: 415, data: { errors: { photo: { key: 'cover.errors.type' } } } });

		for (const name of ['Sam', 'Lou']) {
			const ok = await outcome(async () =>
				editPage.actions.save(
					await event(
						adminUser,
						`${edit}?/save`,
						c.slug,
						formOf(
							{ name, role: 'Formatrice', links: 'Site | https://exemple.fr' },
							file(await photoWithExif(), 'a.jpg', 'image/jpeg')
						)
					)
				)
			);
			expect(ok).toEqual({ status: 303, location: `${edit}?done=added` });
		}
		const loaded = (await outcome(async () => editPage.load(await event(adminUser, edit, c.slug)))).data as {
			speakers: { id: string; name: string }[];
		};
		expect(loaded.speakers.map((s) => s.name)).toEqual(['Sam', 'Lou']);
		const lou = loaded.speakers[1]!.id;
		const moved = await outcome(async () => {
			const f = new FormData();
			f.set('id', lou);
			f.set('direction', 'up');
			return editPage.actions.move(await event(adminUser, `${edit}?/move`, c.slug, f));
		});
		expect(moved).toEqual({ status: 303, location: `${edit}?done=moved#s-${lou}` });

		// The public page: hidden with the draft, then open to anyone once published.
		const pub = `/courses/${c.slug}/speakers`;
		expect(await outcome(async () => publicPage.load(await event(null, pub, c.slug)))).toEqual({ status: 404 });
		await setCourseStatus({ ...t.app }, admin, c, 'published');
		const page = await outcome(async () => publicPage.load(await event(null, pub, c.slug)));
		const speakers = (page.data as Record<string, unknown>).speakers as {
			name: string;
			photo: string;
			photoAlt: string;
			links: unknown;
		}[];
		expect(speakers.map((s) => s.name)).toEqual(['Lou', 'Sam']);
		expect(speakers[0]).toMatchObject({
			photoAlt: 'Lou',
			photo: expect.stringMatching(/^\/uploads\/speakers\/[0-9a-f-]{36}\.webp$/),
			links: [{ label: 'Site', url: 'https://exemple.fr/' }]
		});
		const courseData = (await outcome(async () => coursePage.load(await event(null, `/courses/${c.slug}`, c.slug))))
			.data as Record<string, unknown>;
		expect((courseData.speakers as { name: string }[]).map((s) => s.name)).toEqual(['Lou', 'Sam']);
		// Published, but still not editable by others.
		expect(await outcome(async () => editPage.load(await event(outsiderUser, edit, c.slug)))).toEqual({ status: 403 });

		const del = await outcome(async () => {
			const f = new FormData();
			f.set('id', lou);
			return editPage.actions.delete(await event(adminUser, `${edit}?/delete`, c.slug, f));
		});
		expect(del).toEqual({ status: 303, location: `${edit}?done=deleted` });
		expect((await listSpeakers(t.app.db, c.id)).map((s) => s.name)).toEqual(['Sam']);
	});
});
