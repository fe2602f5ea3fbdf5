import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { handleForm } from '#lib/server/http/forms.ts';
import { editableCourse } from '#lib/server/features/courses/access.ts';
import { COVER, coverUrl, removeCover, setCover } from '#lib/server/features/courses/cover.ts';

const coverSchema = z.object({
	cover: z.unknown().optional(),
	alt: z
		.string()
		.max(COVER.alt * 2, 'errors.tooLong')
		.default(''),
	decorative: z
		.string()
		.optional()
		.transform((v) => v === 'on' || v === '1')
});

const SAVED = ['saved', 'removed'] as const;

async function editor(event: RequestEvent) {
	const { actor } = requireUser(event);
	const course = await editableCourse(event.locals.app.db, actor, event.params.slug);
	return { actor, course };
}

export const load: PageServerLoad = async (event) => {
	const { course } = await editor(event);
	const done = event.url.searchParams.get('done');
	return {
		course: {
			slug: course.slug,
			title: course.title,
			cover: coverUrl(course.coverKey),
			coverAlt: course.coverAlt
		},
		limits: { alt: COVER.alt, width: COVER.width, height: COVER.height },
		maxMb: Math.max(1, Math.floor(event.locals.app.config.FILE_MAX_BYTES / 1024 / 1024)),
		done: SAVED.find((s) => s === done) ?? null
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { actor, course } = await editor(event);
		const form = await event.request.formData();
		return handleForm(form, coverSchema, async ({ cover, alt, decorative }) => {
			await setCover(event.locals.app, actor, course.id, { file: cover, alt, decorative });
			redirect(303, `/courses/${course.slug}/cover?done=saved`);
		});
	},
	remove: async (event) => {
		const { actor, course } = await editor(event);
		await removeCover(event.locals.app, actor, course.id);
		redirect(303, `/courses/${course.slug}/cover?done=removed`);
	}
};
