/**
 * Seeds the quiz the HTTP bench takes, through the services: in the big course, a 20-question
 * quiz (multiple choice with one and several answers, true/false, short answer, numerical, in
 * turn; fixed order, all on one page, shuffled choices) on one lesson; 500 learners (bench
 * users 5…504) enrolled, each logged in once through the accounts service so run.ts can rotate
 * their session cookies. Run after seed.ts, before the server starts:
 * `node bench/seed-quiz.ts --data-dir D [--database-url U] [--learners 500]`; prints one JSON line.
 */
import { asc, eq } from 'drizzle-orm';
import { parseArgs } from 'node:util';
import { createApp, type App } from '../src/lib/server/app.ts';
import { readConfig } from '../src/lib/server/config.ts';
import { users } from '../src/lib/server/features/accounts/accounts.table.ts';
import { logIn } from '../src/lib/server/features/accounts/accounts.service.ts';
import type { Actor } from '../src/lib/server/features/authz/policy.ts';
import { courses, lessons } from '../src/lib/server/features/courses/courses.table.ts';
import { enrol } from '../src/lib/server/features/courses/learning.service.ts';
import { defaultCategory } from '../src/lib/server/features/questions/categories.service.ts';
import { insertQuestion } from '../src/lib/server/features/questions/questions.service.ts';
import {
	capital,
	numerical,
	primes,
	shortAnswer,
	trueFalse
} from '../src/lib/server/features/quizzes/quiz.fixtures.ts';
import { quizSchema } from '../src/lib/server/features/quizzes/quizzes.schemas.ts';
import { addQuestionSlots, createQuiz } from '../src/lib/server/features/quizzes/quizzes.service.ts';
import { BENCH_PASSWORD, benchEmail } from './seed.ts';
import { BIG_COURSE_SLUG } from './seed-courses.ts';

export const QUIZ_QUESTIONS = 20;
/** Bench users 1–4 write the forum thread; the quiz learners start after them. */
const FIRST_LEARNER = 5;
/** The lesson (in creation order) that carries the quiz: not the one the lesson page bench reads. */
const QUIZ_LESSON = 45;

const KINDS = [capital, primes, trueFalse, shortAnswer, numerical];
/** Answers the bench posts for each kind, in turn (right and wrong ones). */
const ANSWERS: Record<string, string[]> = {
	multichoice: ['0', '1', '2'],
	truefalse: ['0', '1'],
	shortanswer: ['Victor Hugo', 'Hugo', 'Zola'],
	numerical: ['3.14', '3.1416', '42']
};

async function idOf(app: App, email: string) {
	const [u] = await app.db.select({ id: users.id }).from(users).where(eq(users.email, email));
	if (!u) throw new Error(`no user ${email}: seed more users (--users)`);
	return u.id;
}

export async function seedQuiz(app: App, learners: number) {
	const [course] = await app.db.select().from(courses).where(eq(courses.slug, BIG_COURSE_SLUG));
	if (!course) throw new Error('the big course is missing: run bench/seed.ts first');
	const [lesson] = await app.db
		.select({ id: lessons.id })
		.from(lessons)
		.where(eq(lessons.courseId, course.id))
		.orderBy(asc(lessons.id))
		.offset(QUIZ_LESSON)
		.limit(1);
	const authorId = await idOf(app, benchEmail(2));
	const editor: Actor = { id: authorId, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
	const category = await defaultCategory(app.db, course.id);
	const slots: Array<{ versionId: string; qtype: string; answers: string[] }> = [];
	const ids: string[] = [];
	for (let i = 0; i < QUIZ_QUESTIONS; i++) {
		const data = KINDS[i % KINDS.length]!();
		const q = await insertQuestion(app.db, course.id, category.id, data, authorId);
		ids.push(q.id);
		slots.push({ versionId: q.versionId, qtype: data.qtype, answers: ANSWERS[data.qtype] ?? ['0'] });
	}
	const quiz = await createQuiz(
		app,
		editor,
		course.id,
		lesson!.id,
		quizSchema.parse({ title: 'Évaluation de fin de module', shuffleAnswers: 'on', perPage: '0' })
	);
	await addQuestionSlots(app, editor, course.id, quiz.id, ids);

	// Learners: enrolled, then logged in (argon2id verification, a few at a time).
	const emails = Array.from({ length: learners }, (_, i) => benchEmail(FIRST_LEARNER + i));
	const cookies: string[] = new Array(learners);
	let next = 0;
	async function worker() {
		while (next < emails.length) {
			const i = next++;
			const email = emails[i]!;
			await enrol(app, await idOf(app, email), course);
			const { headers } = await logIn(app, { email, password: BENCH_PASSWORD }, { ip: '127.0.0.1' });
			cookies[i] = headers
				.getSetCookie()
				.map((c) => c.split(';')[0])
				.join('; ');
		}
	}
	await Promise.all(Array.from({ length: 4 }, worker));
	return { courseSlug: course.slug, quizId: quiz.id, lessonId: lesson!.id, slots, cookies };
}

if (import.meta.main) {
	const { values } = parseArgs({
		options: {
			'data-dir': { type: 'string' },
			'database-url': { type: 'string' },
			learners: { type: 'string', default: '500' }
		}
	});
	const started = performance.now();
	const app = await createApp(
		readConfig({
			DATA_DIR: values['data-dir'],
			DATABASE_URL: values['database-url'],
			PUBLIC_URL: 'http://localhost:3300',
			LOG_LEVEL: 'silent',
			RATE_LIMITS: 'false'
		})
	);
	try {
		const quiz = await seedQuiz(app, Number(values.learners));
		console.log(JSON.stringify({ ...quiz, ms: Math.round(performance.now() - started) }));
	} finally {
		await app.close();
	}
}
