/**
 * Attempts whose time ran out while nobody looked at them are submitted with what was saved
 * (a job every few minutes; the pages also do it when the attempt is next opened).
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import type { App } from '../../app.ts';
import { finalize } from './attempts.service.ts';
import { QUIZ_LIMITS } from './quizzes.schemas.ts';
import { quizAttempts, quizzes } from './quizzes.table.ts';

export async function submitExpiredAttempts(ctx: Pick<App, 'db' | 'events'>, now = new Date(), limit = 200) {
	const cutoff = new Date(now.getTime() - QUIZ_LIMITS.graceSeconds * 1000);
	const rows = await ctx.db
		.select({ id: quizAttempts.id, quiz: quizzes })
		.from(quizAttempts)
		.innerJoin(quizzes, eq(quizzes.id, quizAttempts.quizId))
		.where(
			and(
				eq(quizAttempts.state, 'inProgress'),
				sql`${quizAttempts.deadline} is not null`,
				lt(quizAttempts.deadline, cutoff)
			)
		)
		.limit(limit);
	let submitted = 0;
	for (const r of rows) if (await finalize(ctx, r.quiz, r.id, { auto: true, now })) submitted++;
	return submitted;
}
