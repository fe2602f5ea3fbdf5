import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '#lib/server/http/forms.ts';
import type { Actor } from '../authz/policy.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse, updateCourse } from '../courses/courses.service.ts';
import { addItem, deleteItem } from '../courses/plan.service.ts';
import {
	createTerm,
	deleteTerm,
	getTerm,
	lessonOptouts,
	letterOf,
	listTerms,
	setLessonOptouts,
	updateTerm
} from './glossary.service.ts';
import { linkLesson } from './glossary.links.ts';
import { GLOSSARY_LIMITS } from './glossary.schemas.ts';

let t: TestApp;
let admin: Actor;
beforeAll(async () => {
	t = await createTestApp();
	const a = await createAdmin(t.app);
	admin = { id: a.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
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

async function courseWithLessons(slug: string) {
	const course = await createCourse(t.app, admin, courseSchema.parse({ title: `Cours ${slug}`, slug }));
	const m = await addItem(t.app, course.id, 'module', course.id, 'Module');
	const s = await addItem(t.app, course.id, 'sequence', m, 'Séquence');
	const lessons = [
		await addItem(t.app, course.id, 'lesson', s, 'Leçon 1'),
		await addItem(t.app, course.id, 'lesson', s, 'Leçon 2')
	];
	return { course, lessons };
}

const def = (term: string, variants: string[] = [], definition = `Définition de ${term}.`) => ({
	term,
	variants,
	definition
});
const HTML = '<p>Un logiciel libre, un logiciel, un serveur.</p>';

describe('glossary terms', () => {
	it('creates terms with anchors and safe HTML, lists them A–Z, and files them by letter', async () => {
		const { course } = await courseWithLessons('lexique');
		await createTerm(t.app, admin, course.id, def('Serveur', ['serveurs', 'Serveurs', ' ', 'serveur']));
		const libre = await createTerm(
			t.app,
			admin,
			course.id,
			def('Logiciel libre', [], '# Titre\n\nTexte[^1].\n\n[^1]: Note <script>x</script>')
		);
		await createTerm(t.app, admin, course.id, def('Élément'));
		await createTerm(t.app, admin, course.id, def('3D'));
		const terms = await listTerms(t.app.db, course.id);
		expect(terms.map((x) => x.term)).toEqual(['3D', 'Élément', 'Logiciel libre', 'Serveur']);
		expect(terms.map((x) => letterOf(x.term))).toEqual(['#', 'E', 'L', 'S']);
		expect(terms[3]!.variants).toEqual(['serveurs']);
		expect(libre.slug).toBe('logiciel-libre');
		expect(libre.definitionHtml).toContain('<p><strong>Titre</strong></p>');
		expect(libre.definitionHtml).toContain('id="logiciel-libre_fn1"');
		expect(libre.definitionHtml).toContain('href="#logiciel-libre_fn1"');
		expect(libre.definitionHtml).not.toContain('<script');
	});

	it('refuses a term or a variant another term already uses (case and accents ignored), with a 409 next to the field', async () => {
		const { course } = await courseWithLessons('doublons');
		const h = await createTerm(t.app, admin, course.id, def('Héberger', ['hébergement']));
		let err = await refusal(createTerm(t.app, admin, course.id, def('HEBERGER')));
		expect(err.status).toBe(409);
		expect(err.errors.term).toEqual({ key: 'glossary.errors.termTaken', params: { term: 'Héberger' } });
		err = await refusal(createTerm(t.app, admin, course.id, def('Hébergeur', ['Hebergement'])));
		expect(err.errors.variants).toEqual({
			key: 'glossary.errors.variantTaken',
			params: { variant: 'Hebergement', term: 'Héberger' }
		});
		err = await refusal(createTerm(t.app, admin, course.id, def('Hébergements', [], '')));
		expect(err.status).toBe(400);
		expect(err.errors.definition?.key).toBe('errors.required');
		// Editing a term may keep its own forms.
		await updateTerm(t.app, admin, course.id, h.id, def('héberger', ['hébergement', 'hébergé']));
		expect((await getTerm(t.app.db, course.id, h.id))?.variants).toEqual(['hébergement', 'hébergé']);
		expect((await getTerm(t.app.db, course.id, h.id))?.slug).toBe('heberger');
	});

	it('enforces the limits', async () => {
		const { course } = await courseWithLessons('limites');
		const L = GLOSSARY_LIMITS;
		const many = Array.from({ length: L.variants + 1 }, (_, i) => `forme ${i}`);
		expect((await refusal(createTerm(t.app, admin, course.id, def('x'.repeat(L.term + 1))))).errors.term?.key).toBe(
			'errors.tooLong'
		);
		expect((await refusal(createTerm(t.app, admin, course.id, def('a', many)))).errors.variants?.key).toBe(
			'glossary.errors.tooManyVariants'
		);
		expect(
			(await refusal(createTerm(t.app, admin, course.id, def('a', ['v'.repeat(L.variant + 1)])))).errors.variants?.key
		).toBe('glossary.errors.variantTooLong');
		expect(
			(await refusal(createTerm(t.app, admin, course.id, def('a', [], 'd'.repeat(L.definition + 1))))).errors.definition
				?.key
		).toBe('errors.tooLong');
	});

	it('lets only the course editors change the glossary', async () => {
		const { course } = await courseWithLessons('droits');
		const someone = await createUser(t.app);
		const actor: Actor = { id: someone.id, roles: [] };
		expect((await refusal(createTerm(t.app, actor, course.id, def('Terme')))).status).toBe(403);
		const term = await createTerm(t.app, admin, course.id, def('Terme'));
		expect((await refusal(updateTerm(t.app, actor, course.id, term.id, def('Autre')))).status).toBe(403);
		expect((await refusal(deleteTerm(t.app, actor, course.id, term.id))).status).toBe(403);
		expect((await refusal(setLessonOptouts(t.app, actor, course.id, []))).status).toBe(403);
		const other = await courseWithLessons('droits-autre');
		expect((await refusal(deleteTerm(t.app, admin, other.course.id, term.id))).status).toBe(404);
		await deleteTerm(t.app, admin, course.id, term.id);
		expect(await listTerms(t.app.db, course.id)).toEqual([]);
	});
});

describe('links in lessons', () => {
	it('links terms, follows every change of the glossary, and respects the lesson opt-out', async () => {
		const { course, lessons } = await courseWithLessons('liens');
		const ref = { id: course.id, slug: course.slug };
		expect(await linkLesson(t.app.db, ref, lessons[0]!, HTML)).toBe(HTML);
		const logiciel = await createTerm(t.app, admin, course.id, def('Logiciel'));
		await createTerm(
			t.app,
			admin,
			course.id,
			def('Logiciel libre', [], 'Un logiciel qui respecte vos **libertés** & plus.')
		);
		let html = await linkLesson(t.app.db, ref, lessons[0]!, HTML);
		expect(html).toContain(
			'<a href="/courses/liens/glossary#logiciel-libre" class="term" aria-describedby="term_logiciel-libre">logiciel libre</a>'
		);
		expect(html).toContain('id="term_logiciel-libre">Un logiciel qui respecte vos libertés &amp; plus.</span>');
		expect(html).toContain('glossary#logiciel"');
		expect(html).not.toContain('glossary#serveur');
		// A new term, an edit and a deletion are seen by the next request (the cache is versioned).
		await createTerm(t.app, admin, course.id, def('Serveur'));
		expect(await linkLesson(t.app.db, ref, lessons[0]!, HTML)).toContain('glossary#serveur"');
		await updateTerm(t.app, admin, course.id, logiciel.id, def('Logiciel', [], 'Nouvelle définition.'));
		expect(await linkLesson(t.app.db, ref, lessons[0]!, HTML)).toContain('Nouvelle définition.');
		await deleteTerm(t.app, admin, course.id, logiciel.id);
		html = await linkLesson(t.app.db, ref, lessons[0]!, HTML);
		expect(html).not.toContain('glossary#logiciel"');
		// A renamed course gets links to its new address.
		await updateCourse(t.app, admin, course, courseSchema.parse({ title: course.title, slug: 'liens-2' }));
		expect(await linkLesson(t.app.db, { id: course.id, slug: 'liens-2' }, lessons[0]!, HTML)).toContain(
			'/courses/liens-2/glossary#'
		);
		// Opting out disables the links in that lesson only; lessons of other courses are ignored.
		const other = await courseWithLessons('liens-autre');
		await setLessonOptouts(t.app, admin, course.id, [lessons[1]!, other.lessons[0]!]);
		expect([...(await lessonOptouts(t.app.db, course.id))]).toEqual([lessons[1]]);
		expect(await lessonOptouts(t.app.db, other.course.id)).toEqual(new Set());
		expect(await linkLesson(t.app.db, ref, lessons[1]!, HTML)).toBe(HTML);
		expect(await linkLesson(t.app.db, ref, lessons[0]!, HTML)).not.toBe(HTML);
		await setLessonOptouts(t.app, admin, course.id, []);
		expect(await linkLesson(t.app.db, ref, lessons[1]!, HTML)).not.toBe(HTML);
		// Deleting a lesson deletes its opt-out.
		await setLessonOptouts(t.app, admin, course.id, [lessons[1]!]);
		await deleteItem(t.app, course.id, 'lesson', lessons[1]!);
		expect(await lessonOptouts(t.app.db, course.id)).toEqual(new Set());
	});
});
