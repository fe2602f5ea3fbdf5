import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { uuidv7 } from '#lib/server/ids.ts';
import type { Actor } from '../authz/policy.ts';
import { createTerm, deleteTerm, setLessonOptouts, updateTerm } from '../glossary/glossary.service.ts';
import { courseSchema } from './courses.schemas.ts';
import { createCourse } from './courses.service.ts';
import { lessonHtml, lessonToRead } from './lesson.cache.ts';
import { addItem, saveLesson } from './plan.service.ts';
import { learnerState, markDone, recordVisit } from './learning.service.ts';

let t: TestApp;
let admin: Actor;
beforeAll(async () => {
	t = await createTestApp();
	const a = await createAdmin(t.app);
	admin = { id: a.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
});
afterAll(() => t?.close());

async function courseWithLesson(slug: string, body: string) {
	const course = await createCourse(t.app, admin, courseSchema.parse({ title: `Cours ${slug}`, slug }));
	const m = await addItem(t.app, course.id, 'module', course.id, 'Module');
	const s = await addItem(t.app, course.id, 'sequence', m, 'Séquence');
	const lessonId = await addItem(t.app, course.id, 'lesson', s, 'Leçon');
	await saveLesson(t.app, course.id, lessonId, { title: 'Leçon', body, required: true }, admin.id);
	return { course, lessonId };
}

/** What the lesson page shows now (both steps, as the route calls them). */
async function read(course: { id: string; slug: string }, lessonId: string) {
	const lesson = (await lessonToRead(t.app.db, course.id, lessonId))!;
	return { lesson, html: await lessonHtml(t.app.db, course, lesson) };
}

/** Changes the stored HTML behind the cache's back (no new revision): a cached read keeps the old one. */
const tamper = (lessonId: string, html: string) =>
	t.app.db.execute(sql`update lessons set body_html = ${html} where id = ${lessonId}`);

const def = (term: string, variants: string[] = []) => ({ term, variants, definition: `Définition de ${term}.` });

describe('the lesson as read (lesson.cache.ts)', () => {
	it('reads title, required and what the lesson has; unknown or other-course lessons are undefined', async () => {
		const { course, lessonId } = await courseWithLesson('lecture-a', 'Un serveur.');
		const other = await courseWithLesson('lecture-b', 'Autre.');
		const { lesson, html } = await read(course, lessonId);
		expect(lesson).toMatchObject({ id: lessonId, title: 'Leçon', required: true, hasMedia: false, hasQuizzes: false });
		expect(html).toBe('<p>Un serveur.</p>\n');
		expect(await lessonToRead(t.app.db, course.id, other.lessonId)).toBeUndefined();
		expect(await lessonToRead(t.app.db, course.id, uuidv7())).toBeUndefined();

		await t.app.db.execute(sql`insert into lesson_media (id, course_id, lesson_id, kind, source)
			values (${uuidv7()}, ${course.id}, ${lessonId}, 'video', 'peertube')`);
		await t.app.db.execute(sql`insert into quizzes (id, course_id, lesson_id, title)
			values (${uuidv7()}, ${course.id}, ${lessonId}, 'Quiz')`);
		expect(await lessonToRead(t.app.db, course.id, lessonId)).toMatchObject({ hasMedia: true, hasQuizzes: true });
	});

	it("carries the reader's learner state (none for an anonymous reader)", async () => {
		const { course, lessonId } = await courseWithLesson('lecture-f', 'Texte.');
		const learner = await createUser(t.app);
		await t.app.db.execute(sql`insert into role_assignments (id, user_id, role, scope_type, scope_id)
			values (${uuidv7()}, ${learner.id}, 'learner', 'course', ${course.id})`);
		await markDone(t.app, learner.id, course.id, lessonId);
		await recordVisit(t.app.db, learner.id, course.id, lessonId);
		const state = await learnerState(t.app.db, learner.id, course.id);
		expect(state).toMatchObject({ enrolled: true, done: new Set([lessonId]), lastLessonId: lessonId });
		expect((await lessonToRead(t.app.db, course.id, lessonId, learner.id))!.learner).toEqual(state);
		expect((await lessonToRead(t.app.db, course.id, lessonId))!.learner).toEqual({
			enrolled: false,
			done: new Set(),
			lastLessonId: undefined,
			completedAt: undefined
		});
	});

	it('is cached per version, and rebuilt when the lesson is saved', async () => {
		const { course, lessonId } = await courseWithLesson('lecture-c', 'Premier texte.');
		expect((await read(course, lessonId)).html).toContain('Premier texte.');
		await tamper(lessonId, '<p>changé en douce</p>');
		expect((await read(course, lessonId)).html).toContain('Premier texte.'); // same version: cached
		await saveLesson(t.app, course.id, lessonId, { title: 'Leçon', body: 'Second texte.', required: true }, admin.id);
		expect((await read(course, lessonId)).html).toContain('Second texte.');
	});

	it('is rebuilt when the glossary changes (term added, edited, deleted) or the lesson opts out', async () => {
		const { course, lessonId } = await courseWithLesson('lecture-d', 'Un serveur et un logiciel.');
		expect((await read(course, lessonId)).html).not.toContain('<a');
		const serveur = await createTerm(t.app, admin, course.id, def('serveur'));
		let { html } = await read(course, lessonId);
		expect(html).toContain('/courses/lecture-d/glossary#serveur');
		expect(html).not.toContain('#logiciel');

		await tamper(lessonId, '<p>Un serveur et un logiciel, modifié.</p>');
		expect((await read(course, lessonId)).html).not.toContain('modifié'); // cached
		const logiciel = await createTerm(t.app, admin, course.id, def('logiciel'));
		html = (await read(course, lessonId)).html;
		expect(html).toContain('modifié');
		expect(html).toContain('#logiciel');

		await updateTerm(t.app, admin, course.id, logiciel.id, {
			term: 'logiciel',
			variants: [],
			definition: 'Nouvelle définition.'
		});
		expect((await read(course, lessonId)).html).toContain('Nouvelle définition.');

		await deleteTerm(t.app, admin, course.id, serveur.id);
		html = (await read(course, lessonId)).html;
		expect(html).not.toContain('#serveur');
		expect(html).toContain('#logiciel');

		await setLessonOptouts(t.app, admin, course.id, [lessonId]);
		expect((await read(course, lessonId)).html).not.toContain('<a');
		await setLessonOptouts(t.app, admin, course.id, []);
		expect((await read(course, lessonId)).html).toContain('#logiciel');
	});

	it('is rebuilt when the course is renamed (links carry its slug)', async () => {
		const { course, lessonId } = await courseWithLesson('lecture-e', 'Un serveur.');
		await createTerm(t.app, admin, course.id, def('serveur'));
		expect((await read(course, lessonId)).html).toContain('/courses/lecture-e/glossary#serveur');
		const renamed = { ...course, slug: 'lecture-e2' };
		expect((await read(renamed, lessonId)).html).toContain('/courses/lecture-e2/glossary#serveur');
	});
});
