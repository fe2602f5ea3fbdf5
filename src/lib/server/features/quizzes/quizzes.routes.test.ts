/**
 * The quiz pages' server side, called as SvelteKit would: bad input answers a 4xx with the
 * fields' messages, other people's attempts are refused, and an attempt page in progress sends
 * nothing that gives the answers away.
 */
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/helpers.ts';
import type { Actor } from '../authz/policy.ts';
import { rolesOf } from '../authz/roles.service.ts';
import { startAttempt } from './attempts.service.ts';
import { capital, match, numerical, shortAnswer } from './quiz.fixtures.ts';
import { quizCourse, settings } from './quiz.testkit.ts';
import { addQuestionSlots, createQuiz } from './quizzes.service.ts';
import { actions as newActions } from '../../../../routes/courses/[slug]/lessons/[id]/quizzes/new/+page.server.ts';
import { actions as quizActions } from '../../../../routes/courses/[slug]/quizzes/[quizId]/+page.server.ts';
import { actions as editActions } from '../../../../routes/courses/[slug]/quizzes/[quizId]/edit/+page.server.ts';
import {
	actions as attemptActions,
	load as attemptLoad
} from '../../../../routes/courses/[slug]/attempts/[attemptId]/+page.server.ts';
import { POST as save } from '../../../../routes/courses/[slug]/attempts/[attemptId]/save/+server.ts';
import { load as resultsLoad } from '../../../../routes/courses/[slug]/quizzes/[quizId]/results/+page.server.ts';
import { GET as resultsCsv } from '../../../../routes/courses/[slug]/quizzes/[quizId]/results/csv/+server.ts';

let t: TestApp;
let kit: Awaited<ReturnType<typeof quizCourse>>;
beforeAll(async () => {
	t = await createTestApp();
	kit = await quizCourse(t);
});
afterAll(() => t?.close());

async function event(who: Actor | null, path: string, params: Record<string, string>, form?: [string, string][]) {
	const url = new URL(`http://localhost:3000${path}`);
	const body = new FormData();
	for (const [k, v] of form ?? []) body.append(k, v);
	const user = who && { id: who.id, email: 'x@example.org', name: 'X', handle: 'x', emailVerified: true, locale: 'fr' };
	return {
		url,
		params: { slug: kit.course.slug, ...params },
		locals: {
			app: t.app,
			user,
			locale: 'fr',
			actor: who ? { id: who.id, roles: await rolesOf(t.app.db, who.id) } : null
		},
		request: new Request(url, form ? { method: 'POST', body } : {})
	} as never;
}

async function outcome(run: () => unknown) {
	try {
		const r = (await run()) as
			| { status?: number; data?: { errors?: Record<string, { key: string }>; values?: Record<string, string> } }
			| undefined;
		if (r && typeof r.status === 'number' && r.data)
			return { status: r.status, errors: r.data.errors, values: r.data.values };
		return { status: 200, data: r };
	} catch (err) {
		if (isRedirect(err)) return { status: err.status, location: err.location };
		if (isHttpError(err)) return { status: err.status };
		throw err;
	}
}

describe('editing a quiz', () => {
	const path = () => `/courses/${kit.course.slug}/lessons/${kit.lessonId}/quizzes/new`;
	it('refuses bad settings next to the fields and keeps what was typed', async () => {
		const form: [string, string][] = [
			['title', ''],
			['intro', 'Bonjour'],
			['timeLimit', '-3'],
			['opensAt', '2030-01-02T10:00'],
			['closesAt', '2030-01-01T10:00'],
			['gradingMethod', 'bogus']
		];
		const r = await outcome(async () =>
			newActions.default(await event(kit.editor, path(), { id: kit.lessonId }, form))
		);
		expect(r.status).toBe(400);
		expect(r.errors).toMatchObject({
			title: { key: 'errors.required' },
			timeLimit: { key: 'errors.invalid' },
			gradingMethod: { key: 'errors.invalid' }
		});
		expect(r.values?.intro).toBe('Bonjour');
		const both = await outcome(async () =>
			newActions.default(
				await event(kit.editor, path(), { id: kit.lessonId }, [
					['title', 'Q'],
					['practice', 'on'],
					['required', 'on'],
					['opensAt', '2030-01-02T10:00'],
					['closesAt', '2030-01-01T10:00']
				])
			)
		);
		expect(both.errors).toMatchObject({
			required: { key: 'quizzes.errors.practiceRequired' },
			closesAt: { key: 'quizzes.errors.closesBeforeOpens' }
		});
	});

	it('lets only editors create quizzes, and creates one', async () => {
		const learner = await kit.learner();
		const refused = await outcome(async () =>
			newActions.default(await event(learner, path(), { id: kit.lessonId }, [['title', 'Q']]))
		);
		expect(refused.status).toBe(403);
		const ok = await outcome(async () =>
			newActions.default(await event(kit.editor, path(), { id: kit.lessonId }, [['title', 'Quiz 1']]))
		);
		expect(ok).toMatchObject({ status: 303 });
		expect((ok as { location: string }).location).toMatch(/\/quizzes\/[0-9a-f-]{36}\/edit\?created=1$/);
	});

	it('refuses questions from another course’s bank and bad random counts', async () => {
		const quiz = await createQuiz(t.app, kit.editor, kit.course.id, kit.lessonId, settings());
		const other = await quizCourse(t);
		const foreign = await other.question(capital());
		const params = { quizId: quiz.id };
		const p = `/courses/${kit.course.slug}/quizzes/${quiz.id}/edit`;
		const r = await outcome(async () =>
			editActions.addQuestions(await event(kit.editor, p, params, [['questionIds', foreign.id]]))
		);
		expect(r).toMatchObject({ status: 400, errors: { questionIds: { key: 'quizzes.errors.questionNotInBank' } } });
		const none = await outcome(async () => editActions.addQuestions(await event(kit.editor, p, params, [])));
		expect(none).toMatchObject({ status: 400, errors: { questionIds: { key: 'quizzes.errors.pickQuestions' } } });
		const count = await outcome(async () =>
			editActions.addRandom(
				await event(kit.editor, p, params, [
					['categoryId', kit.category.id],
					['count', '0']
				])
			)
		);
		expect(count).toMatchObject({ status: 400, errors: { count: { key: 'errors.invalid' } } });
		const category = await outcome(async () =>
			editActions.addRandom(
				await event(kit.editor, p, params, [
					['categoryId', other.category.id],
					['count', '2']
				])
			)
		);
		expect(category).toMatchObject({
			status: 400,
			errors: { categoryId: { key: 'quizzes.errors.categoryNotInBank' } }
		});
	});
});

describe('deleting a quiz', () => {
	it('asks for a confirmation first', async () => {
		const quiz = await createQuiz(t.app, kit.editor, kit.course.id, kit.lessonId, settings());
		const p = `/courses/${kit.course.slug}/quizzes/${quiz.id}/edit`;
		const params = { quizId: quiz.id };
		const refused = await outcome(async () => editActions.delete(await event(kit.editor, p, params, [])));
		expect(refused).toMatchObject({ status: 400, errors: { confirm: { key: 'quizzes.errors.confirmDelete' } } });
		const done = await outcome(async () => editActions.delete(await event(kit.editor, p, params, [['confirm', 'on']])));
		expect(done).toMatchObject({ status: 303, location: `/courses/${kit.course.slug}/lessons/${kit.lessonId}/edit` });
		const { getQuiz } = await import('./quizzes.service.ts');
		expect(await getQuiz(t.app.db, kit.course.id, quiz.id)).toBeUndefined();
	});
});

describe('taking a quiz', () => {
	async function started(over: Record<string, string> = {}) {
		const quiz = await createQuiz(t.app, kit.editor, kit.course.id, kit.lessonId, settings(over));
		const ids = [];
		for (const d of [capital(), shortAnswer(), numerical(), match()]) ids.push((await kit.question(d)).id);
		await addQuestionSlots(t.app, kit.editor, kit.course.id, quiz.id, ids);
		const learner = await kit.learner();
		const attempt = await startAttempt(t.app, learner, quiz);
		const path = `/courses/${kit.course.slug}/attempts/${attempt.id}`;
		return { quiz, learner, attempt, path, params: { attemptId: attempt.id } };
	}

	it('starts an attempt from the quiz page, and sends anonymous visitors to log in', async () => {
		const quiz = await createQuiz(t.app, kit.editor, kit.course.id, kit.lessonId, settings());
		await addQuestionSlots(t.app, kit.editor, kit.course.id, quiz.id, [(await kit.question(capital())).id]);
		const p = `/courses/${kit.course.slug}/quizzes/${quiz.id}`;
		const learner = await kit.learner();
		const r = await outcome(async () => quizActions.start(await event(learner, p, { quizId: quiz.id }, [])));
		expect((r as { location: string }).location).toMatch(/\/attempts\/[0-9a-f-]{36}$/);
		const anon = await outcome(async () => quizActions.start(await event(null, p, { quizId: quiz.id }, [])));
		expect(anon.status).toBe(303);
		expect((anon as { location: string }).location).toMatch(/^\/login/);
		const empty = await createQuiz(t.app, kit.editor, kit.course.id, kit.lessonId, settings());
		const e = `/courses/${kit.course.slug}/quizzes/${empty.id}`;
		const refused = await outcome(async () => quizActions.start(await event(learner, e, { quizId: empty.id }, [])));
		expect(refused).toMatchObject({ status: 409, errors: { _form: { key: 'quizzes.errors.empty' } } });
	});

	it('sends no answer, fraction or feedback to the page before submission', async () => {
		const { learner, path, params } = await started();
		const r = await outcome(async () => attemptLoad(await event(learner, path, params)));
		const json = JSON.stringify(r.data);
		for (const secret of ['fraction', 'feedback', 'Bravo', 'Victor', '3.14', 'tolerance', 'Exact'])
			expect(json).not.toContain(secret);
		expect(json).toContain('Paris'); // a choice to pick, not which one is right
	});

	it('refuses someone else’s attempt, on the page and on the save endpoint', async () => {
		const { path, params } = await started();
		const other = await kit.learner();
		expect(await outcome(async () => attemptLoad(await event(other, path, params)))).toEqual({ status: 403 });
		const res = await save(await event(other, `${path}/save`, params, [['q0', '0']]));
		expect(res.status).toBe(403);
		expect((await res.json()).message).toBe('Cette tentative appartient à quelqu’un d’autre.');
		const anonymous = await save(await event(null, `${path}/save`, params, [['q0', '0']]));
		expect(anonymous.status).toBe(401);
	});

	it('saves through the endpoint and refuses tampered fields with a message', async () => {
		const { learner, attempt, path, params } = await started();
		const slot = (i: number) => ['slot', `${i}:${attempt.layout[i]!.versionId}`] as [string, string];
		const ok = await save(await event(learner, `${path}/save`, params, [slot(1), ['q1', 'Hugo']]));
		expect(await ok.json()).toEqual({ ok: true, saved: 1 });
		const tampered = await save(
			await event(learner, `${path}/save`, params, [
				['slot', `1:${attempt.layout[0]!.versionId}`],
				['q1', 'x']
			])
		);
		expect(tampered.status).toBe(400);
		expect((await tampered.json()).message).toContain('ne correspond pas');
		const outside = await outcome(async () =>
			attemptActions.save(await event(learner, path, params, [slot(0), ['q7', '1']]))
		);
		expect(outside).toMatchObject({ status: 400, errors: { _form: { key: 'quizzes.errors.unknownQuestion' } } });
		const r = await outcome(async () => attemptLoad(await event(learner, path, params)));
		const items = (r.data as { items: { response: unknown }[] }).items;
		expect(items[1]!.response).toEqual({ text: 'Hugo' });
	});

	it('submits once and shows the score as the quiz displays it', async () => {
		const { learner, attempt, path, params } = await started();
		const form: [string, string][] = [
			['slot', `0:${attempt.layout[0]!.versionId}`],
			['q0', '0'],
			['slot', `1:${attempt.layout[1]!.versionId}`],
			['q1', 'Victor Hugo'],
			['slot', `2:${attempt.layout[2]!.versionId}`],
			['q2', '3,14']
		];
		const first = await outcome(async () => attemptActions.submit(await event(learner, path, params, form)));
		expect(first).toMatchObject({ status: 303, location: path });
		const again = await outcome(async () => attemptActions.submit(await event(learner, path, params, form)));
		expect(again).toMatchObject({ status: 303, location: path });
		const r = await outcome(async () => attemptLoad(await event(learner, path, params)));
		// 3 right out of 4 questions → 15/20.
		expect((r.data as { review: { score: string } }).review.score).toBe('15/20');
	});

	it('shows results and statistics to editors only, and exports them as CSV', async () => {
		const { quiz, learner, attempt, path, params } = await started();
		await outcome(async () =>
			attemptActions.submit(
				await event(learner, path, params, [
					['slot', `0:${attempt.layout[0]!.versionId}`],
					['q0', '0']
				])
			)
		);
		const resultsPath = `/courses/${kit.course.slug}/quizzes/${quiz.id}/results`;
		const qp = { quizId: quiz.id };
		expect(await outcome(async () => resultsLoad(await event(learner, resultsPath, qp)))).toEqual({ status: 403 });
		const r = await outcome(async () => resultsLoad(await event(kit.editor, resultsPath, qp)));
		const data = r.data as { rows: { score: string }[]; stats: { facility: number | null }[] };
		expect(data.rows).toHaveLength(1);
		expect(data.rows[0]!.score).toBe('5/20');
		expect(data.stats).toHaveLength(4);
		// Editors read the learner's submitted attempt; other learners still may not.
		const review = await outcome(async () => attemptLoad(await event(kit.editor, path, params)));
		expect((review.data as { review: { score: string } }).review.score).toBe('5/20');
		const other = await kit.learner();
		expect(await outcome(async () => attemptLoad(await event(other, path, params)))).toEqual({ status: 403 });
		const res = await resultsCsv(await event(kit.editor, `${resultsPath}/csv`, qp));
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		const csv = await res.text();
		expect(csv.split('\r\n')[1]).toMatch(/,1,.*,5,20,$/);
	});

	it('checks one answer at once in practice mode, and refuses it elsewhere', async () => {
		const practice = await started({ practice: 'on' });
		const fields = (a: typeof practice.attempt): [string, string][] => [
			['slot', `0:${a.layout[0]!.versionId}`],
			['q0', '0'],
			['check', '0']
		];
		const r = await outcome(async () =>
			attemptActions.check(await event(practice.learner, practice.path, practice.params, fields(practice.attempt)))
		);
		expect(r).toMatchObject({ status: 303, location: `${practice.path}?page=1#item-0` });
		const page = await outcome(async () => attemptLoad(await event(practice.learner, practice.path, practice.params)));
		const items = (page.data as { items: { review: { state: string; rightAnswer: string } | null }[] }).items;
		expect(items[0]!.review).toMatchObject({ state: 'correct', rightAnswer: 'Paris' });
		expect(items[1]!.review).toBeNull();
		const graded = await started();
		const refused = await outcome(async () =>
			attemptActions.check(await event(graded.learner, graded.path, graded.params, fields(graded.attempt)))
		);
		expect(refused).toMatchObject({ status: 400, errors: { _form: { key: 'quizzes.errors.notPractice' } } });
	});

	it('refuses a late save with a clear message', async () => {
		const { quiz, learner, attempt, path, params } = await started({ timeLimit: '1' });
		const { quizAttempts } = await import('./quizzes.table.ts');
		const { eq } = await import('drizzle-orm');
		await t.app.db
			.update(quizAttempts)
			.set({ deadline: new Date(Date.now() - 3_600_000) })
			.where(eq(quizAttempts.id, attempt.id));
		const res = await save(
			await event(learner, `${path}/save`, params, [
				['slot', `0:${attempt.layout[0]!.versionId}`],
				['q0', '0']
			])
		);
		expect(res.status).toBe(409);
		expect((await res.json()).message).toContain('Le temps est écoulé');
		expect(quiz.id).toBeTruthy();
	});
});
