import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { formatDate } from '#lib/i18n/index.ts';
import { UUID_RE } from '#lib/server/ids.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { FormError, invalid } from '#lib/server/http/forms.ts';
import { can } from '#lib/server/features/authz/policy.ts';
import { courseFromSlug } from '#lib/server/features/courses/access.ts';
import { getLesson } from '#lib/server/features/courses/plan.service.ts';
import { isEnrolled } from '#lib/server/features/courses/learning.service.ts';
import { contentAccess } from '#lib/server/features/courses/editions.service.ts';
import { startAttempt } from '#lib/server/features/quizzes/attempts.service.ts';
import { countQuestions, listAttempts } from '#lib/server/features/quizzes/attempts.view.ts';
import { gradeOf, scoreText } from '#lib/server/features/quizzes/grades.ts';
import { getQuiz } from '#lib/server/features/quizzes/quizzes.service.ts';
import { canGrade } from '#lib/server/features/quizzes/essays.service.ts';

async function quizOf(locals: App.Locals, slug: string, quizId: string) {
	if (!UUID_RE.test(quizId)) error(404, 'error.notFound');
	const { course, canEdit } = await courseFromSlug(locals.app.db, locals.actor, slug);
	const quiz = await getQuiz(locals.app.db, course.id, quizId);
	if (!quiz) error(404, 'error.notFound');
	return { course, canEdit, quiz };
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const { db } = locals.app;
	const { course, canEdit, quiz } = await quizOf(locals, params.slug, params.quizId);
	const user = locals.user;
	const [lesson, questions, attempts, grade] = await Promise.all([
		getLesson(db, course.id, quiz.lessonId),
		countQuestions(db, quiz.id),
		user ? listAttempts(db, quiz.id, user.id) : [],
		user ? gradeOf(db, quiz.id, user.id) : undefined
	]);
	const score = (s: number) => scoreText(locals.locale, s, quiz.scoreDisplay);
	return {
		course: { slug: course.slug, title: course.title },
		lesson: { id: quiz.lessonId, title: lesson?.title ?? '' },
		quiz: {
			id: quiz.id,
			title: quiz.title,
			introHtml: quiz.introHtml,
			attemptsAllowed: quiz.attemptsAllowed,
			timeLimitMinutes: quiz.timeLimit ? Math.round(quiz.timeLimit / 60) : 0,
			opensAt: quiz.opensAt,
			closesAt: quiz.closesAt,
			gradingMethod: quiz.gradingMethod,
			passMark: score(quiz.passMark),
			practice: quiz.practice,
			required: quiz.required
		},
		questions,
		canEdit,
		canGrade: canGrade(locals.actor, course.id),
		canTake: can(locals.actor, 'course.follow', { type: 'course', id: course.id }),
		loggedIn: !!user,
		attempts: attempts.map((a) => ({
			id: a.id,
			number: a.number,
			inProgress: a.state === 'inProgress',
			score: a.score === null ? null : score(a.score),
			submittedAt: a.submittedAt
		})),
		grade: grade ? { score: score(grade.grade), passed: grade.passed } : null
	};
};

export const actions: Actions = {
	start: async (event) => {
		const { actor } = requireUser(event);
		const { course, canEdit, quiz } = await quizOf(event.locals, event.params.slug, event.params.quizId);
		// Session courses: the content (quizzes included) opens when the learner's session starts.
		const { db } = event.locals.app;
		const enrolled = await isEnrolled(db, actor.id, course.id);
		const access = await contentAccess(db, course, { userId: actor.id, enrolled, canEdit });
		if (!access.ok)
			return invalid(403, new FormData(), {
				_form:
					access.reason === 'notStarted'
						? { key: 'editions.startsOn', params: { date: formatDate(event.locals.locale, access.startsAt, true) } }
						: { key: 'editions.locked' }
			});
		let attemptId: string;
		try {
			attemptId = (await startAttempt(event.locals.app, actor, quiz)).id;
		} catch (err) {
			if (err instanceof FormError) return invalid(err.status, new FormData(), err.errors);
			throw err;
		}
		redirect(303, `/courses/${course.slug}/attempts/${attemptId}`);
	}
};
