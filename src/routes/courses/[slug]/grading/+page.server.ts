import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { handleForm } from '#lib/server/http/forms.ts';
import { courseFromSlug } from '#lib/server/features/courses/access.ts';
import { canGrade, essayGradeSchema, gradeEssay, gradingQueue } from '#lib/server/features/quizzes/essays.service.ts';

async function tutorCourse(event: Parameters<PageServerLoad>[0] | Parameters<Actions[string]>[0]) {
	const { actor } = requireUser(event);
	const { course } = await courseFromSlug(event.locals.app.db, actor, event.params.slug!);
	if (!canGrade(actor, course.id)) error(403, 'error.forbidden');
	return { actor, course };
}

export const load: PageServerLoad = async (event) => {
	const { course } = await tutorCourse(event);
	return {
		course: { slug: course.slug, title: course.title },
		queue: await gradingQueue(event.locals.app.db, course.id)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { actor, course } = await tutorCourse(event);
		const form = await event.request.formData();
		return handleForm(form, essayGradeSchema, async (input) => {
			await gradeEssay(event.locals.app, actor, course.id, input);
			redirect(303, `/courses/${course.slug}/grading?saved=1`);
		});
	}
};
