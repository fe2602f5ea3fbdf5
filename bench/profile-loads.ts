/**
 * Probe: the real `load` functions of the course page and the lesson page, called in-process on
 * the bench's seeded data (seed-courses.ts) as the logged-in learner, with wall and CPU µs per
 * call and the SQL statements each sends (and which). SSR is not included: see profile-pages.ts.
 * `node bench/profile-loads.ts [--iterations 300] [--statements]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { createApp } from '../src/lib/server/app.ts';
import { readConfig } from '../src/lib/server/config.ts';
import { users } from '../src/lib/server/features/accounts/accounts.table.ts';
import { rolesOf } from '../src/lib/server/features/authz/roles.service.ts';
import { seedUsers } from './seed.ts';
import { seedCourses } from './seed-courses.ts';
import { getCourseBySlug } from '../src/lib/server/features/courses/courses.service.ts';
import { getLesson } from '../src/lib/server/features/courses/plan.service.ts';
import { cachedPlan } from '../src/lib/server/features/courses/plan.cache.ts';
import { coursePageFacts, learnerState } from '../src/lib/server/features/courses/learning.service.ts';
import { lessonHtml, lessonToRead } from '../src/lib/server/features/courses/lesson.cache.ts';
import { sql } from 'drizzle-orm';
import { linkLesson } from '../src/lib/server/features/glossary/glossary.links.ts';
import { renderClips } from '../src/lib/server/features/media/clips.ts';
import { lessonPlayers } from '../src/lib/server/features/media/media.service.ts';
import { lessonQuizzes } from '../src/lib/server/features/quizzes/quizzes.service.ts';
import { lessonWikiState } from '../src/lib/server/features/wiki/watch.service.ts';
import { load as coursePageLoad } from '../src/routes/courses/[slug]/+page.server.ts';
import { load as lessonPageLoad } from '../src/routes/courses/[slug]/lessons/[id]/+page.server.ts';

const { values } = parseArgs({
	options: { iterations: { type: 'string', default: '300' }, statements: { type: 'boolean', default: false } }
});
const N = Number(values.iterations);
const dataDir = mkdtempSync(join(tmpdir(), 'essaim-probe-loads-'));
const app = await createApp(
	readConfig({ DATA_DIR: dataDir, PUBLIC_URL: 'http://localhost:3300', LOG_LEVEL: 'silent', RATE_LIMITS: 'false' })
);
try {
	const login = await seedUsers(app.db, 1000);
	const seeded = await seedCourses(app, 'bench-000002@example.org', login.email);
	const db = app.db;
	const [user] = await db.select().from(users).where(eq(users.email, login.email));
	const locals = {
		app,
		locale: 'fr',
		user,
		sessionId: 'probe',
		actor: { id: user!.id, roles: await rolesOf(db, user!.id) },
		unreadNotifications: 0,
		termsPending: false
	} as unknown as App.Locals;
	const cookies = { get: () => undefined } as unknown as import('@sveltejs/kit').Cookies;
	const event = (path: string, params: Record<string, string>) =>
		({ locals, params, cookies, url: new URL(`http://localhost:3300${path}`) }) as never;
	const coursePath = `/courses/${seeded.slug}`;
	const lessonPath = `${coursePath}/lessons/${seeded.lessonId}`;

	const client = (db as unknown as { $client: Record<string, (...a: unknown[]) => unknown> }).$client;
	const statements: string[] = [];
	for (const m of ['query', 'exec'] as const) {
		const orig = client[m]!.bind(client);
		client[m] = (...a: unknown[]) => (statements.push(String(a[0]).replace(/\s+/g, ' ').slice(0, 140)), orig(...a));
	}
	const course = (await getCourseBySlug(db, seeded.slug))!;
	const lesson = (await getLesson(db, course.id, seeded.lessonId))!;
	const linked = await linkLesson(db, course, lesson.id, lesson.bodyHtml);
	const uid = user!.id;
	const probes: Array<[string, () => unknown]> = [
		['  getCourseBySlug', () => getCourseBySlug(db, seeded.slug)],
		['  getLesson', () => getLesson(db, course.id, seeded.lessonId)],
		['  cachedPlan', () => cachedPlan(db, course)],
		['  db.execute(select 1)', () => db.execute(sql`select 1`)],
		['  learnerState', () => learnerState(db, uid, course.id)],
		['  coursePageFacts', () => coursePageFacts(db, uid, course.id)],
		['  lessonToRead', () => lessonToRead(db, course.id, lesson.id, uid)],
		[
			'  lessonToRead + lessonHtml',
			async () => lessonHtml(db, course, (await lessonToRead(db, course.id, lesson.id, uid))!)
		],
		['  linkLesson', () => linkLesson(db, course, lesson.id, lesson.bodyHtml)],
		['  renderClips', () => renderClips(db, linked, { courseId: course.id, courseSlug: course.slug, locale: 'fr' })],
		['  lessonPlayers', () => lessonPlayers(db, lesson.id, {})],
		['  lessonQuizzes', () => lessonQuizzes(db, lesson.id, uid, 'fr')],
		['  lessonWikiState', () => lessonWikiState(db, locals.actor!, course.id, lesson.id)],
		['course page load', () => coursePageLoad(event(coursePath, { slug: seeded.slug }))],
		['lesson page load', () => lessonPageLoad(event(lessonPath, { slug: seeded.slug, id: seeded.lessonId }))]
	];
	console.log(`${N} calls each, sequential, in-process (PGlite on disk).`);
	console.log('probe'.padEnd(30), 'wall µs/call', ' CPU µs/call', ' SQL/call', ' data bytes (JSON)');
	for (const [name, fn] of probes) {
		for (let i = 0; i < 30; i++) await fn();
		statements.length = 0;
		const data = await fn();
		const once = [...statements];
		statements.length = 0;
		const cpu = process.cpuUsage();
		const t = performance.now();
		for (let i = 0; i < N; i++) await fn();
		const wall = ((performance.now() - t) * 1000) / N;
		const used = process.cpuUsage(cpu);
		console.log(
			name.padEnd(30),
			wall.toFixed(0).padStart(12),
			((used.user + used.system) / N).toFixed(0).padStart(12),
			(statements.length / N).toFixed(1).padStart(9),
			String(JSON.stringify(data).length).padStart(18)
		);
		if (values.statements) for (const s of once) console.log('    ', s);
	}
} finally {
	await app.close();
	rmSync(dataDir, { recursive: true, force: true });
}
