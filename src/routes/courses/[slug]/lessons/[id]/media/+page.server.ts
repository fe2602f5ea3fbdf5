import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { UUID_RE } from '#lib/server/ids.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { FormError, formValues, parseForm } from '#lib/server/http/forms.ts';
import { editableCourse } from '#lib/server/features/courses/access.ts';
import { cachedPlan } from '#lib/server/features/courses/plan.cache.ts';
import { flatten, getLesson } from '#lib/server/features/courses/plan.service.ts';
import {
	createAnnotation,
	deleteAnnotation,
	listMediaAnnotations,
	updateAnnotation
} from '#lib/server/features/media/annotations.service.ts';
import { insertClip } from '#lib/server/features/media/clips.ts';
import { setMediaSpeakers, speakersOfMedia } from '#lib/server/features/media/media-speakers.ts';
import { formatTimecode } from '#lib/server/features/media/timecode.ts';
import { listSpeakers } from '#lib/server/features/speakers/speakers.service.ts';
import { chaptersToLines } from '#lib/server/features/media/chapters.ts';
import {
	attachPeerTube,
	attachUpload,
	LineErrors,
	listCaptions,
	listLessonMedia,
	removeCaptions,
	removeMedia,
	setCaptions,
	setPoster,
	updateMedia
} from '#lib/server/features/media/media.service.ts';

type Event = Pick<RequestEvent, 'locals' | 'url'> & { params: { slug: string; id: string } };

async function editable(event: Event) {
	const { actor } = requireUser(event);
	if (!UUID_RE.test(event.params.id)) error(404, 'error.notFound');
	const course = await editableCourse(event.locals.app.db, actor, event.params.slug);
	const lesson = await getLesson(event.locals.app.db, course.id, event.params.id);
	if (!lesson) error(404, 'error.notFound');
	return { course, lesson };
}

const title = z.string().trim().max(200, 'errors.tooLong').default('');
const placement = z.enum(['head', 'body']).catch('head');
const file = (message: string) => z.instanceof(File, { message });
const mediaId = z.string().regex(UUID_RE);

const annotationFields = {
	start: z.string().max(30, 'rushes.errors.startRequired').default(''),
	end: z.string().max(30, 'rushes.errors.endRequired').default(''),
	note: z.string().max(4000, 'errors.tooLong').default(''),
	tags: z.string().max(1000, 'errors.tooLong').default(''),
	speakerId: z.string().max(40).default('')
};

const schemas = {
	upload: z.object({
		title,
		placement,
		file: file('media.errors.fileRequired'),
		poster: z.instanceof(File).optional()
	}),
	peertube: z.object({ title, placement, url: z.string().trim().min(1).max(500) }),
	details: z.object({
		mediaId,
		title,
		placement,
		duration: z.string().max(20, 'media.errors.duration').default(''),
		chapters: z.string().max(20_000, 'errors.tooLong').default('')
	}),
	poster: z.object({ mediaId, poster: file('media.errors.fileRequired') }),
	captions: z.object({
		mediaId,
		language: z.string().trim().min(1).max(35, 'media.errors.language'),
		label: z.string().trim().max(60, 'errors.tooLong').default(''),
		captions: file('media.errors.fileRequired')
	}),
	removeCaptions: z.object({ mediaId, language: z.string().max(35) }),
	remove: z.object({ mediaId }),
	// rushes log: annotations, clips and speakers of each media
	annotate: z.object({ mediaId, ...annotationFields }),
	updateAnnotation: z.object({ mediaId, annotationId: mediaId, ...annotationFields }),
	deleteAnnotation: z.object({ mediaId, annotationId: mediaId }),
	clip: z.object({
		mediaId,
		annotationId: z.string().regex(UUID_RE, 'rushes.errors.notFound'),
		lessonId: z.string().max(40).default('')
	})
};

/**
 * Parses the form, runs the service and answers: a redirect on success, a 4xx with the
 * fields' messages (and every line's message for captions and chapters) otherwise. `target`
 * says which of the page's forms failed, so its fields show the errors and keep the values.
 */
async function run<K extends keyof typeof schemas>(
	event: Event & { request: Request },
	name: K,
	body: (input: z.infer<(typeof schemas)[K]>, ctx: Awaited<ReturnType<typeof editable>>) => Promise<unknown>
) {
	const ctx = await editable(event);
	const form = await event.request.formData();
	const owner = name === 'clip' ? form.get('mediaId') : (form.get('annotationId') ?? form.get('mediaId'));
	const target = `${name}${owner ? `-${String(owner)}` : ''}`;
	const values = formValues(form);
	const parsed = parseForm(schemas[name], form);
	if ('errors' in parsed) return fail(400, { target, values, errors: parsed.errors, details: {} });
	let next: unknown;
	try {
		next = await body(parsed.data as z.infer<(typeof schemas)[K]>, ctx);
	} catch (err) {
		if (!(err instanceof FormError)) throw err;
		const details = err instanceof LineErrors ? err.details : {};
		return fail(err.status, { target, values, errors: err.errors, details });
	}
	if (typeof next === 'string' && next.startsWith('/')) redirect(303, next);
	const section = name.toLowerCase().includes('annotat') ? 'annotations' : 'media';
	const anchor = typeof values.mediaId === 'string' && name !== 'remove' ? `#${section}-${values.mediaId}` : '';
	redirect(303, `/courses/${ctx.course.slug}/lessons/${ctx.lesson.id}/media${anchor}`);
}

export const load: PageServerLoad = async (event) => {
	const { course, lesson } = await editable(event);
	const { db, config } = event.locals.app;
	const rows = await listLessonMedia(db, lesson.id);
	const [speakers, appearing, plan] = await Promise.all([
		listSpeakers(db, course.id),
		speakersOfMedia(
			db,
			rows.map((m) => m.id)
		),
		cachedPlan(db, course)
	]);
	const media = await Promise.all(
		rows.map(async (m) => ({
			id: m.id,
			kind: m.kind,
			source: m.source,
			title: m.title,
			placement: m.placement,
			host: m.embedUrl ? new URL(m.embedUrl).host : null,
			peertubeUrl: m.peertubeUrl,
			posterUrl: m.posterKey ? `/media/${m.id}/poster` : null,
			duration: m.durationSeconds === null ? '' : String(m.durationSeconds),
			chapters: chaptersToLines(m.chapters),
			mimeType: m.mimeType,
			captions: (await listCaptions(db, m.id)).map((c) => ({ language: c.language, label: c.label })),
			speakerIds: (appearing.get(m.id) ?? []).map((s) => s.id),
			annotations: (await listMediaAnnotations(db, m.id)).map((a) => ({
				id: a.id,
				start: formatTimecode(a.start),
				end: formatTimecode(a.end),
				note: a.note,
				tags: a.tags.join(', '),
				speakerId: a.speakerId ?? ''
			}))
		}))
	);
	return {
		course: { slug: course.slug, title: course.title },
		lesson: { id: lesson.id, title: lesson.title },
		maxMegabytes: Math.floor(config.MEDIA_MAX_BYTES / (1024 * 1024)),
		media,
		speakers: speakers.map((s) => ({ id: s.id, name: s.name })),
		lessons: flatten(plan).map((l) => ({ id: l.id, title: l.title })),
		clip: event.url.searchParams.get('clip') ?? ''
	};
};

export const actions: Actions = {
	upload: (event) =>
		run(event, 'upload', (input, { course, lesson }) => attachUpload(event.locals.app, course.id, lesson.id, input)),
	peertube: (event) =>
		run(event, 'peertube', (input, { course, lesson }) =>
			attachPeerTube(event.locals.app, course.id, lesson.id, input)
		),
	details: (event) =>
		run(event, 'details', (input, { course }) => updateMedia(event.locals.app, course.id, input.mediaId, input)),
	poster: (event) =>
		run(event, 'poster', (input, { course }) => setPoster(event.locals.app, course.id, input.mediaId, input.poster)),
	captions: (event) =>
		run(event, 'captions', (input, { course }) =>
			setCaptions(event.locals.app, course.id, input.mediaId, {
				language: input.language,
				label: input.label,
				file: input.captions
			})
		),
	removeCaptions: (event) =>
		run(event, 'removeCaptions', (input, { course }) =>
			removeCaptions(event.locals.app, course.id, input.mediaId, input.language)
		),
	remove: (event) =>
		run(event, 'remove', (input, { course }) => removeMedia(event.locals.app, course.id, input.mediaId)),
	annotate: (event) =>
		run(event, 'annotate', (input, { course }) =>
			createAnnotation(event.locals.app, event.locals.actor, course.id, input.mediaId, input)
		),
	updateAnnotation: (event) =>
		run(event, 'updateAnnotation', (input, { course }) =>
			updateAnnotation(event.locals.app, event.locals.actor, course.id, input.annotationId, input)
		),
	deleteAnnotation: (event) =>
		run(event, 'deleteAnnotation', (input, { course }) =>
			deleteAnnotation(event.locals.app, event.locals.actor, course.id, input.annotationId)
		),
	clip: (event) =>
		run(event, 'clip', async (input, { course }) => {
			const lesson = await insertClip(
				event.locals.app,
				event.locals.actor,
				course.id,
				input.annotationId,
				input.lessonId
			);
			return `/courses/${course.slug}/lessons/${lesson.id}`;
		}),
	/** The speakers ticked for one media (several values of one field, so no zod object). */
	speakers: async (event) => {
		const { course, lesson } = await editable(event);
		const form = await event.request.formData();
		const id = String(form.get('mediaId') ?? '');
		const chosen = form.getAll('speakers').map(String);
		try {
			await setMediaSpeakers(event.locals.app, event.locals.actor, course.id, id, chosen);
		} catch (err) {
			if (!(err instanceof FormError)) throw err;
			return fail(err.status, { target: `speakers-${id}`, values: formValues(form), errors: err.errors, details: {} });
		}
		redirect(303, `/courses/${course.slug}/lessons/${lesson.id}/media#media-${id}`);
	}
};
