import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { UUID_RE } from '#lib/server/ids.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { handleForm } from '#lib/server/http/forms.ts';
import { editableCourse } from '#lib/server/features/courses/access.ts';
import { getLesson } from '#lib/server/features/courses/plan.service.ts';
import { quizSchema } from '#lib/server/features/quizzes/quizzes.schemas.ts';
import { createQuiz } from '#lib/server/features/quizzes/quizzes.service.ts';

async function editableLesson(event: Parameters<PageServerLoad>[0] | Parameters<Actions[string]>[0]) {
	const { actor } = requireUser(event);
	if (!UUID_RE.test(event.params.id!)) error(404, 'error.notFound');
	const course = await editableCourse(event.locals.app.db, actor, event.params.slug!);
	const lesson = await getLesson(event.locals.app.db, course.id, event.params.id!);
	if (!lesson) error(404, 'error.notFound');
	return { actor, course, lesson };
}

export const load: PageServerLoad = async (event) => {
	const { course, lesson } = await editableLesson(event);
	return {
		course: { slug: course.slug, title: course.title },
		lesson: { id: lesson.id, title: lesson.title }
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { actor, course, lesson } = await editableLesson(event);
		const form = await event.request.formData();
		return handleForm(form, quizSchema, async (input) => {
			const quiz = await createQuiz(event.locals.app, actor, course.id, lesson.id, input);
			redirect(303, `/courses/${course.slug}/quizzes/${quiz.id}/edit?created=1`);
		});
	}
};
