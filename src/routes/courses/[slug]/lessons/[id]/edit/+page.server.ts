import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { messagesFor } from '#lib/i18n/index.ts';
import type { Actions, PageServerLoad } from './$types';
import { UUID_RE } from '#lib/server/ids.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { formValues, handleForm } from '#lib/server/http/forms.ts';
import { courseFromSlug } from '#lib/server/features/courses/access.ts';
import { lessonSchema } from '#lib/server/features/courses/courses.schemas.ts';
import { getLesson } from '#lib/server/features/courses/plan.service.ts';
import { renderMarkdown } from '#lib/server/features/courses/markdown.ts';
// wiki: base revision, merge of concurrent edits, suggestions (features/wiki)
import { editLesson } from '#lib/server/features/wiki/revisions.service.ts';
import { SUMMARY_MAX } from '#lib/server/features/wiki/revisions.record.ts';
import { wikiAccess } from '#lib/server/features/wiki/settings.service.ts';
import { lessonQuizRows } from '#lib/server/features/quizzes/quizzes.service.ts'; // quizzes
import { proposeSuggestion } from '#lib/server/features/wiki/suggestions.service.ts';

const wikiFields = {
	summary: z.string().trim().max(SUMMARY_MAX, 'errors.tooLong').default(''),
	baseRevision: z.coerce.number({ error: 'errors.invalid' }).int('errors.invalid').min(1, 'errors.invalid')
};
const editSchema = lessonSchema.extend(wikiFields);

/** The lesson, for people who may edit it directly or propose changes (403 otherwise). */
async function editable(event: Pick<RequestEvent, 'locals' | 'url'> & { params: { slug: string; id: string } }) {
	const { actor, user } = requireUser(event);
	if (!UUID_RE.test(event.params.id)) error(404, 'error.notFound');
	const { course, canEdit: canEditCourse } = await courseFromSlug(event.locals.app.db, actor, event.params.slug);
	const access = await wikiAccess(event.locals.app.db, actor, course.id);
	if (!access.canEdit && !access.canSuggest) error(403, 'error.forbidden');
	const lesson = await getLesson(event.locals.app.db, course.id, event.params.id);
	if (!lesson) error(404, 'error.notFound');
	return { course, lesson, user, actor, access, canEditCourse };
}

export const load: PageServerLoad = async (event) => {
	const { course, lesson, access, canEditCourse } = await editable(event);
	return {
		course: { slug: course.slug, title: course.title },
		lesson,
		mode: access.canEdit ? ('edit' as const) : ('suggest' as const),
		canEditCourse,
		// quizzes: links to the lesson's quizzes and "Add a quiz" (routes/courses/[slug]/quizzes)
		quizzes: canEditCourse
			? (await lessonQuizRows(event.locals.app.db, lesson.id)).map((q) => ({ id: q.id, title: q.title }))
			: [],
		suggested: event.url.searchParams.has('suggested'),
		messages: messagesFor(event.locals.locale)
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { course, lesson, actor } = await editable(event);
		const form = await event.request.formData();
		return handleForm(form, editSchema, async (input) => {
			const result = await editLesson(event.locals.app, actor, course.id, lesson.id, input);
			if (result.outcome === 'conflict')
				// Nothing saved: the author gets the merged text with both versions of each conflicting
				// passage, their own whole text, and the current revision as the new base.
				return fail(409, {
					values: { ...formValues(form), body: result.text, baseRevision: String(result.current) },
					conflict: { number: result.current, author: result.author, count: result.conflicts, mine: result.mine }
				});
			if (result.outcome === 'merged') {
				const saved = await getLesson(event.locals.app.db, course.id, lesson.id);
				return {
					values: {
						title: saved!.title,
						body: saved!.body,
						required: saved!.required ? 'on' : '',
						summary: '',
						baseRevision: String(result.number)
					},
					merged: result.mergedWith
				};
			}
			redirect(303, `/courses/${course.slug}/lessons/${lesson.id}?revision=${result.number}`);
		});
	},
	/** Someone who may not edit directly proposes this version (features/wiki/suggestions). */
	suggest: async (event) => {
		const { course, lesson, actor } = await editable(event);
		const form = await event.request.formData();
		return handleForm(form, editSchema, async (input) => {
			await proposeSuggestion(event.locals.app, actor, course.id, lesson.id, input);
			redirect(303, `/courses/${course.slug}/lessons/${lesson.id}/edit?suggested`);
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
