/**
 * Videos and audio of lessons: an uploaded file (checked by its content, served with range
 * requests) or a PeerTube video shown only when the reader asks for it (privacy: no request
 * leaves the instance before). Captions are validated WebVTT, one file per language; chapters
 * are typed as `00:00 Title` lines. Routes check that the actor may edit the course; these
 * functions take the course id and refuse media of another course.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { and, asc, eq, isNotNull, or } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError, type FieldError } from '../../http/forms.ts';
import { uuidv7, UUID_RE } from '../../ids.ts';
import type { Actor } from '../authz/policy.ts';
import { courses } from '../courses/courses.table.ts';
import { mayReadContent } from '../courses/access.ts';
import { KEY_RE, newKey, removeUpload, storeUpload, uploadPath } from '../platform/storage.ts';
import { formatChapterTime, parseChapterLines, parseChapterTime, type Chapter } from './chapters.ts';
import { lessonMedia, mediaCaptions } from './media.table.ts';
import { detectMediaType, mp4Duration, processPoster } from './media.files.ts';
import { speakersOfMedia } from './media-speakers.ts';
import { buildTranscript, searchTranscript } from './transcript.ts';
import { parseVtt, serializeVtt, validateVtt } from './vtt.ts';

type Ctx = Pick<App, 'db' | 'config'>;
export type MediaRow = typeof lessonMedia.$inferSelect;
export type Placement = MediaRow['placement'];

/** Captions files larger than this are refused (a two-hour film's captions are ~200 KB). */
export const CAPTIONS_MAX_BYTES = 1024 * 1024;
export const MAX_CAPTIONS_PER_MEDIA = 20;

/** A refusal with one message per line of the file or text (captions, chapters). */
export class LineErrors extends FormError {
	details: Record<string, FieldError[]>;
	constructor(field: string, errors: FieldError[]) {
		super(400, { [field]: errors[0]! });
		this.details = { [field]: errors };
	}
}

// ---------------------------------------------------------------- PeerTube

export interface PeerTubeVideo {
	host: string;
	id: string;
	pageUrl: string;
	embedUrl: string;
}

const SHORT_UUID = /^[1-9A-HJ-NP-Za-km-z]{20,24}$/; // base58, as PeerTube's short UUIDs
const LONG_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}[a-z0-9](?::\d{1,5})?$/;

/**
 * A PeerTube video from its page address, `https://<host>/w/<shortUUID>` or
 * `https://<host>/videos/watch/<uuid>` (query and fragment ignored), or null for anything else:
 * other addresses, plain http, IP addresses, credentials in the URL.
 */
export function parsePeerTubeUrl(input: string): PeerTubeVideo | null {
	let url: URL;
	try {
		url = new URL(input.trim());
	} catch {
		return null;
	}
	if (url.protocol !== 'https:' || url.username || url.password) return null;
	const host = url.host.toLowerCase();
	if (!HOST.test(host)) return null;
	const path = url.pathname.replace(/\/$/, '');
	let id: string | undefined;
	const short = /^\/w\/([^/]+)$/.exec(path);
	const long = /^\/videos\/watch\/([^/]+)$/.exec(path);
	if (short?.[1] && (SHORT_UUID.test(short[1]) || LONG_UUID.test(short[1]))) id = short[1];
	else if (long?.[1] && LONG_UUID.test(long[1])) id = long[1].toLowerCase();
	if (!id) return null;
	return {
		host,
		id,
		pageUrl: `https://${host}${short ? `/w/${id}` : `/videos/watch/${id}`}`,
		embedUrl: `https://${host}/videos/embed/${id}`
	};
}

// ---------------------------------------------------------------- reading

export async function listLessonMedia(db: DbLike, lessonId: string) {
	return db
		.select()
		.from(lessonMedia)
		.where(eq(lessonMedia.lessonId, lessonId))
		.orderBy(asc(lessonMedia.position), asc(lessonMedia.createdAt));
}

/** A media of the course, or undefined. */
export async function getMedia(db: DbLike, courseId: string, mediaId: string) {
	if (!UUID_RE.test(mediaId)) return undefined;
	const [row] = await db
		.select()
		.from(lessonMedia)
		.where(and(eq(lessonMedia.id, mediaId), eq(lessonMedia.courseId, courseId)));
	return row;
}

/**
 * A media with its course, if the actor may read that course's content (drafts: editors only;
 * courses by session or invitation: their learners and editors).
 */
export async function mediaForReader(db: DbLike, actor: Actor | null, mediaId: string) {
	if (!UUID_RE.test(mediaId)) return undefined;
	const [row] = await db
		.select({ media: lessonMedia, course: courses })
		.from(lessonMedia)
		.innerJoin(courses, eq(courses.id, lessonMedia.courseId))
		.where(eq(lessonMedia.id, mediaId));
	if (!row || !(await mayReadContent(db, actor, row.course))) return undefined;
	return row;
}

export async function listCaptions(db: DbLike, mediaId: string) {
	return db
		.select()
		.from(mediaCaptions)
		.where(eq(mediaCaptions.mediaId, mediaId))
		.orderBy(asc(mediaCaptions.createdAt));
}

export async function getCaptions(db: DbLike, mediaId: string, language: string) {
	const [row] = await db
		.select()
		.from(mediaCaptions)
		.where(and(eq(mediaCaptions.mediaId, mediaId), eq(mediaCaptions.language, language)));
	return row;
}

export function mediaFilePath(dataDir: string, media: Pick<MediaRow, 'fileKey'>) {
	return media.fileKey ? uploadPath(dataDir, 'media', media.fileKey) : undefined;
}

export function posterPath(dataDir: string, media: Pick<MediaRow, 'posterKey'>) {
	return media.posterKey ? uploadPath(dataDir, 'media', media.posterKey) : undefined;
}

// ---------------------------------------------------------------- writing

export interface MediaDetails {
	title: string;
	placement: Placement;
}

async function nextPosition(db: DbLike, lessonId: string) {
	const rows = await listLessonMedia(db, lessonId);
	return rows.reduce((max, r) => Math.max(max, r.position + 1), 0);
}

/** Stores a blob under DATA_DIR/uploads/media without holding it twice in memory. */
async function storeBlob(dataDir: string, key: string, blob: Blob) {
	const path = uploadPath(dataDir, 'media', key);
	if (!path) throw new Error(`invalid storage key: ${key}`);
	await mkdir(join(dataDir, 'uploads', 'media'), { recursive: true });
	await pipeline(Readable.fromWeb(blob.stream() as never), createWriteStream(path));
}

/**
 * Attaches an uploaded video or audio file: 413 above MEDIA_MAX_BYTES, 415 when its content is
 * not MP4/WebM/Ogg video or MP3/M4A/Ogg audio; the optional poster becomes a WebP.
 */
export async function attachUpload(
	ctx: Ctx,
	courseId: string,
	lessonId: string,
	input: MediaDetails & { file: Blob; poster?: Blob | null }
): Promise<string> {
	const { file, poster } = input;
	if (file.size === 0) throw new FormError(400, { file: { key: 'media.errors.fileRequired' } });
	if (file.size > ctx.config.MEDIA_MAX_BYTES) {
		const max = Math.floor(ctx.config.MEDIA_MAX_BYTES / (1024 * 1024));
		throw new FormError(413, { file: { key: 'media.errors.fileTooLarge', params: { max } } });
	}
	const type = detectMediaType(new Uint8Array(await file.slice(0, 128).arrayBuffer()));
	if (!type) throw new FormError(415, { file: { key: 'media.errors.fileType' } });
	const posterBytes = poster && poster.size > 0 ? await checkedPoster(ctx, poster) : undefined;
	const fileKey = newKey(type.extension);
	await storeBlob(ctx.config.dataDir, fileKey, file);
	const durationSeconds = type.mime.endsWith('/mp4') ? await detectedDuration(ctx.config.dataDir, fileKey) : null;
	let posterKey: string | null = null;
	if (posterBytes) {
		posterKey = newKey('webp');
		await storeUpload(ctx.config.dataDir, 'media', posterKey, posterBytes);
	}
	const id = uuidv7();
	await ctx.db.insert(lessonMedia).values({
		id,
		courseId,
		lessonId,
		kind: type.kind,
		source: 'upload',
		title: input.title,
		placement: input.placement,
		fileKey,
		mimeType: type.mime,
		sizeBytes: file.size,
		durationSeconds,
		posterKey,
		position: await nextPosition(ctx.db, lessonId)
	});
	return id;
}

/** The MP4 duration in whole seconds when readable (the author may correct it), else null. */
async function detectedDuration(dataDir: string, key: string) {
	const path = uploadPath(dataDir, 'media', key);
	const seconds = path ? await mp4Duration(path).catch(() => null) : null;
	return seconds !== null && seconds > 0 && seconds <= 24 * 3600 ? Math.ceil(seconds) : null;
}

async function checkedPoster(ctx: Ctx, poster: Blob) {
	if (poster.size > ctx.config.FILE_MAX_BYTES) {
		const max = Math.floor(ctx.config.FILE_MAX_BYTES / (1024 * 1024));
		throw new FormError(413, { poster: { key: 'media.errors.posterTooLarge', params: { max } } });
	}
	return processPoster(new Uint8Array(await poster.arrayBuffer()));
}

/** Attaches a PeerTube video by its page address (400 for any other address). */
export async function attachPeerTube(
	ctx: Ctx,
	courseId: string,
	lessonId: string,
	input: MediaDetails & { url: string }
): Promise<string> {
	const video = parsePeerTubeUrl(input.url);
	if (!video) throw new FormError(400, { url: { key: 'media.errors.peertubeUrl' } });
	const id = uuidv7();
	await ctx.db.insert(lessonMedia).values({
		id,
		courseId,
		lessonId,
		kind: 'video',
		source: 'peertube',
		title: input.title,
		placement: input.placement,
		peertubeUrl: video.pageUrl,
		embedUrl: video.embedUrl,
		position: await nextPosition(ctx.db, lessonId)
	});
	return id;
}

/** Seconds from `90`, `1:30` or `1:02:03`; null when empty; FormError when unreadable. */
export function parseDuration(text: string): number | null {
	const s = text.trim();
	if (!s) return null;
	const seconds = /^\d{1,6}$/.test(s) ? Number(s) : parseChapterTime(s);
	if (seconds === null || seconds <= 0 || seconds > 24 * 3600)
		throw new FormError(400, { duration: { key: 'media.errors.duration' } });
	return Math.ceil(seconds);
}

async function mediaOf(db: DbLike, courseId: string, mediaId: string) {
	const media = await getMedia(db, courseId, mediaId);
	if (!media) throw new FormError(404, { _form: { key: 'media.errors.notFound' } });
	return media;
}

/** Title, placement, duration and chapters (`00:00 Title` lines) of a media. */
export async function updateMedia(
	ctx: Ctx,
	courseId: string,
	mediaId: string,
	input: MediaDetails & { duration: string; chapters: string }
) {
	const media = await mediaOf(ctx.db, courseId, mediaId);
	const duration = parseDuration(input.duration);
	const parsed = parseChapterLines(input.chapters, duration === null ? {} : { duration });
	if (parsed.errors.length)
		throw new LineErrors(
			'chapters',
			parsed.errors.map((e) => ({ key: e.key, params: e.params }))
		);
	await ctx.db
		.update(lessonMedia)
		.set({
			title: input.title,
			placement: input.placement,
			durationSeconds: duration,
			chapters: parsed.chapters,
			updatedAt: new Date()
		})
		.where(eq(lessonMedia.id, media.id));
}

/** Replaces (or sets) the poster of an uploaded media. */
export async function setPoster(ctx: Ctx, courseId: string, mediaId: string, poster: Blob) {
	const media = await mediaOf(ctx.db, courseId, mediaId);
	if (poster.size === 0) throw new FormError(400, { poster: { key: 'media.errors.fileRequired' } });
	const bytes = await checkedPoster(ctx, poster);
	const posterKey = newKey('webp');
	await storeUpload(ctx.config.dataDir, 'media', posterKey, bytes);
	await ctx.db.update(lessonMedia).set({ posterKey, updatedAt: new Date() }).where(eq(lessonMedia.id, media.id));
	await removeUpload(ctx.config.dataDir, 'media', media.posterKey);
}

export async function removeMedia(ctx: Ctx, courseId: string, mediaId: string) {
	const media = await mediaOf(ctx.db, courseId, mediaId);
	await ctx.db.delete(lessonMedia).where(eq(lessonMedia.id, media.id));
	await removeUpload(ctx.config.dataDir, 'media', media.fileKey);
	await removeUpload(ctx.config.dataDir, 'media', media.posterKey);
}

/** A BCP-47 language tag in its canonical form (`fr`, `en-GB`, `pt-BR`), or null. */
export function canonicalLanguage(tag: string): string | null {
	const s = tag.trim();
	if (!/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8}){0,3}$/.test(s)) return null;
	try {
		return Intl.getCanonicalLocales(s)[0] ?? null;
	} catch {
		return null;
	}
}

const rank = (e: { line: number; key: string }) => (e.key === 'media.vtt.noCues' ? Infinity : e.line);

/**
 * Adds or replaces the captions of one language: the WebVTT file is validated (errors by line,
 * 400) and stored normalised.
 */
export async function setCaptions(
	ctx: Ctx,
	courseId: string,
	mediaId: string,
	input: { language: string; label: string; file: Blob }
) {
	const media = await mediaOf(ctx.db, courseId, mediaId);
	const language = canonicalLanguage(input.language);
	if (!language) throw new FormError(400, { language: { key: 'media.errors.language' } });
	if (input.file.size === 0) throw new FormError(400, { captions: { key: 'media.vtt.emptyFile' } });
	if (input.file.size > CAPTIONS_MAX_BYTES) {
		const params = { size: Math.ceil(input.file.size / 1024), max: CAPTIONS_MAX_BYTES / 1024 };
		throw new FormError(413, { captions: { key: 'media.vtt.tooLarge', params } });
	}
	const result = validateVtt(new Uint8Array(await input.file.arrayBuffer()), {
		maxBytes: CAPTIONS_MAX_BYTES,
		...(media.durationSeconds ? { durationSeconds: media.durationSeconds } : {})
	});
	if (!result.ok)
		throw new LineErrors(
			'captions',
			[...result.errors]
				// By line; "no captions at all" comes after the lines that explain why.
				.sort((a, b) => rank(a) - rank(b))
				.map((e) => ({ key: e.key, params: { line: e.line, ...e.params } }))
		);
	const existing = await listCaptions(ctx.db, media.id);
	if (!existing.some((c) => c.language === language) && existing.length >= MAX_CAPTIONS_PER_MEDIA)
		throw new FormError(409, {
			language: { key: 'media.errors.tooManyCaptions', params: { max: MAX_CAPTIONS_PER_MEDIA } }
		});
	const vtt = serializeVtt(result.cues);
	const label = input.label.trim() || language;
	await ctx.db
		.insert(mediaCaptions)
		.values({ id: uuidv7(), mediaId: media.id, language, label, vtt })
		.onConflictDoUpdate({ target: [mediaCaptions.mediaId, mediaCaptions.language], set: { label, vtt } });
	return language;
}

export async function removeCaptions(ctx: Ctx, courseId: string, mediaId: string, language: string) {
	const media = await mediaOf(ctx.db, courseId, mediaId);
	await ctx.db
		.delete(mediaCaptions)
		.where(and(eq(mediaCaptions.mediaId, media.id), eq(mediaCaptions.language, language)));
}

/**
 * Deletes files of DATA_DIR/uploads/media that no media refers to any more (their lesson or
 * course was deleted: rows cascade, files stay). Files younger than `graceMs` are kept, since an
 * upload is written before its row. Returns the number of files removed.
 */
export async function sweepOrphanMediaFiles(ctx: Ctx, graceMs = 3600_000, now = Date.now()): Promise<number> {
	const dir = join(ctx.config.dataDir, 'uploads', 'media');
	let names: string[];
	try {
		names = await readdir(dir);
	} catch {
		return 0;
	}
	const rows = await ctx.db
		.select({ fileKey: lessonMedia.fileKey, posterKey: lessonMedia.posterKey })
		.from(lessonMedia)
		.where(or(isNotNull(lessonMedia.fileKey), isNotNull(lessonMedia.posterKey)));
	const used = new Set(rows.flatMap((r) => [r.fileKey, r.posterKey]).filter(Boolean));
	let removed = 0;
	for (const name of names) {
		if (!KEY_RE.test(name) || used.has(name)) continue;
		const info = await stat(join(dir, name)).catch(() => null);
		if (!info || now - info.mtimeMs < graceMs) continue;
		await removeUpload(ctx.config.dataDir, 'media', name);
		removed++;
	}
	return removed;
}

// ---------------------------------------------------------------- the player

/** The end used for the last chapter when the duration is not known. */
export function chaptersEnd(media: Pick<MediaRow, 'durationSeconds' | 'chapters'>): number {
	return media.durationSeconds ?? (media.chapters.at(-1)?.start ?? 0) + 3600;
}

export interface TranscriptSegment {
	text: string;
	match: boolean;
}

export interface PlayerTranscriptParagraph {
	start: number;
	time: string;
	speaker?: string;
	segments: TranscriptSegment[];
}

export interface Player {
	id: string;
	kind: 'video' | 'audio';
	source: 'upload' | 'peertube';
	title: string;
	placement: Placement;
	mimeType: string | null;
	fileUrl: string | null;
	posterUrl: string | null;
	/** PeerTube: the host named on the button, and the embed address once the reader asked. */
	host: string | null;
	pageUrl: string | null;
	embedUrl: string | null;
	captions: { language: string; label: string; src: string }[];
	chapters: (Chapter & { time: string })[];
	chaptersSrc: string | null;
	transcript: { language: string; label: string; paragraphs: PlayerTranscriptParagraph[] } | null;
	search: { query: string; count: number } | null;
	/** Who speaks in it, linked to their card on the course's speakers page. */
	speakers: { name: string; href: string }[];
}

function highlight(text: string, ranges: { offset: number; length: number }[]): TranscriptSegment[] {
	const segments: TranscriptSegment[] = [];
	let at = 0;
	for (const r of [...ranges].sort((a, b) => a.offset - b.offset)) {
		if (r.offset < at) continue;
		if (r.offset > at) segments.push({ text: text.slice(at, r.offset), match: false });
		segments.push({ text: text.slice(r.offset, r.offset + r.length), match: true });
		at = r.offset + r.length;
	}
	if (at < text.length) segments.push({ text: text.slice(at), match: false });
	return segments;
}

/**
 * What the lesson page shows for each media: sources, tracks, chapters, and the transcript
 * built from the first captions (with the matches of `query` marked). `load` is the id of the
 * PeerTube media the reader chose to load; other PeerTube media stay placeholders.
 */
export async function lessonPlayers(
	db: DbLike,
	lessonId: string,
	options: { query?: string; load?: string; at?: number; speakersPage?: string } = {}
): Promise<Player[]> {
	const rows = await listLessonMedia(db, lessonId);
	const appearing = await speakersOfMedia(
		db,
		rows.map((m) => m.id)
	);
	const players: Player[] = [];
	for (const media of rows) {
		const captions = media.source === 'upload' ? await listCaptions(db, media.id) : [];
		const first = captions[0];
		let transcript: Player['transcript'] = null;
		let search: Player['search'] = null;
		if (first) {
			const paragraphs = buildTranscript(parseVtt(first.vtt).cues);
			const query = (options.query ?? '').trim().slice(0, 200);
			const matches = query ? searchTranscript(paragraphs, query) : [];
			if (query) search = { query, count: matches.length };
			transcript = {
				language: first.language,
				label: first.label,
				paragraphs: paragraphs.map((p, i) => ({
					start: p.start,
					time: formatChapterTime(Math.floor(p.start)),
					...(p.speaker ? { speaker: p.speaker } : {}),
					segments: highlight(
						p.text,
						matches.filter((m) => m.paragraph === i)
					)
				}))
			};
		}
		const peertube = media.source === 'peertube' && media.embedUrl ? new URL(media.embedUrl) : null;
		const chosen = options.load === media.id;
		const at = chosen && options.at && Number.isFinite(options.at) && options.at > 0 ? Math.floor(options.at) : 0;
		players.push({
			id: media.id,
			kind: media.kind,
			source: media.source,
			title: media.title,
			placement: media.placement,
			mimeType: media.mimeType,
			// A chapter or transcript link without JavaScript: the page again, the file from `at` on.
			fileUrl: media.source === 'upload' ? `/media/${media.id}/file${at ? `#t=${at}` : ''}` : null,
			posterUrl: media.posterKey ? `/media/${media.id}/poster` : null,
			host: peertube?.host ?? null,
			pageUrl: media.peertubeUrl,
			embedUrl: peertube && chosen ? `${media.embedUrl}${at ? `?start=${at}s` : ''}` : null,
			captions: captions.map((c) => ({
				language: c.language,
				label: c.label,
				src: `/media/${media.id}/captions/${c.language}.vtt`
			})),
			chapters: media.chapters.map((c) => ({ ...c, time: formatChapterTime(c.start) })),
			chaptersSrc: media.chapters.length && media.source === 'upload' ? `/media/${media.id}/chapters.vtt` : null,
			transcript,
			search,
			speakers: (appearing.get(media.id) ?? []).map((sp) => ({
				name: sp.name,
				href: `${options.speakersPage ?? ''}#speaker-${sp.id}`
			}))
		});
	}
	return players;
}
