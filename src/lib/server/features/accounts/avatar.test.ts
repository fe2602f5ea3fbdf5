import { existsSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { isHttpError } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '#lib/server/http/forms.ts';
import { avatarPath, removeAvatar, setAvatar } from './avatar.ts';
import { getProfile } from './profile.service.ts';
import { GET } from '../../../../routes/avatars/[key].webp/+server.ts';

let t: TestApp;
beforeAll(async () => {
	t = await createTestApp();
});
afterAll(() => t?.close());

/** A photo as a phone would send it: a JPEG carrying EXIF metadata. */
async function photoWithExif(width = 600, height = 400) {
	return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } })
		.jpeg()
		.withMetadata({ exif: { IFD0: { Copyright: 'x', Artist: 'Camille' } } })
		.toBuffer();
}

const file = (bytes: Uint8Array | string, name: string, type: string) =>
	new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name, { type });

async function refusal(p: Promise<unknown>) {
	try {
		await p;
	} catch (err) {
		if (err instanceof FormError) return { status: err.status, errors: err.errors };
		throw err;
	}
	throw new Error('expected a FormError');
}

const getAvatar = (key: string) =>
	GET({ params: { key }, locals: { app: t.app } } as unknown as Parameters<typeof GET>[0]);

describe('avatar upload', () => {
	it('stores a 256×256 WebP without any EXIF, whatever the upload carried', async () => {
		const u = await createUser(t.app);
		const jpeg = await photoWithExif();
		expect((await sharp(jpeg).metadata()).exif).toBeDefined();
		const key = await setAvatar(t.app, u.id, file(jpeg, 'holiday.jpg', 'image/jpeg'));
		expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
		const stored = readFileSync(avatarPath(t.config.dataDir, key));
		const meta = await sharp(stored).metadata();
		expect(meta).toMatchObject({ format: 'webp', width: 256, height: 256 });
		expect(meta.exif).toBeUndefined();
		expect(meta.icc).toBeUndefined();
		expect(stored.includes(Buffer.from('Camille'))).toBe(false);
		expect((await getProfile(t.app, u.id))?.avatarKey).toBe(key);
	});

	it('accepts PNG, WebP and GIF too, judged by content and not by name', async () => {
		const u = await createUser(t.app);
		const base = sharp({ create: { width: 40, height: 90, channels: 4, background: '#00aa00' } });
		for (const bytes of [
			await base.clone().png().toBuffer(),
			await base.clone().webp().toBuffer(),
			await base.clone().gif().toBuffer()
		]) {
			const key = await setAvatar(t.app, u.id, file(bytes, 'picture.txt', 'text/plain'));
			expect((await sharp(avatarPath(t.config.dataDir, key)).metadata()).width).toBe(256);
		}
	});

	it('replaces the previous file and can remove the avatar', async () => {
		const u = await createUser(t.app);
		const first = await setAvatar(t.app, u.id, file(await photoWithExif(), 'a.jpg', 'image/jpeg'));
		const second = await setAvatar(t.app, u.id, file(await photoWithExif(300, 300), 'b.jpg', 'image/jpeg'));
		expect(existsSync(avatarPath(t.config.dataDir, first))).toBe(false);
		expect(existsSync(avatarPath(t.config.dataDir, second))).toBe(true);
		await removeAvatar(t.app, u.id);
		expect(existsSync(avatarPath(t.config.dataDir, second))).toBe(false);
		expect((await getProfile(t.app, u.id))?.avatarKey).toBeNull();
	});

	it('refuses a text file named .png with 415, next to the field', async () => {
		const u = await createUser(t.app);
		const r = await refusal(setAvatar(t.app, u.id, file('not a picture at all', 'cat.png', 'image/png')));
		expect(r).toEqual({ status: 415, errors: { avatar: { key: 'errors.avatarType' } } });
		expect((await getProfile(t.app, u.id))?.avatarKey).toBeNull();
	});

	it('refuses SVG (it can carry scripts)', async () => {
		const u = await createUser(t.app);
		const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
		const r = await refusal(setAvatar(t.app, u.id, file(svg, 'a.png', 'image/png')));
		expect(r.status).toBe(415);
	});

	it('refuses a damaged picture with 422', async () => {
		const u = await createUser(t.app);
		const jpeg = await photoWithExif();
		const r = await refusal(setAvatar(t.app, u.id, file(jpeg.subarray(0, jpeg.length / 2), 'a.jpg', 'image/jpeg')));
		expect(r).toEqual({ status: 422, errors: { avatar: { key: 'errors.avatarCorrupt' } } });
	});

	it('refuses a file over AVATAR_MAX_BYTES with 413 and the limit in the message', async () => {
		const u = await createUser(t.app);
		const small = { ...t.app, config: { ...t.app.config, AVATAR_MAX_BYTES: 1024 * 1024 } };
		// A real picture just over the limit: the size is checked before anything is decoded.
		const big = new Uint8Array(1024 * 1024 + 1);
		big.set(await photoWithExif());
		const r = await refusal(setAvatar(small, u.id, file(big, 'big.png', 'image/png')));
		expect(r).toEqual({ status: 413, errors: { avatar: { key: 'errors.avatarTooBig', params: { max: 1 } } } });
	});

	it('refuses an empty upload (no file chosen)', async () => {
		const u = await createUser(t.app);
		const r = await refusal(setAvatar(t.app, u.id, file('', '', 'application/octet-stream')));
		expect(r.errors.avatar?.key).toBe('errors.avatarMissing');
	});
});

describe('GET /avatars/<key>.webp', () => {
	it('serves a stored avatar with long cache and nosniff headers', async () => {
		const u = await createUser(t.app);
		const key = await setAvatar(t.app, u.id, file(await photoWithExif(), 'a.jpg', 'image/jpeg'));
		const res = await getAvatar(key);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/webp');
		expect(res.headers.get('cache-control')).toContain('max-age=31536000');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).width).toBe(256);
	});

	it('answers 404 for unknown keys and for anything that is not a key', async () => {
		for (const key of ['0190a8f2-0000-7000-8000-000000000000', '../../db/secret', '..%2F..%2Fetc%2Fpasswd', 'ABC']) {
			try {
				await getAvatar(key);
				expect.unreachable();
			} catch (err) {
				expect(isHttpError(err, 404)).toBe(true);
			}
		}
	});
});
