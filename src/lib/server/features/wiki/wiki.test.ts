/**
 * The wiki's services against a real database: revisions on every save, concurrent saves
 * (merged or refused as a conflict, nothing lost), who may edit per course setting, revert,
 * suggestions, glossary revisions, recent changes, attribution and the watchlist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '#lib/server/http/forms.ts';
import type { Actor, RoleGrant } from '../authz/policy.ts';
import { grantRole } from '../authz/roles.service.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse } from '../courses/courses.service.ts';
import { addItem, getLesson } from '../courses/plan.service.ts';
import { lessons } from '../courses/courses.table.ts';
import { uuidv7 } from '../../ids.ts';
import { createTerm, updateTerm } from '../glossary/glossary.service.ts';
import { notifications } from '../notifications/notifications.table.ts';
import type { DomainEvents } from '../platform/events.ts';
import {
	attribution,
	editLesson,
	listRevisions,
	recentChanges,
	revisionsPage,
	revertLesson,
	revisionAt
} from './revisions.service.ts';
import { saveWikiSettings, structureChoices, wikiAccess } from './settings.service.ts';
import {
	acceptSuggestion,
	commentSuggestion,
	declineSuggestion,
	getSuggestion,
	listSuggestions,
	proposeSuggestion
} from './suggestions.service.ts';
import { setWatching } from './watch.service.ts';
import { recordImportRevisions } from './revisions.record.ts';

let t: TestApp;
let admin: Actor;
const events: { name: string; payload: unknown }[] = [];
beforeAll(async () => {
	t = await createTestApp();
	const a = await createAdmin(t.app, { name: 'Admin' });
	admin = { id: a.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
	for (const name of ['RevisionSaved', 'SuggestionAccepted', 'SuggestionDeclined'] as const)
		t.app.events.on(name, (payload: DomainEvents[typeof name]) => void events.push({ name, payload }));
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

let n = 0;
async function person(name: string, ...grants: RoleGrant[]) {
	const u = await createUser(t.app, { name });
	const roles: RoleGrant[] = [];
	for (const g of grants) {
		await grantRole({ ...t.app, actor: null }, { userId: u.id, ...g });
		roles.push(g);
	}
	return { id: u.id, roles } as Actor;
}

const BODY = ['# Intro', '', 'Premier paragraphe.', '', 'Deuxième paragraphe.', '', 'Troisième.'].join('\n');

async function course() {
	const c = await createCourse(t.app, admin, courseSchema.parse({ title: `Wiki ${++n}`, slug: `wiki-${n}` }));
	const m = await addItem(t.app, c.id, 'module', c.id, 'Module');
	const s = await addItem(t.app, c.id, 'sequence', m, 'Séquence');
	const lessonId = await addItem(t.app, c.id, 'lesson', s, 'Leçon', admin.id);
	const first = await editLesson(t.app, admin, c.id, lessonId, edit(BODY, 1, 'Premier jet'));
	expect(first).toEqual({ outcome: 'saved', number: 2, revisionId: expect.any(String) });
	return { courseId: c.id, lessonId };
}
const edit = (body: string, baseRevision: number, summary = '', title = 'Leçon') => ({
	title,
	body,
	required: true,
	summary,
	baseRevision
});

describe('revisions', () => {
	it('pages a long history, newest first, with the size change of each page’s oldest revision', async () => {
		const c = await createCourse(t.app, admin, courseSchema.parse({ title: 'Longue', slug: 'wiki-longue' }));
		const m = await addItem(t.app, c.id, 'module', c.id, 'Module');
		const s = await addItem(t.app, c.id, 'sequence', m, 'Séquence');
		const lessonId = await addItem(t.app, c.id, 'lesson', s, 'Souvent reprise', admin.id);
		let body = '';
		for (let n = 2; n <= 7; n++) {
			body += 'x'.repeat(n);
			await editLesson(t.app, admin, c.id, lessonId, edit(body, n - 1));
		}
		const first = await revisionsPage(t.app.db, 'lesson', lessonId, { limit: 3 });
		expect(first.revisions.map((r) => [r.number, r.delta])).toEqual([
			[7, 7],
			[6, 6],
			[5, 5]
		]);
		expect(first.olderThan).toBe(5);
		const second = await revisionsPage(t.app.db, 'lesson', lessonId, { limit: 3, before: 5 });
		expect(second.revisions.map((r) => r.number)).toEqual([4, 3, 2]);
		const last = await revisionsPage(t.app.db, 'lesson', lessonId, { limit: 3, before: 2 });
		expect(last).toEqual({ revisions: [expect.objectContaining({ number: 1, size: 0, delta: 0 })], olderThan: null });
	});

	it('a lesson just created has its revision 1, credited to whoever created it', async () => {
		const c = await createCourse(t.app, admin, courseSchema.parse({ title: 'Neuve', slug: 'wiki-neuve' }));
		const m = await addItem(t.app, c.id, 'module', c.id, 'Module');
		const s = await addItem(t.app, c.id, 'sequence', m, 'Séquence');
		const lessonId = await addItem(t.app, c.id, 'lesson', s, 'Jamais enregistrée', admin.id);
		const history = await listRevisions(t.app.db, 'lesson', lessonId);
		expect(history.map((h) => [h.number, h.kind, h.authorName, h.size])).toEqual([[1, 'import', 'Admin', 0]]);
		expect((await revisionAt(t.app.db, 'lesson', lessonId, 1))!.title).toBe('Jamais enregistrée');
		// Modules and sequences have no history.
		expect(await listRevisions(t.app.db, 'lesson', m)).toEqual([]);
		// The first save is revision 2, based on 1.
		const r = await editLesson(t.app, admin, c.id, lessonId, edit('Texte.', 1));
		expect(r).toMatchObject({ outcome: 'saved', number: 2 });
	});

	it('keeps every save with its author, summary, kind, base and size change', async () => {
		const { courseId, lessonId } = await course();
		const r = await editLesson(t.app, admin, courseId, lessonId, edit(`${BODY}\n\nAjout.`, 2, 'Ajout'));
		expect(r).toMatchObject({ outcome: 'saved', number: 3 });
		const history = await listRevisions(t.app.db, 'lesson', lessonId);
		expect(history.map((h) => [h.number, h.kind, h.summary, h.authorName, h.delta])).toEqual([
			[3, 'edit', 'Ajout', 'Admin', 8],
			[2, 'edit', 'Premier jet', 'Admin', BODY.length],
			[1, 'import', '', 'Admin', 0]
		]);
		expect((await getLesson(t.app.db, courseId, lessonId))!.bodyHtml).toContain('<p>Ajout.</p>');
		// The same text again makes no revision.
		expect(await editLesson(t.app, admin, courseId, lessonId, edit(`${BODY}\n\nAjout.`, 3))).toEqual({
			outcome: 'unchanged',
			number: 3
		});
		expect(events.filter((e) => e.name === 'RevisionSaved').length).toBeGreaterThanOrEqual(2);
	});

	it('merges two concurrent saves of different paragraphs, and says with whom', async () => {
		const { courseId, lessonId } = await course();
		const other = await person('Bérénice', { role: 'editor', scopeType: 'course', scopeId: courseId });
		await editLesson(t.app, other, courseId, lessonId, edit(BODY.replace('Premier', 'Tout premier'), 2));
		const r = await editLesson(t.app, admin, courseId, lessonId, edit(BODY.replace('Troisième.', 'Le troisième.'), 2));
		expect(r).toMatchObject({ outcome: 'merged', number: 4, mergedWith: { number: 3, author: 'Bérénice' } });
		const lesson = await getLesson(t.app.db, courseId, lessonId);
		expect(lesson!.body).toContain('Tout premier paragraphe.');
		expect(lesson!.body).toContain('Le troisième.');
	});

	it('refuses two concurrent saves of the same paragraph as a conflict, saving nothing and keeping both texts', async () => {
		const { courseId, lessonId } = await course();
		await editLesson(t.app, admin, courseId, lessonId, edit(BODY.replace('Deuxième paragraphe.', 'Par eux.'), 2));
		const mine = BODY.replace('Deuxième paragraphe.', 'Par moi.');
		const r = await editLesson(t.app, admin, courseId, lessonId, edit(mine, 2));
		expect(r).toMatchObject({ outcome: 'conflict', current: 3, conflicts: 1 });
		if (r.outcome !== 'conflict') throw new Error();
		expect(r.text).toContain('Par moi.');
		expect(r.text).toContain('Par eux.');
		expect((await getLesson(t.app.db, courseId, lessonId))!.revision).toBe(3);
		// Saving the markers as they are is refused; resolving them saves against the new base.
		expect((await refusal(editLesson(t.app, admin, courseId, lessonId, edit(r.text, 3)))).errors.body?.key).toBe(
			'wiki.errors.markers'
		);
		expect(await editLesson(t.app, admin, courseId, lessonId, edit(mine, 3))).toMatchObject({
			outcome: 'saved',
			number: 4
		});
	});

	it('refuses a base revision from the future', async () => {
		const { courseId, lessonId } = await course();
		const err = await refusal(editLesson(t.app, admin, courseId, lessonId, edit('x', 9)));
		expect(err.status).toBe(400);
	});

	it('reverts to an earlier revision as a new revision of kind revert', async () => {
		const { courseId, lessonId } = await course();
		await editLesson(t.app, admin, courseId, lessonId, edit('Tout effacé', 2));
		const r = await revertLesson(t.app, admin, courseId, lessonId, 2, 'Retour à la révision 2');
		expect(r).toMatchObject({ outcome: 'saved', number: 4 });
		expect((await getLesson(t.app.db, courseId, lessonId))!.body).toBe(BODY);
		expect((await listRevisions(t.app.db, 'lesson', lessonId))[0]).toMatchObject({ kind: 'revert', number: 4 });
		expect((await refusal(revertLesson(t.app, admin, courseId, lessonId, 4, ''))).status).toBe(400);
		expect((await refusal(revertLesson(t.app, admin, courseId, lessonId, 99, ''))).status).toBe(404);
	});
});

describe('who may edit', () => {
	it('follows the course setting: editors, listed structures, learners as suggestions', async () => {
		const { courseId, lessonId } = await course();
		const member = await person('Membre', { role: 'member', scopeType: 'structure', scopeId: 'S1' });
		const learner = await person('Apprenante', { role: 'learner', scopeType: 'course', scopeId: courseId });
		const outsider = await person('Dehors');
		for (const who of [member, learner, outsider])
			expect((await refusal(editLesson(t.app, who, courseId, lessonId, edit('x', 2)))).status).toBe(403);
		expect((await structureChoices(t.app.db)).map((s) => s.id)).toContain('S1');
		const bad = await refusal(saveWikiSettings(t.app.db, admin, courseId, { mode: 'structures', structureIds: [] }));
		expect(bad.errors.structureIds?.key).toBe('wiki.errors.noStructure');
		expect(
			(await refusal(saveWikiSettings(t.app.db, admin, courseId, { mode: 'structures', structureIds: ['nope'] })))
				.status
		).toBe(400);
		expect(
			(await refusal(saveWikiSettings(t.app.db, learner, courseId, { mode: 'learners', structureIds: [] }))).status
		).toBe(403);
		await saveWikiSettings(t.app.db, admin, courseId, { mode: 'structures', structureIds: ['S1'] });
		expect(await editLesson(t.app, member, courseId, lessonId, edit(`${BODY}\n\nPar la structure.`, 2))).toMatchObject({
			outcome: 'saved'
		});
		expect((await wikiAccess(t.app.db, learner, courseId)).canSuggest).toBe(false);
		await saveWikiSettings(t.app.db, admin, courseId, { mode: 'learners', structureIds: ['S1'] });
		const access = await wikiAccess(t.app.db, learner, courseId);
		expect(access).toMatchObject({ canEdit: false, canSuggest: true, canReview: false, canViewHistory: true });
		expect((await wikiAccess(t.app.db, member, courseId)).canEdit).toBe(true);
		expect((await wikiAccess(t.app.db, outsider, courseId)).canSuggest).toBe(false);
	});
});

describe('suggestions', () => {
	async function open() {
		const { courseId, lessonId } = await course();
		await saveWikiSettings(t.app.db, admin, courseId, { mode: 'learners', structureIds: [] });
		const learner = await person('Lou', { role: 'learner', scopeType: 'course', scopeId: courseId });
		return { courseId, lessonId, learner };
	}

	it('a learner proposes; an editor comments and accepts it as a revision credited to the learner', async () => {
		const { courseId, lessonId, learner } = await open();
		expect(
			(await refusal(proposeSuggestion(t.app, learner, courseId, lessonId, { ...edit(BODY, 2), summary: ' ' }))).errors
				.summary?.key
		).toBe('wiki.errors.summaryRequired');
		expect(
			(await refusal(proposeSuggestion(t.app, learner, courseId, lessonId, { ...edit(BODY, 2), summary: 'rien' })))
				.errors.body?.key
		).toBe('wiki.errors.noChange');
		const id = await proposeSuggestion(t.app, learner, courseId, lessonId, {
			...edit(BODY.replace('Troisième.', 'Troisième, précisé.'), 2),
			summary: 'Précision'
		});
		// Meanwhile an editor changes another paragraph: accepting merges.
		await editLesson(t.app, admin, courseId, lessonId, edit(BODY.replace('Premier', 'Tout premier'), 2));
		expect((await refusal(acceptSuggestion(t.app, learner, courseId, id))).status).toBe(403);
		await commentSuggestion(t.app, admin, courseId, id, 'Merci, bonne idée.');
		await commentSuggestion(t.app, learner, courseId, id, 'Avec plaisir.');
		const before = events.length;
		const r = await acceptSuggestion(t.app, admin, courseId, id);
		expect(r).toMatchObject({ outcome: 'merged', number: 4 });
		const history = await listRevisions(t.app.db, 'lesson', lessonId);
		expect(history[0]).toMatchObject({ number: 4, kind: 'suggestion', authorName: 'Lou', summary: 'Précision' });
		expect(events.slice(before).map((e) => e.name)).toEqual(['RevisionSaved', 'SuggestionAccepted']);
		const told = await t.app.db.select().from(notifications).where(eq(notifications.userId, learner.id));
		expect(told.map((x) => [x.kind, x.titleParams])).toEqual([['wiki.suggestionReviewed', { summary: 'Précision' }]]);
		const s = await getSuggestion(t.app.db, courseId, id);
		expect(s).toMatchObject({ status: 'accepted', revisionNumber: 4 });
		expect(s!.comments.map((c) => c.body)).toEqual(['Merci, bonne idée.', 'Avec plaisir.']);
		const again = await refusal(acceptSuggestion(t.app, admin, courseId, id));
		expect([again.status, again.errors._form?.key]).toEqual([409, 'wiki.errors.alreadyAccepted']);
	});

	it('declines with a reason; accepting a declined suggestion is a clear error', async () => {
		const { courseId, lessonId, learner } = await open();
		const id = await proposeSuggestion(t.app, learner, courseId, lessonId, {
			...edit(`${BODY}\n\nHors sujet.`, 2),
			summary: 'Ajout'
		});
		expect((await refusal(declineSuggestion(t.app, admin, courseId, id, ' '))).errors.reason?.key).toBe(
			'wiki.errors.reasonRequired'
		);
		const before = events.length;
		await declineSuggestion(t.app, admin, courseId, id, 'Hors sujet');
		expect(events.slice(before)).toEqual([
			{
				name: 'SuggestionDeclined',
				payload: { suggestionId: id, courseId, proposerId: learner.id, by: admin.id, reason: 'Hors sujet' }
			}
		]);
		// The proposer is told, with the reason.
		const told = await t.app.db.select().from(notifications).where(eq(notifications.userId, learner.id));
		expect(told.map((x) => [x.kind, x.titleKey, x.titleParams])).toEqual([
			['wiki.suggestionReviewed', 'wiki.notify.suggestionDeclined', { summary: 'Ajout', reason: 'Hors sujet' }]
		]);
		const twice = await refusal(declineSuggestion(t.app, admin, courseId, id, 'Encore'));
		expect([twice.status, twice.errors._form?.key]).toEqual([409, 'wiki.errors.alreadyDeclined']);
		const err = await refusal(acceptSuggestion(t.app, admin, courseId, id));
		expect([err.status, err.errors._form?.key]).toEqual([409, 'wiki.errors.alreadyDeclined']);
		expect((await listSuggestions(t.app.db, courseId))[0]).toMatchObject({ status: 'declined', reason: 'Hors sujet' });
	});

	it('a suggestion conflicting with a later edit comes back to the reviewer to resolve', async () => {
		const { courseId, lessonId, learner } = await open();
		const id = await proposeSuggestion(t.app, learner, courseId, lessonId, {
			...edit(BODY.replace('Troisième.', 'Version apprenante.'), 2),
			summary: 'Reformulation'
		});
		await editLesson(t.app, admin, courseId, lessonId, edit(BODY.replace('Troisième.', 'Version éditeur.'), 2));
		const r = await acceptSuggestion(t.app, admin, courseId, id);
		expect(r).toMatchObject({ outcome: 'conflict', current: 3 });
		expect((await getSuggestion(t.app.db, courseId, id))!.status).toBe('open');
		const resolved = BODY.replace('Troisième.', 'Version commune.');
		expect(await acceptSuggestion(t.app, admin, courseId, id, { body: resolved, baseRevision: 3 })).toMatchObject({
			outcome: 'saved',
			number: 4
		});
		expect((await getLesson(t.app.db, courseId, lessonId))!.body).toBe(resolved);
	});
});

describe('glossary, recent changes, attribution, watchlist', () => {
	it('keeps revisions of glossary terms and lists every change and contributor', async () => {
		const { courseId, lessonId } = await course();
		const term = await createTerm(t.app, admin, courseId, { term: 'Essaim', variants: [], definition: 'Un groupe.' });
		await updateTerm(
			t.app,
			admin,
			courseId,
			term.id,
			{ term: 'Essaim', variants: ['essaims'], definition: 'Un groupe d’abeilles.' },
			{ summary: 'Précision' }
		);
		const terms = await listRevisions(t.app.db, 'glossaryTerm', term.id);
		expect(terms.map((r) => [r.number, r.summary])).toEqual([
			[2, 'Précision'],
			[1, '']
		]);
		const changes = await recentChanges(t.app.db, courseId);
		expect(changes.map((c) => [c.target, c.number])).toEqual([
			['glossaryTerm', 2],
			['glossaryTerm', 1],
			['lesson', 2],
			['lesson', 1]
		]);
		expect(changes[2]!.targetId).toBe(lessonId);
		const credit = await attribution(t.app.db, courseId);
		expect(credit.people).toEqual([{ name: 'Admin', handle: expect.any(String), lessons: 2, terms: 2 }]);
	});

	it('notifies the people who follow a lesson when someone else changes it', async () => {
		const { courseId, lessonId } = await course();
		const follower = await person('Suiveuse');
		await setWatching(t.app.db, follower.id, courseId, lessonId, true);
		await setWatching(t.app.db, admin.id, courseId, lessonId, true);
		await editLesson(t.app, admin, courseId, lessonId, edit(`${BODY}\n\nNouveau.`, 2));
		const rows = await t.app.db.select().from(notifications).where(eq(notifications.kind, 'wiki.lessonChanged'));
		expect(rows.map((r) => r.userId)).toEqual([follower.id]);
		expect(rows[0]!.url).toBe(`/courses/wiki-${n}/lessons/${lessonId}/history`);
		await setWatching(t.app.db, follower.id, courseId, lessonId, false);
		await editLesson(t.app, admin, courseId, lessonId, edit(`${BODY}\n\nEncore.`, 3));
		expect(
			(await t.app.db.select().from(notifications).where(eq(notifications.kind, 'wiki.lessonChanged'))).length
		).toBe(1);
	});
});

describe('migration', () => {
	it('backfills one revision per existing lesson and glossary term, so no history is empty', async () => {
		const { courseId, lessonId } = await course();
		const term = await createTerm(t.app, admin, courseId, { term: 'Ruche', variants: ['ruches'], definition: 'Abri.' });
		await t.app.db.execute(sql`delete from content_revisions where course_id = ${courseId}`);
		const migration = readFileSync(new URL('../../../../../drizzle/0009_wiki_revisions.sql', import.meta.url), 'utf8');
		const backfill = migration
			.split('--> statement-breakpoint')
			.map((s) => s.trim())
			.filter((s) => s.startsWith('INSERT INTO "content_revisions"'));
		expect(backfill).toHaveLength(2);
		// Only this course's rows are missing: run the statements on them alone.
		for (const statement of backfill)
			await t.app.db.execute(sql.raw(`${statement.replace(/;$/, '')} WHERE "course_id" = '${courseId}'`));
		expect((await listRevisions(t.app.db, 'lesson', lessonId)).map((r) => [r.number, r.kind])).toEqual([[2, 'import']]);
		const terms = await listRevisions(t.app.db, 'glossaryTerm', term.id);
		expect(terms.map((r) => [r.number, r.kind])).toEqual([[1, 'import']]);
	});

	it('an imported course starts its history with one revision per lesson and term', async () => {
		const c = await createCourse(t.app, admin, courseSchema.parse({ title: 'Importé', slug: 'importe' }));
		const m = await addItem(t.app, c.id, 'module', c.id, 'M');
		const s = await addItem(t.app, c.id, 'sequence', m, 'S');
		// As the archive import writes them: straight into the table, no revision yet.
		const lessonId = uuidv7();
		await t.app.db
			.insert(lessons)
			.values({ id: lessonId, courseId: c.id, sequenceId: s, position: 0, title: 'Importée' });
		await recordImportRevisions(t.app.db, c.id, admin.id);
		expect((await listRevisions(t.app.db, 'lesson', lessonId)).map((r) => [r.number, r.kind, r.authorName])).toEqual([
			[1, 'import', 'Admin']
		]);
	});
});
