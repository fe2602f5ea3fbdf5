/**
 * A learner's grade for a quiz (highest, last or average of the submitted attempts), kept in
 * quiz_grades for pages and course completion, and how a score is shown ("15/20", "75 %").
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { translate, type Locale } from '#lib/i18n/index.ts';
import { quizAttempts, quizGrades, type QuizRow } from './quizzes.table.ts';

export type GradingMethod = QuizRow['gradingMethod'];
export type ScoreDisplay = QuizRow['scoreDisplay'];

/** Scores (0..1) in submission order → the quiz grade, or null with no attempt. */
export function gradeFor(method: GradingMethod, scores: number[]): number | null {
	if (!scores.length) return null;
	if (method === 'last') return scores[scores.length - 1]!;
	if (method === 'average') return scores.reduce((a, b) => a + b, 0) / scores.length;
	return Math.max(...scores);
}

export const passes = (grade: number | null, passMark: number) => grade !== null && grade >= passMark - 1e-9;

/** A score as the quiz shows it: `{ value: '15', max: '20' }`, or a percentage (`max: null`). */
export function displayScore(score: number, display: ScoreDisplay, locale = 'fr') {
	const format = (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n);
	if (display === 'outOf20') return { value: format(Math.round(score * 2000) / 100), max: '20' };
	if (display === 'outOf100') return { value: format(Math.round(score * 10000) / 100), max: '100' };
	return { value: format(Math.round(score * 10000) / 100), max: null };
}

/**
 * Recomputes the learner's grade from their graded (non-practice) attempts and stores it;
 * returns it with whether this made them pass for the first time.
 */
export async function refreshGrade(db: DbLike, quiz: QuizRow, userId: string) {
	const rows = await db
		.select({ score: quizAttempts.score })
		.from(quizAttempts)
		.where(
			and(
				eq(quizAttempts.quizId, quiz.id),
				eq(quizAttempts.userId, userId),
				eq(quizAttempts.state, 'submitted'),
				eq(quizAttempts.practice, false),
				sql`${quizAttempts.score} is not null`
			)
		)
		.orderBy(asc(quizAttempts.submittedAt), asc(quizAttempts.number));
	const grade = gradeFor(
		quiz.gradingMethod,
		rows.map((r) => r.score!)
	);
	const [before] = await db
		.select({ passed: quizGrades.passed })
		.from(quizGrades)
		.where(and(eq(quizGrades.quizId, quiz.id), eq(quizGrades.userId, userId)));
	if (grade === null) return { grade, passed: false, newlyPassed: false };
	const passed = passes(grade, quiz.passMark);
	await db
		.insert(quizGrades)
		.values({ quizId: quiz.id, userId, courseId: quiz.courseId, grade, passed })
		.onConflictDoUpdate({
			target: [quizGrades.quizId, quizGrades.userId],
			set: { grade, passed, updatedAt: sql`now()` }
		});
	return { grade, passed, newlyPassed: passed && !before?.passed };
}

export async function gradeOf(db: DbLike, quizId: string, userId: string) {
	const [row] = await db
		.select()
		.from(quizGrades)
		.where(and(eq(quizGrades.quizId, quizId), eq(quizGrades.userId, userId)));
	return row;
}

/** A score in words for pages: "15/20", "75 %". */
export function scoreText(locale: Locale, score: number, display: ScoreDisplay) {
	const { value, max } = displayScore(score, display, locale);
	return max
		? translate(locale, 'quizzes.score.outOf', { value, max })
		: translate(locale, 'quizzes.score.percent', { value });
}
