/** A quiz's results for tutors and editors: every graded attempt, and per-question statistics. */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { users } from '../accounts/accounts.table.ts';
import { loadVersions } from './attempts.service.ts';
import { quizAnswers, quizAttempts, type QuizRow } from './quizzes.table.ts';
import { questionStats, type StatsAttempt } from './stats.ts';

export async function quizResults(db: DbLike, quiz: QuizRow) {
	const attempts = await db
		.select({ attempt: quizAttempts, name: users.name, handle: users.handle })
		.from(quizAttempts)
		.innerJoin(users, eq(users.id, quizAttempts.userId))
		.where(and(eq(quizAttempts.quizId, quiz.id), eq(quizAttempts.state, 'submitted'), eq(quizAttempts.practice, false)))
		.orderBy(asc(users.name), asc(quizAttempts.number))
		.limit(10_000);
	const ids = attempts.map((a) => a.attempt.id);
	const answers = ids.length
		? await db
				.select({
					attemptId: quizAnswers.attemptId,
					slot: quizAnswers.slot,
					response: quizAnswers.response,
					fraction: quizAnswers.fraction
				})
				.from(quizAnswers)
				.where(inArray(quizAnswers.attemptId, ids))
		: [];
	const byAttempt = new Map<string, StatsAttempt['answers']>();
	for (const a of answers) {
		const map = byAttempt.get(a.attemptId) ?? new Map();
		map.set(a.slot, { response: a.response, fraction: a.fraction });
		byAttempt.set(a.attemptId, map);
	}
	const versions = await loadVersions(
		db,
		attempts.flatMap((a) => a.attempt.layout)
	);
	const stats = questionStats(
		attempts.map((a) => ({ layout: a.attempt.layout, answers: byAttempt.get(a.attempt.id) ?? new Map() })),
		versions
	);
	return {
		rows: attempts.map((a) => ({
			attemptId: a.attempt.id,
			learner: a.name,
			handle: a.handle,
			number: a.attempt.number,
			startedAt: a.attempt.startedAt,
			submittedAt: a.attempt.submittedAt,
			score: a.attempt.score,
			needsGrading: a.attempt.needsGrading
		})),
		stats
	};
}
