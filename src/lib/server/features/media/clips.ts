/**
 * Clips: an extract of a course video shown inside a lesson. "Insert an extract" appends a
 * ```clip block (clip-syntax.ts) to a lesson's Markdown; when the lesson is read, each clip
 * placeholder becomes a native player bound to start–end (`#t=start,end`, captions tracks;
 * /player.js stops at the end and offers to replay). Only media of the lesson's own course play:
 * anything else reads "extract unavailable".
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError } from '../../http/forms.ts';
import { UUID_RE } from '../../ids.ts';
import type { Locale } from '#lib/i18n/core.ts';
import { translate } from '#lib/i18n/index.ts';
import { can, type Actor } from '../authz/policy.ts';
import { getLesson, saveLesson } from '../courses/plan.service.ts';
import { getAnnotation } from './annotations.service.ts';
import { clipBlock, parseClipData } from './clip-syntax.ts';
import { lessonMedia, mediaCaptions } from './media.table.ts';
import { formatTimecode } from './timecode.ts';

type Ctx = Pick<App, 'db'>;

/** Appends a clip of the annotation's start–end to a lesson of the same course. */
export async function insertClip(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	annotationId: string,
	lessonId: string
) {
	if (!actor || !can(actor, 'course.edit', { type: 'course', id: courseId }))
		throw new FormError(403, { _form: { key: 'error.forbidden' } });
	const annotation = await getAnnotation(ctx.db, courseId, annotationId);
	if (!annotation) throw new FormError(404, { _form: { key: 'rushes.errors.notFound' } });
	const lesson = UUID_RE.test(lessonId) ? await getLesson(ctx.db, courseId, lessonId) : undefined;
	if (!lesson) throw new FormError(400, { lessonId: { key: 'rushes.errors.lesson' } });
	const caption = annotation.note.split('\n')[0] ?? '';
	const block = clipBlock({ mediaId: annotation.mediaId, start: annotation.start, end: annotation.end, caption });
	const body = lesson.body.trimEnd() ? `${lesson.body.trimEnd()}\n\n${block}\n` : `${block}\n`;
	await saveLesson(ctx, courseId, lesson.id, { title: lesson.title, body, required: lesson.required }, actor.id);
	return lesson;
}

const escape = (s: string) =>
	s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const PLACEHOLDER = /<figure class="clip" data-clip="([^"]*)">([\s\S]*?)<\/figure>/g;

export interface ClipContext {
	courseId: string;
	courseSlug: string;
	locale: Locale;
}

/**
 * Replaces the clip placeholders of a lesson's sanitised HTML by players. Everything written
 * comes from the database or the validated placeholder, escaped. `clips` counts the players.
 */
export async function renderClips(db: DbLike, html: string, c: ClipContext): Promise<{ html: string; clips: number }> {
	const found = [...html.matchAll(PLACEHOLDER)];
	if (!found.length) return { html, clips: 0 };
	const specs = found.map((m) => parseClipData(m[1] ?? ''));
	const ids = [...new Set(specs.filter((s) => s !== null).map((s) => s.mediaId))];
	const media = ids.length
		? await db
				.select()
				.from(lessonMedia)
				.where(and(inArray(lessonMedia.id, ids), eq(lessonMedia.courseId, c.courseId)))
		: [];
	const captions = media.length
		? await db
				.select({ mediaId: mediaCaptions.mediaId, language: mediaCaptions.language, label: mediaCaptions.label })
				.from(mediaCaptions)
				.where(
					inArray(
						mediaCaptions.mediaId,
						media.map((m) => m.id)
					)
				)
				.orderBy(mediaCaptions.createdAt)
		: [];
	const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) =>
		escape(translate(c.locale, key, params));
	let clips = 0;
	let i = 0;
	const out = html.replace(PLACEHOLDER, (_all, _data: string, inner: string) => {
		const spec = specs[i++];
		const m = spec ? media.find((x) => x.id === spec.mediaId) : undefined;
		const unavailable = `<p class="clip clip-unavailable">${t('rushes.clip.unavailable')}</p>`;
		if (!spec || !m) return unavailable;
		const range = t('rushes.clip.range', { start: formatTimecode(spec.start), end: formatTimecode(spec.end) });
		const caption = /<figcaption>([\s\S]*?)<\/figcaption>/.exec(inner)?.[1] ?? '';
		const at = Math.floor(spec.start);
		const whole = `/courses/${c.courseSlug}/lessons/${m.lessonId}?load=${m.id}&amp;at=${at}#player-${m.id}`;
		const legend = `<figcaption>${caption ? `${caption} · ` : ''}<span class="media-time">${range}</span> · <a href="${whole}">${t('rushes.clip.whole')}</a></figcaption>`;
		if (m.source === 'peertube' && m.peertubeUrl) {
			const host = escape(new URL(m.peertubeUrl).host);
			const href = `${escape(m.peertubeUrl)}?start=${at}s&amp;stop=${Math.ceil(spec.end)}s`;
			return `<figure class="clip">${legend}<p><a href="${href}">${t('rushes.clip.peertube', { host })}</a></p></figure>`;
		}
		if (m.source !== 'upload' || !m.fileKey) return unavailable;
		clips++;
		const tag = m.kind === 'audio' ? 'audio' : 'video';
		const src = `/media/${m.id}/file#t=${spec.start},${spec.end}`;
		const poster = m.posterKey && tag === 'video' ? ` poster="/media/${m.id}/poster"` : '';
		const tracks = captions
			.filter((x) => x.mediaId === m.id)
			.map(
				(x, k) =>
					`<track kind="captions" src="/media/${m.id}/captions/${escape(x.language)}.vtt" srclang="${escape(x.language)}" label="${escape(x.label)}"${k === 0 ? ' default' : ''}>`
			)
			.join('');
		const type = m.mimeType ? ` type="${escape(m.mimeType)}"` : '';
		const fallback = `<p>${t('media.player.noSupport')} <a href="/media/${m.id}/file">${t('media.player.download')}</a></p>`;
		return (
			`<figure class="clip media-clip">` +
			`<${tag} controls preload="metadata"${poster} data-clip-start="${spec.start}" data-clip-end="${spec.end}">` +
			`<source src="${src}"${type}>${tracks}${fallback}</${tag}>` +
			`<button type="button" class="secondary small" data-clip-replay hidden>${t('rushes.clip.replay')}</button>` +
			legend +
			`</figure>`
		);
	});
	return { html: out, clips };
}
