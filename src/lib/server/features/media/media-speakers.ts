/**
 * Who speaks in which video: editors tick the course's speakers on each media (media_speakers);
 * the lesson player names them, and the speakers page lists each one's videos and annotations.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError } from '../../http/forms.ts';
import { UUID_RE } from '../../ids.ts';
import { can, type Actor } from '../authz/policy.ts';
import { lessons } from '../courses/courses.table.ts';
import { speakers } from '../speakers/speakers.table.ts';
import { mediaAnnotations } from './annotations.table.ts';
import { lessonMedia, mediaSpeakers } from './media.table.ts';

type Ctx = Pick<App, 'db'>;

/** Replaces the speakers of a media by `speakerIds` (all of the same course, else 400). */
export async function setMediaSpeakers(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	mediaId: string,
	speakerIds: string[]
) {
	if (!can(actor, 'course.edit', { type: 'course', id: courseId }))
		throw new FormError(403, { _form: { key: 'error.forbidden' } });
	const [media] = UUID_RE.test(mediaId)
		? await ctx.db
				.select({ id: lessonMedia.id })
				.from(lessonMedia)
				.where(and(eq(lessonMedia.id, mediaId), eq(lessonMedia.courseId, courseId)))
		: [];
	if (!media) throw new FormError(404, { _form: { key: 'media.errors.notFound' } });
	const wanted = [...new Set(speakerIds)];
	const known =
		wanted.length && wanted.every((id) => UUID_RE.test(id))
			? await ctx.db
					.select({ id: speakers.id })
					.from(speakers)
					.where(and(inArray(speakers.id, wanted), eq(speakers.courseId, courseId)))
			: [];
	if (known.length !== wanted.length) throw new FormError(400, { speakers: { key: 'rushes.errors.speaker' } });
	await ctx.db.transaction(async (tx) => {
		await tx.delete(mediaSpeakers).where(eq(mediaSpeakers.mediaId, media.id));
		if (wanted.length)
			await tx.insert(mediaSpeakers).values(wanted.map((speakerId) => ({ mediaId: media.id, speakerId })));
	});
}

/** The speakers of each media, in the course's speakers order. */
export async function speakersOfMedia(db: DbLike, mediaIds: string[]) {
	const byMedia = new Map<string, { id: string; name: string }[]>();
	if (!mediaIds.length) return byMedia;
	const rows = await db
		.select({ mediaId: mediaSpeakers.mediaId, id: speakers.id, name: speakers.name })
		.from(mediaSpeakers)
		.innerJoin(speakers, eq(speakers.id, mediaSpeakers.speakerId))
		.where(inArray(mediaSpeakers.mediaId, mediaIds))
		.orderBy(asc(speakers.position), asc(speakers.id));
	for (const r of rows) {
		const list = byMedia.get(r.mediaId) ?? [];
		list.push({ id: r.id, name: r.name });
		byMedia.set(r.mediaId, list);
	}
	return byMedia;
}

export interface Appearances {
	videos: { mediaId: string; title: string; lessonId: string; lessonTitle: string }[];
	annotations: { id: string; mediaId: string; lessonId: string; start: number; end: number; note: string }[];
}

/** For each speaker of the course: the videos they appear in and the annotations naming them. */
export async function speakerAppearances(db: DbLike, courseId: string): Promise<Map<string, Appearances>> {
	const [videos, notes] = await Promise.all([
		db
			.select({
				speakerId: mediaSpeakers.speakerId,
				mediaId: lessonMedia.id,
				title: lessonMedia.title,
				lessonId: lessons.id,
				lessonTitle: lessons.title
			})
			.from(mediaSpeakers)
			.innerJoin(lessonMedia, eq(lessonMedia.id, mediaSpeakers.mediaId))
			.innerJoin(lessons, eq(lessons.id, lessonMedia.lessonId))
			.where(eq(lessonMedia.courseId, courseId))
			.orderBy(asc(lessons.title), asc(lessonMedia.position)),
		db
			.select({
				speakerId: mediaAnnotations.speakerId,
				id: mediaAnnotations.id,
				mediaId: mediaAnnotations.mediaId,
				lessonId: lessonMedia.lessonId,
				start: mediaAnnotations.start,
				end: mediaAnnotations.end,
				note: mediaAnnotations.note
			})
			.from(mediaAnnotations)
			.innerJoin(lessonMedia, eq(lessonMedia.id, mediaAnnotations.mediaId))
			.where(eq(mediaAnnotations.courseId, courseId))
			.orderBy(asc(mediaAnnotations.mediaId), asc(mediaAnnotations.start))
	]);
	const map = new Map<string, Appearances>();
	const of = (id: string) => {
		let a = map.get(id);
		if (!a) map.set(id, (a = { videos: [], annotations: [] }));
		return a;
	};
	for (const { speakerId, ...v } of videos) of(speakerId).videos.push(v);
	for (const { speakerId, ...n } of notes) if (speakerId) of(speakerId).annotations.push(n);
	return map;
}
