import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { UUID_RE } from '#lib/server/ids.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { bankCourse } from '#lib/server/features/questions/access.ts';
import { listCategories } from '#lib/server/features/questions/categories.service.ts';
import { questionToValues } from '#lib/server/features/questions/questions.form.ts';
import {
	deleteQuestion,
	duplicateQuestion,
	getQuestion,
	questionHistory,
	updateQuestion
} from '#lib/server/features/questions/questions.service.ts';
import { FILE_LIMITS, isUploadedFile } from '#lib/server/features/lesson-files/lesson-files.service.ts';
import {
	removeQuestionImage,
	setQuestionImage,
	setQuestionImageAlt
} from '#lib/server/features/questions/image.service.ts';
import { FormError, formValues } from '#lib/server/http/forms.ts';
import { fail } from '@sveltejs/kit';
import { addRowsAction, editorLimits, previewAction, previewOf, readEditor, saveAction } from '../editor.server.ts';

async function found(event: RequestEvent | Parameters<PageServerLoad>[0], need: 'view' | 'manage') {
	const { actor } = requireUser(event);
	const { db } = event.locals.app;
	const { course, canManage } = await bankCourse(db, actor, event.params.slug!, need);
	const id = event.params.id!;
	const question = UUID_RE.test(id) ? await getQuestion(db, course.id, id) : undefined;
	if (!question || question.deletedAt) error(404, 'error.notFound');
	return { actor, course, canManage, question };
}

export const load: PageServerLoad = async (event) => {
	const { course, canManage, question } = await found(event, 'view');
	const { db } = event.locals.app;
	const app = event.locals.app;
	const [categories, history] = await Promise.all([
		listCategories(db, course.id),
		questionHistory(db, course.id, question.id)
	]);
	return {
		course: { id: course.id, slug: course.slug, title: course.title },
		canManage,
		qtype: question.qtype,
		question: { id: question.id, name: question.name, version: question.version },
		history: history.map((h) => ({ ...h, createdAt: h.createdAt.toISOString() })),
		categories: categories.map((c) => ({ id: c.id, name: c.name, depth: c.depth })),
		values: questionToValues(question.data, question.categoryId),
		image: question.data.image
			? { src: `/files/${encodeURIComponent(question.data.image.key)}`, alt: question.data.image.alt }
			: null,
		imageLimits: { alt: FILE_LIMITS.alt, maxMb: Math.max(1, Math.floor(app.config.FILE_MAX_BYTES / 1024 / 1024)) },
		preview: canManage ? null : previewOf(question.data),
		...editorLimits
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { actor, course, question } = await found(event, 'manage');
		const form = await event.request.formData();
		const { values, parsed } = readEditor(question.qtype, form);
		let changed = false;
		const failed = await saveAction(form, parsed, async () => {
			({ changed } = await updateQuestion(event.locals.app, actor, course.id, question.id, {
				// The image has its own form: saving the text keeps it.
				data: { ...parsed.data, image: question.data.image ?? null },
				categoryId: values.categoryId || undefined
			}));
		});
		if (failed) return failed;
		redirect(303, `/courses/${course.slug}/questions/${question.id}?${changed ? 'saved' : 'unchanged'}=1`);
	},
	preview: async (event) => {
		const { question } = await found(event, 'manage');
		const result = previewAction(question.qtype, await event.request.formData());
		// The image is not part of the text form: the preview shows the saved one.
		const image = question.data.image;
		if (result.preview && image)
			result.preview.question.image = { src: `/files/${encodeURIComponent(image.key)}`, alt: image.alt };
		return result;
	},
	addRows: async (event) => {
		const { question } = await found(event, 'manage');
		return addRowsAction(question.qtype, await event.request.formData());
	},
	image: async (event) => {
		const { actor, course, question } = await found(event, 'manage');
		const form = await event.request.formData();
		const file = form.get('imageFile');
		const alt = String(form.get('imageAlt') ?? '');
		const changeAltOnly = form.get('altOnly') === '1';
		try {
			if (changeAltOnly) await setQuestionImageAlt(event.locals.app, actor, course.id, question.id, alt);
			else
				await setQuestionImage(event.locals.app, actor, course.id, question.id, {
					file: isUploadedFile(file) ? file : null,
					alt
				});
		} catch (err) {
			if (!(err instanceof FormError)) throw err;
			const values = formValues(form);
			return fail(err.status, { imageValues: values, imageErrors: err.errors });
		}
		redirect(303, `/courses/${course.slug}/questions/${question.id}?saved=1#image-h`);
	},
	removeImage: async (event) => {
		const { actor, course, question } = await found(event, 'manage');
		await removeQuestionImage(event.locals.app, actor, course.id, question.id);
		redirect(303, `/courses/${course.slug}/questions/${question.id}?saved=1#image-h`);
	},
	duplicate: async (event) => {
		const { actor, course, question } = await found(event, 'manage');
		const copy = await duplicateQuestion(event.locals.app, actor, course.id, question.id);
		redirect(303, `/courses/${course.slug}/questions/${copy.id}?duplicated=1`);
	},
	delete: async (event) => {
		const { actor, course, question } = await found(event, 'manage');
		await deleteQuestion(event.locals.app, actor, course.id, question.id);
		redirect(303, `/courses/${course.slug}/questions?removed=1`);
	}
};
