/**
 * Taking a quiz: start (or resume) an attempt, save answers as the learner goes, submit once,
 * check an answer in practice mode. Starting freezes the attempt's questions (version ids,
 * random picks, order, answer-shuffle seeds); time limits are enforced here, from the deadline
 * stored at start. Submitting is a conditional UPDATE … WHERE state = 'inProgress' in a
 * transaction, so double clicks, retries and two tabs give one graded attempt.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError } from '../../http/forms.ts';
import { uuidv7 } from '../../ids.ts';
import { can, type Actor } from '../authz/policy.ts';
import { checkCompletion, isEnrolled } from '../courses/learning.service.ts';
import type { Response } from './grading.ts';
import { refreshGrade } from './grades.ts';
import { QUIZ_LIMITS } from './quizzes.schemas.ts';
import {
	quizAnswers,
	quizAttempts,
	quizzes,
	type AttemptItem,
	type AttemptRow,
	type QuizRow
} from './quizzes.table.ts';
import { readResponses, type FormEntries } from './responses.ts';
import { buildLayout, gradeItems, loadVersions, scoreOf } from './items.ts';

type Ctx = Pick<App, 'db' | 'events'>;

export { buildLayout, gradeItems, loadVersions, scoreOf };

const fail = (status: 400 | 403 | 404 | 409, key: Parameters<typeof errorKey>[0]) =>
	new FormError(status, { _form: { key: errorKey(key) } });
const errorKey = (
	k: 'enrolFirst' | 'notOpenYet' | 'closed' | 'noAttemptsLeft' | 'empty' | 'notYours' | 'alreadySubmitted' | 'timeUp'
) => `quizzes.errors.${k}` as const;

export async function openAttempt(db: DbLike, quizId: string, userId: string) {
	const [row] = await db
		.select()
		.from(quizAttempts)
		.where(and(eq(quizAttempts.quizId, quizId), eq(quizAttempts.userId, userId), eq(quizAttempts.state, 'inProgress')));
	return row;
}

export const isExpired = (attempt: Pick<AttemptRow, 'deadline'>, now: Date) =>
	!!attempt.deadline && now.getTime() > attempt.deadline.getTime() + QUIZ_LIMITS.graceSeconds * 1000;

/** Starts an attempt, or returns the one in progress (an expired one is submitted first). */
export async function startAttempt(
	ctx: Ctx,
	actor: Actor | null,
	quiz: QuizRow,
	now = new Date()
): Promise<AttemptRow> {
	if (!actor || !can(actor, 'course.follow', { type: 'course', id: quiz.courseId })) throw fail(403, 'enrolFirst');
	const open = await openAttempt(ctx.db, quiz.id, actor.id);
	if (open && !isExpired(open, now)) return open;
	if (open) await finalize(ctx, quiz, open.id, { auto: true, now });
	if (quiz.opensAt && now < quiz.opensAt) throw fail(409, 'notOpenYet');
	if (quiz.closesAt && now >= quiz.closesAt) throw fail(409, 'closed');
	const [{ used }] = (await ctx.db
		.select({ used: sql<number>`count(*)::int` })
		.from(quizAttempts)
		.where(and(eq(quizAttempts.quizId, quiz.id), eq(quizAttempts.userId, actor.id)))) as [{ used: number }];
	if (!quiz.practice && quiz.attemptsAllowed > 0 && Number(used) >= quiz.attemptsAllowed)
		throw fail(409, 'noAttemptsLeft');
	const layout = await buildLayout(ctx.db, quiz);
	if (!layout.length) throw fail(409, 'empty');
	const limits = [
		quiz.timeLimit ? now.getTime() + quiz.timeLimit * 1000 : Infinity,
		quiz.closesAt?.getTime() ?? Infinity
	];
	const deadline = Math.min(...limits);
	const [row] = await ctx.db
		.insert(quizAttempts)
		.values({
			id: uuidv7(),
			quizId: quiz.id,
			courseId: quiz.courseId,
			userId: actor.id,
			number: Number(used) + 1,
			practice: quiz.practice,
			layout,
			startedAt: now,
			deadline: Number.isFinite(deadline) ? new Date(deadline) : null
		})
		.onConflictDoNothing()
		.returning();
	if (row) return row;
	// Another tab started it at the same moment: resume that one.
	const other = await openAttempt(ctx.db, quiz.id, actor.id);
	if (!other) throw fail(409, 'alreadySubmitted');
	return other;
}

/** The attempt, which must be the actor's own. */
export async function ownAttempt(db: DbLike, actor: Actor | null, courseId: string, attemptId: string) {
	const [row] = await db
		.select()
		.from(quizAttempts)
		.where(and(eq(quizAttempts.id, attemptId), eq(quizAttempts.courseId, courseId)));
	if (!row) throw new FormError(404, { _form: { key: 'error.notFound' } });
	if (!actor || row.userId !== actor.id) throw fail(403, 'notYours');
	return row;
}

async function quizOf(db: DbLike, attempt: AttemptRow) {
	const [quiz] = await db.select().from(quizzes).where(eq(quizzes.id, attempt.quizId));
	return quiz!;
}

async function writeResponses(db: DbLike, attemptId: string, responses: Map<number, Response>, now: Date) {
	if (!responses.size) return;
	await db
		.insert(quizAnswers)
		.values([...responses].map(([slot, response]) => ({ attemptId, slot, response, savedAt: now })))
		.onConflictDoUpdate({
			target: [quizAnswers.attemptId, quizAnswers.slot],
			// A changed answer is no longer "checked" (practice mode).
			set: { response: sql`excluded.response`, savedAt: now, checked: false, fraction: null, state: null }
		});
}

/** Only the versions a form declares (its `slot` fields), so a page save reads a page's questions. */
function declaredLayout(entries: [string, FormDataEntryValue][], layout: AttemptItem[]) {
	const ids = new Set<string>();
	for (const [name, value] of entries)
		if (name === 'slot' && typeof value === 'string') ids.add(value.slice(value.indexOf(':') + 1));
	return layout.filter((item) => ids.has(item.versionId));
}

/**
 * Saves the responses a form carries (the page's questions). Refuses someone else's attempt, a
 * submitted one, and saves after the deadline (then submits what was saved before).
 */
export async function saveAnswers(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	attemptId: string,
	entries: FormEntries,
	now = new Date()
) {
	const attempt = await ownAttempt(ctx.db, actor, courseId, attemptId);
	if (attempt.state !== 'inProgress') throw fail(409, 'alreadySubmitted');
	if (isExpired(attempt, now)) {
		await finalize(ctx, await quizOf(ctx.db, attempt), attempt.id, { auto: true, now });
		throw fail(409, 'timeUp');
	}
	const list = [...entries];
	const responses = readResponses(
		list,
		attempt.layout,
		await loadVersions(ctx.db, declaredLayout(list, attempt.layout))
	);
	const saved = await ctx.db.transaction(async (tx) => {
		// Locks the attempt row, so a submission in flight waits and grades what is saved here.
		const [locked] = await tx
			.select({ state: quizAttempts.state })
			.from(quizAttempts)
			.where(eq(quizAttempts.id, attempt.id))
			.for('update');
		if (locked?.state !== 'inProgress') return false;
		await writeResponses(tx, attempt.id, responses, now);
		return true;
	});
	if (!saved) throw fail(409, 'alreadySubmitted');
	return { attempt, saved: responses.size };
}

export interface SubmitResult {
	attempt: AttemptRow;
	/** False when the attempt had already been submitted (double click, retry, other tab). */
	submitted: boolean;
	/** True when the answers sent with a late submission were not kept. */
	late: boolean;
}

/** Saves the last answers (unless late) and submits; idempotent. */
export async function submitAttempt(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	attemptId: string,
	entries: FormEntries | null,
	now = new Date()
): Promise<SubmitResult> {
	const attempt = await ownAttempt(ctx.db, actor, courseId, attemptId);
	if (attempt.state !== 'inProgress') return { attempt, submitted: false, late: false };
	const late = isExpired(attempt, now);
	const responses =
		entries && !late ? readResponses(entries, attempt.layout, await loadVersions(ctx.db, attempt.layout)) : null;
	const quiz = await quizOf(ctx.db, attempt);
	const done = await finalize(ctx, quiz, attempt.id, { auto: late, now, responses });
	const [fresh] = await ctx.db.select().from(quizAttempts).where(eq(quizAttempts.id, attempt.id));
	return { attempt: fresh!, submitted: !!done, late: late && !!entries };
}

/**
 * Submits once: the conditional UPDATE decides who grades; others get null. Then the grade,
 * the events and course completion.
 */
export async function finalize(
	ctx: Ctx,
	quiz: QuizRow,
	attemptId: string,
	opts: { auto: boolean; now: Date; responses?: Map<number, Response> | null }
) {
	const row = await ctx.db.transaction(async (tx) => {
		const [claimed] = await tx
			.update(quizAttempts)
			.set({ state: 'submitted', submittedAt: opts.now, autoSubmitted: opts.auto })
			.where(and(eq(quizAttempts.id, attemptId), eq(quizAttempts.state, 'inProgress')))
			.returning();
		if (!claimed) return null;
		if (opts.responses) await writeResponses(tx, attemptId, opts.responses, opts.now);
		const graded = await gradeItems(tx, claimed);
		if (graded.length)
			await tx
				.insert(quizAnswers)
				.values(
					graded.map((g) => ({
						attemptId,
						slot: g.slot,
						response: g.response,
						fraction: g.result.fraction,
						state: g.result.state
					}))
				)
				.onConflictDoUpdate({
					target: [quizAnswers.attemptId, quizAnswers.slot],
					set: { fraction: sql`excluded.fraction`, state: sql`excluded.state` }
				});
		const score = scoreOf(graded.map((g) => ({ ...g, fraction: g.result.fraction })));
		const needsGrading = graded.some((g) => g.result.state === 'needsGrading');
		const [updated] = await tx
			.update(quizAttempts)
			.set({ score: claimed.practice ? null : score, needsGrading })
			.where(eq(quizAttempts.id, attemptId))
			.returning();
		return updated!;
	});
	if (!row) return null;
	await afterGrading(ctx, quiz, row);
	return row;
}

/** The learner's quiz grade, events and course completion after an attempt is (re)graded. */
export async function afterGrading(ctx: Ctx, quiz: QuizRow, attempt: AttemptRow, announce = true) {
	if (attempt.practice) return;
	const { newlyPassed } = await refreshGrade(ctx.db, quiz, attempt.userId);
	const ids = { userId: attempt.userId, courseId: quiz.courseId, quizId: quiz.id, attemptId: attempt.id };
	if (announce) await ctx.events.emit('QuizAttemptSubmitted', { ...ids, score: attempt.score });
	if (!newlyPassed) return;
	await ctx.events.emit('QuizPassed', ids);
	if (quiz.required && (await isEnrolled(ctx.db, attempt.userId, quiz.courseId)))
		await checkCompletion(ctx, attempt.userId, quiz.courseId);
}

/** Practice mode: saves the page, then grades one question so its feedback shows at once. */
export async function checkAnswer(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	attemptId: string,
	entries: FormEntries,
	slot: number,
	now = new Date()
) {
	const own = await ownAttempt(ctx.db, actor, courseId, attemptId);
	if (!own.practice) throw new FormError(400, { _form: { key: 'quizzes.errors.notPractice' } });
	const { attempt } = await saveAnswers(ctx, actor, courseId, attemptId, entries, now);
	const item = (await gradeItems(ctx.db, attempt))[slot];
	if (!item) throw new FormError(400, { _form: { key: 'quizzes.errors.unknownQuestion' } });
	await ctx.db
		.insert(quizAnswers)
		.values({
			attemptId,
			slot,
			response: item.response,
			fraction: item.result.fraction,
			state: item.result.state,
			checked: true
		})
		.onConflictDoUpdate({
			target: [quizAnswers.attemptId, quizAnswers.slot],
			set: { fraction: item.result.fraction, state: item.result.state, checked: true }
		});
	return item.result;
}
