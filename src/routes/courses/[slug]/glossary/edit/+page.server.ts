import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { UUID_RE } from '#lib/server/ids.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { FormError, formValues, handleForm, invalid, zodErrors } from '#lib/server/http/forms.ts';
import { editableCourse } from '#lib/server/features/courses/access.ts';
import { loadPlan } from '#lib/server/features/courses/plan.service.ts';
import {
	GLOSSARY_LIMITS,
	optoutsSchema,
	termIdSchema,
	termSchema
} from '#lib/server/features/glossary/glossary.schemas.ts';
import {
	createTerm,
	deleteTerm,
	getTerm,
	lessonOptouts,
	listTerms,
	setLessonOptouts,
	updateTerm
} from '#lib/server/features/glossary/glossary.service.ts';
import { latestTermRevision } from '#lib/server/features/wiki/term.save.ts';

// wiki: the revision the form was loaded from; a save made after another one is merged or refused.
const saveSchema = termSchema.extend({
	baseRevision: z
		.union([z.literal('').transform(() => undefined), z.coerce.number().int('errors.invalid').min(0, 'errors.invalid')])
		.optional()
});

export const load: PageServerLoad = async (event) => {
	const { actor } = requireUser(event);
	const { db } = event.locals.app;
	const course = await editableCourse(db, actor, event.params.slug);
	const termId = event.url.searchParams.get('term') ?? '';
	const [terms, plan, optouts, editing] = await Promise.all([
		listTerms(db, course.id),
		loadPlan(db, course.id),
		lessonOptouts(db, course.id),
		UUID_RE.test(termId) ? getTerm(db, course.id, termId) : undefined
	]);
	const revision = editing ? (await latestTermRevision(db, editing.id)).number : 0;
	return {
		course: { id: course.id, slug: course.slug, title: course.title },
		editing: editing
			? { id: editing.id, term: editing.term, variants: editing.variants, definition: editing.definition, revision }
			: null,
		terms: terms.map((x) => ({ id: x.id, term: x.term, variants: x.variants })),
		lessons: plan.flatMap((m) =>
			m.sequences.flatMap((s) => s.lessons.map((l) => ({ id: l.id, title: l.title, where: `${m.title} › ${s.title}` })))
		),
		optouts: [...optouts],
		limits: { term: GLOSSARY_LIMITS.term, definition: GLOSSARY_LIMITS.definition }
	};
};

async function editorContext(event: Parameters<Actions[string]>[0]) {
	const { actor } = requireUser(event);
	const course = await editableCourse(event.locals.app.db, actor, event.params.slug!);
	return { actor, course, form: await event.request.formData() };
}

export const actions: Actions = {
	save: async (event) => {
		const { actor, course, form } = await editorContext(event);
		return handleForm(form, saveSchema, async ({ id, baseRevision, ...input }) => {
			const summary = String(form.get('summary') ?? ''); // wiki: the term's history
			if (!id) {
				await createTerm(event.locals.app, actor, course.id, input, { summary });
				redirect(303, `/courses/${course.slug}/glossary/edit?added=1`);
			}
			if (baseRevision === undefined) throw new FormError(400, { _form: { key: 'wiki.errors.badRevision' } });
			const r = await updateTerm(event.locals.app, actor, course.id, id, input, { summary, baseNumber: baseRevision });
			if (r.outcome === 'conflict')
				// Nothing saved: the person's text comes back as typed, the other version beside it,
				// and the current revision as the new base.
				return fail(409, {
					values: { ...formValues(form), baseRevision: String(r.current) },
					conflict: {
						number: r.current,
						author: r.author,
						count: r.conflicts,
						theirs: { ...r.theirs, variants: r.theirs.variants.join('\n') }
					}
				});
			const done = r.outcome === 'merged' ? `merged=${r.mergedWith.number}` : 'saved=1';
			redirect(303, `/courses/${course.slug}/glossary/edit?${done}`);
		});
	},
	delete: async (event) => {
		const { actor, course, form } = await editorContext(event);
		return handleForm(form, termIdSchema, async ({ id }) => {
			await deleteTerm(event.locals.app, actor, course.id, id);
			redirect(303, `/courses/${course.slug}/glossary/edit?deleted=1`);
		});
	},
	optouts: async (event) => {
		const { actor, course, form } = await editorContext(event);
		const parsed = optoutsSchema.safeParse({ lessonIds: form.getAll('lessonIds') });
		if (!parsed.success) return invalid(400, form, zodErrors(parsed.error));
		await setLessonOptouts(event.locals.app, actor, course.id, parsed.data.lessonIds);
		redirect(303, `/courses/${course.slug}/glossary/edit?saved=1#optouts`);
	}
};
