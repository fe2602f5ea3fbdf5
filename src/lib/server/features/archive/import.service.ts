/**
 * Import a course archive (see FORMAT.md) as a NEW draft course: new ids and storage keys for
 * everything, a free slug (`slug-2`…), the importer as editor, the licence kept and the original
 * authors named in a last paragraph of the summary. The archive is checked completely before
 * anything is written (entry names, sizes, manifest, references); rows go in one transaction;
 * files are written only after it commits, and on a failure there the course is removed again.
 */
import { and, eq, sql } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import { z } from 'zod';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError, type FieldError, type FormStatus } from '../../http/forms.ts';
import { uuidv7 } from '../../ids.ts';
import { translate } from '#lib/i18n/index.ts';
import { can, type Actor } from '../authz/policy.ts';
import { roleAssignments } from '../authz/roles.table.ts';
import { courseModules, courses, courseSequences, lessons, type CourseRow } from '../courses/courses.table.ts';
import { renderMarkdown, slug as slugify } from '../courses/markdown.ts';
import { fold } from '../glossary/glossary.linker.ts';
import { definitionToHtml, normaliseTerm } from '../glossary/glossary.service.ts';
import { glossaryLessonOptouts, glossaryTerms } from '../glossary/glossary.table.ts';
import { courseFiles } from '../lesson-files/lesson-files.table.ts';
import { lessonMedia, mediaCaptions, mediaSpeakers } from '../media/media.table.ts';
import { mediaAnnotations } from '../media/annotations.table.ts';
import { parseVtt, serializeVtt } from '../media/vtt.ts';
import { newKey, removeUpload, storeUpload } from '../platform/storage.ts';
import { speakers } from '../speakers/speakers.table.ts';
import { prepareBank, writeBank } from './bank.archive.ts';
import {
	ARCHIVE_FORMAT,
	ARCHIVE_VERSION,
	READABLE_VERSIONS,
	manifestSchema,
	type ArchiveArea,
	type Manifest
} from './manifest.ts';
import { recordImportRevisions } from '../wiki/revisions.record.ts';

type Ctx = Pick<App, 'db' | 'config'>;

export interface ArchiveLimits {
	/** Sum of the entries' uncompressed sizes (zip bombs). */
	totalBytes: number;
	/** One binary entry (cover, photo, media, file). */
	binaryBytes: number;
	/** One text entry (manifest, lesson, captions). */
	textBytes: number;
	entries: number;
	lessons: number;
}

export const DEFAULT_LIMITS = {
	totalBytes: 2 * 1024 ** 3,
	textBytes: 4 * 1024 * 1024,
	entries: 20_000,
	lessons: 2_000
} as const;

export function archiveLimits(config: Ctx['config'], over: Partial<ArchiveLimits> = {}): ArchiveLimits {
	return {
		...DEFAULT_LIMITS,
		binaryBytes: Math.max(config.MEDIA_MAX_BYTES, config.FILE_MAX_BYTES, config.AVATAR_MAX_BYTES),
		...over
	};
}

/** Slugs that name pages under /courses/ rather than a course. */
const RESERVED_SLUGS = new Set(['new', 'import']);
const TEXT_ENTRY = /^(manifest\.json|lessons\/[^/]+\.md|captions\/[^/]+\.vtt)$/;

function refuse(status: FormStatus, key: FieldError['key'], params?: FieldError['params']): never {
	throw new FormError(status, { archive: { key, params } });
}

/** A name that could leave the extraction folder or means something else on another system. */
export function isUnsafeEntryName(name: string): boolean {
	if (!name || name.length > 500) return true;
	if (name.includes('\\') || name.includes('\0') || name.startsWith('/') || /^[a-zA-Z]:/.test(name)) return true;
	const parts = name.replace(/\/$/, '').split('/');
	return parts.some((p) => p === '' || p === '.' || p === '..');
}

const mb = (n: number) => Math.max(1, Math.floor(n / 1024 / 1024));

/** Reads the ZIP's directory first (no decompression), checks names and sizes, then unzips. */
export function readArchive(bytes: Uint8Array, limits: ArchiveLimits): Map<string, Uint8Array> {
	if (!bytes.length) refuse(400, 'archive.errors.missing');
	const isZip = bytes.length >= 22 && bytes[0] === 0x50 && bytes[1] === 0x4b;
	if (!isZip) refuse(422, 'archive.errors.notZip');
	const entries: { name: string; size: number }[] = [];
	try {
		unzipSync(bytes, {
			filter: (f) => {
				entries.push({ name: f.name, size: Math.max(f.size, f.originalSize) });
				return false;
			}
		});
	} catch {
		refuse(422, 'archive.errors.notZip');
	}
	if (entries.length > limits.entries) refuse(413, 'archive.errors.tooManyEntries', { max: limits.entries });
	let total = 0;
	const seen = new Set<string>();
	for (const e of entries) {
		if (isUnsafeEntryName(e.name)) refuse(422, 'archive.errors.unsafePath', { name: e.name.slice(0, 200) });
		if (seen.has(e.name)) refuse(422, 'archive.errors.duplicateEntry', { name: e.name });
		seen.add(e.name);
		const max = TEXT_ENTRY.test(e.name) ? limits.textBytes : limits.binaryBytes;
		if (e.size > max) refuse(413, 'archive.errors.entryTooBig', { name: e.name, max: mb(max) });
		total += e.size;
		if (total > limits.totalBytes) refuse(413, 'archive.errors.tooBig', { max: mb(limits.totalBytes) });
	}
	let files: Record<string, Uint8Array>;
	try {
		files = unzipSync(bytes, { filter: (f) => !f.name.endsWith('/') });
	} catch {
		refuse(422, 'archive.errors.notZip');
	}
	return new Map(Object.entries(files));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function textOf(files: Map<string, Uint8Array>, name: string): string {
	const bytes = files.get(name);
	if (!bytes) refuse(422, 'archive.errors.missingFile', { file: name });
	try {
		return utf8.decode(bytes).replace(/^\uFEFF/, '');
	} catch {
		refuse(422, 'archive.errors.encoding', { file: name });
	}
}

/** The manifest, validated: format and version first, so an archive from the future says so. */
export function readManifest(files: Map<string, Uint8Array>, limits: ArchiveLimits): Manifest {
	if (!files.has('manifest.json')) refuse(422, 'archive.errors.manifestMissing');
	let raw: unknown;
	try {
		raw = JSON.parse(textOf(files, 'manifest.json'));
	} catch (err) {
		if (err instanceof FormError) throw err;
		refuse(422, 'archive.errors.manifestInvalid', { detail: 'JSON' });
	}
	const head = z.object({ format: z.unknown(), version: z.unknown() }).safeParse(raw);
	if (!head.success) refuse(422, 'archive.errors.manifestInvalid', { detail: '/' });
	if (head.data.format !== ARCHIVE_FORMAT) refuse(422, 'archive.errors.format');
	if (!READABLE_VERSIONS.includes(head.data.version as number))
		refuse(422, 'archive.errors.version', {
			version: String(head.data.version).slice(0, 20),
			supported: ARCHIVE_VERSION
		});
	const lessonCount = (raw as { plan?: { sequences?: { lessons?: unknown[] }[] }[] }).plan;
	if (Array.isArray(lessonCount)) {
		let n = 0;
		for (const m of lessonCount)
			for (const s of Array.isArray(m?.sequences) ? m.sequences : [])
				n += Array.isArray(s?.lessons) ? s.lessons.length : 0;
		if (n > limits.lessons) refuse(422, 'archive.errors.tooManyLessons', { max: limits.lessons });
	}
	const parsed = manifestSchema.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		const path = issue.path.join('.');
		if (path === 'course.licence') {
			const given = (raw as { course?: { licence?: unknown } }).course?.licence;
			refuse(422, 'archive.errors.licence', { licence: String(given).slice(0, 60) });
		}
		refuse(422, 'archive.errors.manifestInvalid', { detail: path || '/' });
	}
	return parsed.data;
}

interface PendingFile {
	area: ArchiveArea;
	key: string;
	bytes: Uint8Array;
}

/** Everything the transaction will write, prepared and checked beforehand. */
function prepare(manifest: Manifest, files: Map<string, Uint8Array>) {
	const pending = new Map<string, PendingFile>();
	/** Old storage key or lesson id → new one, to rewrite references in Markdown. */
	const renamed = new Map<string, string>();
	function binary(path: string | null, area: ArchiveArea): string | null {
		if (!path) return null;
		const done = pending.get(path);
		if (done) return done.key;
		const bytes = files.get(path);
		if (!bytes) refuse(422, 'archive.errors.missingFile', { file: path });
		const old = path.slice(`files/${area}/`.length);
		const key = newKey(old.slice(old.lastIndexOf('.') + 1));
		pending.set(path, { area, key, bytes });
		renamed.set(old, key);
		return key;
	}

	const cover = manifest.course.cover ? binary(manifest.course.cover.file, 'covers') : null;
	const people = manifest.speakers.map((s) => ({ ...s, photoKey: s.photo ? binary(s.photo.file, 'speakers') : null }));

	let lessonCount = 0;
	const plan = manifest.plan.map((m) => ({
		title: m.title,
		sequences: m.sequences.map((s) => ({
			title: s.title,
			lessons: s.lessons.map((l) => {
				lessonCount++;
				const newId = uuidv7();
				if (l.id) renamed.set(l.id, newId);
				return {
					...l,
					newId,
					body: textOf(files, l.file),
					media: l.media.map((md) => {
						if (md.source === 'upload' && !md.file)
							refuse(422, 'archive.errors.manifestInvalid', { detail: 'media.file' });
						if (md.source === 'peertube' && !md.embedUrl)
							refuse(422, 'archive.errors.manifestInvalid', { detail: 'media.embedUrl' });
						if (md.speakers.some((i) => i >= people.length))
							refuse(422, 'archive.errors.manifestInvalid', { detail: 'media.speakers' });
						for (const a of md.annotations) {
							if (a.end <= a.start || (md.durationSeconds && a.end > md.durationSeconds))
								refuse(422, 'archive.errors.manifestInvalid', { detail: 'media.annotations.end' });
							if (a.speaker !== null && a.speaker >= people.length)
								refuse(422, 'archive.errors.manifestInvalid', { detail: 'media.annotations.speaker' });
						}
						// Clips in lessons name the media by id: the new id replaces the old one.
						const newId = uuidv7();
						if (md.id) renamed.set(md.id, newId);
						const fileKey = md.source === 'upload' ? binary(md.file, 'media') : null;
						return {
							...md,
							newId,
							fileKey,
							sizeBytes: fileKey ? files.get(md.file!)!.length : null,
							posterKey: binary(md.poster, 'media'),
							captions: md.captions.map((c) => {
								const parsed = parseVtt(textOf(files, c.file));
								if (parsed.errors.length || !parsed.cues.length)
									refuse(422, 'archive.errors.captions', { file: c.file });
								return { ...c, vtt: serializeVtt(parsed.cues) };
							})
						};
					})
				};
			})
		}))
	}));

	const attachments = manifest.files.map((f) => {
		if (f.lesson !== null && f.lesson > lessonCount)
			refuse(422, 'archive.errors.manifestInvalid', { detail: 'files.lesson' });
		const key = binary(f.file, 'files')!;
		return { ...f, fileKey: key, sizeBytes: files.get(f.file)!.length };
	});

	// Glossary: the same rules as the editor's form, and no term or variant used twice.
	const owner = new Map<string, string>();
	const glossary = manifest.glossary.map((raw) => {
		let term;
		try {
			term = normaliseTerm(raw);
		} catch (err) {
			if (err instanceof FormError) refuse(422, 'archive.errors.glossary', { term: raw.term.slice(0, 120) });
			throw err;
		}
		for (const form of [term.term, ...term.variants]) {
			if (owner.has(fold(form))) refuse(422, 'archive.errors.glossary', { term: term.term });
			owner.set(fold(form), term.term);
		}
		return term;
	});

	// A question's image is served as a course file: it must be one of the archive's `files` images.
	const images = new Set(manifest.files.filter((f) => f.kind === 'image').map((f) => f.file));
	const bank = prepareBank(
		manifest,
		lessonCount,
		(file) => {
			if (!images.has(file)) refuse(422, 'archive.errors.manifestInvalid', { detail: 'questions.image' });
			return binary(file, 'files')!;
		},
		(key, params) => refuse(422, key, params)
	);

	return { pending, renamed, cover, people, plan, attachments, glossary, bank };
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const KEY_OR_ID = new RegExp(`${UUID}(\\.[a-z0-9]{2,5})?`, 'g');

/**
 * Replaces the archive's storage keys and lesson ids by the new ones wherever Markdown mentions
 * them (`/files/<key>`, `/courses/<slug>/lessons/<id>`…). Both are UUIDs: no other text matches.
 */
function rewriteRefs(markdown: string, renamed: Map<string, string>): string {
	if (!renamed.size || !markdown) return markdown;
	return markdown.replace(KEY_OR_ID, (k) => renamed.get(k) ?? k);
}

async function freeSlug(db: DbLike, wanted: string): Promise<string> {
	const base = wanted || 'cours';
	for (let n = 1; ; n++) {
		const candidate = n === 1 ? base : `${base.slice(0, 75)}-${n}`;
		if (RESERVED_SLUGS.has(candidate)) continue;
		const [row] = await db
			.select({ id: courses.id })
			.from(courses)
			.where(sql`lower(${courses.slug}) = ${candidate}`);
		if (!row) return candidate;
	}
}

/** "Auteurs d'origine : …" as the last paragraph of the summary, in the course's language. */
export function summaryWithAuthors(summary: string, language: 'fr' | 'en', authors: Manifest['authors']): string {
	const names = authors
		.filter((a) => a.name.trim())
		.map((a) => (a.handle ? `${a.name} (@${a.handle}${a.instance ? `@${a.instance}` : ''})` : a.name));
	if (!names.length) return summary;
	const line = translate(language, 'archive.originalAuthors', { names: names.join(', ') });
	if (summary.includes(line)) return summary;
	return summary.trim() ? `${summary.trimEnd()}\n\n${line}` : line;
}

function isUniqueViolation(err: unknown): boolean {
	for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e)
		if (e.code === '23505') return true;
	return false;
}

const CHUNK = 500;
async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
	for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

export interface ImportOptions {
	limits?: Partial<ArchiveLimits>;
}

/** Imports an archive as a new draft course of which `actor` is the editor. */
export async function importCourse(
	ctx: Ctx,
	actor: Actor,
	bytes: Uint8Array,
	opts: ImportOptions = {}
): Promise<CourseRow> {
	if (!can(actor, 'course.create')) refuse(403, 'error.forbidden');
	const limits = archiveLimits(ctx.config, opts.limits);
	const files = readArchive(bytes, limits);
	const manifest = readManifest(files, limits);
	const p = prepare(manifest, files);
	const c = manifest.course;
	const wanted = slugify(c.slug) || slugify(c.title) || 'cours';
	const courseId = uuidv7();
	const now = new Date();

	const write = () =>
		ctx.db.transaction(async (tx) => {
			const slug = await freeSlug(tx, wanted);
			const rewrite = (md: string) => {
				let out = rewriteRefs(md, p.renamed);
				if (c.slug && c.slug !== slug) out = out.split(`/courses/${c.slug}/`).join(`/courses/${slug}/`);
				return out;
			};
			const [row] = await tx
				.insert(courses)
				.values({
					id: courseId,
					slug,
					title: c.title,
					summary: summaryWithAuthors(c.summary, c.language, manifest.authors),
					language: c.language,
					tags: [...new Set(c.tags.map((t) => t.trim().toLowerCase()).filter(Boolean))],
					licence: c.licence,
					status: 'draft',
					enrolmentMode: c.enrolmentMode,
					coverKey: p.cover,
					coverAlt: manifest.course.cover?.alt ?? '',
					createdBy: actor.id,
					createdAt: now,
					updatedAt: now
				})
				.returning();
			await tx.insert(roleAssignments).values({
				id: uuidv7(),
				userId: actor.id,
				role: 'editor',
				scopeType: 'course',
				scopeId: courseId,
				grantedBy: actor.id
			});

			const speakerIds = p.people.map(() => uuidv7());
			await insertChunks(
				p.people.map((s, i) => ({
					id: speakerIds[i]!,
					courseId,
					name: s.name,
					role: s.role,
					bio: rewrite(s.bio),
					bioHtml: renderMarkdown(rewrite(s.bio)),
					photoKey: s.photoKey,
					photoAlt: s.photo?.alt ?? '',
					links: s.links,
					position: i
				})),
				(chunk) => tx.insert(speakers).values(chunk)
			);

			const moduleRows: (typeof courseModules.$inferInsert)[] = [];
			const sequenceRows: (typeof courseSequences.$inferInsert)[] = [];
			const lessonRows: (typeof lessons.$inferInsert)[] = [];
			const optouts: { lessonId: string }[] = [];
			const mediaRows: (typeof lessonMedia.$inferInsert)[] = [];
			const captionRows: (typeof mediaCaptions.$inferInsert)[] = [];
			const appearanceRows: (typeof mediaSpeakers.$inferInsert)[] = [];
			const annotationRows: (typeof mediaAnnotations.$inferInsert)[] = [];
			const lessonIds: string[] = [];
			p.plan.forEach((m, mi) => {
				const moduleId = uuidv7();
				moduleRows.push({ id: moduleId, courseId, position: mi + 1, title: m.title });
				m.sequences.forEach((s, si) => {
					const sequenceId = uuidv7();
					sequenceRows.push({ id: sequenceId, courseId, moduleId, position: si + 1, title: s.title });
					s.lessons.forEach((l, li) => {
						const lessonId = l.newId;
						lessonIds.push(lessonId);
						const body = rewrite(l.body);
						lessonRows.push({
							id: lessonId,
							courseId,
							sequenceId,
							position: li + 1,
							title: l.title,
							required: l.required,
							body,
							bodyHtml: renderMarkdown(body),
							updatedBy: actor.id
						});
						if (!l.glossaryLinks) optouts.push({ lessonId });
						l.media.forEach((md, position) => {
							const mediaId = md.newId;
							mediaRows.push({
								id: mediaId,
								courseId,
								lessonId,
								kind: md.kind,
								source: md.source,
								title: md.title,
								placement: md.placement,
								fileKey: md.fileKey,
								mimeType: md.mimeType,
								sizeBytes: md.sizeBytes,
								posterKey: md.posterKey,
								peertubeUrl: md.peertubeUrl,
								embedUrl: md.embedUrl,
								durationSeconds: md.durationSeconds,
								chapters: md.chapters,
								position
							});
							const languages = new Set<string>();
							for (const cap of md.captions) {
								if (languages.has(cap.language.toLowerCase())) continue;
								languages.add(cap.language.toLowerCase());
								captionRows.push({ id: uuidv7(), mediaId, language: cap.language, label: cap.label, vtt: cap.vtt });
							}
							for (const i of new Set(md.speakers)) appearanceRows.push({ mediaId, speakerId: speakerIds[i]! });
							for (const a of md.annotations)
								annotationRows.push({
									id: uuidv7(),
									courseId,
									mediaId,
									start: a.start,
									end: a.end,
									note: a.note,
									tags: [...new Set(a.tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))],
									speakerId: a.speaker === null ? null : speakerIds[a.speaker]!,
									createdBy: actor.id
								});
						});
					});
				});
			});
			await insertChunks(moduleRows, (chunk) => tx.insert(courseModules).values(chunk));
			await insertChunks(sequenceRows, (chunk) => tx.insert(courseSequences).values(chunk));
			await insertChunks(lessonRows, (chunk) => tx.insert(lessons).values(chunk));
			await insertChunks(optouts, (chunk) => tx.insert(glossaryLessonOptouts).values(chunk));
			await insertChunks(mediaRows, (chunk) => tx.insert(lessonMedia).values(chunk));
			await insertChunks(captionRows, (chunk) => tx.insert(mediaCaptions).values(chunk));
			await insertChunks(appearanceRows, (chunk) => tx.insert(mediaSpeakers).values(chunk));
			await insertChunks(annotationRows, (chunk) => tx.insert(mediaAnnotations).values(chunk));

			const taken = new Set(['main']);
			await insertChunks(
				p.glossary.map((term) => {
					const base = slugify(term.term) || 'terme';
					let termSlug = base;
					for (let n = 2; taken.has(termSlug); n++) termSlug = `${base}-${n}`;
					taken.add(termSlug);
					const definition = rewrite(term.definition);
					return {
						id: uuidv7(),
						courseId,
						term: term.term,
						variants: term.variants,
						definition,
						definitionHtml: definitionToHtml(termSlug, definition),
						slug: termSlug
					};
				}),
				(chunk) => tx.insert(glossaryTerms).values(chunk)
			);

			await insertChunks(
				p.attachments.map((f) => ({
					id: uuidv7(),
					courseId,
					lessonId: f.lesson ? lessonIds[f.lesson - 1]! : null,
					kind: f.kind,
					fileKey: f.fileKey,
					fileName: f.fileName,
					mimeType: f.mimeType,
					sizeBytes: f.sizeBytes,
					alt: f.alt,
					width: f.width,
					height: f.height,
					uploadedBy: actor.id
				})),
				(chunk) => tx.insert(courseFiles).values(chunk)
			);
			await writeBank(tx, courseId, lessonIds, p.bank, actor.id, insertChunks);
			await recordImportRevisions(tx, courseId, actor.id); // wiki: the imported content starts its history
			return row!;
		});
	// Two imports of the same course at once may pick the same free slug: the second tries again.
	let course: CourseRow;
	for (let attempt = 1; ; attempt++) {
		try {
			course = await write();
			break;
		} catch (err) {
			if (attempt >= 3 || !isUniqueViolation(err)) throw err;
		}
	}

	// The rows are committed: now the files. If one cannot be written, undo the whole import.
	const written: PendingFile[] = [];
	try {
		for (const f of p.pending.values()) {
			await storeUpload(ctx.config.dataDir, f.area, f.key, f.bytes);
			written.push(f);
		}
	} catch (err) {
		await Promise.allSettled(written.map((f) => removeUpload(ctx.config.dataDir, f.area, f.key)));
		await ctx.db.delete(courses).where(eq(courses.id, courseId));
		await ctx.db
			.delete(roleAssignments)
			.where(and(eq(roleAssignments.scopeType, 'course'), eq(roleAssignments.scopeId, courseId)));
		throw err;
	}
	return course;
}
