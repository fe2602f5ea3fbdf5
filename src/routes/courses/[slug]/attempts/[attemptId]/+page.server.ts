import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { UUID_RE } from '#lib/server/ids.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { FormError, invalid } from '#lib/server/http/forms.ts';
import { courseFromSlug } from '#lib/server/features/courses/access.ts';
import {
	checkAnswer,
	finalize,
	isExpired,
	ownAttempt,
	saveAnswers,
	submitAttempt
} from '#lib/server/features/quizzes/attempts.service.ts';
import { attemptItems, pagesOf, reviewOptions } from '#lib/server/features/quizzes/attempts.view.ts';
import { passes, scoreText } from '#lib/server/features/quizzes/grades.ts';
import { requireQuiz } from '#lib/server/features/quizzes/quizzes.service.ts';
import { attemptForTutor } from '#lib/server/features/quizzes/essays.service.ts';

/**
 * The attempt in the URL, the person's own (403 otherwise), with its quiz. With `tutors`, the
 * course's tutors and editors may also read someone else's submitted attempt.
 */
async function attemptOf(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>, tutors = false) {
	const { actor } = requireUser(event);
	const { slug, attemptId } = event.params as { slug: string; attemptId: string };
	if (!UUID_RE.test(attemptId)) error(404, 'error.notFound');
	const { db } = event.locals.app;
	const { course, canEdit } = await courseFromSlug(db, actor, slug);
	try {
		const attempt = await ownAttempt(db, actor, course.id, attemptId);
		const quiz = await requireQuiz(db, course.id, attempt.quizId);
		return { actor, course, canEdit, attempt, quiz, asTutor: false };
	} catch (err) {
		if (!(err instanceof FormError)) throw err;
		const other = tutors && err.status === 403 ? await attemptForTutor(db, actor, course.id, attemptId) : null;
		if (!other) error(err.status, err.errors._form?.key ?? 'error.notFound');
		const quiz = await requireQuiz(db, course.id, other.quizId);
		return { actor, course, canEdit, attempt: other, quiz, asTutor: true };
	}
}

const pageParam = (url: URL) => Math.max(1, Math.floor(Number(url.searchParams.get('page')) || 1));

export const load: PageServerLoad = async (event) => {
	const { db } = event.locals.app;
	const { course, canEdit, quiz, asTutor, ...rest } = await attemptOf(event, true);
	let attempt = rest.attempt;
	const now = new Date();
	// Time ran out while the learner was away: submit what was saved.
	if (attempt.state === 'inProgress' && isExpired(attempt, now))
		attempt = (await finalize(event.locals.app, quiz, attempt.id, { auto: true, now })) ?? attempt;
	const locale = event.locals.locale;
	const base = {
		course: { slug: course.slug, title: course.title },
		quiz: { id: quiz.id, title: quiz.title, practice: quiz.practice },
		attempt: { id: attempt.id, number: attempt.number }
	};
	if (attempt.state === 'inProgress') {
		const pages = pagesOf(attempt.layout.length, quiz.perPage);
		const current = Math.min(pageParam(event.url), pages.length);
		const items = await attemptItems(db, attempt, { locale, show: null, indexes: pages[current - 1] });
		return {
			...base,
			state: 'inProgress' as const,
			deadline: attempt.deadline,
			page: current,
			pages: pages.length,
			items,
			review: null
		};
	}
	const show = reviewOptions(quiz, now, canEdit || asTutor);
	const items = await attemptItems(db, attempt, { locale, show });
	return {
		...base,
		state: 'submitted' as const,
		deadline: null,
		page: 1,
		pages: 1,
		items,
		review: {
			score: attempt.score === null ? null : scoreText(locale, attempt.score, quiz.scoreDisplay),
			passed: attempt.score !== null && passes(attempt.score, quiz.passMark),
			passMark: scoreText(locale, quiz.passMark, quiz.scoreDisplay),
			practice: attempt.practice,
			needsGrading: attempt.needsGrading,
			autoSubmitted: attempt.autoSubmitted,
			late: event.url.searchParams.has('late'),
			answersShown: show.answers
		}
	};
};

function refused(err: unknown, form: FormData) {
	if (err instanceof FormError) return invalid(err.status, form, err.errors);
	throw err;
}

export const actions: Actions = {
	save: async (event) => {
		const { actor, course, attempt } = await attemptOf(event);
		const form = await event.request.formData();
		try {
			await saveAnswers(event.locals.app, actor, course.id, attempt.id, form.entries());
		} catch (err) {
			return refused(err, form);
		}
		const goto = Math.floor(Number(form.get('goto')));
		const page = goto >= 1 ? goto : pageParam(event.url);
		redirect(303, `/courses/${course.slug}/attempts/${attempt.id}?page=${page}${goto >= 1 ? '' : '&saved=1'}`);
	},
	check: async (event) => {
		const { actor, course, attempt } = await attemptOf(event);
		const form = await event.request.formData();
		const raw = form.get('check');
		const slot = typeof raw === 'string' && /^\d{1,4}$/.test(raw) ? Number(raw) : -1;
		try {
			await checkAnswer(event.locals.app, actor, course.id, attempt.id, form.entries(), slot);
		} catch (err) {
			return refused(err, form);
		}
		redirect(303, `/courses/${course.slug}/attempts/${attempt.id}?page=${pageParam(event.url)}#item-${slot}`);
	},
	submit: async (event) => {
		const { actor, course, attempt } = await attemptOf(event);
		const form = await event.request.formData();
		let late: boolean;
		try {
			late = (await submitAttempt(event.locals.app, actor, course.id, attempt.id, form.entries())).late;
		} catch (err) {
			return refused(err, form);
		}
		redirect(303, `/courses/${course.slug}/attempts/${attempt.id}${late ? '?late=1' : ''}`);
	}
};
