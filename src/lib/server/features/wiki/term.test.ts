/**
 * Concurrent saves of a glossary term: each carries the revision it started from; edits of
 * different lines of the definition (and of the variants, as a set) are merged, edits of the
 * same line come back as a conflict with nothing saved. Then reverting a term.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '#lib/server/http/forms.ts';
import type { Actor } from '../authz/policy.ts';
import { grantRole, rolesOf } from '../authz/roles.service.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse } from '../courses/courses.service.ts';
import { createTerm, getTerm, updateTerm } from '../glossary/glossary.service.ts';
import { listRevisions } from './revisions.service.ts';
import { mergeTerm } from './term.merge.ts';
import { revertTerm } from './term.history.ts';
import { latestTermRevision } from './term.save.ts';

let t: TestApp;
let admin: Actor;
let other: Actor;
let courseId: string;
beforeAll(async () => {
	t = await createTestApp();
	const a = await createAdmin(t.app, { name: 'Admin' });
	admin = { id: a.id, roles: await rolesOf(t.app.db, a.id) };
	const c = await createCourse(t.app, admin, courseSchema.parse({ title: 'Lexique', slug: 'lexique-wiki' }));
	courseId = c.id;
	const b = await createUser(t.app, { name: 'Bérénice' });
	await grantRole({ ...t.app, actor: null }, { userId: b.id, role: 'editor', scopeType: 'course', scopeId: c.id });
	other = { id: b.id, roles: await rolesOf(t.app.db, b.id) };
});
afterAll(() => t?.close());

async function refusal(p: Promise<unknown>) {
	try {
		await p;
	} catch (err) {
		if (err instanceof FormError) return err;
		throw err;
	}
	throw new Error('expected a FormError');
}

const DEF = ['Première ligne.', '', 'Deuxième ligne.', '', 'Troisième ligne.'].join('\n');
let n = 0;
async function term(variants = ['abeilles']) {
	const row = await createTerm(t.app, admin, courseId, {
		term: `Abeille ${++n}`,
		variants: variants.map((v) => `${v} ${n}`),
		definition: DEF
	});
	return { id: row.id, term: row.term, variants: row.variants };
}

describe('mergeTerm', () => {
	const base = { term: 'Ruche', variants: ['ruches', 'rucher'], definition: 'A\n\nB' };
	it('keeps both sides’ variant additions and removals, and the one side’s new term', () => {
		const r = mergeTerm(
			base,
			{ ...base, variants: ['ruches', 'rucher', 'nid'] },
			{ ...base, term: 'La ruche', variants: ['ruches', 'Essaim'] }
		);
		expect(r).toEqual({
			clean: true,
			merged: { term: 'La ruche', variants: ['ruches', 'nid', 'Essaim'], definition: 'A\n\nB' }
		});
	});
	it('two different new terms, or the same line changed twice, are conflicts', () => {
		expect(mergeTerm(base, { ...base, term: 'Rucher' }, { ...base, term: 'Nid' })).toEqual({
			clean: false,
			conflicts: 1
		});
		expect(mergeTerm(base, { ...base, definition: 'A\n\nX' }, { ...base, definition: 'A\n\nY' })).toEqual({
			clean: false,
			conflicts: 1
		});
	});
});

describe('saving a term with its base revision', () => {
	it('a fresh base saves; the same text again makes no revision', async () => {
		const x = await term();
		const r = await updateTerm(
			t.app,
			admin,
			courseId,
			x.id,
			{ ...x, definition: `${DEF}\n\nAjout.` },
			{ baseNumber: 1 }
		);
		expect(r).toEqual({ outcome: 'saved' });
		expect((await latestTermRevision(t.app.db, x.id)).number).toBe(2);
		const again = await updateTerm(
			t.app,
			admin,
			courseId,
			x.id,
			{ ...x, definition: `${DEF}\n\nAjout.` },
			{ baseNumber: 2 }
		);
		expect(again).toEqual({ outcome: 'unchanged' });
		expect((await latestTermRevision(t.app.db, x.id)).number).toBe(2);
	});

	it('merges two concurrent saves of different lines (and variants as a set), saying with whom', async () => {
		const x = await term();
		// Both loaded revision 1; Bérénice saves first.
		await updateTerm(
			t.app,
			other,
			courseId,
			x.id,
			{ ...x, variants: [...x.variants, 'essaim'], definition: DEF.replace('Première', 'Toute première') },
			{ baseNumber: 1 }
		);
		const r = await updateTerm(
			t.app,
			admin,
			courseId,
			x.id,
			{ ...x, variants: [], definition: DEF.replace('Troisième ligne.', 'La troisième ligne.') },
			{ baseNumber: 1, summary: 'Reformulation' }
		);
		expect(r).toEqual({ outcome: 'merged', mergedWith: { number: 2, author: 'Bérénice' } });
		const saved = await getTerm(t.app.db, courseId, x.id);
		expect(saved!.definition).toBe(
			DEF.replace('Première', 'Toute première').replace('Troisième ligne.', 'La troisième ligne.')
		);
		// Admin removed the old variant, Bérénice added one: both kept.
		expect(saved!.variants).toEqual(['essaim']);
		const history = await listRevisions(t.app.db, 'glossaryTerm', x.id);
		expect(history.map((h) => [h.number, h.summary, h.authorName])).toEqual([
			[3, 'Reformulation', 'Admin'],
			[2, '', 'Bérénice'],
			[1, '', 'Admin']
		]);
	});

	it('refuses two concurrent saves of the same line as a conflict: nothing saved, the other version returned', async () => {
		const x = await term();
		await updateTerm(
			t.app,
			other,
			courseId,
			x.id,
			{ ...x, definition: DEF.replace('Deuxième', 'Par elle, deuxième') },
			{ baseNumber: 1 }
		);
		const mine = { ...x, definition: DEF.replace('Deuxième', 'Par moi, deuxième') };
		const r = await updateTerm(t.app, admin, courseId, x.id, mine, { baseNumber: 1 });
		expect(r).toMatchObject({ outcome: 'conflict', current: 2, author: 'Bérénice', conflicts: 1 });
		if (r.outcome !== 'conflict') throw new Error();
		expect(r.theirs.definition).toContain('Par elle, deuxième');
		expect((await getTerm(t.app.db, courseId, x.id))!.definition).toContain('Par elle, deuxième');
		expect((await latestTermRevision(t.app.db, x.id)).number).toBe(2);
		// Resolved against the new base, it saves.
		expect(await updateTerm(t.app, admin, courseId, x.id, mine, { baseNumber: 2 })).toEqual({ outcome: 'saved' });
	});

	it('refuses a base from the future or below zero, and people who may not edit the glossary', async () => {
		const x = await term();
		for (const baseNumber of [2, -1])
			expect(
				(await refusal(updateTerm(t.app, admin, courseId, x.id, { ...x, definition: 'y' }, { baseNumber }))).errors
					._form?.key
			).toBe('wiki.errors.badRevision');
		const stranger = await createUser(t.app);
		expect(
			(
				await refusal(
					updateTerm(
						t.app,
						{ id: stranger.id, roles: [] },
						courseId,
						x.id,
						{ ...x, definition: 'x' },
						{ baseNumber: 1 }
					)
				)
			).status
		).toBe(403);
	});
});

describe('reverting a term', () => {
	it('puts back an earlier revision as a new revision of kind revert; the current one is a clear 400', async () => {
		const x = await term();
		await updateTerm(t.app, admin, courseId, x.id, { ...x, definition: 'Autre chose.' }, { baseNumber: 1 });
		expect((await refusal(revertTerm(t.app, admin, courseId, x.id, 2, 'non'))).errors._form?.key).toBe(
			'wiki.errors.revertCurrent'
		);
		expect((await refusal(revertTerm(t.app, admin, courseId, x.id, 9, 'non'))).status).toBe(404);
		expect((await refusal(revertTerm(t.app, other, courseId, crypto.randomUUID(), 1, 'non'))).status).toBe(404);
		expect(await revertTerm(t.app, admin, courseId, x.id, 1, 'Retour')).toBe(3);
		expect((await getTerm(t.app.db, courseId, x.id))!.definition).toBe(DEF);
		expect((await listRevisions(t.app.db, 'glossaryTerm', x.id))[0]).toMatchObject({ number: 3, kind: 'revert' });
	});
});
