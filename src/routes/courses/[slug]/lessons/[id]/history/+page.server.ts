import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { FormError, invalid } from '#lib/server/http/forms.ts';
import { translate } from '#lib/i18n/index.ts';
import { wikiLesson } from '#lib/server/features/wiki/access.ts';
import { revisionsPage, revertLesson } from '#lib/server/features/wiki/revisions.service.ts';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { db } = locals.app;
	const { course, lesson, access } = await wikiLesson(db, locals.actor, params.slug, params.id, 'canViewHistory');
	return {
		course: { slug: course.slug, title: course.title },
		lesson: { id: lesson.id, title: lesson.title, revision: lesson.revision },
		...(await revisionsPage(db, 'lesson', lesson.id, { before: pageCursor(url) })),
		canEdit: access.canEdit,
		reverted: url.searchParams.get('reverted'),
		paged: pageCursor(url) !== undefined
	};
};

/** `?before=N`: the page of revisions older than N (the newest page without it). */
function pageCursor(url: URL) {
	const n = Number(url.searchParams.get('before'));
	return Number.isInteger(n) && n > 1 ? n : undefined;
}

const revertSchema = z.object({ number: z.coerce.number().int().min(1) });

export const actions: Actions = {
	/** Puts the lesson back as it was at a revision (a new revision of kind 'revert'). */
	revert: async (event) => {
		const { actor } = requireUser(event);
		const { locals, params } = event;
		const { course, lesson } = await wikiLesson(locals.app.db, actor, params.slug, params.id, 'canEdit');
		const form = await event.request.formData();
		const parsed = revertSchema.safeParse({ number: form.get('number') });
		if (!parsed.success) return invalid(400, form, { _form: { key: 'wiki.errors.badRevision' } });
		const number = parsed.data.number;
		let result;
		try {
			const summary = translate(locals.locale, 'wiki.revert.summary', { number });
			result = await revertLesson(locals.app, actor, course.id, lesson.id, number, summary);
		} catch (err) {
			if (err instanceof FormError) return invalid(err.status, form, err.errors);
			throw err;
		}
		redirect(303, `/courses/${course.slug}/lessons/${lesson.id}/history?reverted=${number}-${result.number}`);
	}
};
