/** Integration-test setup for quizzes: a published course with a lesson, a bank, people. */
import { createAdmin, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '../../http/forms.ts';
import type { Actor } from '../authz/policy.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse, setCourseStatus } from '../courses/courses.service.ts';
import { enrol } from '../courses/learning.service.ts';
import { addItem } from '../courses/plan.service.ts';
import { defaultCategory } from '../questions/categories.service.ts';
import type { QuestionData } from '../questions/question.types.ts';
import { insertQuestion } from '../questions/questions.service.ts';
import { quizSchema } from './quizzes.schemas.ts';

export async function refusal(p: Promise<unknown>) {
	try {
		await p;
	} catch (err) {
		if (err instanceof FormError) return err;
		throw err;
	}
	throw new Error('expected a FormError');
}

let n = 0;
export async function quizCourse(t: TestApp) {
	n++;
	const a = await createAdmin(t.app);
	const editor: Actor = { id: a.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
	const course = await createCourse(
		t.app,
		editor,
		courseSchema.parse({ title: `Quiz course ${n}`, slug: `quiz-${n}-${Date.now()}` })
	);
	const m = await addItem(t.app, course.id, 'module', course.id, 'Module');
	const s = await addItem(t.app, course.id, 'sequence', m, 'Séquence');
	const lessonId = await addItem(t.app, course.id, 'lesson', s, 'Leçon');
	await setCourseStatus(t.app, editor, course, 'published');
	const category = await defaultCategory(t.app.db, course.id);
	async function learner() {
		const u = await createUser(t.app);
		await enrol(t.app, u.id, { ...course, status: 'published' });
		const actor: Actor = { id: u.id, roles: [{ role: 'learner', scopeType: 'course', scopeId: course.id }] };
		return actor;
	}
	async function question(data: QuestionData, categoryId = category.id) {
		return insertQuestion(t.app.db, course.id, categoryId, data, editor.id);
	}
	return { course, lessonId, editor, category, learner, question };
}

export const settings = (over: Record<string, string> = {}) =>
	quizSchema.parse({ title: 'Quiz', shuffleAnswers: 'on', passMark: '50', ...over });
