/**
 * Course covers, and the picture pipeline they share with speakers' photos: an upload is judged
 * by its real content (sharp reads it; the name and declared type are ignored), only JPEG, PNG
 * and WebP are taken, and it is cut to a fixed WebP size with every metadata stripped (EXIF,
 * GPS, ICC). Files live under DATA_DIR/uploads/<area>/<uuidv7>.webp; a new key per upload lets
 * browsers keep them forever. A cover needs a text alternative unless the author says it is
 * decorative (then its alt is empty).
 */
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import type { App } from '../../app.ts';
import { FormError } from '../../http/forms.ts';
import { log } from '../../log.ts';
import { can, type Actor } from '../authz/policy.ts';
import { newKey, removeUpload, storeUpload, uploadPath, type Area } from '../platform/storage.ts';
import { courses } from './courses.table.ts';

export const COVER = { width: 1200, height: 630, alt: 300 } as const;
export const IMAGE_FORMATS = ['jpeg', 'png', 'webp'] as const;
/** Larger pictures are refused before decoding (a small file can decode to a huge bitmap). */
const MAX_INPUT_PIXELS = 50_000_000;
/** Areas whose files are pictures served publicly by /uploads/<area>/<key>. */
export const IMAGE_AREAS = ['covers', 'speakers'] as const satisfies readonly Area[];
export type ImageArea = (typeof IMAGE_AREAS)[number];

type Ctx = Pick<App, 'db' | 'config'>;

/** What a form gives for a file field, whatever the runtime's File class. */
export interface UploadedFile {
	size: number;
	arrayBuffer(): Promise<ArrayBuffer>;
}

export function isUploadedFile(v: unknown): v is UploadedFile {
	return typeof v === 'object' && v !== null && 'size' in v && 'arrayBuffer' in v;
}

/** A file that was actually chosen (browsers send an empty part for an untouched file input). */
export function chosenFile(v: unknown): UploadedFile | undefined {
	return isUploadedFile(v) && v.size > 0 ? v : undefined;
}

export function imageUrl(area: ImageArea, key: string | null | undefined): string | null {
	return key && uploadPath('', area, key) ? `/uploads/${area}/${key}` : null;
}

export const coverUrl = (key: string | null | undefined) => imageUrl('covers', key);

export interface ImageSpec {
	/** The form field that errors are attached to. */
	field: string;
	width: number;
	height: number;
	maxBytes: number;
}

/**
 * Checks an upload and turns it into the stored picture. Too big is 413 (with the limit in MB),
 * anything but JPEG/PNG/WebP is 415, a picture that cannot be decoded is 422.
 */
export async function processImage(file: UploadedFile, spec: ImageSpec): Promise<Buffer> {
	const { field } = spec;
	if (file.size > spec.maxBytes)
		throw new FormError(413, {
			[field]: { key: 'cover.errors.tooBig', params: { max: Math.floor(spec.maxBytes / 1024 / 1024) || 1 } }
		});
	const bytes = new Uint8Array(await file.arrayBuffer());
	let format: string | undefined;
	try {
		const meta = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
		format = meta.format;
		if (meta.width && meta.height && meta.width * meta.height > MAX_INPUT_PIXELS)
			throw new FormError(413, { [field]: { key: 'cover.errors.dimensions' } });
	} catch (err) {
		if (err instanceof FormError) throw err;
		throw new FormError(415, { [field]: { key: 'cover.errors.type' } });
	}
	if (!(IMAGE_FORMATS as readonly string[]).includes(format ?? ''))
		throw new FormError(415, { [field]: { key: 'cover.errors.type' } });
	try {
		// rotate() applies the EXIF orientation before it is dropped; sharp writes no metadata
		// unless asked to (no withMetadata/keepMetadata here).
		return await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'truncated', pages: 1 })
			.rotate()
			.resize(spec.width, spec.height, { fit: 'cover', position: 'attention' })
			.webp({ quality: 82, effort: 4 })
			.toBuffer();
	} catch {
		throw new FormError(422, { [field]: { key: 'cover.errors.corrupt' } });
	}
}

/** Stores a processed picture under a new key and returns the key. */
export async function storeImage(dataDir: string, area: ImageArea, webp: Buffer): Promise<string> {
	const key = newKey('webp');
	await storeUpload(dataDir, area, key, webp);
	return key;
}

export async function removeImage(dataDir: string, area: ImageArea, key: string | null | undefined) {
	try {
		await removeUpload(dataDir, area, key);
	} catch (err) {
		log.warn({ err, area, key }, 'could not remove an uploaded picture');
	}
}

function assertEditor(actor: Actor | null, courseId: string) {
	if (!can(actor, 'course.edit', { type: 'course', id: courseId }))
		throw new FormError(403, { _form: { key: 'error.forbidden' } });
}

export interface CoverInput {
	/** The form's file part; an empty or missing part keeps the current image. */
	file?: unknown;
	alt: string;
	decorative: boolean;
}

/**
 * Sets the cover of a course, or only its text alternative when no new file is given and the
 * course already has one. The previous file is removed once the new one is recorded.
 */
export async function setCover(ctx: Ctx, actor: Actor | null, courseId: string, input: CoverInput) {
	assertEditor(actor, courseId);
	const [course] = await ctx.db.select({ coverKey: courses.coverKey }).from(courses).where(eq(courses.id, courseId));
	if (!course) throw new FormError(404, { _form: { key: 'error.notFound' } });
	const alt = input.decorative ? '' : input.alt.replace(/\s+/g, ' ').trim();
	const file = chosenFile(input.file);
	if (!file && !course.coverKey) throw new FormError(400, { cover: { key: 'cover.errors.missing' } });
	if (!input.decorative && !alt) throw new FormError(400, { alt: { key: 'cover.errors.altRequired' } });
	if (alt.length > COVER.alt) throw new FormError(400, { alt: { key: 'errors.tooLong', params: { max: COVER.alt } } });
	if (!file) {
		await ctx.db.update(courses).set({ coverAlt: alt, updatedAt: new Date() }).where(eq(courses.id, courseId));
		return course.coverKey;
	}
	const webp = await processImage(file, {
		field: 'cover',
		width: COVER.width,
		height: COVER.height,
		maxBytes: ctx.config.FILE_MAX_BYTES
	});
	const key = await storeImage(ctx.config.dataDir, 'covers', webp);
	let previous: string | null;
	try {
		previous = await ctx.db.transaction(async (tx) => {
			const [row] = await tx
				.select({ coverKey: courses.coverKey })
				.from(courses)
				.where(eq(courses.id, courseId))
				.for('update');
			await tx
				.update(courses)
				.set({ coverKey: key, coverAlt: alt, updatedAt: new Date() })
				.where(eq(courses.id, courseId));
			return row?.coverKey ?? null;
		});
	} catch (err) {
		await removeImage(ctx.config.dataDir, 'covers', key);
		throw err;
	}
	await removeImage(ctx.config.dataDir, 'covers', previous);
	return key;
}

export async function removeCover(ctx: Ctx, actor: Actor | null, courseId: string) {
	assertEditor(actor, courseId);
	const previous = await ctx.db.transaction(async (tx) => {
		const [row] = await tx
			.select({ coverKey: courses.coverKey })
			.from(courses)
			.where(eq(courses.id, courseId))
			.for('update');
		if (!row?.coverKey) return null;
		await tx
			.update(courses)
			.set({ coverKey: null, coverAlt: '', updatedAt: new Date() })
			.where(eq(courses.id, courseId));
		return row.coverKey;
	});
	await removeImage(ctx.config.dataDir, 'covers', previous);
}
