import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '#lib/server/http/forms.ts';
import type { Actor } from '../authz/policy.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse } from '../courses/courses.service.ts';
import type { QuestionData } from './question.types.ts';
import { validateQuestion } from './questions.schemas.ts';
import {
	createCategory,
	defaultCategory,
	deleteCategory,
	ensureCategoryPath,
	listCategories,
	updateCategory
} from './categories.service.ts';
import {
	createQuestion,
	deleteQuestion,
	duplicateQuestion,
	getQuestion,
	listQuestions,
	moveQuestions,
	questionHistory,
	updateQuestion
} from './questions.service.ts';
import { renderQuestionText } from './render.ts';
import { canManageBank, canViewBank } from './access.ts';
import { questionVersions } from './questions.table.ts';
import { uuidv7 } from '#lib/server/ids.ts';

let t: TestApp;
let admin: Actor;
let courseId: string;
beforeAll(async () => {
	t = await createTestApp();
	const a = await createAdmin(t.app);
	admin = { id: a.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
	courseId = (await createCourse(t.app, admin, courseSchema.parse({ title: 'Banque', slug: 'banque' }))).id;
});
afterAll(() => t?.close());

async function refusal(p: Promise<unknown> | (() => unknown)) {
	try {
		await (typeof p === 'function' ? p() : p);
	} catch (err) {
		if (err instanceof FormError) return err;
		throw err;
	}
	throw new Error('expected a FormError');
}

const ans = (text: string, fraction: number, extra: Partial<QuestionData['answers'][number]> = {}) => ({
	text,
	format: 'moodle' as const,
	fraction,
	feedback: '',
	feedbackformat: 'moodle' as const,
	...extra
});
export function q(over: Partial<QuestionData> = {}): QuestionData {
	return {
		qtype: 'multichoice',
		name: 'Capitale',
		questiontext: 'Quelle est la capitale de la France ?',
		questiontextformat: 'markdown',
		generalfeedback: '',
		generalfeedbackformat: 'markdown',
		defaultmark: 1,
		penalty: 0.3333333,
		single: true,
		answers: [ans('Paris', 1), ans('Lyon', 0)],
		subquestions: [],
		tags: [],
		idnumber: '',
		...over
	};
}
const fieldsOf = async (data: unknown) => Object.keys((await refusal(() => validateQuestion(data))).errors);
const keyOf = async (data: unknown, field: string) => (await refusal(() => validateQuestion(data))).errors[field]?.key;

describe('validation per type', () => {
	it('accepts a well-formed question of each type', () => {
		expect(validateQuestion(q()).name).toBe('Capitale');
		validateQuestion(q({ single: false, answers: [ans('a', 0.5), ans('b', 0.5), ans('c', -1)] }));
		validateQuestion(q({ qtype: 'truefalse', answers: [ans('true', 0), ans('false', 1)] }));
		validateQuestion(q({ qtype: 'shortanswer', answers: [ans('Paris', 1)] }));
		validateQuestion(q({ qtype: 'numerical', answers: [ans('1822', 1, { tolerance: 2 }), ans('*', 0)] }));
		validateQuestion(
			q({
				qtype: 'match',
				answers: [],
				subquestions: [
					{ text: 'Canada', format: 'moodle', answer: 'Ottawa' },
					{ text: 'Italie', format: 'moodle', answer: 'Rome' },
					{ text: '', format: 'moodle', answer: 'Tokyo' }
				]
			})
		);
		validateQuestion(q({ qtype: 'essay', answers: [] }));
		validateQuestion(q({ qtype: 'description', answers: [], defaultmark: 0 }));
	});

	it('requires a name and a text', async () => {
		expect(await fieldsOf(q({ name: ' ', questiontext: '  ' }))).toEqual(['name', 'questiontext']);
		expect(await keyOf(q({ qtype: 'bogus' as never }), 'qtype')).toBe('errors.invalid');
	});

	it('multichoice: two answers, one at 100 % when single, positive total 100 % otherwise', async () => {
		expect(await keyOf(q({ answers: [ans('Paris', 1)] }), 'answers')).toBe('questions.errors.twoAnswers');
		expect(await keyOf(q({ answers: [ans('a', 0.5), ans('b', 0)] }), 'answers')).toBe('questions.errors.oneFull');
		expect(await keyOf(q({ single: false, answers: [ans('a', 0.5), ans('b', 0.2)] }), 'answers')).toBe(
			'questions.errors.sumFull'
		);
		expect(await keyOf(q({ answers: [ans('Paris', 1), ans('', 0)] }), 'answer_1_text')).toBe('errors.required');
		// Moodle rounds: three thirds make 100 %.
		validateQuestion(q({ single: false, answers: [ans('a', 0.3333333), ans('b', 0.3333333), ans('c', 0.3333333)] }));
	});

	it('fractions stay within −100…100 %', async () => {
		expect(await keyOf(q({ answers: [ans('Paris', 1.5), ans('Lyon', 0)] }), 'answer_0_fraction')).toBe(
			'questions.errors.fraction'
		);
		expect(await keyOf(q({ answers: [ans('Paris', 1), ans('Lyon', -2)] }), 'answer_1_fraction')).toBe(
			'questions.errors.fraction'
		);
	});

	it('numerical: answers are numbers, tolerance ≥ 0', async () => {
		expect(await keyOf(q({ qtype: 'numerical', answers: [ans('douze', 1)] }), 'answer_0_text')).toBe(
			'questions.errors.number'
		);
		expect(
			await keyOf(q({ qtype: 'numerical', answers: [ans('12', 1, { tolerance: -1 })] }), 'answer_0_tolerance')
		).toBe('questions.errors.tolerance');
		expect(await keyOf(q({ qtype: 'numerical', answers: [] }), 'answers')).toBe('questions.errors.oneAnswer');
	});

	it('shortanswer: one answer at 100 %; truefalse: a right value; match: two pairs', async () => {
		expect(await keyOf(q({ qtype: 'shortanswer', answers: [] }), 'answers')).toBe('questions.errors.oneAnswer');
		expect(await keyOf(q({ qtype: 'shortanswer', answers: [ans('Paris', 0.5)] }), 'answers')).toBe(
			'questions.errors.oneFull'
		);
		expect(await keyOf(q({ qtype: 'truefalse', answers: [ans('true', 0)] }), 'answers')).toBe(
			'questions.errors.trueFalse'
		);
		const one = [{ text: 'Canada', format: 'moodle' as const, answer: 'Ottawa' }];
		expect(await keyOf(q({ qtype: 'match', answers: [], subquestions: one }), 'subquestions')).toBe(
			'questions.errors.twoPairs'
		);
		expect(
			await keyOf(
				q({ qtype: 'match', answers: [], subquestions: [...one, { text: 'Italie', format: 'moodle', answer: '' }] }),
				'sub_1_answer'
			)
		).toBe('errors.required');
	});

	it('refuses too many answers and texts too long', async () => {
		const many = Array.from({ length: 51 }, (_, i) => ans(`r${i}`, i === 0 ? 1 : 0));
		expect(await keyOf(q({ answers: many }), 'answers')).toBe('questions.errors.tooManyAnswers');
		const long = await refusal(() => validateQuestion(q({ name: 'x'.repeat(256) })));
		expect(long.errors.name).toEqual({ key: 'errors.tooLong', params: { max: 255 } });
	});

	it('refuses marks and penalties out of range', async () => {
		expect(await fieldsOf(q({ defaultmark: -1, penalty: 2 }))).toEqual(['defaultmark', 'penalty']);
	});
});

describe('who may use the bank', () => {
	it('editors and administrators manage it, tutors only read it, learners and others do not see it', () => {
		const as = (role: string, scopeType = 'course', scopeId = 'C'): Actor => ({
			id: 'me',
			roles: [{ role, scopeType, scopeId }]
		});
		const rows = [
			['admin', as('admin', 'instance', '')],
			['editor', as('editor')],
			['tutor', as('tutor')],
			['learner', as('learner')],
			['editor elsewhere', as('editor', 'course', 'D')],
			['anonymous', null]
		] as const;
		expect(rows.map(([name, a]) => [name, canManageBank(a, 'C'), canViewBank(a, 'C')])).toEqual([
			['admin', true, true],
			['editor', true, true],
			['tutor', false, true],
			['learner', false, false],
			['editor elsewhere', false, false],
			['anonymous', false, false]
		]);
	});
});

describe('rendering texts', () => {
	it('renders each format safely', () => {
		expect(renderQuestionText('**gras**', 'markdown')).toContain('<strong>gras</strong>');
		expect(renderQuestionText('<b>a*b*c</b><script>x()</script>', 'html')).toBe('<p><strong>a*b*c</strong></p>\n');
		expect(renderQuestionText('<b>1 < 2</b>', 'plain')).toBe('<p>&#60;b&#62;1 &#60; 2&#60;/b&#62;</p>');
		expect(renderQuestionText('[x](javascript:alert(1))', 'moodle')).not.toContain('href');
	});
});

describe('questions and versions', () => {
	it('creates, edits as new versions, keeps history, and skips unchanged saves', async () => {
		const cat = await defaultCategory(t.app.db, courseId);
		const { id, versionId } = await createQuestion(t.app, admin, courseId, { categoryId: cat.id, data: q() });
		const edit = await updateQuestion(t.app, admin, courseId, id, { data: q({ name: 'Capitale de la France' }) });
		expect(edit.changed).toBe(true);
		expect(edit.versionId).not.toBe(versionId);
		const same = await updateQuestion(t.app, admin, courseId, id, { data: q({ name: 'Capitale de la France' }) });
		expect(same).toEqual({ versionId: edit.versionId, changed: false });
		const current = await getQuestion(t.app.db, courseId, id);
		expect(current).toMatchObject({ name: 'Capitale de la France', version: 2, currentVersionId: edit.versionId });
		const history = await questionHistory(t.app.db, courseId, id);
		expect(history.map((h) => [h.version, h.name])).toEqual([
			[2, 'Capitale de la France'],
			[1, 'Capitale']
		]);
		expect(history[0]!.author).toBeTruthy();
		const qtype = await refusal(
			updateQuestion(t.app, admin, courseId, id, { data: q({ qtype: 'shortanswer', answers: [ans('Paris', 1)] }) })
		);
		expect(qtype.errors.qtype?.key).toBe('questions.errors.qtypeChange');
	});

	it('answers a 409 when another save took the next version number first', async () => {
		const cat = await defaultCategory(t.app.db, courseId);
		const { id } = await createQuestion(t.app, admin, courseId, { categoryId: cat.id, data: q({ name: 'Course' }) });
		// Another process's version 2, written between our read and our write.
		await t.app.db
			.insert(questionVersions)
			.values({ id: uuidv7(), questionId: id, version: 2, data: q({ name: 'Autre' }) });
		const race = await refusal(updateQuestion(t.app, admin, courseId, id, { data: q({ name: 'Course (v2)' }) }));
		expect(race).toMatchObject({ status: 409, errors: { _form: { key: 'questions.errors.conflict' } } });
	});

	it('refuses people who do not edit the course', async () => {
		const cat = await defaultCategory(t.app.db, courseId);
		const tutor: Actor = { id: 'x', roles: [{ role: 'tutor', scopeType: 'course', scopeId: courseId }] };
		expect((await refusal(createQuestion(t.app, tutor, courseId, { categoryId: cat.id, data: q() }))).status).toBe(403);
		expect((await refusal(createCategory(t.app, null, courseId, { name: 'X' }))).status).toBe(403);
	});

	it('duplicates, moves, searches, and soft-deletes', async () => {
		const cat = await defaultCategory(t.app.db, courseId);
		const other = await createCategory(t.app, admin, courseId, { name: 'Géographie' });
		const { id } = await createQuestion(t.app, admin, courseId, {
			categoryId: cat.id,
			data: q({
				name: 'Fleuve',
				questiontext: 'Quel fleuve traverse Paris ?',
				answers: [ans('La Seine', 1), ans('Le Rhône', 0)]
			})
		});
		const copy = await duplicateQuestion(t.app, admin, courseId, id);
		expect((await getQuestion(t.app.db, courseId, copy.id))?.name).toBe('Fleuve (copie)');
		expect(await moveQuestions(t.app, admin, courseId, [id, copy.id], other.id)).toBe(2);
		expect((await listQuestions(t.app.db, courseId, { categoryIds: [other.id] })).map((x) => x.name)).toEqual([
			'Fleuve',
			'Fleuve (copie)'
		]);
		expect((await listQuestions(t.app.db, courseId, { search: 'traverse' })).length).toBe(2);
		expect((await listQuestions(t.app.db, courseId, { search: '100%' })).length).toBe(0);
		await deleteQuestion(t.app, admin, courseId, copy.id);
		expect((await listQuestions(t.app.db, courseId, { search: 'fleuve' })).map((x) => x.name)).toEqual(['Fleuve']);
		// Still readable for past attempts, but not editable.
		expect((await getQuestion(t.app.db, courseId, copy.id))?.deletedAt).toBeTruthy();
		expect((await refusal(updateQuestion(t.app, admin, courseId, copy.id, { data: q() }))).status).toBe(404);
		expect((await refusal(moveQuestions(t.app, admin, courseId, [], other.id))).errors.ids?.key).toBe(
			'questions.errors.noneSelected'
		);
	});
});

describe('categories', () => {
	it('nests, refuses sibling duplicates and cycles, deletes empty or by moving contents up', async () => {
		const a = await createCategory(t.app, admin, courseId, { name: 'Chapitre A' });
		const b = await createCategory(t.app, admin, courseId, { name: 'Section B', parentId: a.id });
		const c = await ensureCategoryPath(t.app.db, courseId, ['chapitre a', 'Section B', 'Révisions']);
		expect(c.parentId).toBe(b.id);
		const tree = await listCategories(t.app.db, courseId);
		expect(tree.find((x) => x.id === c.id)).toMatchObject({ depth: 2, path: ['Chapitre A', 'Section B', 'Révisions'] });
		expect(
			(await refusal(createCategory(t.app, admin, courseId, { name: 'section b', parentId: a.id }))).errors.name?.key
		).toBe('questions.errors.categoryTaken');
		expect(
			(await refusal(updateCategory(t.app, admin, courseId, a.id, { name: 'Chapitre A', parentId: c.id }))).errors
				.parentId?.key
		).toBe('questions.errors.cycle');
		expect(
			(await refusal(updateCategory(t.app, admin, courseId, a.id, { name: 'Chapitre A', parentId: a.id }))).status
		).toBe(409);
		await createQuestion(t.app, admin, courseId, { categoryId: b.id, data: q({ name: 'Dans B' }) });
		expect((await refusal(deleteCategory(t.app, admin, courseId, b.id))).errors._form?.key).toBe(
			'questions.errors.categoryNotEmpty'
		);
		expect(
			(await refusal(deleteCategory(t.app, admin, courseId, a.id, { moveToParent: true }))).errors._form?.key
		).toBe('questions.errors.topNotEmpty');
		await deleteCategory(t.app, admin, courseId, b.id, { moveToParent: true });
		const after = await listCategories(t.app.db, courseId);
		expect(after.find((x) => x.id === c.id)?.parentId).toBe(a.id);
		expect(after.find((x) => x.id === a.id)?.questionCount).toBe(1);
		await deleteCategory(t.app, admin, courseId, c.id);
		expect((await listCategories(t.app.db, courseId)).some((x) => x.id === c.id)).toBe(false);
	});
});
