/**
 * Tutors grade what the engine cannot (essays): the queue of answers waiting for a person, and
 * grading one with a comment. The attempt's score, the learner's quiz grade, QuizPassed and
 * course completion follow.
 */
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError } from '../../http/forms.ts';
import { can, type Actor } from '../authz/policy.ts';
import { users } from '../accounts/accounts.table.ts';
import { afterGrading, loadVersions, scoreOf } from './attempts.service.ts';
import { isGraded } from './grading.ts';
import { renderText } from './render.ts';
import { quizAnswers, quizAttempts, quizzes } from './quizzes.table.ts';

type Ctx = Pick<App, 'db' | 'events'>;

export const canGrade = (actor: Actor | null | undefined, courseId: string) =>
	can(actor, 'course.tutor', { type: 'course', id: courseId }) ||
	can(actor, 'course.edit', { type: 'course', id: courseId });

export const essayGradeSchema = z.object({
	attemptId: z.string().uuid('errors.invalid'),
	slot: z.coerce
		.number({ error: 'errors.invalid' })
		.int('errors.invalid')
		.min(0, 'errors.invalid')
		.max(9999, 'errors.invalid'),
	points: z
		.string()
		.trim()
		.min(1, 'errors.required')
		.transform((v) => Number(v.replace(',', '.')))
		.pipe(z.number({ error: 'errors.invalid' }).min(0, 'errors.invalid')),
	comment: z.string().trim().max(5000, 'errors.tooLong').default('')
});

/** Answers of submitted attempts waiting for a person, oldest first. */
export async function gradingQueue(db: DbLike, courseId: string) {
	const rows = await db
		.select({
			attempt: quizAttempts,
			slot: quizAnswers.slot,
			response: quizAnswers.response,
			quizTitle: quizzes.title,
			learner: users.name
		})
		.from(quizAnswers)
		.innerJoin(quizAttempts, eq(quizAttempts.id, quizAnswers.attemptId))
		.innerJoin(quizzes, eq(quizzes.id, quizAttempts.quizId))
		.innerJoin(users, eq(users.id, quizAttempts.userId))
		.where(
			and(
				eq(quizAttempts.courseId, courseId),
				eq(quizAttempts.state, 'submitted'),
				eq(quizAnswers.state, 'needsGrading')
			)
		)
		.orderBy(asc(quizAttempts.submittedAt), asc(quizAnswers.slot))
		.limit(200);
	const versions = await loadVersions(db, rows.map((r) => r.attempt.layout[r.slot]!).filter(Boolean));
	return rows.map((r) => {
		const item = r.attempt.layout[r.slot];
		const data = item ? versions.get(item.versionId) : undefined;
		return {
			attemptId: r.attempt.id,
			slot: r.slot,
			quizTitle: r.quizTitle,
			learner: r.learner,
			submittedAt: r.attempt.submittedAt,
			questionHtml: data ? renderText(data.questiontext, data.questiontextformat) : '',
			answer: r.response.text ?? '',
			mark: item?.mark ?? 0
		};
	});
}

/** Grades one answer waiting for a person (points out of the question's mark) with a comment. */
export async function gradeEssay(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	input: { attemptId: string; slot: number; points: number; comment: string },
	now = new Date()
) {
	if (!actor || !canGrade(actor, courseId)) throw new FormError(403, { _form: { key: 'error.forbidden' } });
	const [attempt] = await ctx.db
		.select()
		.from(quizAttempts)
		.where(
			and(
				eq(quizAttempts.id, input.attemptId),
				eq(quizAttempts.courseId, courseId),
				eq(quizAttempts.state, 'submitted')
			)
		);
	const item = attempt?.layout[input.slot];
	if (!attempt || !item) throw new FormError(404, { _form: { key: 'error.notFound' } });
	if (input.points > item.mark)
		throw new FormError(400, { points: { key: 'quizzes.errors.tooManyPoints', params: { max: item.mark } } });
	const fraction = item.mark > 0 ? input.points / item.mark : 0;
	const state = fraction >= 1 - 1e-7 ? 'correct' : fraction > 1e-7 ? 'partial' : 'wrong';
	const updated = await ctx.db.transaction(async (tx) => {
		await tx
			.update(quizAnswers)
			.set({ fraction, state, comment: input.comment, gradedBy: actor.id, gradedAt: now })
			.where(and(eq(quizAnswers.attemptId, attempt.id), eq(quizAnswers.slot, input.slot)));
		const answers = new Map(
			(await tx.select().from(quizAnswers).where(eq(quizAnswers.attemptId, attempt.id))).map((a) => [a.slot, a])
		);
		const versions = await loadVersions(tx, attempt.layout);
		const items = attempt.layout.map((it, slot) => {
			const data = versions.get(it.versionId);
			return { item: it, graded: !!data && isGraded(data) && it.mark > 0, fraction: answers.get(slot)?.fraction ?? 0 };
		});
		const needsGrading = [...answers.values()].some((a) => a.state === 'needsGrading');
		const [row] = await tx
			.update(quizAttempts)
			.set({ score: attempt.practice ? null : scoreOf(items), needsGrading })
			.where(eq(quizAttempts.id, attempt.id))
			.returning();
		return row!;
	});
	const [quiz] = await ctx.db.select().from(quizzes).where(eq(quizzes.id, attempt.quizId));
	await afterGrading(ctx, quiz!, updated, false);
	return updated;
}

/** A submitted attempt of the course, for its tutors and editors to read (null otherwise). */
export async function attemptForTutor(db: DbLike, actor: Actor | null, courseId: string, attemptId: string) {
	if (!canGrade(actor, courseId)) return null;
	const [row] = await db
		.select()
		.from(quizAttempts)
		.where(
			and(eq(quizAttempts.id, attemptId), eq(quizAttempts.courseId, courseId), eq(quizAttempts.state, 'submitted'))
		);
	return row ?? null;
}
