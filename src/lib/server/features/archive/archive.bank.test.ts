/** The question bank and quizzes in a course archive: round trip, refusals, personal data left out. */
import { existsSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { rowsOf } from '#lib/server/db/rows.ts';
import type { Actor } from '../authz/policy.ts';
import { setCourseStatus } from '../courses/courses.service.ts';
import { enrol } from '../courses/learning.service.ts';
import { fileByKey } from '../lesson-files/lesson-files.service.ts';
import { uploadPath } from '../platform/storage.ts';
import { createCategory } from '../questions/categories.service.ts';
import { setQuestionImage } from '../questions/image.service.ts';
import { listQuestions } from '../questions/questions.service.ts';
import { questionCategories } from '../questions/questions.table.ts';
import { startAttempt, submitAttempt } from '../quizzes/attempts.service.ts';
import { attemptItems } from '../quizzes/attempts.view.ts';
import { capital, numerical, shortAnswer, trueFalse } from '../quizzes/quiz.fixtures.ts';
import { quizCourse, refusal, settings } from '../quizzes/quiz.testkit.ts';
import { addQuestionSlots, addRandomSlot, createQuiz, listSlots } from '../quizzes/quizzes.service.ts';
import { quizAttempts, quizzes } from '../quizzes/quizzes.table.ts';
import { exportCourse } from './export.service.ts';
import { importCourse } from './import.service.ts';

let source: TestApp;
let target: TestApp;
let importer: Actor;
beforeAll(async () => {
	[source, target] = await Promise.all([createTestApp(), createTestApp()]);
	const b = await createAdmin(target.app);
	importer = { id: b.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
});
afterAll(async () => {
	await source?.close();
	await target?.close();
});

const png = async () =>
	new File(
		[
			new Uint8Array(
				await sharp({ create: { width: 20, height: 20, channels: 3, background: '#0a0' } })
					.png()
					.toBuffer()
			)
		],
		'carte.png'
	);

async function bankCourse() {
	const kit = await quizCourse(source);
	const fixed = await kit.question(capital());
	await setQuestionImage(source.app, kit.editor, kit.course.id, fixed.id, { file: await png(), alt: 'Carte' });
	const sub = await createCategory(source.app, kit.editor, kit.course.id, {
		name: 'Révisions',
		parentId: kit.category.id
	});
	for (const d of [trueFalse(), shortAnswer(), numerical()]) await kit.question(d, sub.id);
	const quiz = await createQuiz(source.app, kit.editor, kit.course.id, kit.lessonId, settings({ title: 'Quiz final' }));
	await addQuestionSlots(source.app, kit.editor, kit.course.id, quiz.id, [fixed.id]);
	await addRandomSlot(source.app, kit.editor, kit.course.id, quiz.id, { categoryId: sub.id, count: 2 });
	// Someone took it in the source course: that stays there.
	const learner = await kit.learner();
	const a = await startAttempt(source.app, learner, quiz);
	await submitAttempt(source.app, learner, kit.course.id, a.id, null);
	return { kit, quiz, sub, learnerId: learner.id };
}

describe('question bank and quizzes in the archive', () => {
	it('round trip: categories, questions (with image), quiz with fixed and random slots; the copy can be taken', async () => {
		const { kit, learnerId } = await bankCourse();
		const bytes = await exportCourse(source.app, kit.course.id);
		const entries = unzipSync(bytes);
		const m = JSON.parse(new TextDecoder().decode(entries['manifest.json']));
		expect(m.version).toBe(2);
		expect(m.questionCategories.map((c: { name: string }) => c.name)).toEqual([kit.category.name, 'Révisions']);
		expect(m.questions).toHaveLength(4);
		const withImage = m.questions.find((q: { image: unknown }) => q.image);
		expect(withImage.image.alt).toBe('Carte');
		expect(entries[withImage.image.file]).toBeDefined();
		expect(m.quizzes).toEqual([
			expect.objectContaining({
				lesson: 1,
				title: 'Quiz final',
				slots: [
					expect.objectContaining({ kind: 'question', question: withImage.id }),
					expect.objectContaining({ kind: 'random', count: 2 })
				]
			})
		]);
		// Personal data never travels: no attempt, no grade, no learner.
		const text = new TextDecoder().decode(entries['manifest.json']);
		expect(text).not.toContain(learnerId);
		expect(Object.keys(m).filter((k) => /attempt|grade|answer/i.test(k))).toEqual([]);
		expect(text).not.toMatch(/"(score|response|attempts|grades)"/);

		const course = await importCourse(target.app, importer, bytes);
		const db = target.app.db;
		const cats = await db.select().from(questionCategories).where(eq(questionCategories.courseId, course.id));
		expect(cats.map((c) => c.name).sort()).toEqual([kit.category.name, 'Révisions'].sort());
		const child = cats.find((c) => c.name === 'Révisions')!;
		expect(cats.find((c) => c.id === child.parentId)?.name).toBe(kit.category.name);
		const bank = await listQuestions(db, course.id);
		expect(bank).toHaveLength(4);
		const pictured = bank.find((q) => q.data.image)!;
		expect(pictured.data.image!.alt).toBe('Carte');
		expect(existsSync(uploadPath(target.config.dataDir, 'files', pictured.data.image!.key)!)).toBe(true);
		expect((await fileByKey(db, pictured.data.image!.key))?.course.id).toBe(course.id);
		const [quiz] = await db.select().from(quizzes).where(eq(quizzes.courseId, course.id));
		expect(quiz!.title).toBe('Quiz final');
		const slots = await listSlots(db, quiz!.id);
		expect(slots.map((s) => s.kind)).toEqual(['question', 'random']);
		expect(await db.select().from(quizAttempts).where(eq(quizAttempts.courseId, course.id))).toEqual([]);

		// Take the imported quiz.
		await setCourseStatus(target.app, importer, course, 'published');
		const u = await createUser(target.app);
		await enrol(target.app, u.id, { ...course, status: 'published' });
		const learner: Actor = { id: u.id, roles: [{ role: 'learner', scopeType: 'course', scopeId: course.id }] };
		const a = await startAttempt(target.app, learner, quiz!);
		expect(a.layout).toHaveLength(3);
		const items = await attemptItems(db, a, { locale: 'fr', show: null });
		expect(items[0]!.question.image).toEqual({ src: `/files/${pictured.data.image!.key}`, alt: 'Carte' });
		const entriesForm: [string, string][] = [];
		a.layout.forEach((item, i) => entriesForm.push(['slot', `${i}:${item.versionId}`]));
		entriesForm.push(['q0', String(capital().answers.findIndex((x) => x.fraction === 1))]);
		const done = await submitAttempt(target.app, learner, course.id, a.id, entriesForm);
		expect(done.submitted).toBe(true);
		expect(done.attempt.score).toBeGreaterThan(0);
	});

	async function countRows(t: TestApp) {
		const [row] = rowsOf<{ n: number }>(
			await t.app.db.execute(
				sql`select (select count(*) from courses)::int + (select count(*) from questions)::int + (select count(*) from quizzes)::int as n`
			)
		);
		return Number(row!.n);
	}

	async function tampered(change: (m: Record<string, unknown>) => void) {
		const { kit } = await bankCourse();
		const entries = unzipSync(await exportCourse(source.app, kit.course.id));
		const m = JSON.parse(new TextDecoder().decode(entries['manifest.json']));
		change(m);
		const z: Zippable = { ...entries, 'manifest.json': strToU8(JSON.stringify(m)) };
		return zipSync(z);
	}

	it('refuses a slot naming an unknown question, with a clear 422, and writes nothing', async () => {
		const bytes = await tampered((m) => {
			(m.quizzes as { slots: { question: string }[] }[])[0]!.slots[0]!.question = 'nope';
		});
		const before = await countRows(target);
		const err = await refusal(importCourse(target.app, importer, bytes));
		expect(err.status).toBe(422);
		expect(err.errors.archive).toEqual({ key: 'archive.errors.quizReference', params: { quiz: 'Quiz final' } });
		expect(await countRows(target)).toBe(before);
	});

	it('refuses invalid question data (a multiple choice without a right answer) with 422, nothing imported', async () => {
		const bytes = await tampered((m) => {
			const q = (m.questions as { data: { qtype: string; answers: { fraction: number }[] } }[]).find(
				(x) => x.data.qtype === 'multichoice'
			)!;
			q.data.answers = q.data.answers.map((a) => ({ ...a, fraction: 0 }));
		});
		const before = await countRows(target);
		const err = await refusal(importCourse(target.app, importer, bytes));
		expect(err.status).toBe(422);
		expect(err.errors.archive?.key).toBe('archive.errors.question');
		expect(await countRows(target)).toBe(before);
	});

	it("refuses a question image that is not one of the archive's files", async () => {
		const bytes = await tampered((m) => {
			m.files = [];
		});
		const err = await refusal(importCourse(target.app, importer, bytes));
		expect(err.status).toBe(422);
		expect(err.errors.archive).toEqual({
			key: 'archive.errors.manifestInvalid',
			params: { detail: 'questions.image' }
		});
	});

	it('refuses a category whose parent is unknown', async () => {
		const bytes = await tampered((m) => {
			(m.questionCategories as { parent: string | null }[])[1]!.parent = 'ghost';
		});
		const err = await refusal(importCourse(target.app, importer, bytes));
		expect(err.status).toBe(422);
		expect(err.errors.archive?.key).toBe('archive.errors.question');
	});
});
