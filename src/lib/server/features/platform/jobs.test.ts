import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../../../test/helpers.ts';
import { enqueue, JobRunner } from './jobs.ts';
import { jobs } from './platform.table.ts';

let t: TestApp;
beforeAll(async () => {
	t = await createTestApp();
});
afterAll(() => t?.close());

describe(JobRunner.name, () => {
	it('runs a queued job once and marks it done', async () => {
		const runner = new JobRunner(t.app.db);
		const seen: unknown[] = [];
		runner.register('test.ok', async (p) => void seen.push(p));
		const id = await enqueue(t.app.db, 'test.ok', { n: 1 });
		expect(await runner.runDue()).toBe(1);
		expect(await runner.runDue()).toBe(0);
		expect(seen).toEqual([{ n: 1 }]);
		const [row] = await t.app.db.select().from(jobs).where(eq(jobs.id, id));
		expect(row?.status).toBe('done');
	});

	it('retries a failing job later with back-off, then gives up after maxAttempts', async () => {
		const runner = new JobRunner(t.app.db);
		let calls = 0;
		runner.register('test.fail', async () => {
			calls++;
			throw new Error('SMTP down');
		});
		const id = await enqueue(t.app.db, 'test.fail', {});
		await runner.runDue();
		let [row] = await t.app.db.select().from(jobs).where(eq(jobs.id, id));
		expect(row?.status).toBe('pending');
		expect(row?.lastError).toContain('SMTP down');
		expect(row!.runAt.getTime()).toBeGreaterThan(Date.now());
		// Not due yet: nothing runs.
		expect(await runner.runDue()).toBe(0);
		for (let i = 0; i < 4; i++) {
			await t.app.db
				.update(jobs)
				.set({ runAt: new Date(0) })
				.where(eq(jobs.id, id));
			await runner.runDue();
		}
		[row] = await t.app.db.select().from(jobs).where(eq(jobs.id, id));
		expect(calls).toBe(5);
		expect(row?.status).toBe('failed');
	});

	it('takes over a job whose lease expired (a process crashed mid-job)', async () => {
		const runner = new JobRunner(t.app.db);
		const seen: unknown[] = [];
		runner.register('test.crash', async (p) => void seen.push(p));
		const id = await enqueue(t.app.db, 'test.crash', { n: 2 });
		await t.app.db
			.update(jobs)
			.set({ status: 'running', lockedUntil: new Date(Date.now() - 1000) })
			.where(eq(jobs.id, id));
		await runner.runDue();
		expect(seen).toEqual([{ n: 2 }]);
	});

	it('enqueues a scheduled job once per period, however many processes schedule it', async () => {
		const a = new JobRunner(t.app.db);
		const b = new JobRunner(t.app.db);
		let runs = 0;
		for (const r of [a, b]) {
			r.register('test.hourly', async () => void runs++);
			r.schedule('test.hourly', 3_600_000);
		}
		const now = Date.UTC(2026, 0, 1, 10, 30);
		await a.enqueueScheduled(now);
		await b.enqueueScheduled(now + 60_000);
		await a.runDue();
		await b.runDue();
		expect(runs).toBe(1);
		await b.enqueueScheduled(now + 3_600_000);
		await a.runDue();
		expect(runs).toBe(2);
	});
});
