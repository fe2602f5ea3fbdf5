import { strFromU8, unzipSync } from 'fflate';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/helpers.ts';
import { deleteAccount, exportUserData } from '../accounts/privacy.service.ts';
import { startAttempt, submitAttempt } from './attempts.service.ts';
import { capital, trueFalse } from './quiz.fixtures.ts';
import { quizCourse, settings } from './quiz.testkit.ts';
import { addQuestionSlots, createQuiz } from './quizzes.service.ts';
import { quizAnswers, quizAttempts, quizGrades } from './quizzes.table.ts';

let t: TestApp;
let kit: Awaited<ReturnType<typeof quizCourse>>;
beforeAll(async () => {
	t = await createTestApp();
	kit = await quizCourse(t);
});
afterAll(() => t?.close());

async function takenQuiz() {
	const quiz = await createQuiz(t.app, kit.editor, kit.course.id, kit.lessonId, settings({ title: 'Capitales' }));
	const ids = [(await kit.question(capital())).id, (await kit.question(trueFalse())).id];
	await addQuestionSlots(t.app, kit.editor, kit.course.id, quiz.id, ids);
	const learner = await kit.learner();
	const a = await startAttempt(t.app, learner, quiz);
	const entries: [string, string][] = [];
	a.layout.forEach((item, i) => entries.push(['slot', `${i}:${item.versionId}`], [`q${i}`, '0']));
	await submitAttempt(t.app, learner, kit.course.id, a.id, entries);
	return { quiz, learner, attemptId: a.id };
}

describe('quiz attempts and grades are personal data', () => {
	it('"download my data" lists the attempts (quiz, course, dates, score, answers) and grades', async () => {
		const { learner, attemptId } = await takenQuiz();
		const zip = unzipSync(await exportUserData(t.app, learner.id));
		const data = JSON.parse(strFromU8(zip['data.json']!));
		expect(data.quizAttempts).toHaveLength(1);
		const [a] = data.quizAttempts;
		expect(a).toMatchObject({ id: attemptId, quiz: 'Capitales', course: kit.course.title, state: 'submitted' });
		expect(a.startedAt).toBeTruthy();
		expect(a.submittedAt).toBeTruthy();
		expect(typeof a.score).toBe('number');
		expect(a.answers).toHaveLength(2);
		expect(a.answers[0].question).toBeTruthy();
		expect(a.answers[0].response).toBeTruthy();
		expect(data.quizGrades).toEqual([
			expect.objectContaining({ quiz: 'Capitales', course: kit.course.title, grade: a.score })
		]);
		// Another person's export holds none of it.
		const other = await kit.learner();
		const theirs = JSON.parse(strFromU8(unzipSync(await exportUserData(t.app, other.id))['data.json']!));
		expect(theirs.quizAttempts).toEqual([]);
		expect(theirs.quizGrades).toEqual([]);
	});

	it("deleting the account deletes the attempts, answers and grades, and nobody else's", async () => {
		const mine = await takenQuiz();
		const kept = await takenQuiz();
		expect(await deleteAccount(t.app, mine.learner.id)).toBe(true);
		const db = t.app.db;
		expect(await db.select().from(quizAttempts).where(eq(quizAttempts.userId, mine.learner.id))).toEqual([]);
		expect(await db.select().from(quizAnswers).where(eq(quizAnswers.attemptId, mine.attemptId))).toEqual([]);
		expect(await db.select().from(quizGrades).where(eq(quizGrades.userId, mine.learner.id))).toEqual([]);
		expect(await db.select().from(quizAttempts).where(eq(quizAttempts.userId, kept.learner.id))).toHaveLength(1);
		expect(await db.select().from(quizGrades).where(eq(quizGrades.userId, kept.learner.id))).toHaveLength(1);
	});
});
