import type { PageServerLoad } from './$types';
import { scoreText } from '#lib/server/features/quizzes/grades.ts';
import { quizResults } from '#lib/server/features/quizzes/results.service.ts';
import { resultsQuiz } from './access.ts';

export const load: PageServerLoad = async (event) => {
	const { course, quiz } = await resultsQuiz(event);
	const { rows, stats } = await quizResults(event.locals.app.db, quiz);
	return {
		course: { slug: course.slug, title: course.title },
		quiz: { id: quiz.id, title: quiz.title },
		rows: rows.map((r) => ({
			...r,
			score: r.score === null ? null : scoreText(event.locals.locale, r.score, quiz.scoreDisplay)
		})),
		stats
	};
};
