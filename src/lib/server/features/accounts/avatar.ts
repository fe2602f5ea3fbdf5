/**
 * Avatars: an uploaded picture is checked by its real content (never its name or declared
 * type), cut to a 256×256 WebP square with every metadata stripped (EXIF, GPS, ICC), and stored
 * as DATA_DIR/uploads/avatars/<uuidv7>.webp. A new key per upload lets browsers cache forever.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import type { App } from '../../app.ts';
import { FormError } from '../../http/forms.ts';
import { uuidv7, UUID_RE } from '../../ids.ts';
import { log } from '../../log.ts';
import { users } from './accounts.table.ts';

export const AVATAR_SIZE = 256;
export const AVATAR_FORMATS = ['jpeg', 'png', 'webp', 'gif'] as const;
/** Larger pictures are refused before decoding (a small file can decode to a huge bitmap). */
const MAX_INPUT_PIXELS = 50_000_000;

type Ctx = Pick<App, 'db' | 'config'>;

export function isAvatarKey(key: string): boolean {
	return UUID_RE.test(key);
}

export function avatarDir(dataDir: string) {
	return join(dataDir, 'uploads', 'avatars');
}

/** The file of an avatar key; throws on anything but a well-formed key, so no path can escape. */
export function avatarPath(dataDir: string, key: string) {
	if (!isAvatarKey(key)) throw new Error('invalid avatar key');
	return join(avatarDir(dataDir), `${key}.webp`);
}

export function avatarUrl(key: string | null | undefined): string | null {
	return key && isAvatarKey(key) ? `/avatars/${key}.webp` : null;
}

/** Reads a stored avatar, or null when there is none under that key. */
export async function readAvatar(dataDir: string, key: string): Promise<Buffer | null> {
	if (!isAvatarKey(key)) return null;
	try {
		return await readFile(avatarPath(dataDir, key));
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw err;
	}
}

export async function deleteAvatarFile(dataDir: string, key: string | null | undefined) {
	if (!key || !isAvatarKey(key)) return;
	try {
		await rm(avatarPath(dataDir, key), { force: true });
	} catch (err) {
		log.warn({ err, key }, 'could not remove an avatar file');
	}
}

/**
 * Checks a picture and turns it into the stored avatar. Unknown formats (text, SVG, PDF…) are
 * 415; a picture that claims a known format but cannot be decoded is 422.
 */
export async function processAvatar(bytes: Uint8Array): Promise<Buffer> {
	let format: string | undefined;
	try {
		const meta = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
		format = meta.format;
		if (meta.width && meta.height && meta.width * meta.height > MAX_INPUT_PIXELS)
			throw new FormError(413, { avatar: { key: 'errors.avatarDimensions' } });
	} catch (err) {
		if (err instanceof FormError) throw err;
		throw new FormError(415, { avatar: { key: 'errors.avatarType' } });
	}
	if (!(AVATAR_FORMATS as readonly string[]).includes(format ?? ''))
		throw new FormError(415, { avatar: { key: 'errors.avatarType' } });
	try {
		// Only the first frame of an animation; rotate() applies the EXIF orientation before it is dropped.
		// sharp writes no metadata unless asked to (no withMetadata/keepMetadata here).
		return await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'truncated', pages: 1 })
			.rotate()
			.resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover', position: 'attention' })
			.webp({ quality: 82, effort: 4 })
			.toBuffer();
	} catch {
		throw new FormError(422, { avatar: { key: 'errors.avatarCorrupt' } });
	}
}

/** What a form gives for a file field, whatever the runtime's File class. */
export interface UploadedFile {
	size: number;
	arrayBuffer(): Promise<ArrayBuffer>;
}

export function isUploadedFile(v: unknown): v is UploadedFile {
	return typeof v === 'object' && v !== null && 'size' in v && 'arrayBuffer' in v;
}

/** Replaces a person's avatar; the previous file is removed once the new one is recorded. */
export async function setAvatar(ctx: Ctx, userId: string, file: UploadedFile | null | undefined): Promise<string> {
	if (!file || file.size === 0) throw new FormError(400, { avatar: { key: 'errors.avatarMissing' } });
	const max = ctx.config.AVATAR_MAX_BYTES;
	if (file.size > max)
		throw new FormError(413, {
			avatar: { key: 'errors.avatarTooBig', params: { max: Math.floor(max / 1024 / 1024) || 1 } }
		});
	const webp = await processAvatar(new Uint8Array(await file.arrayBuffer()));
	const key = uuidv7();
	const dir = avatarDir(ctx.config.dataDir);
	await mkdir(dir, { recursive: true });
	const path = avatarPath(ctx.config.dataDir, key);
	await writeFile(`${path}.tmp`, webp);
	await rename(`${path}.tmp`, path);
	let previous: string | null;
	try {
		previous = await ctx.db.transaction(async (tx) => {
			const [row] = await tx
				.select({ avatarKey: users.avatarKey })
				.from(users)
				.where(eq(users.id, userId))
				.for('update');
			if (!row) throw new Error('no such user');
			await tx.update(users).set({ avatarKey: key, updatedAt: new Date() }).where(eq(users.id, userId));
			return row.avatarKey;
		});
	} catch (err) {
		await deleteAvatarFile(ctx.config.dataDir, key);
		throw err;
	}
	await deleteAvatarFile(ctx.config.dataDir, previous);
	return key;
}

/** "Remove my avatar". */
export async function removeAvatar(ctx: Ctx, userId: string) {
	const previous = await ctx.db.transaction(async (tx) => {
		const [row] = await tx.select({ avatarKey: users.avatarKey }).from(users).where(eq(users.id, userId)).for('update');
		if (!row?.avatarKey) return null;
		await tx.update(users).set({ avatarKey: null, updatedAt: new Date() }).where(eq(users.id, userId));
		return row.avatarKey;
	});
	await deleteAvatarFile(ctx.config.dataDir, previous);
}
