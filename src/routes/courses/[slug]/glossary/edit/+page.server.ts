import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { UUID_RE } from '#lib/server/ids.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { handleForm, invalid, zodErrors } from '#lib/server/http/forms.ts';
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
	return {
		course: { id: course.id, slug: course.slug, title: course.title },
		editing: editing
			? { id: editing.id, term: editing.term, variants: editing.variants, definition: editing.definition }
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
		return handleForm(form, termSchema, async ({ id, ...input }) => {
			const meta = { summary: String(form.get('summary') ?? '') }; // wiki: the term's history
			if (id) await updateTerm(event.locals.app, actor, course.id, id, input, meta);
			else await createTerm(event.locals.app, actor, course.id, input, meta);
			redirect(303, `/courses/${course.slug}/glossary/edit?${id ? 'saved' : 'added'}=1`);
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
