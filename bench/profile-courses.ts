/**
 * Probe: where do the courses' pages spend their time? Seeds users and courses (seed-courses.ts)
 * into an on-disk PGlite instance in-process, then times, N times each, every step of the loads
 * of /courses?q=, /courses/[slug] and /courses/[slug]/lessons/[id] (the same service calls, in
 * the same order), each step alone and each whole load, with the SQL statements each sends.
 * `node bench/profile-courses.ts [--iterations 300]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { asc, eq, sql } from 'drizzle-orm';
import { createApp } from '../src/lib/server/app.ts';
import { readConfig } from '../src/lib/server/config.ts';
import { rowsOf } from '../src/lib/server/db/rows.ts';
import { users } from '../src/lib/server/features/accounts/accounts.table.ts';
import { rolesOf } from '../src/lib/server/features/authz/roles.service.ts';
import { searchCatalogue } from '../src/lib/server/features/courses/catalogue.service.ts';
import { courseAuthors, getCourseBySlug } from '../src/lib/server/features/courses/courses.service.ts';
import {
	completedAt,
	doneLessonIds,
	isEnrolled,
	lastVisited,
	recordVisit
} from '../src/lib/server/features/courses/learning.service.ts';
import { courseModules, courseSequences, lessons } from '../src/lib/server/features/courses/courses.table.ts';
import { flatten, getLesson, loadPlan } from '../src/lib/server/features/courses/plan.service.ts';
import { linkTerms } from '../src/lib/server/features/glossary/glossary.linker.ts';
import { linkLesson, matcherFor } from '../src/lib/server/features/glossary/glossary.links.ts';
import { seedUsers } from './seed.ts';
import { seedCourses } from './seed-courses.ts';

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '300' } } });
const N = Number(values.iterations);
const dataDir = mkdtempSync(join(tmpdir(), 'essaim-probe-'));
const app = await createApp(
	readConfig({ DATA_DIR: dataDir, PUBLIC_URL: 'http://localhost:3300', LOG_LEVEL: 'silent', RATE_LIMITS: 'false' })
);
try {
	const login = await seedUsers(app.db, 1000);
	const seeded = await seedCourses(app, 'bench-000002@example.org', login.email);
	const db = app.db;
	const [{ id: userId }] = (await db.select({ id: users.id }).from(users).where(eq(users.email, login.email))) as [
		{ id: string }
	];
	const course = (await getCourseBySlug(db, seeded.slug))!;
	const lesson = (await getLesson(db, course.id, seeded.lessonId))!;
	const version = rowsOf<{ n: number; latest: string }>(
		await db.execute(
			sql`select count(*)::int as n, coalesce(max(updated_at)::text, '') as latest from glossary_terms where course_id = ${course.id}`
		)
	)[0]!;
	const matcher = await matcherFor(db, course, `${version.n}@${version.latest}`);

	const client = (db as unknown as { $client: Record<string, (...a: unknown[]) => unknown> }).$client;
	const statements: string[] = [];
	for (const m of ['query', 'exec'] as const) {
		const orig = client[m]!.bind(client);
		client[m] = (...a: unknown[]) => (statements.push(String(a[0])), orig(...a));
	}

	const coursePage = async () => {
		const c = (await getCourseBySlug(db, seeded.slug))!;
		const [plan] = await Promise.all([loadPlan(db, c.id), courseAuthors(db, c.id)]);
		flatten(plan);
		await Promise.all([
			isEnrolled(db, userId, c.id),
			doneLessonIds(db, userId, c.id),
			lastVisited(db, userId, c.id),
			completedAt(db, userId, c.id)
		]);
	};
	const lessonPage = async () => {
		const c = (await getCourseBySlug(db, seeded.slug))!;
		const l = (await getLesson(db, c.id, seeded.lessonId))!;
		flatten(await loadPlan(db, c.id));
		await isEnrolled(db, userId, c.id);
		await doneLessonIds(db, userId, c.id);
		await recordVisit(db, userId, c.id, l.id);
		await linkLesson(db, c, l.id, l.bodyHtml);
	};

	// What-ifs (not app code): the plan from an in-process cache keyed by a version the course row
	// would carry, and the learner's facts about the course in one statement.
	const cachedPlan = await loadPlan(db, course.id);
	const learnerFacts = (courseId: string) =>
		db.execute(sql`select
			exists(select 1 from role_assignments where user_id = ${userId} and scope_type = 'course' and scope_id = ${courseId} and role = 'learner') as enrolled,
			coalesce((select array_agg(lesson_id) from lesson_progress where user_id = ${userId} and course_id = ${courseId}), '{}') as done,
			(select lesson_id from course_visits where user_id = ${userId} and course_id = ${courseId}) as resume,
			(select completed_at from course_completions where user_id = ${userId} and course_id = ${courseId}) as completed`);
	const coursePageCachedPlan = async () => {
		const c = (await getCourseBySlug(db, seeded.slug))!;
		flatten(cachedPlan);
		await courseAuthors(db, c.id);
		await Promise.all([
			isEnrolled(db, userId, c.id),
			doneLessonIds(db, userId, c.id),
			lastVisited(db, userId, c.id),
			completedAt(db, userId, c.id)
		]);
	};
	const coursePageCachedPlanOneQuery = async () => {
		const c = (await getCourseBySlug(db, seeded.slug))!;
		flatten(cachedPlan);
		await courseAuthors(db, c.id);
		await learnerFacts(c.id);
	};
	const lessonPageCachedPlan = async () => {
		const c = (await getCourseBySlug(db, seeded.slug))!;
		const l = (await getLesson(db, c.id, seeded.lessonId))!;
		flatten(cachedPlan);
		await isEnrolled(db, userId, c.id);
		await doneLessonIds(db, userId, c.id);
		await recordVisit(db, userId, c.id, l.id);
		await linkLesson(db, c, l.id, l.bodyHtml);
	};

	const probes: Array<[string, () => unknown]> = [
		['db.execute(select 1) (round-trip floor)', () => db.execute(sql`select 1`)],
		['rolesOf (part of every logged-in request)', () => rolesOf(db, userId)],
		[
			`searchCatalogue q=${seeded.query} (2 queries)`,
			() => searchCatalogue(db, { q: seeded.query, language: '', tag: '', mode: '', page: 1 })
		],
		['getCourseBySlug', () => getCourseBySlug(db, seeded.slug)],
		['loadPlan (3 queries, 10/50/250 rows)', () => loadPlan(db, course.id)],
		[
			'  its modules query (10 rows)',
			() =>
				db
					.select()
					.from(courseModules)
					.where(eq(courseModules.courseId, course.id))
					.orderBy(asc(courseModules.position))
		],
		[
			'  its sequences query (50 rows)',
			() =>
				db
					.select()
					.from(courseSequences)
					.where(eq(courseSequences.courseId, course.id))
					.orderBy(asc(courseSequences.position))
		],
		[
			'  its lessons query (250 rows, 5 columns)',
			() =>
				db
					.select({
						id: lessons.id,
						title: lessons.title,
						required: lessons.required,
						position: lessons.position,
						sequenceId: lessons.sequenceId
					})
					.from(lessons)
					.where(eq(lessons.courseId, course.id))
					.orderBy(asc(lessons.position))
		],
		[
			'  same lessons, raw SQL (db.execute)',
			() =>
				db.execute(
					sql`select id, title, required, position, sequence_id from lessons where course_id = ${course.id} order by position`
				)
		],
		[
			'  count(*) of those lessons (no rows out)',
			() => db.execute(sql`select count(*) from lessons where course_id = ${course.id}`)
		],
		[
			'  250 generated rows × 5 columns (no table)',
			() =>
				db.execute(
					sql`select md5(i::text) as id, md5(i::text) || md5(i::text) as title, true as required, i as position, md5(i::text) as sequence_id from generate_series(1, 250) i`
				)
		],
		[
			'  the whole plan as one json_agg row',
			() =>
				db.execute(
					sql`select json_agg(json_build_array(m.id, m.title, s.id, s.title, l.id, l.title, l.required) order by m.position, s.position, l.position) as plan from lessons l join course_sequences s on s.id = l.sequence_id join course_modules m on m.id = s.module_id where l.course_id = ${course.id}`
				)
		],
		['courseAuthors', () => courseAuthors(db, course.id)],
		['isEnrolled', () => isEnrolled(db, userId, course.id)],
		['doneLessonIds (40 rows)', () => doneLessonIds(db, userId, course.id)],
		['lastVisited', () => lastVisited(db, userId, course.id)],
		['completedAt', () => completedAt(db, userId, course.id)],
		['COURSE PAGE load (all of the above)', coursePage],
		['getLesson (with body and bodyHtml)', () => getLesson(db, course.id, seeded.lessonId)],
		['recordVisit (an upsert on every GET)', () => recordVisit(db, userId, course.id, lesson.id)],
		['linkLesson (version query + link)', () => linkLesson(db, course, lesson.id, lesson.bodyHtml)],
		[`linkTerms alone (${lesson.bodyHtml.length} chars, 200 terms)`, () => linkTerms(lesson.bodyHtml, matcher)],
		['LESSON PAGE load (all of the above)', lessonPage],
		['what if: course page, plan cached in-process', coursePageCachedPlan],
		['what if: … and the 4 learner queries as one', coursePageCachedPlanOneQuery],
		['what if: lesson page, plan cached in-process', lessonPageCachedPlan]
	];
	console.log(
		`${N} calls each, sequential (PGlite on disk, in-process). CPU = this process's user+system time per call:\n` +
			`PGlite runs on the main thread, so it is the work itself, less disturbed by other load than wall time.\n`
	);
	console.log('probe'.padEnd(50), 'wall µs/call', ' CPU µs/call', ' SQL/call');
	for (const [name, fn] of probes) {
		for (let i = 0; i < 30; i++) await fn();
		statements.length = 0;
		const cpu = process.cpuUsage();
		const t = performance.now();
		for (let i = 0; i < N; i++) await fn();
		const wall = ((performance.now() - t) * 1000) / N;
		const used = process.cpuUsage(cpu);
		const perCall = statements.length / N;
		console.log(
			name.padEnd(50),
			wall.toFixed(0).padStart(12),
			((used.user + used.system) / N).toFixed(0).padStart(12),
			perCall.toFixed(1).padStart(9)
		);
	}
} finally {
	await app.close();
	rmSync(dataDir, { recursive: true, force: true });
}
