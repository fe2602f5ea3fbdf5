import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { handleForm } from '#lib/server/http/forms.ts';
import { editableCourse } from '#lib/server/features/courses/access.ts';
import { saveWikiSettings, structureChoices, wikiSettings } from '#lib/server/features/wiki/settings.service.ts';

export const load: PageServerLoad = async (event) => {
	const { actor } = requireUser(event);
	const { db } = event.locals.app;
	const course = await editableCourse(db, actor, event.params.slug);
	return {
		course: { slug: course.slug, title: course.title },
		settings: await wikiSettings(db, course.id),
		structures: await structureChoices(db),
		saved: event.url.searchParams.has('saved')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { actor } = requireUser(event);
		const { db } = event.locals.app;
		const course = await editableCourse(db, actor, event.params.slug);
		const form = await event.request.formData();
		const structureIds = form.getAll('structureIds').map(String);
		return handleForm(form, z.object({ mode: z.string().default('') }), async ({ mode }) => {
			await saveWikiSettings(db, actor, course.id, { mode, structureIds });
			redirect(303, `/courses/${course.slug}/wiki-settings?saved`);
		});
	}
};
