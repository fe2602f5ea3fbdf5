/**
 * Images and attachments of a course's lessons (editors only). Images are re-encoded as WebP
 * without metadata and need alt text unless marked decorative; attachments are PDF,
 * OpenDocument or ZIP, judged by content. Files live under DATA_DIR/uploads/files/<key>, the
 * key is generated; the uploaded name is only kept, cleaned, for display and downloads.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError, type FieldErrors } from '../../http/forms.ts';
import { uuidv7 } from '../../ids.ts';
import { can, type Actor } from '../authz/policy.ts';
import { courses, lessons, type CourseRow } from '../courses/courses.table.ts';
import { newKey, removeUpload, storeUpload } from '../platform/storage.ts';
import { detectAttachment, processImage, typeLabel } from './lesson-files.detect.ts';
import { courseFiles } from './lesson-files.table.ts';

type Ctx = Pick<App, 'db' | 'config'>;
export type CourseFileRow = typeof courseFiles.$inferSelect;

export const FILE_LIMITS = { alt: 300, name: 120 } as const;

/** What a form gives for a file field, whatever the runtime's File class. */
export interface UploadedFile {
	name?: string;
	size: number;
	arrayBuffer(): Promise<ArrayBuffer>;
}

export function isUploadedFile(v: unknown): v is UploadedFile {
	return typeof v === 'object' && v !== null && 'size' in v && 'arrayBuffer' in v;
}

export interface ImageInput {
	file: UploadedFile | null | undefined;
	alt: string;
	/** Explicitly decorative: the only way to leave the alt text empty. */
	decorative: boolean;
	lessonId?: string | null;
}

export interface AttachmentInput {
	file: UploadedFile | null | undefined;
	lessonId?: string | null;
}

function assertEditor(actor: Actor | null, courseId: string) {
	if (!can(actor, 'course.edit', { type: 'course', id: courseId }))
		throw new FormError(403, { _form: { key: 'error.forbidden' } });
}

/** One line of text: no control or bidi-override characters, spaces collapsed. */
function oneLine(s: string): string {
	return s
		.normalize('NFC')
		.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/**
 * A file name fit for display and downloads: the last path part only, no control characters,
 * at most 120 characters, ending with the extension of what the file really is.
 */
export function cleanFileName(raw: string | undefined, ext: string): string {
	const base = (raw ?? '').split(/[/\\]/).pop() ?? '';
	let name = oneLine(base).replace(/^[.\s]+/, '');
	const hasExt = name.toLowerCase().endsWith(`.${ext}`);
	// Keeps the extension as typed (Cours.PDF) when it is the right one.
	const suffix = hasExt ? name.slice(-ext.length - 1) : `.${ext}`;
	let stem = hasExt ? name.slice(0, -suffix.length) : name;
	stem = stem.replace(/[.\s]+$/, '');
	if (!stem) stem = 'document';
	const max = FILE_LIMITS.name - suffix.length;
	if (stem.length > max) {
		const chars = [...stem];
		while (chars.join('').length > max) chars.pop();
		stem = chars.join('').trimEnd();
	}
	name = stem + suffix;
	return name;
}

/** Alt text as stored; errors (required unless decorative, too long) attached to `alt`. */
export function checkAlt(alt: string, decorative: boolean): { alt: string } | { error: FieldErrors } {
	const clean = oneLine(alt);
	if (clean.length > FILE_LIMITS.alt)
		return { error: { alt: { key: 'errors.tooLong', params: { max: FILE_LIMITS.alt } } } };
	if (!clean && !decorative) return { error: { alt: { key: 'files.errors.altRequired' } } };
	return { alt: clean };
}

async function checkLesson(db: DbLike, courseId: string, lessonId: string | null | undefined) {
	if (!lessonId) return null;
	const [row] = await db
		.select({ id: lessons.id })
		.from(lessons)
		.where(and(eq(lessons.id, lessonId), eq(lessons.courseId, courseId)));
	return row ? row.id : undefined;
}

/** Missing file, too big, unknown lesson: checked together, before the content is read. */
async function checkCommon(
	ctx: Ctx,
	courseId: string,
	file: UploadedFile | null | undefined,
	lessonId: string | null | undefined,
	errors: FieldErrors
) {
	let status: 400 | 413 = 400;
	if (!file || file.size === 0) errors.file = { key: 'files.errors.fileMissing' };
	else if (file.size > ctx.config.FILE_MAX_BYTES) {
		errors.file = {
			key: 'files.errors.tooBig',
			params: { max: Math.max(1, Math.floor(ctx.config.FILE_MAX_BYTES / 1024 / 1024)) }
		};
		status = 413;
	}
	const lesson = await checkLesson(ctx.db, courseId, lessonId);
	if (lesson === undefined) errors.lessonId = { key: 'files.errors.lesson' };
	if (Object.keys(errors).length) throw new FormError(errors.file && status === 413 ? 413 : 400, errors);
	return { file: file!, lessonId: lesson };
}

async function store(ctx: Ctx, values: Omit<typeof courseFiles.$inferInsert, 'id'>, bytes: Uint8Array) {
	await storeUpload(ctx.config.dataDir, 'files', values.fileKey, bytes);
	try {
		const [row] = await ctx.db
			.insert(courseFiles)
			.values({ id: uuidv7(), ...values })
			.returning();
		return row!;
	} catch (err) {
		await removeUpload(ctx.config.dataDir, 'files', values.fileKey);
		throw err;
	}
}

export async function addImage(ctx: Ctx, actor: Actor | null, courseId: string, input: ImageInput) {
	assertEditor(actor, courseId);
	const errors: FieldErrors = {};
	const alt = checkAlt(input.alt, input.decorative);
	if ('error' in alt) Object.assign(errors, alt.error);
	const { file, lessonId } = await checkCommon(ctx, courseId, input.file, input.lessonId, errors);
	const image = await processImage(new Uint8Array(await file.arrayBuffer()));
	const fileKey = newKey('webp');
	return store(
		ctx,
		{
			courseId,
			lessonId,
			kind: 'image',
			fileKey,
			// The stored picture is a WebP: its name says so (photo.jpg → photo.webp).
			fileName: cleanFileName(file.name?.replace(/\.(jpe?g|png|gif|webp)$/i, ''), 'webp'),
			mimeType: 'image/webp',
			sizeBytes: image.bytes.length,
			alt: 'alt' in alt ? alt.alt : '',
			width: image.width,
			height: image.height,
			uploadedBy: actor!.id
		},
		image.bytes
	);
}

export async function addAttachment(ctx: Ctx, actor: Actor | null, courseId: string, input: AttachmentInput) {
	assertEditor(actor, courseId);
	const { file, lessonId } = await checkCommon(ctx, courseId, input.file, input.lessonId, {});
	const bytes = new Uint8Array(await file.arrayBuffer());
	const type = detectAttachment(bytes);
	return store(
		ctx,
		{
			courseId,
			lessonId,
			kind: 'attachment',
			fileKey: newKey(type.ext),
			fileName: cleanFileName(file.name, type.ext),
			mimeType: type.mime,
			sizeBytes: bytes.length,
			uploadedBy: actor!.id
		},
		bytes
	);
}

export async function listFiles(db: DbLike, courseId: string) {
	return db
		.select()
		.from(courseFiles)
		.where(eq(courseFiles.courseId, courseId))
		.orderBy(desc(courseFiles.createdAt), desc(courseFiles.id));
}

async function fileOf(db: DbLike, courseId: string, fileId: string) {
	const [row] = await db
		.select()
		.from(courseFiles)
		.where(and(eq(courseFiles.id, fileId), eq(courseFiles.courseId, courseId)));
	if (!row) throw new FormError(404, { _form: { key: 'error.notFound' } });
	return row;
}

/** Changes an image's alt text (same rules as on upload). */
export async function setAlt(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	fileId: string,
	input: { alt: string; decorative: boolean }
) {
	assertEditor(actor, courseId);
	const row = await fileOf(ctx.db, courseId, fileId);
	if (row.kind !== 'image') throw new FormError(400, { _form: { key: 'errors.invalid' } });
	const alt = checkAlt(input.alt, input.decorative);
	if ('error' in alt) throw new FormError(400, alt.error);
	await ctx.db.update(courseFiles).set({ alt: alt.alt }).where(eq(courseFiles.id, row.id));
}

/** Deletes the record, then the file on disk. */
export async function deleteFile(ctx: Ctx, actor: Actor | null, courseId: string, fileId: string) {
	assertEditor(actor, courseId);
	const row = await fileOf(ctx.db, courseId, fileId);
	await ctx.db.delete(courseFiles).where(eq(courseFiles.id, row.id));
	await removeUpload(ctx.config.dataDir, 'files', row.fileKey);
	return row;
}

/** A stored file and its course, by storage key (for serving). */
export async function fileByKey(db: DbLike, key: string): Promise<{ file: CourseFileRow; course: CourseRow } | null> {
	const [row] = await db
		.select({ file: courseFiles, course: courses })
		.from(courseFiles)
		.innerJoin(courses, eq(courses.id, courseFiles.courseId))
		.where(eq(courseFiles.fileKey, key));
	return row ?? null;
}

/** 1.2 MB / 1,2 Mo: the number formatted for the locale, the unit from the caller. */
export function sizeParts(bytes: number, locale: string): { value: string; unit: 'B' | 'KB' | 'MB' } {
	const nf = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
	if (bytes < 1024) return { value: nf.format(bytes), unit: 'B' };
	if (bytes < 1024 * 1024) return { value: nf.format(bytes / 1024), unit: 'KB' };
	return { value: nf.format(bytes / 1024 / 1024), unit: 'MB' };
}

/** Backslash-escapes what Markdown would read as syntax or HTML, so a name stays text. */
export function escapeMarkdown(text: string): string {
	return oneLine(text).replace(/[\\`*_[\]<>~&]/g, (c) => `\\${c}`);
}

/** `Content-Disposition` for a download: the cleaned name, percent-encoded (RFC 6266 / 8187). */
export function attachmentDisposition(name: string): string {
	const encoded = encodeURIComponent(name).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
	return `attachment; filename*=UTF-8''${encoded}`;
}

export function fileUrl(key: string) {
	return `/files/${key}`;
}

/**
 * The Markdown to paste in a lesson: `![alt](/files/key)` for an image,
 * `[name (PDF, 1.2 MB)](/files/key)` for an attachment (`size` already formatted).
 */
export function markdownSnippet(
	file: Pick<CourseFileRow, 'kind' | 'alt' | 'fileName' | 'fileKey' | 'mimeType'>,
	size: string
) {
	if (file.kind === 'image') return `![${escapeMarkdown(file.alt)}](${fileUrl(file.fileKey)})`;
	return `[${escapeMarkdown(`${file.fileName} (${typeLabel(file.mimeType)}, ${size})`)}](${fileUrl(file.fileKey)})`;
}
