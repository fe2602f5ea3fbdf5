import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/helpers.ts';
import { uploadPath } from '../platform/storage.ts';
import { fileByKey } from '../lesson-files/lesson-files.service.ts';
import { startAttempt } from '../quizzes/attempts.service.ts';
import { attemptItems } from '../quizzes/attempts.view.ts';
import { capital } from '../quizzes/quiz.fixtures.ts';
import { quizCourse, refusal, settings } from '../quizzes/quiz.testkit.ts';
import { addQuestionSlots, createQuiz } from '../quizzes/quizzes.service.ts';
import { removeQuestionImage, setQuestionImage, setQuestionImageAlt } from './image.service.ts';
import { getQuestion, questionHistory, updateQuestion } from './questions.service.ts';

let t: TestApp;
let kit: Awaited<ReturnType<typeof quizCourse>>;
beforeAll(async () => {
	t = await createTestApp();
	kit = await quizCourse(t);
});
afterAll(() => t?.close());

const png = async () => {
	const bytes = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c33' } })
		.png()
		.toBuffer();
	return new File([new Uint8Array(bytes)], 'carte.png', { type: 'image/png' });
};

describe('question image', () => {
	it('upload: re-encoded WebP in the files area, a new version with data.image, served by /files', async () => {
		const q = await kit.question(capital());
		const r = await setQuestionImage(t.app, kit.editor, kit.course.id, q.id, {
			file: await png(),
			alt: 'Carte de France'
		});
		expect(r.changed).toBe(true);
		const after = (await getQuestion(t.app.db, kit.course.id, q.id))!;
		expect(after.version).toBe(2);
		expect(after.data.image?.alt).toBe('Carte de France');
		const key = after.data.image!.key;
		expect(key).toMatch(/\.webp$/);
		expect(existsSync(uploadPath(t.app.config.dataDir, 'files', key)!)).toBe(true);
		const found = await fileByKey(t.app.db, key);
		expect(found?.course.id).toBe(kit.course.id);
		expect(found?.file.mimeType).toBe('image/webp');
		// Saving the text keeps the image; changing the alt text is a new version too.
		await setQuestionImageAlt(t.app, kit.editor, kit.course.id, q.id, 'Carte de la France');
		expect((await getQuestion(t.app.db, kit.course.id, q.id))!.data.image).toEqual({ key, alt: 'Carte de la France' });
	});

	it('alt text is required, next to its field; nothing is stored', async () => {
		const q = await kit.question(capital());
		const err = await refusal(
			setQuestionImage(t.app, kit.editor, kit.course.id, q.id, { file: await png(), alt: '  ' })
		);
		expect(err.status).toBe(400);
		expect(err.errors.imageAlt?.key).toBe('files.errors.altRequired');
		expect((await getQuestion(t.app.db, kit.course.id, q.id))!.version).toBe(1);
		const altErr = await refusal(setQuestionImageAlt(t.app, kit.editor, kit.course.id, q.id, ''));
		expect(altErr.errors.imageAlt?.key).toBe('files.errors.altRequired');
	});

	it('refuses a fake image (content sniffed, not the name) and a missing file', async () => {
		const q = await kit.question(capital());
		const fake = new File([new TextEncoder().encode('<svg onload="alert(1)"/>')], 'photo.png', { type: 'image/png' });
		const err = await refusal(setQuestionImage(t.app, kit.editor, kit.course.id, q.id, { file: fake, alt: 'Photo' }));
		expect(err.status).toBe(415);
		expect(err.errors.imageFile?.key).toBe('files.errors.imageType');
		const none = await refusal(setQuestionImage(t.app, kit.editor, kit.course.id, q.id, { file: null, alt: 'Photo' }));
		expect(none.errors.imageFile?.key).toBe('files.errors.fileMissing');
		expect((await getQuestion(t.app.db, kit.course.id, q.id))!.version).toBe(1);
	});

	it('only bank editors may set it', async () => {
		const q = await kit.question(capital());
		const learner = await kit.learner();
		const err = await refusal(setQuestionImage(t.app, learner, kit.course.id, q.id, { file: await png(), alt: 'x' }));
		expect(err.status).toBe(403);
	});

	it('remove: a new version without image; the older version (and its file) keep it', async () => {
		const q = await kit.question(capital());
		await setQuestionImage(t.app, kit.editor, kit.course.id, q.id, { file: await png(), alt: 'Carte' });
		const key = (await getQuestion(t.app.db, kit.course.id, q.id))!.data.image!.key;
		await removeQuestionImage(t.app, kit.editor, kit.course.id, q.id);
		const after = (await getQuestion(t.app.db, kit.course.id, q.id))!;
		expect(after.version).toBe(3);
		expect(after.data.image).toBeNull();
		expect(await questionHistory(t.app.db, kit.course.id, q.id)).toHaveLength(3);
		expect(existsSync(uploadPath(t.app.config.dataDir, 'files', key)!)).toBe(true);
	});

	it('the attempt shows the image with its alt text, through /files/<key>', async () => {
		const q = await kit.question(capital());
		await setQuestionImage(t.app, kit.editor, kit.course.id, q.id, { file: await png(), alt: 'Carte de France' });
		const key = (await getQuestion(t.app.db, kit.course.id, q.id))!.data.image!.key;
		const quiz = await createQuiz(t.app, kit.editor, kit.course.id, kit.lessonId, settings());
		await addQuestionSlots(t.app, kit.editor, kit.course.id, quiz.id, [q.id]);
		const a = await startAttempt(t.app, await kit.learner(), quiz);
		const [item] = await attemptItems(t.app.db, a, { locale: 'fr', show: null });
		expect(item!.question.image).toEqual({ src: `/files/${key}`, alt: 'Carte de France' });
	});

	it('an editor save of the text through updateQuestion with the image kept is no new version', async () => {
		const q = await kit.question(capital());
		await setQuestionImage(t.app, kit.editor, kit.course.id, q.id, { file: await png(), alt: 'Carte' });
		const now = (await getQuestion(t.app.db, kit.course.id, q.id))!;
		const r = await updateQuestion(t.app, kit.editor, kit.course.id, q.id, { data: now.data });
		expect(r.changed).toBe(false);
	});
});

describe('question image routes', () => {
	const event = async (form: FormData, id: string) => {
		const url = new URL(`http://localhost:3000/courses/${kit.course.slug}/questions/${id}`);
		return {
			url,
			params: { slug: kit.course.slug, id },
			locals: { app: t.app, locale: 'fr', user: { id: kit.editor.id }, actor: kit.editor },
			request: new Request(url, { method: 'POST', body: form })
		} as never;
	};
	async function run(p: unknown) {
		try {
			return await p;
		} catch (err) {
			return err;
		}
	}

	it('upload, alt text required next to the field, remove; saving the text keeps the image', async () => {
		const { actions } = await import('../../../../routes/courses/[slug]/questions/[id]/+page.server.ts');
		const q = await kit.question(capital());
		const noAlt = new FormData();
		noAlt.set('imageFile', await png());
		noAlt.set('imageAlt', '');
		const refused = (await run(actions.image!(await event(noAlt, q.id)))) as {
			status: number;
			data: { imageErrors: Record<string, { key: string }> };
		};
		expect(refused.status).toBe(400);
		expect(refused.data.imageErrors.imageAlt?.key).toBe('files.errors.altRequired');

		const ok = new FormData();
		ok.set('imageFile', await png());
		ok.set('imageAlt', 'Carte');
		const done = (await run(actions.image!(await event(ok, q.id)))) as { status: number; location: string };
		expect(done.status).toBe(303);
		expect((await getQuestion(t.app.db, kit.course.id, q.id))!.data.image?.alt).toBe('Carte');

		// The text form (no image fields) keeps the image.
		const { questionToValues } = await import('./questions.form.ts');
		const current = (await getQuestion(t.app.db, kit.course.id, q.id))!;
		const text = new FormData();
		for (const [k, v] of Object.entries(questionToValues(current.data, current.categoryId))) text.set(k, v);
		text.set('questiontext', 'Quelle est la capitale de la France ?');
		expect(((await run(actions.save!(await event(text, q.id)))) as { status: number }).status).toBe(303);
		const saved = (await getQuestion(t.app.db, kit.course.id, q.id))!;
		expect(saved.data.questiontext).toBe('Quelle est la capitale de la France ?');
		expect(saved.data.image?.alt).toBe('Carte');

		expect(((await run(actions.removeImage!(await event(new FormData(), q.id)))) as { status: number }).status).toBe(
			303
		);
		expect((await getQuestion(t.app.db, kit.course.id, q.id))!.data.image).toBeNull();
	});
});
