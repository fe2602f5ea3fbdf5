import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '#lib/server/http/forms.ts';
import type { Actor } from '../authz/policy.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse } from '../courses/courses.service.ts';
import { listCategories } from './categories.service.ts';
import { exportGift } from './gift/export.ts';
import { categoryPathOf, importGift, planGiftImport, questionsForExport } from './import.service.ts';
import { QUESTION_LIMITS } from './questions.schemas.ts';
import { getQuestion, listQuestions, questionHistory } from './questions.service.ts';

let t: TestApp;
let admin: Actor;
let n = 0;
beforeAll(async () => {
	t = await createTestApp();
	const a = await createAdmin(t.app);
	admin = { id: a.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
});
afterAll(() => t?.close());

async function course() {
	n++;
	return (await createCourse(t.app, admin, courseSchema.parse({ title: `Import ${n}`, slug: `import-${n}` }))).id;
}
async function refusal(p: Promise<unknown>) {
	try {
		await p;
	} catch (err) {
		if (err instanceof FormError) return err;
		throw err;
	}
	throw new Error('expected a FormError');
}

const GIFT = `$CATEGORY: $course$/top/Géographie

::Capitale::Quelle est la capitale de la France ?{=Paris ~Lyon ~Marseille}

::Fleuve::Quel fleuve traverse Paris ?{=Seine =la Seine}

$CATEGORY: $course$/top/Géographie/Relief

::Sommet::Le mont Blanc est le plus haut sommet des Alpes.{T}

::Cassé::Une question {=sans fin

::Altitude::Altitude du mont Blanc en mètres ?{#4806:10}
`;

describe('GIFT import', () => {
	it('reads Moodle category paths', () => {
		expect(categoryPathOf('$course$/top/A/B')).toEqual(['A', 'B']);
		expect(categoryPathOf('$module$/Quiz//2024')).toEqual(['Quiz/2024']);
		expect(categoryPathOf(null)).toEqual([]);
	});

	it('previews counts, errors with lines, categories, and writes nothing', async () => {
		const id = await course();
		const plan = await planGiftImport(t.app.db, id, GIFT);
		expect(plan.counts).toMatchObject({ questions: 4, valid: 4, new: 4, duplicates: 0, invalid: 0 });
		expect(plan.parseErrors.length).toBeGreaterThan(0);
		expect(plan.parseErrors[0]!.line).toBe(11);
		expect(plan.items.map((i) => [i.name, i.qtype, i.categoryPath.join('/')])).toEqual([
			['Capitale', 'multichoice', 'Géographie'],
			['Fleuve', 'shortanswer', 'Géographie'],
			['Sommet', 'truefalse', 'Géographie/Relief'],
			['Altitude', 'numerical', 'Géographie/Relief']
		]);
		expect(await listCategories(t.app.db, id)).toEqual([]);
	});

	it('imports the valid questions, creates categories, then reports duplicates: skip or update', async () => {
		const id = await course();
		const first = await importGift(t.app, admin, id, GIFT, { onDuplicate: 'skip' });
		expect(first).toEqual({ created: 4, updated: 0, unchanged: 0, skipped: 0, invalid: 0 });
		const tree = await listCategories(t.app.db, id);
		expect(tree.map((c) => c.path.join('/'))).toContain('Géographie/Relief');

		// The same file again: every question is a duplicate; nothing is created.
		const plan = await planGiftImport(t.app.db, id, GIFT);
		expect(plan.counts).toMatchObject({ new: 0, duplicates: 4 });
		expect(await importGift(t.app, admin, id, GIFT, { onDuplicate: 'skip' })).toMatchObject({ created: 0, skipped: 4 });
		expect(await importGift(t.app, admin, id, GIFT, { onDuplicate: 'update' })).toMatchObject({
			created: 0,
			updated: 0,
			unchanged: 4
		});
		expect((await listQuestions(t.app.db, id)).length).toBe(4);

		// A changed question becomes a new version of the existing one.
		const changed = GIFT.replace('~Marseille', '~Marseille ~Lille');
		expect(await importGift(t.app, admin, id, changed, { onDuplicate: 'update' })).toMatchObject({
			created: 0,
			updated: 1,
			unchanged: 3
		});
		const capitale = (await listQuestions(t.app.db, id, { search: 'Capitale' }))[0]!;
		expect((await getQuestion(t.app.db, id, capitale.id))?.data.answers).toHaveLength(4);
		expect((await questionHistory(t.app.db, id, capitale.id)).map((h) => h.version)).toEqual([2, 1]);
	});

	it('is all or nothing, and refuses texts too big or without a valid question', async () => {
		const id = await course();
		expect((await refusal(importGift(t.app, admin, id, '::X::{', { onDuplicate: 'skip' }))).status).toBe(422);
		const big = 'a'.repeat(QUESTION_LIMITS.giftBytes + 1);
		expect((await refusal(planGiftImport(t.app.db, id, big))).errors.gift?.key).toBe('questions.errors.giftTooBig');
		expect((await refusal(planGiftImport(t.app.db, id, '  '))).errors.gift?.key).toBe('questions.errors.giftEmpty');
		const tutor: Actor = { id: 'x', roles: [{ role: 'tutor', scopeType: 'course', scopeId: id }] };
		expect((await refusal(importGift(t.app, tutor, id, GIFT, { onDuplicate: 'skip' }))).status).toBe(403);
		// A failure after the writes (simulated at the end of the transaction) leaves nothing behind.
		const before = (await listCategories(t.app.db, id)).length;
		const failing = importGift(
			{
				db: {
					transaction: (fn: (tx: unknown) => Promise<unknown>) =>
						t.app.db.transaction(async (tx) => {
							await fn(tx);
							throw new Error('boom');
						})
				} as never
			},
			admin,
			id,
			GIFT,
			{ onDuplicate: 'skip' }
		);
		await expect(failing).rejects.toThrow('boom');
		expect((await listCategories(t.app.db, id)).length).toBe(before);
		expect(await listQuestions(t.app.db, id)).toEqual([]);
	});

	it('round trip with Moodle’s examples: every question imports, exports, and re-imports as duplicates', async () => {
		const id = await course();
		const text = readFileSync(
			new URL('../../../../../../shared/fixtures/gift/moodle/moodle_examples.txt', import.meta.url),
			'utf8'
		);
		const plan = await planGiftImport(t.app.db, id, text);
		expect(plan.parseErrors).toEqual([]);
		expect(plan.items.filter((i) => i.status === 'invalid').map((i) => [i.line, i.errors])).toEqual([]);
		const result = await importGift(t.app, admin, id, text, { onDuplicate: 'skip' });
		expect(result.created).toBe(plan.counts.questions);
		const exported = exportGift(await questionsForExport(t.app.db, id));
		const again = await planGiftImport(t.app.db, id, exported);
		expect(again.parseErrors).toEqual([]);
		expect(again.counts).toMatchObject({ questions: result.created, duplicates: result.created, invalid: 0 });
		expect(await importGift(t.app, admin, id, exported, { onDuplicate: 'update' })).toMatchObject({
			created: 0,
			updated: 0,
			unchanged: result.created
		});
	});
});
