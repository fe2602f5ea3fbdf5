/**
 * Opens the database: embedded PGlite in DATA_DIR by default, PostgreSQL through postgres-js
 * when DATABASE_URL is set. Both are the same PostgreSQL dialect to Drizzle, so every query,
 * migration and test runs unchanged on either.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A database handle or an open transaction: services accept either. */
export type DbLike = Db | Tx;

export interface Database {
	db: Db;
	kind: 'pglite' | 'postgres';
	migrate(): Promise<void>;
	/** Refreshes planner statistics where nothing else does (PGlite has no autovacuum). */
	analyze(): Promise<void>;
	close(): Promise<void>;
}

export interface OpenOptions {
	/** postgres:// URL; when absent, PGlite is used. */
	url?: string;
	/** PGlite data directory, or 'memory://' for a throwaway in-memory database. */
	dataDir?: string;
	migrationsFolder?: string;
}

export const MIGRATIONS_FOLDER = join(process.cwd(), 'drizzle');

export async function openDatabase(opts: OpenOptions): Promise<Database> {
	const migrationsFolder = opts.migrationsFolder ?? MIGRATIONS_FOLDER;
	if (opts.url) {
		const { default: postgres } = await import('postgres');
		const { drizzle } = await import('drizzle-orm/postgres-js');
		const { migrate } = await import('drizzle-orm/postgres-js/migrator');
		// 10 connections per app process: enough for request concurrency on one modest server
		// while leaving room under PostgreSQL's default max_connections (100) for several processes.
		const client = postgres(opts.url, { max: 10, onnotice: () => {} });
		const db = drizzle({ client, schema }) as unknown as Db;
		return {
			db,
			kind: 'postgres',
			async migrate() {
				await createExtensions(db);
				await migrate(drizzle({ client, schema }), { migrationsFolder });
			},
			// PostgreSQL's autovacuum keeps statistics fresh.
			analyze: async () => {},
			close: () => client.end({ timeout: 5 })
		};
	}
	const { PGlite } = await import('@electric-sql/pglite');
	const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
	const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
	const { drizzle } = await import('drizzle-orm/pglite');
	const { migrate } = await import('drizzle-orm/pglite/migrator');
	const dataDir = opts.dataDir ?? 'memory://';
	if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
	// Pass the directory explicitly: `new PGlite(undefined, opts)` silently drops the extensions.
	const client = new PGlite(dataDir, { extensions: { unaccent, pg_trgm } });
	const pg = drizzle({ client, schema });
	const db = pg as unknown as Db;
	return {
		db,
		kind: 'pglite',
		async migrate() {
			await createExtensions(db);
			await migrate(pg, { migrationsFolder });
			await db.execute(sql`analyze`);
		},
		// Without statistics, PGlite plans a two-table join in ~0.5 ms: more than the query itself.
		analyze: async () => {
			await db.execute(sql`analyze`);
		},
		close: () => client.close()
	};
}

async function createExtensions(db: Db) {
	await db.execute(sql`create extension if not exists unaccent`);
	await db.execute(sql`create extension if not exists pg_trgm`);
}
