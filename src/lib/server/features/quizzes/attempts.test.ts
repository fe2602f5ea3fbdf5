import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../../test/helpers.ts';
import { completedAt } from '../courses/learning.service.ts';
import { getQuestion, addVersion } from '../questions/questions.service.ts';
import { checkAnswer, saveAnswers, startAttempt, submitAttempt } from './attempts.service.ts';
import { attemptItems, reviewOptions } from './attempts.view.ts';
import { gradeOf } from './grades.ts';
import { submitExpiredAttempts } from './expiry.ts';
import { capital, essay, match, numerical, primes, shortAnswer, trueFalse } from './quiz.fixtures.ts';
import { quizCourse, refusal, settings } from './quiz.testkit.ts';
import { addQuestionSlots, addRandomSlot, createQuiz, updateQuiz } from './quizzes.service.ts';
import { quizAnswers, quizAttempts, type AttemptRow } from './quizzes.table.ts';

let t: TestApp;
let kit: Awaited<ReturnType<typeof quizCourse>>;
const events: string[] = [];
beforeAll(async () => {
	t = await createTestApp();
	kit = await quizCourse(t);
	t.app.events.on('QuizAttemptSubmitted', (e) => void events.push(`submitted:${e.attemptId}`));
	t.app.events.on('QuizPassed', (e) => void events.push(`passed:${e.attemptId}`));
});
afterAll(() => t?.close());

/** A quiz of the given questions (fixed slots, in order). */
async function quizOf(datas = [capital(), trueFalse(), shortAnswer(), numerical()], over: Record<string, string> = {}) {
	const quiz = await createQuiz(t.app, kit.editor, kit.course.id, kit.lessonId, settings(over));
	const ids = [];
	for (const d of datas) ids.push((await kit.question(d)).id);
	await addQuestionSlots(t.app, kit.editor, kit.course.id, quiz.id, ids);
	return { quiz, ids };
}

const form = (a: AttemptRow, fields: Record<number, string | string[]>, extra: [string, string][] = []) => {
	const entries: [string, string][] = [];
	for (const [i, v] of Object.entries(fields)) {
		entries.push(['slot', `${i}:${a.layout[Number(i)]!.versionId}`]);
		for (const value of Array.isArray(v) ? v : [v]) entries.push([`q${i}`, value]);
	}
	return [...entries, ...extra];
};

describe('starting and resuming', () => {
	it('freezes versions and order; resuming shows the same questions in the same order', async () => {
		const { quiz } = await quizOf([capital(), primes(), match(), trueFalse()], { shuffleQuestions: 'on' });
		const learner = await kit.learner();
		const a = await startAttempt(t.app, learner, quiz);
		const b = await startAttempt(t.app, learner, quiz);
		expect(b.id).toBe(a.id);
		expect(b.layout).toEqual(a.layout);
		const first = await attemptItems(t.app.db, a, { locale: 'fr', show: null });
		const again = await attemptItems(t.app.db, b, { locale: 'fr', show: null });
		expect(again.map((i) => i.question)).toEqual(first.map((i) => i.question));
		expect(first.every((i) => i.review === null)).toBe(true);
	});

	it('two tabs starting at once get one attempt', async () => {
		const { quiz } = await quizOf([capital()]);
		const learner = await kit.learner();
		const [a, b] = await Promise.all([startAttempt(t.app, learner, quiz), startAttempt(t.app, learner, quiz)]);
		expect(a.id).toBe(b.id);
	});

	it('picks random questions from a category, without repeating a fixed one', async () => {
		const { quiz, ids } = await quizOf([capital()]);
		for (const d of [trueFalse(), shortAnswer(), numerical()]) await kit.question(d);
		await addRandomSlot(t.app, kit.editor, kit.course.id, quiz.id, { categoryId: kit.category.id, count: 2 });
		const a = await startAttempt(t.app, await kit.learner(), quiz);
		expect(a.layout).toHaveLength(3);
		expect(a.layout[0]!.questionId).toBe(ids[0]);
		expect(new Set(a.layout.map((i) => i.questionId)).size).toBe(3);
	});

	it('refuses people not following the course, closed quizzes and used-up attempts', async () => {
		const { quiz } = await quizOf([capital()], { attemptsAllowed: '1' });
		const stranger = { id: kit.editor.id + 'x', roles: [] };
		expect((await refusal(startAttempt(t.app, stranger, quiz))).errors._form?.key).toBe('quizzes.errors.enrolFirst');
		const learner = await kit.learner();
		const a = await startAttempt(t.app, learner, quiz);
		await submitAttempt(t.app, learner, kit.course.id, a.id, null);
		expect((await refusal(startAttempt(t.app, learner, quiz))).errors._form?.key).toBe('quizzes.errors.noAttemptsLeft');
		const early = { ...quiz, attemptsAllowed: 0, opensAt: new Date(Date.now() + 60_000) };
		expect((await refusal(startAttempt(t.app, await kit.learner(), early))).errors._form?.key).toBe(
			'quizzes.errors.notOpenYet'
		);
		const closed = { ...quiz, attemptsAllowed: 0, closesAt: new Date(Date.now() - 1000) };
		expect((await refusal(startAttempt(t.app, await kit.learner(), closed))).errors._form?.key).toBe(
			'quizzes.errors.closed'
		);
		const empty = await createQuiz(t.app, kit.editor, kit.course.id, kit.lessonId, settings());
		expect((await refusal(startAttempt(t.app, learner, empty))).errors._form?.key).toBe('quizzes.errors.empty');
	});
});

describe('saving answers', () => {
	it('keeps what was saved, and refuses undeclared, tampered and impossible answers', async () => {
		const { quiz } = await quizOf();
		const learner = await kit.learner();
		const a = await startAttempt(t.app, learner, quiz);
		await saveAnswers(t.app, learner, kit.course.id, a.id, form(a, { 2: 'Victor Hugo' }));
		const items = await attemptItems(t.app.db, a, { locale: 'fr', show: null });
		expect(items[2]!.response).toEqual({ text: 'Victor Hugo' });

		const undeclared = await refusal(saveAnswers(t.app, learner, kit.course.id, a.id, [['q3', '3.14']]));
		expect([undeclared.status, undeclared.errors._form?.key]).toEqual([400, 'quizzes.errors.unknownQuestion']);
		const outside = await refusal(
			saveAnswers(t.app, learner, kit.course.id, a.id, [['slot', `9:${a.layout[0]!.versionId}`]])
		);
		expect(outside.errors._form?.key).toBe('quizzes.errors.unknownQuestion');
		const tampered = await refusal(
			saveAnswers(t.app, learner, kit.course.id, a.id, [
				['slot', `0:${a.layout[1]!.versionId}`],
				['q0', '0']
			])
		);
		expect(tampered.errors._form?.key).toBe('quizzes.errors.tampered');
		const impossible = await refusal(saveAnswers(t.app, learner, kit.course.id, a.id, form(a, { 0: '7' })));
		expect(impossible.errors._form?.key).toBe('quizzes.errors.badAnswer');
	});

	it('refuses saves on someone else’s attempt', async () => {
		const { quiz } = await quizOf([capital()]);
		const owner = await kit.learner();
		const a = await startAttempt(t.app, owner, quiz);
		const other = await kit.learner();
		const err = await refusal(saveAnswers(t.app, other, kit.course.id, a.id, form(a, { 0: '0' })));
		expect([err.status, err.errors._form?.key]).toEqual([403, 'quizzes.errors.notYours']);
		expect((await refusal(submitAttempt(t.app, other, kit.course.id, a.id, null))).status).toBe(403);
	});
});

describe('submitting', () => {
	it('grades once, whatever the number of concurrent submissions', async () => {
		const { quiz } = await quizOf();
		const learner = await kit.learner();
		const a = await startAttempt(t.app, learner, quiz);
		const answers = form(a, { 0: '0', 1: '0', 2: 'Hugo', 3: '42' });
		const results = await Promise.all([1, 2, 3].map(() => submitAttempt(t.app, learner, kit.course.id, a.id, answers)));
		expect(results.filter((r) => r.submitted)).toHaveLength(1);
		const [row] = await t.app.db.select().from(quizAttempts).where(eq(quizAttempts.id, a.id));
		// Paris (1) + true (1) + Hugo (0.5) + 42 (0) over 4 marks.
		expect(row!.score).toBeCloseTo(2.5 / 4);
		expect(row!.state).toBe('submitted');
		expect(events.filter((e) => e === `submitted:${a.id}`)).toHaveLength(1);
		expect(events).toContain(`passed:${a.id}`);
		const again = await submitAttempt(t.app, learner, kit.course.id, a.id, answers);
		expect(again.submitted).toBe(false);
		expect((await refusal(saveAnswers(t.app, learner, kit.course.id, a.id, answers))).errors._form?.key).toBe(
			'quizzes.errors.alreadySubmitted'
		);
	});

	it('grades and reviews the version the learner saw, even after the question is edited', async () => {
		const { quiz, ids } = await quizOf([capital()]);
		const learner = await kit.learner();
		const a = await startAttempt(t.app, learner, quiz);
		const q = (await getQuestion(t.app.db, kit.course.id, ids[0]!))!;
		// The editor makes "Lyon" the right answer after the learner started.
		const edited = { ...q.data, answers: q.data.answers.map((x) => ({ ...x, fraction: x.text === 'Lyon' ? 1 : 0 })) };
		await addVersion(t.app.db, q, edited, kit.editor.id);
		const r = await submitAttempt(t.app, learner, kit.course.id, a.id, form(a, { 0: '0' }));
		expect(r.attempt.score).toBe(1);
		const review = await attemptItems(t.app.db, r.attempt, { locale: 'fr', show: { answers: true, feedback: true } });
		expect(review[0]!.review).toMatchObject({ state: 'correct', rightAnswer: 'Paris' });
		expect(review[0]!.review!.feedback).toContain('Bravo, Paris.');
		// A new attempt uses the new version.
		const b = await startAttempt(t.app, await kit.learner(), quiz);
		expect(b.layout[0]!.versionId).not.toBe(a.layout[0]!.versionId);
	});

	it('enforces the time limit on the server and submits what was saved', async () => {
		const { quiz } = await quizOf([capital(), shortAnswer()], { timeLimit: '10' });
		const learner = await kit.learner();
		const start = new Date();
		const a = await startAttempt(t.app, learner, quiz, start);
		expect(a.deadline!.getTime()).toBe(start.getTime() + 600_000);
		await saveAnswers(t.app, learner, kit.course.id, a.id, form(a, { 0: '0' }), new Date(start.getTime() + 60_000));
		// Within the grace period a save still counts.
		await saveAnswers(
			t.app,
			learner,
			kit.course.id,
			a.id,
			form(a, { 1: 'Victor Hugo' }),
			new Date(start.getTime() + 610_000)
		);
		const late = new Date(start.getTime() + 700_000);
		const err = await refusal(saveAnswers(t.app, learner, kit.course.id, a.id, form(a, { 0: '1' }), late));
		expect([err.status, err.errors._form?.key]).toEqual([409, 'quizzes.errors.timeUp']);
		const [row] = await t.app.db.select().from(quizAttempts).where(eq(quizAttempts.id, a.id));
		expect(row).toMatchObject({ state: 'submitted', autoSubmitted: true, score: 1 });
	});

	it('refuses saves once the quiz has closed, even without a time limit', async () => {
		const { quiz } = await quizOf([capital()]);
		const start = new Date();
		const closing = { ...quiz, closesAt: new Date(start.getTime() + 60_000) };
		const learner = await kit.learner();
		const a = await startAttempt(t.app, learner, closing, start);
		expect(a.deadline).toEqual(closing.closesAt);
		const after = new Date(start.getTime() + 10 * 60_000);
		const err = await refusal(saveAnswers(t.app, learner, kit.course.id, a.id, form(a, { 0: '0' }), after));
		expect(err.errors._form?.key).toBe('quizzes.errors.timeUp');
	});

	it('submits attempts whose time ran out while nobody looked (the job)', async () => {
		const { quiz } = await quizOf([capital()], { timeLimit: '5' });
		const learner = await kit.learner();
		const start = new Date();
		const a = await startAttempt(t.app, learner, quiz, start);
		await saveAnswers(t.app, learner, kit.course.id, a.id, form(a, { 0: '0' }), start);
		expect(await submitExpiredAttempts(t.app, new Date(start.getTime() + 60_000))).toBe(0);
		expect(await submitExpiredAttempts(t.app, new Date(start.getTime() + 3_600_000))).toBeGreaterThanOrEqual(1);
		const [row] = await t.app.db.select().from(quizAttempts).where(eq(quizAttempts.id, a.id));
		expect(row).toMatchObject({ state: 'submitted', autoSubmitted: true, score: 1 });
	});

	it('keeps no late answers sent with a late submission', async () => {
		const { quiz } = await quizOf([capital()], { timeLimit: '1' });
		const learner = await kit.learner();
		const start = new Date();
		const a = await startAttempt(t.app, learner, quiz, start);
		const r = await submitAttempt(
			t.app,
			learner,
			kit.course.id,
			a.id,
			form(a, { 0: '0' }),
			new Date(start.getTime() + 3_600_000)
		);
		expect(r).toMatchObject({ submitted: true, late: true });
		expect(r.attempt.score).toBe(0);
	});

	it('marks essays for grading and counts them 0 meanwhile', async () => {
		const { quiz } = await quizOf([capital(), essay()]);
		const learner = await kit.learner();
		const a = await startAttempt(t.app, learner, quiz);
		const r = await submitAttempt(
			t.app,
			learner,
			kit.course.id,
			a.id,
			form(a, { 0: '0', 1: 'Mon quartier est calme.' })
		);
		expect(r.attempt).toMatchObject({ needsGrading: true, score: 0.5 });
		const [answer] = await t.app.db
			.select()
			.from(quizAnswers)
			.where(and(eq(quizAnswers.attemptId, a.id), eq(quizAnswers.slot, 1)));
		expect(answer!.state).toBe('needsGrading');
	});

	it('keeps the grade per the grading method', async () => {
		const { quiz } = await quizOf([capital()], { gradingMethod: 'last' });
		const learner = await kit.learner();
		for (const choice of ['0', '1']) {
			const a = await startAttempt(t.app, learner, quiz);
			await submitAttempt(t.app, learner, kit.course.id, a.id, form(a, { 0: choice }));
		}
		expect((await gradeOf(t.app.db, quiz.id, learner.id))!.grade).toBe(0);
		await updateQuiz(t.app, kit.editor, kit.course.id, quiz.id, settings({ gradingMethod: 'highest' }));
	});
});

describe('practice mode', () => {
	it('checks one answer at once and keeps no grade', async () => {
		const { quiz } = await quizOf([capital(), trueFalse()], { practice: 'on' });
		const learner = await kit.learner();
		const a = await startAttempt(t.app, learner, quiz);
		const result = await checkAnswer(t.app, learner, kit.course.id, a.id, form(a, { 0: '0' }), 0);
		expect(result.state).toBe('correct');
		const items = await attemptItems(t.app.db, a, { locale: 'fr', show: null });
		expect(items[0]!.review).toMatchObject({ state: 'correct' });
		expect(items[1]!.review).toBeNull();
		const r = await submitAttempt(t.app, learner, kit.course.id, a.id, null);
		expect(r.attempt.score).toBeNull();
		expect(await gradeOf(t.app.db, quiz.id, learner.id)).toBeUndefined();
	});
});

describe('review options', () => {
	it('hides answers and feedback until the quiz closes when asked to', async () => {
		const { quiz } = await quizOf([capital()], { reviewAnswers: 'afterClose', reviewFeedback: 'never' });
		expect(reviewOptions(quiz, new Date())).toEqual({ answers: false, feedback: false });
		const closed = { ...quiz, closesAt: new Date(Date.now() - 1) };
		expect(reviewOptions(closed, new Date())).toEqual({ answers: true, feedback: false });
		expect(reviewOptions(quiz, new Date(), true)).toEqual({ answers: true, feedback: true });
	});
});

describe('course completion', () => {
	it('needs the required quiz passed as well as the required lessons', async () => {
		const own = await quizCourse(t);
		const quiz = await createQuiz(
			t.app,
			own.editor,
			own.course.id,
			own.lessonId,
			settings({ required: 'on', passMark: '60' })
		);
		const q = await own.question(capital());
		await addQuestionSlots(t.app, own.editor, own.course.id, quiz.id, [q.id]);
		const learner = await own.learner();
		const { markDone } = await import('../courses/learning.service.ts');
		expect((await markDone(t.app, learner.id, own.course.id, own.lessonId)).courseCompleted).toBe(false);
		const a = await startAttempt(t.app, learner, quiz);
		await submitAttempt(t.app, learner, own.course.id, a.id, form(a, { 0: '1' }));
		expect(await completedAt(t.app.db, learner.id, own.course.id)).toBeUndefined();
		const b = await startAttempt(t.app, learner, quiz);
		await submitAttempt(t.app, learner, own.course.id, b.id, form(b, { 0: '0' }));
		expect(await completedAt(t.app.db, learner.id, own.course.id)).toBeInstanceOf(Date);
	});
});
