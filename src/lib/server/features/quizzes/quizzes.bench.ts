/**
 * Quiz timings through the services (numbers only, never pass/fail): a 20-question quiz taken
 * by N learners (500 by default), C at a time: start an attempt, save each answer on its own
 * (as the page script does), submit. Fresh PGlite in a temporary folder (or DATABASE_URL).
 * Run: `node src/lib/server/features/quizzes/quizzes.bench.ts [--learners 500] [--concurrency 16] [--json]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApp } from '../../app.ts';
import { readConfig } from '../../config.ts';
import { uuidv7 } from '../../ids.ts';
import { users } from '../accounts/accounts.table.ts';
import { roleAssignments } from '../authz/roles.table.ts';
import type { Actor } from '../authz/policy.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse, setCourseStatus } from '../courses/courses.service.ts';
import { addItem } from '../courses/plan.service.ts';
import { defaultCategory } from '../questions/categories.service.ts';
import { insertQuestion } from '../questions/questions.service.ts';
import { saveAnswers, startAttempt, submitAttempt } from './attempts.service.ts';
import { capital, numerical, primes, shortAnswer, trueFalse } from './quiz.fixtures.ts';
import { quizSchema } from './quizzes.schemas.ts';
import { addQuestionSlots, createQuiz } from './quizzes.service.ts';

const stats = (all: number[]) => {
	const s = [...all].sort((a, b) => a - b);
	return {
		count: s.length,
		medianMs: s[Math.floor(s.length / 2)] ?? 0,
		p95Ms: s[Math.floor(s.length * 0.95)] ?? 0,
		maxMs: s.at(-1) ?? 0
	};
};

export async function runQuizBench(learners = 500, concurrency = 16) {
	const dataDir = mkdtempSync(join(tmpdir(), 'essaim-quiz-bench-'));
	const app = await createApp(
		readConfig({
			DATA_DIR: dataDir,
			DATABASE_URL: process.env.DATABASE_URL,
			PUBLIC_URL: 'http://localhost:3300',
			LOG_LEVEL: 'silent'
		})
	);
	try {
		const people = Array.from({ length: learners + 1 }, (_, i) => ({
			id: uuidv7(),
			email: `quiz-bench-${i}@example.org`,
			emailVerified: true,
			name: `Quiz ${i}`,
			handle: `quiz_bench_${i}`
		}));
		for (let i = 0; i < people.length; i += 500) await app.db.insert(users).values(people.slice(i, i + 500));
		const editor: Actor = { id: people[0]!.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
		const course = await createCourse(app, editor, courseSchema.parse({ title: 'Quiz bench', slug: 'quiz-bench' }));
		const m = await addItem(app, course.id, 'module', course.id, 'M');
		const s = await addItem(app, course.id, 'sequence', m, 'S');
		const lessonId = await addItem(app, course.id, 'lesson', s, 'L');
		await setCourseStatus(app, editor, course, 'published');
		const category = await defaultCategory(app.db, course.id);
		const kinds = [capital, primes, trueFalse, shortAnswer, numerical];
		const ids: string[] = [];
		for (let i = 0; i < 20; i++)
			ids.push((await insertQuestion(app.db, course.id, category.id, kinds[i % kinds.length]!(), editor.id)).id);
		const quiz = await createQuiz(
			app,
			editor,
			course.id,
			lessonId,
			quizSchema.parse({ title: 'Bench', shuffleAnswers: 'on' })
		);
		await addQuestionSlots(app, editor, course.id, quiz.id, ids);
		const enrolled = people.slice(1);
		for (let i = 0; i < enrolled.length; i += 500)
			await app.db.insert(roleAssignments).values(
				enrolled.slice(i, i + 500).map((u) => ({
					id: uuidv7(),
					userId: u.id,
					role: 'learner',
					scopeType: 'course',
					scopeId: course.id
				}))
			);
		const answerOf = (kind: string) =>
			kind === 'multichoice' ? '0' : kind === 'truefalse' ? '0' : kind === 'numerical' ? '3.14' : 'Victor Hugo';
		const times = { start: [] as number[], save: [] as number[], submit: [] as number[] };
		const started = performance.now();
		let next = 0;
		async function learner() {
			while (next < enrolled.length) {
				const u = enrolled[next++]!;
				const actor: Actor = { id: u.id, roles: [{ role: 'learner', scopeType: 'course', scopeId: course.id }] };
				let t = performance.now();
				const attempt = await startAttempt(app, actor, quiz);
				times.start.push(performance.now() - t);
				for (const [slot, item] of attempt.layout.entries()) {
					const kind = kinds[ids.indexOf(item.questionId) % kinds.length]!().qtype;
					const fields: [string, string][] = [
						['slot', `${slot}:${item.versionId}`],
						[`q${slot}`, answerOf(kind)]
					];
					t = performance.now();
					await saveAnswers(app, actor, course.id, attempt.id, fields);
					times.save.push(performance.now() - t);
				}
				t = performance.now();
				await submitAttempt(app, actor, course.id, attempt.id, null);
				times.submit.push(performance.now() - t);
			}
		}
		await Promise.all(Array.from({ length: concurrency }, learner));
		const totalMs = performance.now() - started;
		return {
			learners,
			questions: ids.length,
			concurrency,
			totalMs,
			start: stats(times.start),
			save: stats(times.save),
			submit: stats(times.submit)
		};
	} finally {
		await app.close();
		rmSync(dataDir, { recursive: true, force: true });
	}
}

if (import.meta.main) {
	const { values } = parseArgs({
		options: {
			learners: { type: 'string', default: '500' },
			concurrency: { type: 'string', default: '16' },
			json: { type: 'boolean' }
		}
	});
	const r = await runQuizBench(Number(values.learners), Number(values.concurrency));
	if (values.json) console.log(JSON.stringify(r));
	else {
		const f = (x: { medianMs: number; p95Ms: number; maxMs: number; count: number }) =>
			`${x.count} × median ${x.medianMs.toFixed(1)} ms, p95 ${x.p95Ms.toFixed(1)} ms, max ${x.maxMs.toFixed(1)} ms`;
		console.log(
			`${r.learners} learners × ${r.questions} questions, ${r.concurrency} at a time: ${(r.totalMs / 1000).toFixed(1)} s`
		);
		console.log(`  start attempt  ${f(r.start)}`);
		console.log(`  save answer    ${f(r.save)}`);
		console.log(`  submit (grade) ${f(r.submit)}`);
	}
}
