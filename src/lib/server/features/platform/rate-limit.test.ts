import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/helpers.ts';
import { hit, pruneRateLimits } from './rate-limit.ts';

let t: TestApp;
beforeAll(async () => {
	t = await createTestApp();
});
afterAll(() => t?.close());

describe('rate limits', () => {
	it('allows max attempts per window, then refuses with the time to wait, then opens a new window', async () => {
		const rule = { max: 3, windowSeconds: 60 };
		const now = new Date('2026-01-01T10:00:00Z');
		const results = [];
		for (let i = 0; i < 4; i++) results.push(await hit(t.app.db, 'k1', rule, now));
		expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
		expect(results[3]!.retryAfterSeconds).toBe(60);
		const later = new Date(now.getTime() + 61_000);
		expect((await hit(t.app.db, 'k1', rule, later)).allowed).toBe(true);
	});

	it('counts keys separately and prunes expired windows', async () => {
		const rule = { max: 1, windowSeconds: 10 };
		const now = new Date('2026-01-01T10:00:00Z');
		expect((await hit(t.app.db, 'a', rule, now)).allowed).toBe(true);
		expect((await hit(t.app.db, 'b', rule, now)).allowed).toBe(true);
		expect((await hit(t.app.db, 'a', rule, now)).allowed).toBe(false);
		await pruneRateLimits(t.app.db, new Date(now.getTime() + 20_000));
		expect((await hit(t.app.db, 'a', rule, new Date(now.getTime() + 5_000))).allowed).toBe(true);
	});
});
