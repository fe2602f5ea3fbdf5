/**
 * Test builders. `createTestApp()` gives a fresh, migrated instance per test file: PGlite in
 * memory by default, or a throwaway database on the PostgreSQL server named by DATABASE_URL
 * (the CI's second pass), so the same integration tests prove both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createApp, type App } from '#lib/server/app.ts';
import { readConfig, setConfig, type Config } from '#lib/server/config.ts';
import { openDatabase, type Database } from '#lib/server/db/client.ts';
import type { Mail } from '#lib/server/features/mail/mailer.ts';
import { signUp } from '#lib/server/features/accounts/accounts.service.ts';
import { grantRole } from '#lib/server/features/authz/roles.service.ts';
import { users } from '#lib/server/features/accounts/accounts.table.ts';
import { eq } from 'drizzle-orm';

export interface TestApp {
	app: App;
	mails: Mail[];
	config: Config;
	close(): Promise<void>;
}

async function freshDatabase(url: string | undefined): Promise<{ database: Database; drop(): Promise<void> }> {
	if (!url) return { database: await openDatabase({ dataDir: 'memory://' }), drop: async () => {} };
	const { default: postgres } = await import('postgres');
	const name = `essaim_test_${randomBytes(6).toString('hex')}`;
	const admin = postgres(url, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	const target = new URL(url);
	target.pathname = `/${name}`;
	const database = await openDatabase({ url: target.href });
	return {
		database,
		async drop() {
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	};
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
	const dataDir = mkdtempSync(join(tmpdir(), 'essaim-test-'));
	const config = readConfig({
		...process.env,
		DATA_DIR: dataDir,
		PUBLIC_URL: 'http://localhost:3000',
		LOG_LEVEL: 'silent',
		ADMIN_PASSWORD: undefined,
		...env
	});
	setConfig(config);
	const { database, drop } = await freshDatabase(config.DATABASE_URL);
	const mails: Mail[] = [];
	const app = await createApp(config, { database, mailer: { send: async (m) => void mails.push(m) } });
	return {
		app,
		mails,
		config,
		async close() {
			await app.close();
			await drop();
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

let counter = 0;
/** A registered person with sensible defaults; override what the test is about. */
export async function createUser(
	app: App,
	overrides: Partial<{
		email: string;
		password: string;
		name: string;
		handle: string;
		locale: string;
		verified: boolean;
	}> = {}
) {
	const n = ++counter;
	const input = {
		email: overrides.email ?? `person${n}@example.org`,
		password: overrides.password ?? 'correct horse battery staple',
		name: overrides.name ?? `Person ${n}`,
		handle: overrides.handle ?? `person_${n}`,
		locale: overrides.locale ?? 'fr'
	};
	const { userId, headers } = await signUp({ ...app, config: { ...app.config, RATE_LIMITS: false } }, input, {
		ip: '192.0.2.1'
	});
	if (overrides.verified ?? true) await app.db.update(users).set({ emailVerified: true }).where(eq(users.id, userId));
	const cookie = headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	return { id: userId, cookie, ...input };
}

export async function createAdmin(app: App, overrides: Parameters<typeof createUser>[1] = {}) {
	const user = await createUser(app, overrides);
	await grantRole(
		{ db: app.db, events: app.events, actor: null },
		{ userId: user.id, role: 'admin', scopeType: 'instance' }
	);
	return user;
}
