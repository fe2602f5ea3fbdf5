import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { FormError, handleForm, type FieldErrors } from '#lib/server/http/forms.ts';
import { editableCourse } from '#lib/server/features/courses/access.ts';
import { flatten, loadPlan } from '#lib/server/features/courses/plan.service.ts';
import { typeLabel } from '#lib/server/features/lesson-files/lesson-files.detect.ts';
import {
	addAttachment,
	addImage,
	deleteFile,
	FILE_LIMITS,
	fileUrl,
	isUploadedFile,
	listFiles,
	markdownSnippet,
	setAlt,
	sizeParts,
	type UploadedFile
} from '#lib/server/features/lesson-files/lesson-files.service.ts';

const upload = z.custom<UploadedFile | undefined>((v) => v === undefined || isUploadedFile(v)).optional();
const lesson = z.string().max(100).optional().default('');
const checkbox = z
	.string()
	.optional()
	.transform((v) => v === 'on');
const id = z.uuid('errors.invalid');

const imageSchema = z.object({
	image: upload,
	alt: z.string().max(FILE_LIMITS.alt).default(''),
	decorative: checkbox,
	imageLesson: lesson
});
const attachmentSchema = z.object({ attachment: upload, attachmentLesson: lesson });
const altSchema = z.object({ id, alt: z.string().default(''), decorative: checkbox });
const idSchema = z.object({ id });

const SAVED = ['image', 'attachment', 'alt', 'deleted'] as const;

/** The service names its fields file/alt/lessonId; each form names them after itself. */
async function renamingFields<R>(names: Record<string, string>, run: () => Promise<R>): Promise<R> {
	try {
		return await run();
	} catch (err) {
		if (!(err instanceof FormError)) throw err;
		const errors: FieldErrors = {};
		for (const [k, v] of Object.entries(err.errors)) errors[names[k] ?? k] = v;
		throw new FormError(err.status, errors);
	}
}

async function editor(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>) {
	const { actor } = requireUser(event);
	const course = await editableCourse(event.locals.app.db, actor, event.params.slug);
	return { actor, course };
}

export const load: PageServerLoad = async (event) => {
	const { course } = await editor(event);
	const { app } = event.locals;
	const [files, plan] = await Promise.all([listFiles(app.db, course.id), loadPlan(app.db, course.id)]);
	const lessons = flatten(plan).map((l) => ({ id: l.id, title: l.title }));
	const titles = new Map(lessons.map((l) => [l.id, l.title]));
	const saved = event.url.searchParams.get('saved');
	const sizeLabel = (bytes: number) => {
		const { value, unit } = sizeParts(bytes, event.locals.locale);
		return translate(event.locals.locale, `files.size.${unit}`, { size: value });
	};
	return {
		course: { id: course.id, slug: course.slug, title: course.title },
		lessons,
		files: files.map((f) => ({
			id: f.id,
			kind: f.kind,
			key: f.fileKey,
			url: fileUrl(f.fileKey),
			name: f.fileName,
			mimeType: f.mimeType,
			type: typeLabel(f.mimeType),
			size: sizeLabel(f.sizeBytes),
			snippet: markdownSnippet(f, sizeLabel(f.sizeBytes)),
			alt: f.alt,
			width: f.width,
			height: f.height,
			lesson: f.lessonId ? (titles.get(f.lessonId) ?? null) : null
		})),
		maxMb: Math.max(1, Math.floor(app.config.FILE_MAX_BYTES / 1024 / 1024)),
		limits: { alt: FILE_LIMITS.alt },
		saved: SAVED.find((s) => s === saved) ?? null
	};
};

export const actions: Actions = {
	image: async (event) => {
		const { actor, course } = await editor(event);
		const form = await event.request.formData();
		return handleForm(form, imageSchema, async (input) => {
			await renamingFields({ file: 'image', lessonId: 'imageLesson' }, () =>
				addImage(event.locals.app, actor, course.id, {
					file: input.image,
					alt: input.alt,
					decorative: input.decorative,
					lessonId: input.imageLesson || null
				})
			);
			redirect(303, `/courses/${course.slug}/files?saved=image#files-list`);
		});
	},
	attachment: async (event) => {
		const { actor, course } = await editor(event);
		const form = await event.request.formData();
		return handleForm(form, attachmentSchema, async (input) => {
			await renamingFields({ file: 'attachment', lessonId: 'attachmentLesson' }, () =>
				addAttachment(event.locals.app, actor, course.id, {
					file: input.attachment,
					lessonId: input.attachmentLesson || null
				})
			);
			redirect(303, `/courses/${course.slug}/files?saved=attachment#files-list`);
		});
	},
	alt: async (event) => {
		const { actor, course } = await editor(event);
		const form = await event.request.formData();
		const fileId = String(form.get('id') ?? '');
		return handleForm(form, altSchema, async (input) => {
			// One alt form per image: its errors carry the image's id so they land next to it.
			await renamingFields({ alt: `alt-${fileId}` }, () =>
				setAlt(event.locals.app, actor, course.id, input.id, { alt: input.alt, decorative: input.decorative })
			);
			redirect(303, `/courses/${course.slug}/files?saved=alt#file-${input.id}`);
		});
	},
	delete: async (event) => {
		const { actor, course } = await editor(event);
		const form = await event.request.formData();
		return handleForm(form, idSchema, async ({ id }) => {
			await deleteFile(event.locals.app, actor, course.id, id);
			redirect(303, `/courses/${course.slug}/files?saved=deleted#files-list`);
		});
	}
};
