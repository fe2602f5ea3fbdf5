import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/http/guards.ts';
import { handleForm } from '#lib/server/http/forms.ts';
import { courseSchema } from '#lib/server/features/courses/courses.schemas.ts';
import { createCourse } from '#lib/server/features/courses/courses.service.ts';

export const load: PageServerLoad = (event) => {
	requirePermission(event, 'course.create');
};

export const actions: Actions = {
	default: async (event) => {
		const { actor } = requirePermission(event, 'course.create');
		const form = await event.request.formData();
		return handleForm(form, courseSchema, async (input) => {
			const course = await createCourse(event.locals.app, actor, input);
			redirect(303, `/courses/${course.slug}/edit?created=1`);
		});
	}
};
