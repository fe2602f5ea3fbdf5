/**
 * The cover flow as a browser without JavaScript uses it: the cover page's load and actions,
 * called as SvelteKit would, then the picture served by /uploads, the course page and the catalogue.
 */
import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '#lib/server/http/forms.ts';
import { rolesOf } from '../authz/roles.service.ts';
import { uploadPath } from '../platform/storage.ts';
import { courseSchema } from './courses.schemas.ts';
import { createCourse, getCourseBySlug, setCourseStatus } from './courses.service.ts';
import { removeCover, setCover } from './cover.ts';
import * as coverPage from '../../../../routes/courses/[slug]/cover/+page.server.ts';
import * as coursePage from '../../../../routes/courses/[slug]/+page.server.ts';
import { GET as getUpload } from '../../../../routes/uploads/[area]/[key]/+server.ts';

let t: TestApp;
type Who = Awaited<ReturnType<typeof createUser>>;
let admin: Who;
let person: Who;
beforeAll(async () => {
	t = await createTestApp();
	admin = await createAdmin(t.app);
	person = await createUser(t.app);
});
afterAll(() => t?.close());

async function event(who: Who | null, path: string, opts: { params?: Record<string, string>; form?: FormData } = {}) {
	const url = new URL(`http://localhost:3000${path}`);
	const user = who && { ...who, emailVerified: true, locale: 'fr', avatarKey: null };
	return {
		url,
		params: opts.params ?? {},
		locals: { app: t.app, user, actor: who ? { id: who.id, roles: await rolesOf(t.app.db, who.id) } : null },
		request: new Request(url, opts.form ? { method: 'POST', body: opts.form } : {}),
		cookies: { get: () => undefined, set: () => {}, delete: () => {} }
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

async function photoWithExif(width = 1600, height = 1000) {
	return sharp({ create: { width, height, channels: 3, background: { r: 220, g: 120, b: 40 } } })
		.jpeg()
		.withMetadata({ exif: { IFD0: { Artist: 'Camille Secret' } } })
		.toBuffer();
}
const file = (bytes: Uint8Array | string, name: string, type: string) =>
	new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name, { type });
function coverForm(fields: Record<string, string>, cover?: File) {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	f.set('cover', cover ?? new File([], '', { type: 'application/octet-stream' }));
	return f;
}

let n = 0;
async function course() {
	const actor = { id: admin.id, roles: await rolesOf(t.app.db, admin.id) };
	const c = await createCourse(
		t.app,
		actor,
		courseSchema.parse({ title: `Couverture ${++n}`, slug: `couverture-${n}` })
	);
	return { c, actor, path: `/courses/${c.slug}/cover`, params: { slug: c.slug } };
}

describe('course cover', () => {
	it('is for editors only', async () => {
		const { path, params } = await course();
		expect(await outcome(async () => coverPage.load(await event(null, path, { params })))).toMatchObject({
			status: 303
		});
		// A draft is invisible to others (404); a published course is forbidden to non-editors (403).
		expect(await outcome(async () => coverPage.load(await event(person, path, { params })))).toEqual({ status: 404 });
		const { c, actor, path: p2, params: q2 } = await course();
		await setCourseStatus({ ...t.app }, actor, c, 'published');
		expect(await outcome(async () => coverPage.load(await event(person, p2, { params: q2 })))).toEqual({ status: 403 });
		const r = await outcome(async () =>
			coverPage.actions.save(
				await event(person, `${p2}?/save`, {
					params: q2,
					form: coverForm({ alt: 'x' }, file(await photoWithExif(), 'a.jpg', 'image/jpeg'))
				})
			)
		);
		expect(r).toEqual({ status: 403 });
		const svc = await setCover(t.app, { id: person.id, roles: [] }, c.id, { alt: 'x', decorative: false }).catch(
			(e: unknown) => e
		);
		expect(svc).toBeInstanceOf(FormError);
		expect((svc as FormError).status).toBe(403);
	});

	it('uploads a 1200×630 WebP without metadata, shows it with its alt, serves it, and removes it', async () => {
		const { c, actor, path, params } = await course();
		const save = (form: FormData) =>
			outcome(async () => coverPage.actions.save(await event(admin, `${path}?/save`, { params, form })));

		// No alt and not decorative: 400 next to the alt field, what was typed kept.
		const noAlt = await save(coverForm({ alt: '  ' }, file(await photoWithExif(), 'a.jpg', 'image/jpeg')));
		expect(noAlt.status).toBe(400);
		expect(noAlt.data?.errors).toEqual({ alt: { key: 'cover.errors.altRequired' } });
		// No file and no cover yet: 400 next to the file field.
		const noFile = await save(coverForm({ alt: 'Un serveur' }));
		expect(noFile.data?.errors).toEqual({ cover: { key: 'cover.errors.missing' } });
		// A text file named .png: 415; too big: 413.
		const fake = await save(coverForm({ alt: 'Un serveur' }, file('not an image', 'a.png', 'image/png')));
		expect(fake).toMatchObject({ status: 415, data: { errors: { cover: { key: 'cover.errors.type' } } } });
		expect(fake.data?.values).toMatchObject({ alt: 'Un serveur' });
		const tiny = { ...t.app, config: { ...t.app.config, FILE_MAX_BYTES: 1000 } };
		const big = await setCover(tiny, actor, c.id, {
			file: file(await photoWithExif(), 'a.jpg', 'image/jpeg'),
			alt: 'x',
			decorative: false
		}).catch((e: unknown) => e as FormError);
		expect(big).toMatchObject({ status: 413, errors: { cover: { key: 'cover.errors.tooBig', params: { max: 1 } } } });

		const ok = await save(
			coverForm({ alt: 'Une baie de serveurs' }, file(await photoWithExif(), 'IMG_0001.JPG', 'image/jpeg'))
		);
		expect(ok).toEqual({ status: 303, location: `/courses/${c.slug}/cover?done=saved` });
		const stored = (await getCourseBySlug(t.app.db, c.slug))!;
		expect(stored.coverAlt).toBe('Une baie de serveurs');
		const key = stored.coverKey!;
		const meta = await sharp(uploadPath(t.config.dataDir, 'covers', key)!).metadata();
		expect(meta).toMatchObject({ format: 'webp', width: 1200, height: 630 });
		expect(meta.exif).toBeUndefined();

		const page = await outcome(async () => coursePage.load(await event(admin, `/courses/${c.slug}`, { params })));
		expect(page.data).toMatchObject({ cover: `/uploads/covers/${key}`, course: { coverAlt: 'Une baie de serveurs' } });

		const res = await getUpload({ params: { area: 'covers', key }, locals: { app: t.app } } as never);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/webp');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('cache-control')).toContain('max-age=31536000');
		const body = Buffer.from(await res.arrayBuffer());
		expect(body.includes(Buffer.from('Camille Secret'))).toBe(false);

		// Decorative: no alt needed, stored empty. Without a new file, only the alt changes.
		const deco = await save(coverForm({ alt: '', decorative: 'on' }));
		expect(deco.status).toBe(303);
		expect(await getCourseBySlug(t.app.db, c.slug)).toMatchObject({ coverKey: key, coverAlt: '' });

		// A new upload replaces the file.
		await save(coverForm({ alt: 'Autre' }, file(await photoWithExif(800, 800), 'b.jpg', 'image/jpeg')));
		const replaced = (await getCourseBySlug(t.app.db, c.slug))!;
		expect(replaced.coverKey).not.toBe(key);
		expect(existsSync(uploadPath(t.config.dataDir, 'covers', key)!)).toBe(false);

		const removed = await outcome(async () =>
			coverPage.actions.remove(await event(admin, `${path}?/remove`, { params, form: new FormData() }))
		);
		expect(removed).toEqual({ status: 303, location: `/courses/${c.slug}/cover?done=removed` });
		expect(await getCourseBySlug(t.app.db, c.slug)).toMatchObject({ coverKey: null, coverAlt: '' });
		expect(existsSync(uploadPath(t.config.dataDir, 'covers', replaced.coverKey!)!)).toBe(false);
		await removeCover(t.app, actor, c.id); // nothing left to remove: no error
	});

	it('serves nothing but generated keys of picture areas', async () => {
		const get = (area: string, key: string) =>
			outcome(() => getUpload({ params: { area, key }, locals: { app: t.app } } as never));
		for (const [area, key] of [
			['covers', '..%2F..%2Fdb'],
			['covers', '../../../etc/passwd'],
			['covers', '0190aaaa-0000-7000-8000-000000000000.webp'],
			['avatars', '0190aaaa-0000-7000-8000-000000000000.webp'],
			['files', '0190aaaa-0000-7000-8000-000000000000.pdf'],
			['nope', 'x']
		])
			expect(await get(area!, key!)).toEqual({ status: 404 });
	});
});
