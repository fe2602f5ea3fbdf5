/**
 * Seeds N users quickly: ONE argon2id hash shared by every account, rows inserted in batches of
 * 500 with Drizzle; then the courses (seed-courses.ts: a 250-lesson course with its glossary,
 * bench user 1 enrolled as learner, bench user 2 its author, and 50 more catalogue courses).
 * Run as a child of run.ts (`node bench/seed.ts --data-dir D [--database-url U] --users N`) so
 * PGlite's memory is released before the load test; prints one JSON line.
 */
import { parseArgs } from 'node:util';
import { hash } from '@node-rs/argon2';
import { createApp } from '../src/lib/server/app.ts';
import { readConfig } from '../src/lib/server/config.ts';
import type { DbLike } from '../src/lib/server/db/client.ts';
import { accounts, users } from '../src/lib/server/features/accounts/accounts.table.ts';
import { uuidv7 } from '../src/lib/server/ids.ts';
import { seedCourses } from './seed-courses.ts';
import { seedForum } from './seed-forum.ts';

export const BENCH_PASSWORD = 'bench password, correct horse battery';
/** Same parameters as auth.ts, so logging in costs what it costs in production. */
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1, algorithm: 2 } as const;
const BATCH = 500;

export const benchEmail = (i: number) => `bench-${String(i).padStart(6, '0')}@example.org`;

export async function seedUsers(db: DbLike, count: number) {
	const digest = await hash(BENCH_PASSWORD, ARGON2);
	for (let start = 1; start <= count; start += BATCH) {
		const n = Math.min(BATCH, count - start + 1);
		const rows = Array.from({ length: n }, (_, k) => {
			const i = start + k;
			return { id: uuidv7(), email: benchEmail(i), emailVerified: true, name: `Bench ${i}`, handle: `bench_${i}` };
		});
		await db.insert(users).values(rows);
		await db
			.insert(accounts)
			.values(
				rows.map((u) => ({ id: uuidv7(), accountId: u.id, providerId: 'credential', userId: u.id, password: digest }))
			);
	}
	return { email: benchEmail(1), password: BENCH_PASSWORD };
}

if (import.meta.main) {
	const { values } = parseArgs({
		options: { 'data-dir': { type: 'string' }, 'database-url': { type: 'string' }, users: { type: 'string' } }
	});
	const started = performance.now();
	const app = await createApp(
		readConfig({
			DATA_DIR: values['data-dir'],
			DATABASE_URL: values['database-url'],
			PUBLIC_URL: 'http://localhost:3300',
			LOG_LEVEL: 'silent'
		})
	);
	try {
		const login = await seedUsers(app.db, Math.max(2, Number(values.users ?? 1000)));
		const usersMs = Math.round(performance.now() - started);
		const course = await seedCourses(app, benchEmail(2), login.email);
		const forum = await seedForum(app, course.slug, [login.email, benchEmail(2), benchEmail(3), benchEmail(4)]);
		const ms = Math.round(performance.now() - started);
		console.log(JSON.stringify({ ...login, ms, usersMs, coursesMs: ms - usersMs, course, forum }));
	} finally {
		await app.close();
	}
}
