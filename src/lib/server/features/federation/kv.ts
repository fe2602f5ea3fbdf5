/**
 * Fedify's KvStore on our database, so that every app process sees the same cache, the same
 * idempotence markers and the same circuit-breaker state. Works unchanged on PGlite and PostgreSQL.
 */
import { and, gt, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from '@fedify/fedify';
import type { Db, DbLike } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { federationKv } from './federation.table.ts';

type Duration = NonNullable<KvStoreSetOptions['ttl']>;

/**
 * A TTL in milliseconds, read field by field: calendar units need a reference date in Temporal,
 * and a cache does not care whether a month is 30 or 31 days.
 */
export function durationMs(d: Duration): number {
	const days = d.years * 365 + d.months * 30 + d.weeks * 7 + d.days;
	return (
		((days * 24 + d.hours) * 60 + d.minutes) * 60_000 +
		d.seconds * 1000 +
		d.milliseconds +
		d.microseconds / 1e3 +
		d.nanoseconds / 1e6
	);
}

const expiry = (options?: KvStoreSetOptions) =>
	options?.ttl ? sql`${new Date(Date.now() + durationMs(options.ttl)).toISOString()}::timestamptz` : sql`null`;

/** jsonb cannot hold `undefined`; Fedify never stores it, but keep the store total. */
const json = (value: unknown) => sql`${JSON.stringify(value ?? null)}::jsonb`;
/** `ARRAY[$1, $2…]::text[]`: one parameter per part, the same on postgres-js and PGlite. */
const keyOf = (key: KvKey) =>
	sql`array[${sql.join(
		key.map((k) => sql`${k}`),
		sql`, `
	)}]::text[]`;
const live = () => or(isNull(federationKv.expiresAt), gt(federationKv.expiresAt, sql`now()`));

export class DrizzleKvStore implements KvStore {
	private db: Db;
	constructor(db: Db) {
		this.db = db;
	}

	async get<T = unknown>(key: KvKey): Promise<T | undefined> {
		const [row] = await this.db
			.select({ value: federationKv.value, expiresAt: federationKv.expiresAt })
			.from(federationKv)
			.where(sql`${federationKv.key} = ${keyOf(key)}`);
		if (!row) return undefined;
		if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) {
			await this.db
				.delete(federationKv)
				.where(and(sql`${federationKv.key} = ${keyOf(key)}`, lte(federationKv.expiresAt, sql`now()`)));
			return undefined;
		}
		return row.value as T;
	}

	async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
		const expiresAt = expiry(options);
		await this.db.execute(sql`
			insert into federation_kv (key, value, expires_at, updated_at)
			values (${keyOf(key)}, ${json(value)}, ${expiresAt}, now())
			on conflict (key) do update
			set value = excluded.value, expires_at = excluded.expires_at, updated_at = now()`);
	}

	async delete(key: KvKey): Promise<void> {
		await this.db.delete(federationKv).where(sql`${federationKv.key} = ${keyOf(key)}`);
	}

	/** Atomic in one statement; an expired entry counts as absent (`expectedValue` undefined). */
	async cas(key: KvKey, expectedValue: unknown, newValue: unknown, options?: KvStoreSetOptions): Promise<boolean> {
		const expiresAt = expiry(options);
		const result =
			expectedValue === undefined
				? await this.db.execute(sql`
					insert into federation_kv (key, value, expires_at, updated_at)
					values (${keyOf(key)}, ${json(newValue)}, ${expiresAt}, now())
					on conflict (key) do update
					set value = excluded.value, expires_at = excluded.expires_at, updated_at = now()
					where federation_kv.expires_at is not null and federation_kv.expires_at <= now()
					returning 1 as ok`)
				: await this.db.execute(sql`
					update federation_kv
					set value = ${json(newValue)}, expires_at = ${expiresAt}, updated_at = now()
					where key = ${keyOf(key)} and value = ${json(expectedValue)}
					  and (expires_at is null or expires_at > now())
					returning 1 as ok`);
		return rowsOf(result).length > 0;
	}

	async *list(prefix?: KvKey): AsyncIterable<KvStoreListEntry> {
		const where: SQL | undefined = prefix?.length
			? and(live(), sql`${federationKv.key}[1:${prefix.length}] = ${keyOf(prefix)}`)
			: live();
		const rows = await this.db
			.select({ key: federationKv.key, value: federationKv.value })
			.from(federationKv)
			.where(where)
			.orderBy(federationKv.key);
		for (const row of rows) yield { key: row.key as unknown as KvKey, value: row.value };
	}
}

/** Deletes expired cache entries; returns how many. Run from the periodic maintenance job. */
export async function pruneFederationKv(db: DbLike): Promise<number> {
	const gone = await db
		.delete(federationKv)
		.where(lte(federationKv.expiresAt, sql`now()`))
		.returning({ key: federationKv.key });
	return gone.length;
}
