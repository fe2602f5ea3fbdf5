import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/helpers.ts';
import { startAttempt, submitAttempt } from './attempts.service.ts';
import { attemptItems } from './attempts.view.ts';
import { gradeEssay, gradingQueue } from './essays.service.ts';
import { gradeOf } from './grades.ts';
import { capital, essay } from './quiz.fixtures.ts';
import { quizCourse, refusal, settings } from './quiz.testkit.ts';
import { addQuestionSlots, createQuiz } from './quizzes.service.ts';

let t: TestApp;
let kit: Awaited<ReturnType<typeof quizCourse>>;
const passed: string[] = [];
beforeAll(async () => {
	t = await createTestApp();
	kit = await quizCourse(t);
	t.app.events.on('QuizPassed', (e) => void passed.push(e.attemptId));
});
afterAll(() => t?.close());

describe('grading essays', () => {
	it('queues essays, grades them with a comment, and updates score, grade and events', async () => {
		const quiz = await createQuiz(t.app, kit.editor, kit.course.id, kit.lessonId, settings({ passMark: '75' }));
		const ids = [(await kit.question(capital())).id, (await kit.question({ ...essay(), defaultmark: 2 })).id];
		await addQuestionSlots(t.app, kit.editor, kit.course.id, quiz.id, ids);
		const learner = await kit.learner();
		const a = await startAttempt(t.app, learner, quiz);
		const form: [string, string][] = [
			['slot', `0:${a.layout[0]!.versionId}`],
			['q0', '0'],
			['slot', `1:${a.layout[1]!.versionId}`],
			['q1', 'Un texte.']
		];
		await submitAttempt(t.app, learner, kit.course.id, a.id, form);
		const queue = await gradingQueue(t.app.db, kit.course.id);
		expect(queue).toHaveLength(1);
		expect(queue[0]).toMatchObject({ attemptId: a.id, slot: 1, answer: 'Un texte.', mark: 2 });
		expect(passed).not.toContain(a.id);

		const learnerRefused = await refusal(
			gradeEssay(t.app, learner, kit.course.id, { attemptId: a.id, slot: 1, points: 2, comment: '' })
		);
		expect(learnerRefused.status).toBe(403);
		const tooMany = await refusal(
			gradeEssay(t.app, kit.editor, kit.course.id, { attemptId: a.id, slot: 1, points: 3, comment: '' })
		);
		expect(tooMany.errors.points?.key).toBe('quizzes.errors.tooManyPoints');

		const row = await gradeEssay(t.app, kit.editor, kit.course.id, {
			attemptId: a.id,
			slot: 1,
			points: 1.5,
			comment: 'Bien vu.'
		});
		expect(row).toMatchObject({ needsGrading: false });
		expect(row.score).toBeCloseTo(2.5 / 3);
		expect(await gradingQueue(t.app.db, kit.course.id)).toHaveLength(0);
		expect((await gradeOf(t.app.db, quiz.id, learner.id))!.passed).toBe(true);
		expect(passed).toContain(a.id);
		const items = await attemptItems(t.app.db, row, { locale: 'fr', show: { answers: true, feedback: true } });
		expect(items[1]).toMatchObject({ comment: 'Bien vu.', review: { state: 'partial', fraction: 0.75 } });
	});
});
