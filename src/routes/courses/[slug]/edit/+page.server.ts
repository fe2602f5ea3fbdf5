import { redirect } from '@sveltejs/kit';
import { messagesFor } from '#lib/i18n/index.ts';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { handleForm } from '#lib/server/http/forms.ts';
import { editableCourse } from '#lib/server/features/courses/access.ts';
import { courseSchema, planTitleSchema, statusSchema } from '#lib/server/features/courses/courses.schemas.ts';
import { setCourseStatus, updateCourse } from '#lib/server/features/courses/courses.service.ts';
import {
	addItem,
	deleteItem,
	loadPlan,
	moveItem,
	moveLesson,
	renameItem,
	reorderItem
} from '#lib/server/features/courses/plan.service.ts';

const level = z.enum(['module', 'sequence', 'lesson'], { error: 'errors.invalid' });
const id = z.string().uuid('errors.invalid');
const reorderSchema = z.object({
	level,
	id,
	parentId: id,
	position: z.coerce
		.number({ error: 'errors.invalid' })
		.int('errors.invalid')
		.min(1, 'errors.invalid')
		.max(100_000, 'errors.invalid')
});

export const load: PageServerLoad = async (event) => {
	const { actor } = requireUser(event);
	const course = await editableCourse(event.locals.app.db, actor, event.params.slug);
	return {
		course,
		plan: await loadPlan(event.locals.app.db, course.id),
		messages: messagesFor(event.locals.locale)
	};
};

/** Every plan action: the editor's course, then the change, then back to the plan. */
function planAction<S extends z.ZodType>(
	schema: S,
	run: (ctx: { courseId: string; app: App.Locals['app']; actorId: string }, input: z.infer<S>) => Promise<unknown>
) {
	return async (event: Parameters<Actions[string]>[0]) => {
		const { actor } = requireUser(event);
		const course = await editableCourse(event.locals.app.db, actor, event.params.slug!);
		const form = await event.request.formData();
		return handleForm(form, schema, async (input) => {
			await run({ courseId: course.id, app: event.locals.app, actorId: actor.id }, input);
			redirect(303, `/courses/${course.slug}/edit#plan`);
		});
	};
}

export const actions: Actions = {
	settings: async (event) => {
		const { actor } = requireUser(event);
		const course = await editableCourse(event.locals.app.db, actor, event.params.slug);
		const form = await event.request.formData();
		return handleForm(form, courseSchema, async (input) => {
			await updateCourse(event.locals.app, actor, course, input);
			redirect(303, `/courses/${input.slug || course.slug}/edit?saved=1`);
		});
	},
	status: async (event) => {
		const { actor } = requireUser(event);
		const course = await editableCourse(event.locals.app.db, actor, event.params.slug);
		const form = await event.request.formData();
		return handleForm(form, statusSchema, async ({ status }) => {
			await setCourseStatus(event.locals.app, actor, course, status);
			redirect(303, `/courses/${course.slug}/edit?saved=1`);
		});
	},
	add: planAction(planTitleSchema.extend({ level, parentId: z.string().min(1) }), ({ app, courseId, actorId }, i) =>
		addItem(app, courseId, i.level, i.level === 'module' ? courseId : i.parentId, i.title, actorId)
	),
	rename: planAction(planTitleSchema.extend({ level, id }), ({ app, courseId }, i) =>
		renameItem(app, courseId, i.level, i.id, i.title)
	),
	move: planAction(z.object({ level, id, direction: z.enum(['up', 'down']) }), ({ app, courseId }, i) =>
		moveItem(app, courseId, i.level, i.id, i.direction)
	),
	remove: planAction(z.object({ level, id }), ({ app, courseId }, i) => deleteItem(app, courseId, i.level, i.id)),
	/** Drag and drop (JavaScript only): the item's new parent and position; answers data, not a redirect. */
	reorder: async (event) => {
		const { actor } = requireUser(event);
		const course = await editableCourse(event.locals.app.db, actor, event.params.slug);
		const form = await event.request.formData();
		return handleForm(form, reorderSchema, async (i) => ({
			reordered: {
				level: i.level,
				id: i.id,
				parentId: i.parentId,
				position: await reorderItem(event.locals.app, course.id, i.level, i.id, i.parentId, i.position)
			}
		}));
	},
	moveLesson: planAction(z.object({ id, sequenceId: id }), ({ app, courseId }, i) =>
		moveLesson(app, courseId, i.id, i.sequenceId)
	)
};
