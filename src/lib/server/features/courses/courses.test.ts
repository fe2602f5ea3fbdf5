import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '#lib/server/http/forms.ts';
import type { Actor } from '../authz/policy.ts';
import { courseSchema } from './courses.schemas.ts';
import { courseAuthors, createCourse, getCourseBySlug, setCourseStatus } from './courses.service.ts';
import { addItem, flatten, getLesson, loadPlan, moveItem, moveLesson, saveLesson } from './plan.service.ts';
import { searchCatalogue } from './catalogue.service.ts';
import { coursePageFacts, enrol, learnerState, markDone, recordVisit } from './learning.service.ts';
import { sql } from 'drizzle-orm';
import { uuidv7 } from '#lib/server/ids.ts';
import { seedDemoCourse } from './demo.ts';
import { cachedPlan } from './plan.cache.ts';
import { renameItem, deleteItem } from './plan.service.ts';

let t: TestApp;
let admin: Actor;
beforeAll(async () => {
	t = await createTestApp();
	const a = await createAdmin(t.app);
	admin = { id: a.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
});
afterAll(() => t?.close());

const input = (over: Record<string, string>) => courseSchema.parse({ title: 'Un cours', ...over });
const search = (q: string, extra = {}) =>
	searchCatalogue(t.app.db, { q, language: '', tag: '', mode: '', page: 1, ...extra });

async function refusal(p: Promise<unknown>) {
	try {
		await p;
	} catch (err) {
		if (err instanceof FormError) return err;
		throw err;
	}
	throw new Error('expected a FormError');
}

async function courseWithPlan(slug: string, lessonsPerSequence = 2) {
	const course = await createCourse(t.app, admin, input({ title: `Cours ${slug}`, slug }));
	const m = await addItem(t.app, course.id, 'module', course.id, 'Module 1');
	const s1 = await addItem(t.app, course.id, 'sequence', m, 'Séquence 1');
	const s2 = await addItem(t.app, course.id, 'sequence', m, 'Séquence 2');
	const ids: string[] = [];
	for (const s of [s1, s2])
		for (let i = 1; i <= lessonsPerSequence; i++)
			ids.push(await addItem(t.app, course.id, 'lesson', s, `Leçon ${ids.length + 1}`));
	return { course, ids, sequences: [s1, s2] };
}

describe('authoring', () => {
	it('creates a draft course with good defaults, the author as editor, and refuses a duplicate address', async () => {
		const course = await createCourse(t.app, admin, input({ title: 'Écrire en commun' }));
		expect(course).toMatchObject({
			slug: 'ecrire-en-commun',
			status: 'draft',
			licence: 'CC-BY-SA-4.0',
			enrolmentMode: 'open'
		});
		const err = await refusal(createCourse(t.app, admin, input({ title: 'Autre', slug: 'Ecrire-en-commun' })));
		expect(err.status).toBe(409);
		expect(err.errors.slug?.key).toBe('courses.errors.slugTaken');
	});

	it('reorders with up/down and moves a lesson to another sequence, but never into another course', async () => {
		const { course, ids, sequences } = await courseWithPlan('ordre');
		await moveItem(t.app, course.id, 'lesson', ids[1]!, 'up');
		expect(flatten(await loadPlan(t.app.db, course.id)).map((l) => l.title)).toEqual([
			'Leçon 2',
			'Leçon 1',
			'Leçon 3',
			'Leçon 4'
		]);
		await moveItem(t.app, course.id, 'lesson', ids[1]!, 'up'); // already first: nothing moves
		await moveLesson(t.app, course.id, ids[0]!, sequences[1]!);
		const plan = await loadPlan(t.app.db, course.id);
		expect(plan[0]!.sequences[1]!.lessons.map((l) => l.title)).toEqual(['Leçon 3', 'Leçon 4', 'Leçon 1']);
		const other = await courseWithPlan('autre');
		const err = await refusal(moveLesson(t.app, course.id, ids[0]!, other.sequences[0]!));
		expect(err.errors.sequenceId?.key).toBe('courses.errors.badTarget');
	});

	it('stores Markdown as written and sanitised HTML per revision', async () => {
		const { course, ids } = await courseWithPlan('markdown', 1);
		await saveLesson(
			t.app,
			course.id,
			ids[0]!,
			{ title: 'Titre', body: '# Bonjour\n\n<script>alert(1)</script>', required: true },
			admin.id
		);
		const lesson = await getLesson(t.app.db, course.id, ids[0]!);
		expect(lesson?.body).toContain('<script>');
		expect(lesson?.bodyHtml).toBe('<h2 id="bonjour">Bonjour</h2>\n');
		expect(lesson?.revision).toBe(2);
	});
});

describe('catalogue', () => {
	it('finds published courses only, stemmed and accent-insensitive in French and English', async () => {
		const c = await createCourse(
			t.app,
			admin,
			input({ title: 'Hébergement des services libres', summary: 'Pour les associations', tags: 'numérique, Libre' })
		);
		expect((await search('hebergement')).total).toBe(0); // still a draft
		await setCourseStatus(t.app, admin, c, 'published');
		expect((await search('hebergement')).courses.map((x) => x.slug)).toEqual([c.slug]);
		expect((await search('association')).total).toBe(1);
		expect((await search('services')).total).toBe(1);
		expect((await search('', { tag: 'libre' })).total).toBe(1);
		expect((await search('', { language: 'en' })).total).toBe(0);
		expect((await search('cuisine')).total).toBe(0);
	});
});

describe('following a course', () => {
	it('enrols in one click, completes when every required lesson is done, and emits the events', async () => {
		const { course, ids } = await courseWithPlan('suivre', 1);
		await saveLesson(t.app, course.id, ids[1]!, { title: 'Facultative', body: '', required: false }, admin.id);
		const learner = await createUser(t.app);
		const draft = await getCourseBySlug(t.app.db, 'suivre');
		expect((await refusal(enrol(t.app, learner.id, draft!))).errors._form?.key).toBe('courses.errors.notOpen');
		await setCourseStatus(t.app, admin, course, 'published');
		const events: string[] = [];
		t.app.events.on('LessonCompleted', () => void events.push('LessonCompleted'));
		t.app.events.on('CourseCompleted', () => void events.push('CourseCompleted'));
		const published = (await getCourseBySlug(t.app.db, 'suivre'))!;
		await enrol(t.app, learner.id, published);
		await enrol(t.app, learner.id, published); // twice: still one enrolment
		expect(await markDone(t.app, learner.id, course.id, ids[0]!)).toEqual({ courseCompleted: true });
		expect(await markDone(t.app, learner.id, course.id, ids[0]!)).toEqual({ courseCompleted: false });
		expect(events).toEqual(['LessonCompleted', 'CourseCompleted']);
		await recordVisit(t.app.db, learner.id, course.id, ids[1]!);
		const state = await learnerState(t.app.db, learner.id, course.id);
		expect(state).toMatchObject({ enrolled: true, done: new Set([ids[0]]), lastLessonId: ids[1] });
		expect(state.completedAt).toBeInstanceOf(Date);
		const stranger = await learnerState(t.app.db, (await createUser(t.app)).id, course.id);
		expect(stranger).toEqual({ enrolled: false, done: new Set(), lastLessonId: undefined, completedAt: undefined });
		// The course page's one query: the same state and authors, and whether there are speakers or course terms.
		const authors = await courseAuthors(t.app.db, course.id);
		expect(authors).toHaveLength(1);
		expect(await coursePageFacts(t.app.db, learner.id, course.id)).toEqual({
			...state,
			authors,
			hasSpeakers: false,
			hasTerms: false
		});
		expect(await coursePageFacts(t.app.db, undefined, course.id)).toEqual({
			...stranger,
			authors,
			hasSpeakers: false,
			hasTerms: false
		});
		await t.app.db.execute(sql`insert into speakers (id, course_id, name) values (${uuidv7()}, ${course.id}, 'Ada')`);
		expect(await coursePageFacts(t.app.db, undefined, course.id)).toMatchObject({ hasSpeakers: true, hasTerms: false });
		await t.app.db.execute(sql`insert into terms_versions (id, scope_type, scope_id, version, body)
			values (${uuidv7()}, 'course', ${course.id}, 1, 'Règles')`);
		expect(await coursePageFacts(t.app.db, learner.id, course.id)).toMatchObject({ hasSpeakers: true, hasTerms: true });
		// A second author whose account was deleted: shown as such, in the order they became authors.
		const gone = await createUser(t.app);
		await t.app.db.execute(sql`insert into role_assignments (id, user_id, role, scope_type, scope_id)
			values (${uuidv7()}, ${gone.id}, 'editor', 'course', ${course.id})`);
		await t.app.db.execute(sql`update users set deleted_at = now() where id = ${gone.id}`);
		const both = await courseAuthors(t.app.db, course.id);
		expect(both[1]!.deletedAt).toBeInstanceOf(Date);
		expect((await coursePageFacts(t.app.db, undefined, course.id)).authors).toEqual(both);
	});

	it('refuses progress to people who are not enrolled', async () => {
		const { course, ids } = await courseWithPlan('inscrits', 1);
		const stranger = await createUser(t.app);
		expect((await refusal(markDone(t.app, stranger.id, course.id, ids[0]!))).status).toBe(403);
	});
});

describe('demo course', () => {
	it('is seeded once, published, with its plan', async () => {
		expect(await seedDemoCourse(t.app, admin.id)).toBe(true);
		expect(await seedDemoCourse(t.app, admin.id)).toBe(false);
		const course = await getCourseBySlug(t.app.db, 'heberger-ses-services');
		expect(course?.status).toBe('published');
		expect(flatten(await loadPlan(t.app.db, course!.id))).toHaveLength(5);
	});
});

describe('cached plan', () => {
	it('is served from memory until any change to the plan, then reloaded', async () => {
		const { course, ids, sequences } = await courseWithPlan('cache', 1);
		const titles = async () => {
			const row = (await getCourseBySlug(t.app.db, 'cache'))!;
			return flatten(await cachedPlan(t.app.db, row)).map((l) => `${l.title}${l.required ? '' : '?'}`);
		};
		const first = (await getCourseBySlug(t.app.db, 'cache'))!;
		expect(await cachedPlan(t.app.db, first)).toBe(await cachedPlan(t.app.db, first));
		expect(await titles()).toEqual(['Leçon 1', 'Leçon 2']);
		await renameItem(t.app, course.id, 'lesson', ids[0]!, 'Renommée');
		expect(await titles()).toEqual(['Renommée', 'Leçon 2']);
		await moveItem(t.app, course.id, 'sequence', sequences[1]!, 'up');
		expect(await titles()).toEqual(['Leçon 2', 'Renommée']);
		await saveLesson(t.app, course.id, ids[1]!, { title: 'Facultative', body: '', required: false }, admin.id);
		expect(await titles()).toEqual(['Facultative?', 'Renommée']);
		const added = await addItem(t.app, course.id, 'lesson', sequences[0]!, 'Nouvelle');
		expect(await titles()).toEqual(['Facultative?', 'Renommée', 'Nouvelle']);
		await deleteItem(t.app, course.id, 'lesson', added);
		expect(await titles()).toEqual(['Facultative?', 'Renommée']);
	});
});
