import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { bankCourse } from '#lib/server/features/questions/access.ts';
import { defaultCategory, listCategories } from '#lib/server/features/questions/categories.service.ts';
import { isQType, MIN_ROWS } from '#lib/server/features/questions/questions.form.ts';
import { createQuestion } from '#lib/server/features/questions/questions.service.ts';
import { addRowsAction, editorLimits, previewAction, readEditor, saveAction } from '../editor.server.ts';

function qtypeOf(url: URL) {
	const type = url.searchParams.get('type');
	if (!isQType(type)) error(404, 'error.notFound');
	return type;
}

export const load: PageServerLoad = async (event) => {
	const { actor } = requireUser(event);
	const { db } = event.locals.app;
	const { course } = await bankCourse(db, actor, event.params.slug, 'manage');
	const qtype = qtypeOf(event.url);
	const fallback = await defaultCategory(db, course.id);
	const categories = await listCategories(db, course.id);
	const wanted = event.url.searchParams.get('category');
	const categoryId = categories.some((c) => c.id === wanted) ? wanted! : fallback.id;
	return {
		course: { id: course.id, slug: course.slug, title: course.title },
		qtype,
		question: null,
		history: [],
		categories: categories.map((c) => ({ id: c.id, name: c.name, depth: c.depth })),
		values: {
			categoryId,
			questiontextformat: 'markdown',
			defaultmark: qtype === 'description' ? '0' : '1',
			penalty: '0.3333333',
			single: '1',
			shuffleanswers: '1',
			rows: String(MIN_ROWS),
			// The first answer is usually the right one.
			answer_0_fraction: '100'
		} as Record<string, string>,
		...editorLimits
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { actor } = requireUser(event);
		const { course } = await bankCourse(event.locals.app.db, actor, event.params.slug!, 'manage');
		const qtype = qtypeOf(event.url);
		const form = await event.request.formData();
		const { values, parsed } = readEditor(qtype, form);
		let id = '';
		const failed = await saveAction(form, parsed, async () => {
			({ id } = await createQuestion(event.locals.app, actor, course.id, {
				categoryId: values.categoryId ?? '',
				data: parsed.data
			}));
		});
		if (failed) return failed;
		redirect(303, `/courses/${course.slug}/questions/${id}?created=1`);
	},
	preview: async (event) => {
		const { actor } = requireUser(event);
		await bankCourse(event.locals.app.db, actor, event.params.slug!, 'manage');
		return previewAction(qtypeOf(event.url), await event.request.formData());
	},
	addRows: async (event) => {
		const { actor } = requireUser(event);
		await bankCourse(event.locals.app.db, actor, event.params.slug!, 'manage');
		return addRowsAction(qtypeOf(event.url), await event.request.formData());
	}
};
