import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../../test/helpers.ts';
import { jobs } from '../platform/platform.table.ts';
import { federationKv } from './federation.table.ts';
import { DrizzleKvStore, durationMs, pruneFederationKv } from './kv.ts';
import { FEDERATION_JOB, JobsMessageQueue } from './queue.ts';

let t: TestApp;
let kv: DrizzleKvStore;
beforeAll(async () => {
	t = await createTestApp();
	kv = new DrizzleKvStore(t.app.db);
});
afterAll(() => t?.close());

/** Just the fields `durationMs` reads, standing in for a Temporal.Duration. */
const duration = (fields: {
	hours?: number;
	minutes?: number;
	seconds?: number;
	milliseconds?: number;
	days?: number;
}) =>
	({
		years: 0,
		months: 0,
		weeks: 0,
		days: 0,
		hours: 0,
		minutes: 0,
		seconds: 0,
		milliseconds: 0,
		microseconds: 0,
		nanoseconds: 0,
		...fields
	}) as unknown as Parameters<typeof durationMs>[0];

describe(DrizzleKvStore.name, () => {
	it('gets, sets, overwrites and deletes JSON values under key arrays', async () => {
		expect(await kv.get(['a', 'b'])).toBeUndefined();
		await kv.set(['a', 'b'], { n: 1, list: ['x'], nested: { ok: true } });
		expect(await kv.get(['a', 'b'])).toEqual({ n: 1, list: ['x'], nested: { ok: true } });
		expect(await kv.get(['a'])).toBeUndefined();
		await kv.set(['a', 'b'], 'two');
		expect(await kv.get(['a', 'b'])).toBe('two');
		await kv.delete(['a', 'b']);
		expect(await kv.get(['a', 'b'])).toBeUndefined();
	});

	it('keeps keys with odd characters apart', async () => {
		await kv.set(['x', 'y,z'], 1);
		await kv.set(['x', 'y', 'z'], 2);
		await kv.set(['x', '{"quoted"}'], 3);
		expect(await kv.get(['x', 'y,z'])).toBe(1);
		expect(await kv.get(['x', 'y', 'z'])).toBe(2);
		expect(await kv.get(['x', '{"quoted"}'])).toBe(3);
	});

	it('expires entries after their TTL, and prunes them', async () => {
		await kv.set(['ttl', 'short'], 'soon gone', { ttl: duration({ milliseconds: 1 }) });
		await kv.set(['ttl', 'long'], 'stays', { ttl: duration({ hours: 1 }) });
		await new Promise((r) => setTimeout(r, 20));
		expect(await kv.get(['ttl', 'short'])).toBeUndefined();
		expect(await kv.get(['ttl', 'long'])).toBe('stays');
		await kv.set(['ttl', 'again'], 'x', { ttl: duration({ milliseconds: 1 }) });
		await new Promise((r) => setTimeout(r, 20));
		expect(await pruneFederationKv(t.app.db)).toBeGreaterThanOrEqual(1);
		expect(
			await t.app.db
				.select()
				.from(federationKv)
				.where(sql`${federationKv.key}[1] = 'ttl'`)
		).toHaveLength(1);
	});

	it('compares and swaps atomically, treating expired entries as absent', async () => {
		expect(await kv.cas(['cas'], undefined, { v: 1 })).toBe(true);
		expect(await kv.cas(['cas'], undefined, { v: 2 })).toBe(false);
		expect(await kv.cas(['cas'], { v: 9 }, { v: 2 })).toBe(false);
		expect(await kv.cas(['cas'], { v: 1 }, { v: 2 })).toBe(true);
		expect(await kv.get(['cas'])).toEqual({ v: 2 });
		await kv.set(['cas', 'old'], 'stale', { ttl: duration({ milliseconds: 1 }) });
		await new Promise((r) => setTimeout(r, 20));
		expect(await kv.cas(['cas', 'old'], 'stale', 'new')).toBe(false);
		expect(await kv.cas(['cas', 'old'], undefined, 'new')).toBe(true);
		expect(await kv.get(['cas', 'old'])).toBe('new');
	});

	it('lists entries by key prefix', async () => {
		await kv.set(['list', 'a'], 1);
		await kv.set(['list', 'b', 'c'], 2);
		await kv.set(['listing'], 3);
		const seen: unknown[] = [];
		for await (const entry of kv.list(['list'])) seen.push(entry);
		expect(seen).toEqual([
			{ key: ['list', 'a'], value: 1 },
			{ key: ['list', 'b', 'c'], value: 2 }
		]);
		let all = 0;
		for await (const _ of kv.list()) all++;
		expect(all).toBeGreaterThanOrEqual(3);
	});
});

describe(JobsMessageQueue.name, () => {
	it('stores messages as durable jobs, delayed when asked, and hands them to the listener', async () => {
		const queue = new JobsMessageQueue(t.app.db, t.app.jobs);
		const received: unknown[] = [];
		const stop = new AbortController();
		const listening = queue.listen((m) => void received.push(m), { signal: stop.signal });
		await queue.enqueue({ type: 'now' });
		await queue.enqueue({ type: 'later' }, { delay: duration({ minutes: 5 }) as never });
		const rows = await t.app.db.select().from(jobs).where(eq(jobs.kind, FEDERATION_JOB));
		expect(rows).toHaveLength(2);
		const later = rows.find((r) => (r.payload as { type: string }).type === 'later')!;
		expect(later.runAt.getTime()).toBeGreaterThan(Date.now() + 4 * 60_000);
		await t.app.jobs.runDue();
		expect(received).toEqual([{ type: 'now' }]);
		stop.abort();
		await expect(listening).resolves.toBeUndefined();
	});
});
