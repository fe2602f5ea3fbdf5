import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { UUID_RE } from '#lib/server/ids.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { FormError, handleForm, invalid, zodErrors } from '#lib/server/http/forms.ts';
import { editableCourse } from '#lib/server/features/courses/access.ts';
import { getLesson } from '#lib/server/features/courses/plan.service.ts';
import { listCategories } from '#lib/server/features/questions/categories.service.ts';
import { listQuestions } from '#lib/server/features/questions/questions.service.ts';
import {
	addQuestionsSchema,
	addRandomSchema,
	deleteQuizSchema,
	moveSlotSchema,
	quizSchema,
	slotSchema,
	toLocalDateTime
} from '#lib/server/features/quizzes/quizzes.schemas.ts';
import {
	addQuestionSlots,
	addRandomSlot,
	deleteQuiz,
	getQuiz,
	listSlots,
	moveSlot,
	removeSlot,
	updateQuiz
} from '#lib/server/features/quizzes/quizzes.service.ts';
import type { QuizRow } from '#lib/server/features/quizzes/quizzes.table.ts';

async function editableQuiz(event: Parameters<PageServerLoad>[0] | Parameters<Actions[string]>[0]) {
	const { actor } = requireUser(event);
	if (!UUID_RE.test(event.params.quizId!)) error(404, 'error.notFound');
	const course = await editableCourse(event.locals.app.db, actor, event.params.slug!);
	const quiz = await getQuiz(event.locals.app.db, course.id, event.params.quizId!);
	if (!quiz) error(404, 'error.notFound');
	return { actor, course, quiz };
}

function settingsValues(q: QuizRow): Record<string, string> {
	const on = (b: boolean) => (b ? 'on' : '');
	return {
		title: q.title,
		intro: q.intro,
		attemptsAllowed: String(q.attemptsAllowed),
		timeLimit: String(q.timeLimit ? Math.round(q.timeLimit / 60) : 0),
		perPage: String(q.perPage),
		passMark: String(Math.round(q.passMark * 100)),
		opensAt: toLocalDateTime(q.opensAt),
		closesAt: toLocalDateTime(q.closesAt),
		gradingMethod: q.gradingMethod,
		scoreDisplay: q.scoreDisplay,
		reviewAnswers: q.reviewAnswers,
		reviewFeedback: q.reviewFeedback,
		shuffleQuestions: on(q.shuffleQuestions),
		shuffleAnswers: on(q.shuffleAnswers),
		practice: on(q.practice),
		required: on(q.required)
	};
}

export const load: PageServerLoad = async (event) => {
	const { course, quiz } = await editableQuiz(event);
	const { db } = event.locals.app;
	const categories = await listCategories(db, course.id);
	const wanted = event.url.searchParams.get('category') ?? '';
	const category = categories.find((c) => c.id === wanted) ?? categories[0];
	const [slots, bank, lesson] = await Promise.all([
		listSlots(db, quiz.id),
		category ? listQuestions(db, course.id, { categoryIds: [category.id] }) : [],
		getLesson(db, course.id, quiz.lessonId)
	]);
	const used = new Set(slots.map((s) => s.questionId));
	return {
		course: { slug: course.slug, title: course.title },
		lesson: { id: quiz.lessonId, title: lesson?.title ?? '' },
		quiz: { id: quiz.id, title: quiz.title },
		settings: settingsValues(quiz),
		slots,
		categories: categories.map((c) => ({ id: c.id, label: c.path.join(' › '), count: c.questionCount })),
		category: category?.id ?? '',
		bank: bank.map((q) => ({ id: q.id, name: q.name, qtype: q.qtype, used: used.has(q.id) }))
	};
};

async function actionContext(event: Parameters<Actions[string]>[0]) {
	const ctx = await editableQuiz(event);
	return {
		...ctx,
		form: await event.request.formData(),
		base: `/courses/${ctx.course.slug}/quizzes/${ctx.quiz.id}/edit`
	};
}

export const actions: Actions = {
	settings: async (event) => {
		const { actor, course, quiz, form, base } = await actionContext(event);
		return handleForm(form, quizSchema, async (input) => {
			await updateQuiz(event.locals.app, actor, course.id, quiz.id, input);
			redirect(303, `${base}?saved=1`);
		});
	},
	delete: async (event) => {
		const { actor, course, quiz, form } = await actionContext(event);
		return handleForm(form, deleteQuizSchema, async () => {
			await deleteQuiz(event.locals.app, actor, course.id, quiz.id);
			redirect(303, `/courses/${course.slug}/lessons/${quiz.lessonId}/edit`);
		});
	},
	addQuestions: async (event) => {
		const { actor, course, quiz, form, base } = await actionContext(event);
		const parsed = addQuestionsSchema.safeParse({ questionIds: form.getAll('questionIds') });
		if (!parsed.success) return invalid(400, form, zodErrors(parsed.error));
		try {
			await addQuestionSlots(event.locals.app, actor, course.id, quiz.id, parsed.data.questionIds);
		} catch (err) {
			if (err instanceof FormError) return invalid(err.status, form, err.errors);
			throw err;
		}
		redirect(303, `${base}?added=1&category=${encodeURIComponent(String(form.get('category') ?? ''))}#slots`);
	},
	addRandom: async (event) => {
		const { actor, course, quiz, form, base } = await actionContext(event);
		return handleForm(form, addRandomSchema, async (input) => {
			await addRandomSlot(event.locals.app, actor, course.id, quiz.id, input);
			redirect(303, `${base}?added=1#slots`);
		});
	},
	removeSlot: async (event) => {
		const { actor, course, quiz, form, base } = await actionContext(event);
		return handleForm(form, slotSchema, async ({ slotId }) => {
			await removeSlot(event.locals.app, actor, course.id, quiz.id, slotId);
			redirect(303, `${base}?removed=1#slots`);
		});
	},
	moveSlot: async (event) => {
		const { actor, course, quiz, form, base } = await actionContext(event);
		return handleForm(form, moveSlotSchema, async ({ slotId, direction }) => {
			await moveSlot(event.locals.app, actor, course.id, quiz.id, slotId, direction);
			redirect(303, `${base}#slots`);
		});
	}
};
