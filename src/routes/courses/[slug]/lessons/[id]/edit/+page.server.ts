import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { messagesFor } from '#lib/i18n/index.ts';
import type { Actions, PageServerLoad } from './$types';
import { UUID_RE } from '#lib/server/ids.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { formValues, handleForm } from '#lib/server/http/forms.ts';
import { editableCourse } from '#lib/server/features/courses/access.ts';
import { lessonSchema } from '#lib/server/features/courses/courses.schemas.ts';
import { getLesson, saveLesson } from '#lib/server/features/courses/plan.service.ts';
import { renderMarkdown } from '#lib/server/features/courses/markdown.ts';

async function editable(event: Pick<RequestEvent, 'locals' | 'url'> & { params: { slug: string; id: string } }) {
	const { actor, user } = requireUser(event);
	if (!UUID_RE.test(event.params.id)) error(404, 'error.notFound');
	const course = await editableCourse(event.locals.app.db, actor, event.params.slug);
	const lesson = await getLesson(event.locals.app.db, course.id, event.params.id);
	if (!lesson) error(404, 'error.notFound');
	return { course, lesson, user };
}

export const load: PageServerLoad = async (event) => {
	const { course, lesson } = await editable(event);
	return { course: { slug: course.slug, title: course.title }, lesson, messages: messagesFor(event.locals.locale) };
};

export const actions: Actions = {
	save: async (event) => {
		const { course, lesson, user } = await editable(event);
		const form = await event.request.formData();
		return handleForm(form, lessonSchema, async (input) => {
			await saveLesson(event.locals.app, course.id, lesson.id, input, user.id);
			redirect(303, `/courses/${course.slug}/lessons/${lesson.id}`);
		});
	},
	/** Renders what was typed without saving it (the preview works without JavaScript). */
	preview: async (event) => {
		await editable(event);
		const form = await event.request.formData();
		const body = String(form.get('body') ?? '').slice(0, 200_000);
		const values: Record<string, string> = { ...formValues(form), body };
		return { values, preview: renderMarkdown(body) };
	}
};
