import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { UUID_RE } from '#lib/server/ids.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { formValues, handleForm } from '#lib/server/http/forms.ts';
import { lessons } from '#lib/server/features/courses/courses.table.ts';
import { wikiCourse } from '#lib/server/features/wiki/access.ts';
import { diffWords } from '#lib/server/features/wiki/diff.ts';
import { revisionAt } from '#lib/server/features/wiki/revisions.service.ts';
import {
	acceptSuggestion,
	commentSuggestion,
	declineSuggestion,
	getSuggestion
} from '#lib/server/features/wiki/suggestions.service.ts';
import { eq } from 'drizzle-orm';

async function suggestionOf(event: Pick<RequestEvent, 'locals' | 'url'> & { params: { slug: string; id: string } }) {
	const { actor } = requireUser(event);
	if (!UUID_RE.test(event.params.id)) error(404, 'error.notFound');
	const { db } = event.locals.app;
	const { course, access } = await wikiCourse(db, actor, event.params.slug, 'canViewHistory');
	const suggestion = await getSuggestion(db, course.id, event.params.id);
	if (!suggestion || !(access.canReview || suggestion.proposerId === actor.id)) error(404, 'error.notFound');
	return { actor, course, access, suggestion };
}

export const load: PageServerLoad = async (event) => {
	const { course, access, suggestion } = await suggestionOf(event);
	const { db } = event.locals.app;
	const base = await revisionAt(db, 'lesson', suggestion.lessonId, suggestion.baseNumber);
	const [lesson] = await db
		.select({ revision: lessons.revision })
		.from(lessons)
		.where(eq(lessons.id, suggestion.lessonId));
	return {
		course: { slug: course.slug, title: course.title },
		suggestion,
		segments: diffWords(base?.body ?? '', suggestion.body),
		titleChanged: base && base.title !== suggestion.title ? { from: base.title, to: suggestion.title } : null,
		currentRevision: lesson?.revision ?? suggestion.baseNumber,
		canReview: access.canReview,
		done: event.url.searchParams.get('done')
	};
};

const here = (slug: string, id: string, done: string) => `/courses/${slug}/suggestions/${id}?done=${done}`;

export const actions: Actions = {
	comment: async (event) => {
		const { actor, course, suggestion } = await suggestionOf(event);
		const form = await event.request.formData();
		return handleForm(form, z.object({ comment: z.string().default('') }), async ({ comment }) => {
			await commentSuggestion(event.locals.app, actor, course.id, suggestion.id, comment);
			redirect(303, here(course.slug, suggestion.id, 'commented'));
		});
	},
	/** Accepts; on a conflict, the reviewer gets the merged text to resolve and sends it back here. */
	accept: async (event) => {
		const { actor, course, suggestion } = await suggestionOf(event);
		const form = await event.request.formData();
		const schema = z.object({
			body: z.string().max(200_000, 'errors.tooLong').optional(),
			baseRevision: z.coerce.number().int().min(1).optional()
		});
		return handleForm(form, schema, async (input) => {
			const resolved =
				input.body !== undefined && input.baseRevision
					? { body: input.body, baseRevision: input.baseRevision }
					: undefined;
			const result = await acceptSuggestion(event.locals.app, actor, course.id, suggestion.id, resolved);
			if (result.outcome === 'conflict')
				return fail(409, {
					values: { ...formValues(form), body: result.text, baseRevision: String(result.current) },
					conflict: { number: result.current, author: result.author, count: result.conflicts }
				});
			redirect(303, here(course.slug, suggestion.id, `accepted-${result.number}`));
		});
	},
	decline: async (event) => {
		const { actor, course, suggestion } = await suggestionOf(event);
		const form = await event.request.formData();
		return handleForm(form, z.object({ reason: z.string().default('') }), async ({ reason }) => {
			await declineSuggestion(event.locals.app, actor, course.id, suggestion.id, reason);
			redirect(303, here(course.slug, suggestion.id, 'declined'));
		});
	}
};
