import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { UUID_RE } from '#lib/server/ids.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { handleForm } from '#lib/server/http/forms.ts';
import { editableCourse } from '#lib/server/features/courses/access.ts';
import {
	EDITION_LIMITS,
	editionIdSchema,
	editionSchema,
	utcToParis
} from '#lib/server/features/courses/editions.schemas.ts';
import {
	createEdition,
	deleteEdition,
	getEdition,
	listEditions,
	updateEdition
} from '#lib/server/features/courses/editions.service.ts';

export const load: PageServerLoad = async (event) => {
	const { actor } = requireUser(event);
	const { db } = event.locals.app;
	const course = await editableCourse(db, actor, event.params.slug);
	const editId = event.url.searchParams.get('edition') ?? '';
	const [editions, editing] = await Promise.all([
		listEditions(db, course.id),
		UUID_RE.test(editId) ? getEdition(db, course.id, editId) : undefined
	]);
	return {
		course: { slug: course.slug, title: course.title, enrolmentMode: course.enrolmentMode },
		editions: editions.map((e) => ({
			id: e.id,
			title: e.title,
			startsAt: e.startsAt,
			endsAt: e.endsAt,
			enrolUntil: e.enrolUntil,
			seats: e.seats,
			enrolled: e.enrolled,
			phase: e.phase,
			refusal: e.refusal
		})),
		editing: editing
			? {
					id: editing.id,
					startsAt: editing.startsAt,
					values: {
						title: editing.title,
						startsAt: utcToParis(editing.startsAt),
						endsAt: utcToParis(editing.endsAt),
						enrolUntil: editing.enrolUntil ? utcToParis(editing.enrolUntil) : '',
						seats: editing.seats === null ? '' : String(editing.seats)
					}
				}
			: null,
		limits: EDITION_LIMITS
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
		return handleForm(form, editionSchema, async ({ id, ...v }) => {
			const input = { ...v, startsAt: v.startsAt!, endsAt: v.endsAt! };
			if (id) await updateEdition(event.locals.app, actor, course, id, input);
			else await createEdition(event.locals.app, actor, course, input);
			redirect(303, `/courses/${course.slug}/editions?${id ? 'saved' : 'added'}=1`);
		});
	},
	delete: async (event) => {
		const { actor, course, form } = await editorContext(event);
		return handleForm(form, editionIdSchema, async ({ id }) => {
			await deleteEdition(event.locals.app, actor, course, id);
			redirect(303, `/courses/${course.slug}/editions?deleted=1`);
		});
	}
};
