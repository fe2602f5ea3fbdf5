import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { FormError, invalid } from '#lib/server/http/forms.ts';
import { translate } from '#lib/i18n/index.ts';
import { revisionsPage } from '#lib/server/features/wiki/revisions.service.ts';
import { revertTerm, wikiTerm } from '#lib/server/features/wiki/term.history.ts';

/** A glossary term's revisions: compare two, revert (course editors), as for a lesson. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { db } = locals.app;
	const { course, term, current, canEditCourse } = await wikiTerm(db, locals.actor, params.slug, params.termId);
	return {
		course: { slug: course.slug, title: course.title },
		term: { id: term.id, term: term.term, slug: term.slug, revision: current },
		...(await revisionsPage(db, 'glossaryTerm', term.id, { before: pageCursor(url) })),
		canEdit: canEditCourse,
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
	revert: async (event) => {
		const { actor } = requireUser(event);
		const { locals, params } = event;
		const { course, term } = await wikiTerm(locals.app.db, actor, params.slug, params.termId);
		const form = await event.request.formData();
		const parsed = revertSchema.safeParse({ number: form.get('number') });
		if (!parsed.success) return invalid(400, form, { _form: { key: 'wiki.errors.badRevision' } });
		const number = parsed.data.number;
		let saved: number;
		try {
			const summary = translate(locals.locale, 'wiki.revert.summary', { number });
			saved = await revertTerm(locals.app, actor, course.id, term.id, number, summary);
		} catch (err) {
			if (err instanceof FormError) return invalid(err.status, form, err.errors);
			throw err;
		}
		redirect(303, `/courses/${course.slug}/glossary/${term.id}/history?reverted=${number}-${saved}`);
	}
};
