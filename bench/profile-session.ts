/**
 * Throwaway probe: where does a logged-in request spend its time? Opens a seeded on-disk PGlite
 * instance in-process and times, 1000 times each: better-auth's getSession, the roles query, and
 * one direct Drizzle query (sessions join users by token) that returns the same facts.
 * `node bench/profile-session.ts [--iterations 1000]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { and, eq, gt, sql } from 'drizzle-orm';
import { createApp } from '../src/lib/server/app.ts';
import { readConfig } from '../src/lib/server/config.ts';
import { logIn } from '../src/lib/server/features/accounts/accounts.service.ts';
import { sessions, users } from '../src/lib/server/features/accounts/accounts.table.ts';
import { roleAssignments } from '../src/lib/server/features/authz/roles.table.ts';
import { rolesOf } from '../src/lib/server/features/authz/roles.service.ts';
import { seedUsers } from './seed.ts';

const { values } = parseArgs({ options: { iterations: { type: 'string', default: '1000' } } });
const N = Number(values.iterations);
const dataDir = mkdtempSync(join(tmpdir(), 'essaim-probe-'));
const app = await createApp(
	readConfig({ DATA_DIR: dataDir, PUBLIC_URL: 'http://localhost:3300', LOG_LEVEL: 'silent', RATE_LIMITS: 'false' })
);
try {
	const login = await seedUsers(app.db, 1000);
	const { userId, headers: setCookie } = await logIn(app, login, { ip: '127.0.0.1' });
	const cookie = setCookie
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	const headers = new Headers({ cookie });
	const token = decodeURIComponent(cookie.split('=')[1]!).split('.')[0]!;

	// Count the SQL statements each probe sends.
	const client = (app.db as unknown as { $client: Record<string, (...a: unknown[]) => unknown> }).$client;
	const statements: string[] = [];
	for (const m of ['query', 'exec'] as const) {
		const orig = client[m]!.bind(client);
		client[m] = (...a: unknown[]) => (statements.push(String(a[0])), orig(...a));
	}

	const direct = () =>
		app.db
			.select({ session: sessions, user: users })
			.from(sessions)
			.innerJoin(users, eq(users.id, sessions.userId))
			.where(and(eq(sessions.token, token), gt(sessions.expiresAt, sql`now()`)));
	const directWithRoles = () =>
		app.db
			.select({
				sessionId: sessions.id,
				user: users,
				roles: sql`coalesce((select json_agg(json_build_object('role', ${roleAssignments.role}, 'scopeType', ${roleAssignments.scopeType}, 'scopeId', ${roleAssignments.scopeId})) from ${roleAssignments} where ${roleAssignments.userId} = ${users.id}), '[]')`
			})
			.from(sessions)
			.innerJoin(users, eq(users.id, sessions.userId))
			.where(and(eq(sessions.token, token), gt(sessions.expiresAt, sql`now()`)));

	const probes: Array<[string, () => Promise<unknown>]> = [
		['auth.api.getSession({ headers })', () => app.auth.api.getSession({ headers })],
		['rolesOf(db, userId)', () => rolesOf(app.db, userId)],
		[
			'getSession + rolesOf (what resolveSession does)',
			async () => (await app.auth.api.getSession({ headers }), rolesOf(app.db, userId))
		],
		['direct: sessions join users by token', direct],
		['direct: sessions join users + roles subquery', directWithRoles],
		['db.execute(select 1) (round-trip floor)', () => app.db.execute(sql`select 1`)]
	];
	console.log(`${N} calls each, sequential, then 16 at a time (PGlite on disk, in-process)\n`);
	console.log('probe'.padEnd(50), 'seq µs/call', ' c16 µs/call', ' SQL/call');
	for (const [name, fn] of probes) {
		const check = await fn();
		if (!check || (Array.isArray(check) && name.startsWith('direct') && !check.length))
			throw new Error(`${name}: no result`);
		for (let i = 0; i < 100; i++) await fn();
		statements.length = 0;
		let t = performance.now();
		for (let i = 0; i < N; i++) await fn();
		const seq = ((performance.now() - t) * 1000) / N;
		const perCall = statements.length / N;
		t = performance.now();
		for (let i = 0; i < N; i += 16) await Promise.all(Array.from({ length: 16 }, fn));
		const c16 = ((performance.now() - t) * 1000) / N;
		console.log(
			name.padEnd(50),
			seq.toFixed(0).padStart(11),
			c16.toFixed(0).padStart(12),
			perCall.toFixed(1).padStart(9)
		);
	}
	statements.length = 0;
	await app.auth.api.getSession({ headers });
	console.log('\nSQL sent by one getSession:\n' + statements.map((s) => '  ' + s.replace(/\s+/g, ' ')).join('\n'));
} finally {
	await app.close();
	rmSync(dataDir, { recursive: true, force: true });
}
