/**
 * The question bank's routes called as SvelteKit would: who may see and change the bank, bad
 * input answered with a 4xx and field errors on the rows typed in, the import preview then
 * confirm, and the GIFT export.
 */
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { grantRole, rolesOf } from '../authz/roles.service.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse } from '../courses/courses.service.ts';
import { createCategory } from './categories.service.ts';
import { validateQuestion } from './questions.schemas.ts';
import { createQuestion } from './questions.service.ts';
import * as bank from '../../../../routes/courses/[slug]/questions/+page.server.ts';
import * as create from '../../../../routes/courses/[slug]/questions/new/+page.server.ts';
import * as edit from '../../../../routes/courses/[slug]/questions/[id]/+page.server.ts';
import * as importPage from '../../../../routes/courses/[slug]/questions/import/+page.server.ts';
import { GET as exportGet } from '../../../../routes/courses/[slug]/questions/export/+server.ts';

let t: TestApp;
type Who = { id: string; email: string; name: string; handle: string } | null;
let admin: NonNullable<Who>;
let tutor: NonNullable<Who>;
let person: NonNullable<Who>;
let courseId: string;
const slug = 'banque-routes';
beforeAll(async () => {
	t = await createTestApp();
	admin = await createAdmin(t.app, { handle: 'chief' });
	tutor = await createUser(t.app, { handle: 'tuteur' });
	person = await createUser(t.app, { handle: 'lea' });
	const actor = { id: admin.id, roles: await rolesOf(t.app.db, admin.id) };
	courseId = (await createCourse(t.app, actor, courseSchema.parse({ title: 'Banque', slug }))).id;
	await grantRole({ ...t.app, actor }, { userId: tutor.id, role: 'tutor', scopeType: 'course', scopeId: courseId });
});
afterAll(() => t?.close());

async function event(who: Who, path: string, opts: { params?: Record<string, string>; form?: FormData } = {}) {
	const url = new URL(`http://localhost:3000${path}`);
	const user = who && { ...who, emailVerified: true, locale: 'fr', avatarKey: null };
	return {
		url,
		params: { slug, ...opts.params },
		locals: {
			app: t.app,
			locale: 'fr',
			user,
			actor: who ? { id: who.id, roles: await rolesOf(t.app.db, who.id) } : null
		},
		request: new Request(url, opts.form ? { method: 'POST', body: opts.form } : {})
	} as never;
}

type Outcome = { status: number; location?: string; errors?: Record<string, { key: string }>; data?: unknown };
async function outcome(run: () => unknown): Promise<Outcome> {
	try {
		const r = (await run()) as { status?: number; data?: { errors?: Record<string, { key: string }> } } | undefined;
		if (r && typeof r.status === 'number' && r.data) return { status: r.status, errors: r.data.errors, data: r.data };
		return { status: 200, data: r };
	} catch (err) {
		if (isRedirect(err)) return { status: err.status, location: err.location };
		if (isHttpError(err)) return { status: err.status };
		throw err;
	}
}
const formOf = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};
const base = `/courses/${slug}/questions`;

describe('question bank routes', () => {
	it('editors manage, tutors view, others are refused', async () => {
		expect((await outcome(async () => bank.load(await event(null, base)))).status).toBe(303);
		expect((await outcome(async () => bank.load(await event(person, base)))).status).toBe(403);
		const asTutor = await outcome(async () => bank.load(await event(tutor, base)));
		expect(asTutor).toMatchObject({ status: 200, data: { canManage: false } });
		expect((await outcome(async () => create.load(await event(tutor, `${base}/new?type=essay`)))).status).toBe(403);
		const asAdmin = await outcome(async () => bank.load(await event(admin, base)));
		expect(asAdmin).toMatchObject({ status: 200, data: { canManage: true } });
		const post = await outcome(async () =>
			bank.actions.createCategory(await event(tutor, base, { form: formOf({ name: 'X' }) }))
		);
		expect(post.status).toBe(403);
		expect((await outcome(async () => create.load(await event(admin, `${base}/new?type=bogus`)))).status).toBe(404);
	});

	it('creating a question: errors on the rows typed in, then saved and edited as versions', async () => {
		const page = (await outcome(async () => create.load(await event(admin, `${base}/new?type=multichoice`)))) as {
			data: { values: Record<string, string> };
		};
		const categoryId = page.data.values.categoryId!;
		const fields = {
			categoryId,
			name: 'Capitale',
			questiontext: 'Quelle est la capitale ?',
			questiontextformat: 'markdown',
			defaultmark: '1',
			penalty: '0.3333333',
			single: '1',
			rows: '4',
			answer_0_text: 'Paris',
			answer_0_fraction: '50',
			answer_2_text: 'Lyon',
			answer_2_fraction: '0',
			answer_3_feedback: 'Une rétroaction sans réponse'
		};
		const bad = await outcome(async () =>
			create.actions.save(await event(admin, `${base}/new?type=multichoice`, { form: formOf(fields) }))
		);
		expect(bad.status).toBe(400);
		expect(bad.errors).toMatchObject({
			answers: { key: 'questions.errors.oneFull' },
			answer_3_text: { key: 'errors.required' }
		});
		expect((bad.data as { values: Record<string, string> }).values.name).toBe('Capitale');

		const missing = await outcome(async () =>
			create.actions.save(await event(admin, `${base}/new?type=multichoice`, { form: formOf({ categoryId }) }))
		);
		expect(missing.status).toBe(400);
		expect(Object.keys(missing.errors!)).toEqual(expect.arrayContaining(['name', 'questiontext', 'answers']));

		const preview = await outcome(async () =>
			create.actions.preview(await event(admin, `${base}/new?type=multichoice`, { form: formOf(fields) }))
		);
		expect(preview.status).toBe(200);
		expect(JSON.stringify(preview.data)).toContain('Quelle est la capitale ?');

		const more = await outcome(async () =>
			create.actions.addRows(await event(admin, `${base}/new?type=multichoice`, { form: formOf(fields) }))
		);
		expect((more.data as { values: Record<string, string> }).values.rows).toBe('7');

		const good = { ...fields, answer_0_fraction: '100', answer_3_feedback: '' };
		const saved = await outcome(async () =>
			create.actions.save(await event(admin, `${base}/new?type=multichoice`, { form: formOf(good) }))
		);
		expect(saved.status).toBe(303);
		const id = saved.location!.split('/').pop()!.split('?')[0]!;

		const editPage = (await outcome(async () =>
			edit.load(await event(admin, `${base}/${id}`, { params: { id } }))
		)) as { data: { values: Record<string, string>; history: unknown[] } };
		expect(editPage.data.values).toMatchObject({ name: 'Capitale', answer_0_text: 'Paris', answer_1_text: 'Lyon' });
		const again = await outcome(async () =>
			edit.actions.save(
				await event(admin, `${base}/${id}`, {
					params: { id },
					form: formOf({ ...editPage.data.values, name: 'Capitale (v2)' })
				})
			)
		);
		expect(again).toMatchObject({ status: 303, location: `${base}/${id}?saved=1` });
		const badFraction = await outcome(async () =>
			edit.actions.save(
				await event(admin, `${base}/${id}`, {
					params: { id },
					form: formOf({ ...editPage.data.values, answer_1_fraction: '250' })
				})
			)
		);
		expect(badFraction).toMatchObject({
			status: 400,
			errors: { answer_1_fraction: { key: 'questions.errors.fraction' } }
		});
		expect(
			(await outcome(async () => edit.load(await event(admin, `${base}/nope`, { params: { id: 'nope' } })))).status
		).toBe(404);
	});

	it('categories: a taken name or a bad id is a 4xx with the field', async () => {
		const first = await outcome(async () =>
			bank.actions.createCategory(await event(admin, base, { form: formOf({ name: 'Chapitre 1' }) }))
		);
		expect(first.status).toBe(303);
		const taken = await outcome(async () =>
			bank.actions.createCategory(await event(admin, base, { form: formOf({ name: 'chapitre 1' }) }))
		);
		expect(taken).toMatchObject({ status: 409, errors: { name: { key: 'questions.errors.categoryTaken' } } });
		const empty = await outcome(async () =>
			bank.actions.createCategory(await event(admin, base, { form: formOf({ name: ' ' }) }))
		);
		expect(empty).toMatchObject({ status: 400, errors: { name: { key: 'errors.required' } } });
		// Filtering by a category, with or without its subcategories.
		const actor = { id: admin.id, roles: await rolesOf(t.app.db, admin.id) };
		const parent = await createCategory(t.app, actor, courseId, { name: 'Parent' });
		const child = await createCategory(t.app, actor, courseId, { name: 'Enfant', parentId: parent.id });
		await createQuestion(t.app, actor, courseId, {
			categoryId: child.id,
			data: {
				...validateQuestion({
					qtype: 'essay',
					name: 'Rédaction',
					questiontext: 'Racontez.',
					defaultmark: 1,
					penalty: 0
				})
			}
		});
		const names = async (query: string) =>
			(
				(await outcome(async () => bank.load(await event(admin, `${base}?${query}`)))).data as {
					questions: { name: string }[];
				}
			).questions.map((q) => q.name);
		expect(await names(`category=${parent.id}`)).toEqual([]);
		expect(await names(`category=${parent.id}&sub=1`)).toEqual(['Rédaction']);
		expect(await names(`category=${child.id}&q=racontez`)).toEqual(['Rédaction']);

		const move = await outcome(async () =>
			bank.actions.move(await event(admin, base, { form: formOf({ categoryId: 'x' }) }))
		);
		expect(move.status).toBe(400);
	});

	it('import: preview with translated errors, then import; export as a .gift file', async () => {
		const gift = '::Q1::Deux et deux ?{=quatre =4}\n\n::Q2::Cassée {=oui\n\n::Q3::La Terre est ronde.{T}\n';
		const preview = await outcome(async () =>
			importPage.actions.preview(
				await event(admin, `${base}/import`, {
					form: formOf({ text: gift, categoryId: '' })
				})
			)
		);
		expect(preview.status).toBe(400); // categoryId missing
		const page = (await outcome(async () => importPage.load(await event(admin, `${base}/import`)))) as {
			data: { categoryId: string };
		};
		const ok = await outcome(async () =>
			importPage.actions.preview(
				await event(admin, `${base}/import`, { form: formOf({ text: gift, categoryId: page.data.categoryId }) })
			)
		);
		const p = (
			ok.data as {
				preview: { counts: { questions: number; errors: number }; errors: { line: number; message: string }[] };
			}
		).preview;
		expect(p.counts).toMatchObject({ questions: 2, errors: 1 });
		expect(p.errors[0]!.line).toBe(3);
		expect(p.errors[0]!.message).toMatch(/^Ligne 3/);

		const wrongFile = new FormData();
		wrongFile.set('file', new File([new Uint8Array([0xff, 0xfe, 0, 1])], 'q.gift'));
		wrongFile.set('categoryId', page.data.categoryId);
		const refused = await outcome(async () =>
			importPage.actions.preview(await event(admin, `${base}/import`, { form: wrongFile }))
		);
		expect(refused).toMatchObject({ status: 415, errors: { file: { key: 'questions.errors.giftType' } } });

		const done = await outcome(async () =>
			importPage.actions.import(
				await event(admin, `${base}/import`, {
					form: formOf({ gift, categoryId: page.data.categoryId, onDuplicate: 'skip' })
				})
			)
		);
		expect(done).toMatchObject({ status: 303, location: `${base}?imported=2` });

		const res = await exportGet(await event(tutor, `${base}/export`));
		expect(res.headers.get('content-disposition')).toContain('.gift');
		const text = await res.text();
		expect(text).toContain('::Q1::');
		expect(text).toContain('::Q3::');
		expect((await outcome(async () => exportGet(await event(person, `${base}/export`)))).status).toBe(403);
	});
});
