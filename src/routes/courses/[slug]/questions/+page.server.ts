import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { UUID_RE } from '#lib/server/ids.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { FormError, handleForm, invalid, zodErrors } from '#lib/server/http/forms.ts';
import { bankCourse } from '#lib/server/features/questions/access.ts';
import {
	createCategory,
	defaultCategory,
	deleteCategory,
	listCategories,
	updateCategory
} from '#lib/server/features/questions/categories.service.ts';
import { categorySchema, idSchema } from '#lib/server/features/questions/questions.schemas.ts';
import {
	deleteQuestion,
	duplicateQuestion,
	listQuestions,
	moveQuestions
} from '#lib/server/features/questions/questions.service.ts';
import { QTYPES } from '#lib/server/features/questions/question.types.ts';

export const load: PageServerLoad = async (event) => {
	const { actor } = requireUser(event);
	const { db } = event.locals.app;
	const { course, canManage } = await bankCourse(db, actor, event.params.slug, 'view');
	if (canManage) await defaultCategory(db, course.id);
	const categories = await listCategories(db, course.id);
	const wanted = event.url.searchParams.get('category') ?? '';
	const selected = UUID_RE.test(wanted) ? categories.find((c) => c.id === wanted) : undefined;
	const search = (event.url.searchParams.get('q') ?? '').slice(0, 200);
	// With `sub`, the questions of its subcategories too.
	const withSub = event.url.searchParams.get('sub') === '1';
	const categoryIds = selected
		? categories
				.filter(
					(c) =>
						c.id === selected.id ||
						(withSub &&
							c.path.length > selected.path.length &&
							c.path.slice(0, selected.path.length).join('\u0000') === selected.path.join('\u0000'))
				)
				.map((c) => c.id)
		: undefined;
	const list = await listQuestions(db, course.id, { categoryIds, search });
	const names = new Map(categories.map((c) => [c.id, c.path.join(' › ')]));
	return {
		course: { id: course.id, slug: course.slug, title: course.title },
		canManage,
		categories: categories.map((c) => ({
			id: c.id,
			name: c.name,
			parentId: c.parentId,
			depth: c.depth,
			path: c.path.join(' › '),
			count: c.questionCount
		})),
		selected: selected?.id ?? '',
		withSub,
		search,
		qtypes: [...QTYPES],
		questions: list.map((q) => ({
			id: q.id,
			name: q.name,
			qtype: q.qtype,
			version: q.version,
			category: names.get(q.categoryId) ?? '',
			updatedAt: q.updatedAt.toISOString()
		}))
	};
};

async function context(event: Parameters<Actions[string]>[0]) {
	const { actor } = requireUser(event);
	const { course } = await bankCourse(event.locals.app.db, actor, event.params.slug!, 'manage');
	return { actor, course, form: await event.request.formData(), base: `/courses/${course.slug}/questions` };
}

const updateCategorySchema = categorySchema.extend({ id: z.string().uuid('errors.invalid') });
const deleteCategorySchema = idSchema.extend({ moveToParent: z.literal('1').optional() });
const moveSchema = z.object({
	ids: z.array(z.string().uuid('errors.invalid')).max(1000),
	categoryId: z.string().uuid('errors.invalid')
});

export const actions: Actions = {
	createCategory: async (event) => {
		const { actor, course, form, base } = await context(event);
		return handleForm(form, categorySchema, async (input) => {
			const c = await createCategory(event.locals.app, actor, course.id, input);
			redirect(303, `${base}?category=${c.id}&created=1`);
		});
	},
	updateCategory: async (event) => {
		const { actor, course, form, base } = await context(event);
		return handleForm(form, updateCategorySchema, async ({ id, ...input }) => {
			await updateCategory(event.locals.app, actor, course.id, id, {
				name: input.name,
				parentId: input.parentId ?? null
			});
			redirect(303, `${base}?category=${id}&saved=1`);
		});
	},
	deleteCategory: async (event) => {
		const { actor, course, form, base } = await context(event);
		return handleForm(form, deleteCategorySchema, async ({ id, moveToParent }) => {
			await deleteCategory(event.locals.app, actor, course.id, id, { moveToParent: !!moveToParent });
			redirect(303, `${base}?deleted=1`);
		});
	},
	duplicate: async (event) => {
		const { actor, course, form, base } = await context(event);
		return handleForm(form, idSchema, async ({ id }) => {
			const copy = await duplicateQuestion(event.locals.app, actor, course.id, id);
			redirect(303, `${base}/${copy.id}?duplicated=1`);
		});
	},
	delete: async (event) => {
		const { actor, course, form, base } = await context(event);
		return handleForm(form, idSchema, async ({ id }) => {
			await deleteQuestion(event.locals.app, actor, course.id, id);
			redirect(303, `${base}?removed=1`);
		});
	},
	move: async (event) => {
		const { actor, course, form, base } = await context(event);
		const parsed = moveSchema.safeParse({ ids: form.getAll('ids'), categoryId: form.get('categoryId') });
		if (!parsed.success) return invalid(400, form, zodErrors(parsed.error));
		try {
			await moveQuestions(event.locals.app, actor, course.id, parsed.data.ids, parsed.data.categoryId);
		} catch (err) {
			if (err instanceof FormError) return invalid(err.status, form, err.errors);
			throw err;
		}
		redirect(303, `${base}?category=${parsed.data.categoryId}&moved=1`);
	}
};
