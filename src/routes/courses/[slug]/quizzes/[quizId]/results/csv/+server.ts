import type { RequestHandler } from './$types';
import { translate } from '#lib/i18n/index.ts';
import { displayScore } from '#lib/server/features/quizzes/grades.ts';
import { quizResults } from '#lib/server/features/quizzes/results.service.ts';
import { csvLine } from '#lib/server/features/quizzes/stats.ts';
import { slug as slugify } from '#lib/server/features/courses/markdown.ts';
import { resultsQuiz } from '../access.ts';

/** The quiz's attempts as CSV (UTF-8 with BOM, so spreadsheets read accents right). */
export const GET: RequestHandler = async (event) => {
	const { quiz } = await resultsQuiz(event);
	const { rows } = await quizResults(event.locals.app.db, quiz);
	const t = (key: Parameters<typeof translate>[1]) => translate(event.locals.locale, key);
	const lines = [
		csvLine([
			t('quizzes.results.learner'),
			'handle',
			t('quizzes.results.attempt'),
			t('quizzes.results.submitted'),
			t('quizzes.results.score'),
			'max',
			t('quizzes.results.pending')
		]),
		...rows.map((r) => {
			const shown = r.score === null ? null : displayScore(r.score, quiz.scoreDisplay, 'en');
			return csvLine([
				r.learner,
				r.handle,
				r.number,
				r.submittedAt?.toISOString() ?? '',
				shown?.value.replace(/,/g, '') ?? '',
				shown?.max ?? '%',
				r.needsGrading ? 'yes' : ''
			]);
		})
	];
	return new Response(`\ufeff${lines.join('\r\n')}\r\n`, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${slugify(quiz.title) || 'quiz'}-results.csv"`,
			'cache-control': 'private, no-store'
		}
	});
};
