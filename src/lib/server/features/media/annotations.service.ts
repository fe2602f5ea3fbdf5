/**
 * The rushes log: timestamped annotations on a course's videos (start–end, note, tags, who
 * speaks), taken by editors while watching, listed course-wide with filters. Every function
 * checks that the actor may edit the course and that media, speaker and annotation belong to it.
 */
import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError, type FieldErrors } from '../../http/forms.ts';
import { uuidv7, UUID_RE } from '../../ids.ts';
import { can, type Actor } from '../authz/policy.ts';
import { courseModules, courseSequences, lessons } from '../courses/courses.table.ts';
import { speakers } from '../speakers/speakers.table.ts';
import { mediaAnnotations } from './annotations.table.ts';
import { formatTimecode, parseTimecode } from './timecode.ts';
import { lessonMedia } from './media.table.ts';

type Ctx = Pick<App, 'db'>;
export type AnnotationRow = typeof mediaAnnotations.$inferSelect;

export const ANNOTATION_LIMITS = { note: 2000, tag: 40, tags: 10, perMedia: 2000, pageSize: 50 } as const;

export interface AnnotationInput {
	start: string;
	end: string;
	note: string;
	/** Comma-separated. */
	tags?: string;
	/** A speaker of the course, or '' for nobody. */
	speakerId?: string;
}

function assertEditor(actor: Actor | null, courseId: string) {
	if (!can(actor, 'course.edit', { type: 'course', id: courseId }))
		throw new FormError(403, { _form: { key: 'error.forbidden' } });
}

/** Tags as typed (`Interview, portrait`): trimmed, lower-cased, without duplicates. */
export function parseTags(text: string): string[] {
	const tags = text
		.split(/[,;\n]/)
		.map((t) => t.replace(/\s+/g, ' ').trim().toLowerCase())
		.filter(Boolean);
	return [...new Set(tags)];
}

/**
 * Checks an annotation against its media's duration (when known); every problem at once, 400.
 * Returns the values to store.
 */
export function normaliseAnnotation(input: AnnotationInput, duration: number | null) {
	const errors: FieldErrors = {};
	const start = input.start.trim() ? parseTimecode(input.start) : null;
	const end = input.end.trim() ? parseTimecode(input.end) : null;
	if (!input.start.trim()) errors.start = { key: 'rushes.errors.startRequired' };
	else if (start === null)
		errors.start = { key: 'rushes.errors.time', params: { value: input.start.trim().slice(0, 30) } };
	if (!input.end.trim()) errors.end = { key: 'rushes.errors.endRequired' };
	else if (end === null) errors.end = { key: 'rushes.errors.time', params: { value: input.end.trim().slice(0, 30) } };
	if (start !== null && end !== null && end <= start)
		errors.end = {
			key: 'rushes.errors.endBeforeStart',
			params: { start: formatTimecode(start), end: formatTimecode(end) }
		};
	if (duration !== null) {
		const limit = { duration: formatTimecode(duration) };
		if (start !== null && start >= duration && !errors.start)
			errors.start = { key: 'rushes.errors.beyondDuration', params: limit };
		if (end !== null && end > duration && !errors.end)
			errors.end = { key: 'rushes.errors.beyondDuration', params: limit };
	}
	const note = input.note.trim();
	if (!note) errors.note = { key: 'rushes.errors.noteRequired' };
	else if (note.length > ANNOTATION_LIMITS.note)
		errors.note = { key: 'errors.tooLong', params: { max: ANNOTATION_LIMITS.note } };
	const tags = parseTags(input.tags ?? '');
	if (tags.length > ANNOTATION_LIMITS.tags)
		errors.tags = { key: 'rushes.errors.tooManyTags', params: { max: ANNOTATION_LIMITS.tags } };
	else if (tags.some((t) => t.length > ANNOTATION_LIMITS.tag))
		errors.tags = { key: 'rushes.errors.tagTooLong', params: { max: ANNOTATION_LIMITS.tag } };
	if (Object.keys(errors).length) throw new FormError(400, errors);
	return { start: start!, end: end!, note, tags };
}

async function mediaOfCourse(db: DbLike, courseId: string, mediaId: string) {
	if (!UUID_RE.test(mediaId)) throw new FormError(404, { _form: { key: 'media.errors.notFound' } });
	const [media] = await db
		.select()
		.from(lessonMedia)
		.where(and(eq(lessonMedia.id, mediaId), eq(lessonMedia.courseId, courseId)));
	if (!media) throw new FormError(404, { _form: { key: 'media.errors.notFound' } });
	return media;
}

async function speakerOfCourse(db: DbLike, courseId: string, speakerId: string | undefined) {
	const id = (speakerId ?? '').trim();
	if (!id) return null;
	const [row] = UUID_RE.test(id)
		? await db
				.select({ id: speakers.id })
				.from(speakers)
				.where(and(eq(speakers.id, id), eq(speakers.courseId, courseId)))
		: [];
	if (!row) throw new FormError(400, { speakerId: { key: 'rushes.errors.speaker' } });
	return row.id;
}

/** An annotation of the course, or undefined. */
export async function getAnnotation(db: DbLike, courseId: string, id: string) {
	if (!UUID_RE.test(id)) return undefined;
	const [row] = await db
		.select()
		.from(mediaAnnotations)
		.where(and(eq(mediaAnnotations.id, id), eq(mediaAnnotations.courseId, courseId)));
	return row;
}

async function annotationOf(db: DbLike, courseId: string, id: string) {
	const row = await getAnnotation(db, courseId, id);
	if (!row) throw new FormError(404, { _form: { key: 'rushes.errors.notFound' } });
	return row;
}

export async function createAnnotation(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	mediaId: string,
	input: AnnotationInput
): Promise<AnnotationRow> {
	assertEditor(actor, courseId);
	const media = await mediaOfCourse(ctx.db, courseId, mediaId);
	const values = normaliseAnnotation(input, media.durationSeconds);
	const speakerId = await speakerOfCourse(ctx.db, courseId, input.speakerId);
	const [n] = await ctx.db.select({ n: count() }).from(mediaAnnotations).where(eq(mediaAnnotations.mediaId, media.id));
	if (Number(n?.n ?? 0) >= ANNOTATION_LIMITS.perMedia)
		throw new FormError(409, { _form: { key: 'rushes.errors.tooMany', params: { max: ANNOTATION_LIMITS.perMedia } } });
	const [row] = await ctx.db
		.insert(mediaAnnotations)
		.values({ id: uuidv7(), courseId, mediaId: media.id, ...values, speakerId, createdBy: actor!.id })
		.returning();
	return row!;
}

export async function updateAnnotation(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	id: string,
	input: AnnotationInput
) {
	assertEditor(actor, courseId);
	const row = await annotationOf(ctx.db, courseId, id);
	const media = await mediaOfCourse(ctx.db, courseId, row.mediaId);
	const values = normaliseAnnotation(input, media.durationSeconds);
	const speakerId = await speakerOfCourse(ctx.db, courseId, input.speakerId);
	await ctx.db
		.update(mediaAnnotations)
		.set({ ...values, speakerId, updatedAt: new Date() })
		.where(eq(mediaAnnotations.id, row.id));
}

export async function deleteAnnotation(ctx: Ctx, actor: Actor | null, courseId: string, id: string) {
	assertEditor(actor, courseId);
	const row = await annotationOf(ctx.db, courseId, id);
	await ctx.db.delete(mediaAnnotations).where(eq(mediaAnnotations.id, row.id));
}

/** A media's annotations in playback order. */
export async function listMediaAnnotations(db: DbLike, mediaId: string) {
	return db
		.select()
		.from(mediaAnnotations)
		.where(eq(mediaAnnotations.mediaId, mediaId))
		.orderBy(asc(mediaAnnotations.start), asc(mediaAnnotations.id));
}

export interface AnnotationFilter {
	tag?: string;
	/** A speaker id, or '' for any. */
	speaker?: string;
	q?: string;
	page?: number;
	/** Rows per page: 50 for the table; the CSV export asks for all (at most 10,000). */
	pageSize?: number;
}

/** `%`, `_` and `\` typed by a person match themselves in ILIKE. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The course's annotations with their lesson, media and speaker, filtered by tag, speaker and
 * free text (note, tags, media and lesson titles), in the plan's order, then by start.
 */
export async function searchAnnotations(db: DbLike, courseId: string, filter: AnnotationFilter = {}) {
	const where: SQL[] = [eq(mediaAnnotations.courseId, courseId)];
	const tag = (filter.tag ?? '').trim().toLowerCase();
	if (tag) where.push(sql`${tag} = any(${mediaAnnotations.tags})`);
	const speaker = (filter.speaker ?? '').trim();
	if (speaker) where.push(UUID_RE.test(speaker) ? eq(mediaAnnotations.speakerId, speaker) : sql`false`);
	const q = (filter.q ?? '').trim().slice(0, 200);
	if (q) {
		const like = `%${likeEscape(q)}%`;
		where.push(
			or(
				ilike(mediaAnnotations.note, like),
				ilike(lessonMedia.title, like),
				ilike(lessons.title, like),
				sql`array_to_string(${mediaAnnotations.tags}, ' ') ilike ${like}`
			)!
		);
	}
	const pageSize = Math.min(Math.max(1, filter.pageSize ?? ANNOTATION_LIMITS.pageSize), 10_000);
	const [total] = await db
		.select({ n: count() })
		.from(mediaAnnotations)
		.innerJoin(lessonMedia, eq(lessonMedia.id, mediaAnnotations.mediaId))
		.innerJoin(lessons, eq(lessons.id, lessonMedia.lessonId))
		.where(and(...where));
	const totalCount = Number(total?.n ?? 0);
	const pages = Math.max(1, Math.ceil(totalCount / pageSize));
	const page = Math.min(Math.max(1, Math.floor(filter.page ?? 1) || 1), pages);
	const rows = await db
		.select({
			annotation: mediaAnnotations,
			media: { id: lessonMedia.id, title: lessonMedia.title, kind: lessonMedia.kind },
			lesson: { id: lessons.id, title: lessons.title },
			speaker: { id: speakers.id, name: speakers.name }
		})
		.from(mediaAnnotations)
		.innerJoin(lessonMedia, eq(lessonMedia.id, mediaAnnotations.mediaId))
		.innerJoin(lessons, eq(lessons.id, lessonMedia.lessonId))
		.innerJoin(courseSequences, eq(courseSequences.id, lessons.sequenceId))
		.innerJoin(courseModules, eq(courseModules.id, courseSequences.moduleId))
		.leftJoin(speakers, eq(speakers.id, mediaAnnotations.speakerId))
		.where(and(...where))
		.orderBy(
			asc(courseModules.position),
			asc(courseSequences.position),
			asc(lessons.position),
			asc(lessonMedia.position),
			asc(mediaAnnotations.start),
			asc(mediaAnnotations.id)
		)
		.limit(pageSize)
		.offset((page - 1) * pageSize);
	return { rows, total: totalCount, page, pages };
}

/** Every tag used in the course's annotations, for the filter's choices. */
export async function courseAnnotationTags(db: DbLike, courseId: string): Promise<string[]> {
	const rows = await db
		.selectDistinct({ tag: sql<string>`unnest(${mediaAnnotations.tags})` })
		.from(mediaAnnotations)
		.where(eq(mediaAnnotations.courseId, courseId));
	return rows.map((r) => r.tag).sort((a, b) => a.localeCompare(b));
}
