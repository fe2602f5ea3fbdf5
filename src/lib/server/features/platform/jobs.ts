/**
 * Durable jobs in the `jobs` table, polled by every app process (JOBS_WORKER=true).
 * Claiming uses FOR UPDATE SKIP LOCKED, so several processes on one PostgreSQL never run a job
 * twice; a claimed job is leased for five minutes, so a crash mid-job only delays it.
 * We chose a table over pg-boss so that the same code runs on PGlite and PostgreSQL.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db, DbLike } from '../../db/client.ts';
import { uuidv7 } from '../../ids.ts';
import { log } from '../../log.ts';
import { rowsOf } from '../../db/rows.ts';
import { jobs } from './platform.table.ts';

interface ClaimedJob {
	id: string;
	kind: string;
	payload: unknown;
	attempts: number;
	max_attempts: number;
}

export type JobHandler = (payload: unknown) => Promise<void>;

const LEASE_MS = 5 * 60_000;

export async function enqueue(db: DbLike, kind: string, payload: unknown, runAt = new Date()) {
	const id = uuidv7();
	await db.insert(jobs).values({ id, kind, payload, runAt });
	return id;
}

export class JobRunner {
	#handlers = new Map<string, JobHandler>();
	#timer: NodeJS.Timeout | undefined;
	#running: Promise<number> | undefined;
	private db: Db;
	constructor(db: Db) {
		this.db = db;
	}

	register(kind: string, handler: JobHandler) {
		this.#handlers.set(kind, handler);
	}

	#schedules: { kind: string; everyMs: number }[] = [];

	/**
	 * Runs `kind` once per period. Every process may schedule the same job: the job id is the
	 * kind plus the period's number, so only the first insert of each period takes effect.
	 */
	schedule(kind: string, everyMs: number) {
		this.#schedules.push({ kind, everyMs });
	}

	async enqueueScheduled(now = Date.now()) {
		for (const { kind, everyMs } of this.#schedules) {
			const period = Math.floor(now / everyMs);
			await this.db
				.insert(jobs)
				.values({ id: `${kind}:${period}`, kind, payload: {}, runAt: new Date(period * everyMs) })
				.onConflictDoNothing();
		}
	}

	/** Claims and runs due jobs until none is left; returns how many ran. */
	async runDue(limit = 20): Promise<number> {
		let done = 0;
		while (done < limit) {
			const claimed = await this.#claim();
			if (!claimed) break;
			await this.#run(claimed);
			done++;
		}
		return done;
	}

	start(intervalMs = 1000) {
		const tick = async () => {
			this.#running = this.enqueueScheduled()
				.then(() => this.runDue())
				.catch((err) => {
					log.error({ err }, 'job poll failed');
					return 0;
				});
			await this.#running;
			this.#timer = setTimeout(tick, intervalMs);
			this.#timer.unref();
		};
		this.#timer = setTimeout(tick, intervalMs);
		this.#timer.unref();
	}

	async stop() {
		clearTimeout(this.#timer);
		await this.#running;
	}

	async #claim() {
		const kinds = [...this.#handlers.keys()];
		if (kinds.length === 0) return undefined;
		const result = await this.db.execute(sql`
			update jobs set status = 'running', attempts = attempts + 1,
				locked_until = now() + ${`${LEASE_MS} milliseconds`}::interval
			where id = (
				select id from jobs
				where kind in (${sql.join(
					kinds.map((k) => sql`${k}`),
					sql`, `
				)})
				  and ((status = 'pending' and run_at <= now()) or (status = 'running' and locked_until < now()))
				order by run_at limit 1 for update skip locked
			)
			returning id, kind, payload, attempts, max_attempts`);
		return rowsOf<ClaimedJob>(result)[0];
	}

	async #run(job: ClaimedJob) {
		try {
			await this.#handlers.get(job.kind)!(job.payload);
			await this.db.update(jobs).set({ status: 'done', lockedUntil: null }).where(eq(jobs.id, job.id));
		} catch (err) {
			const failed = job.attempts >= job.max_attempts;
			// Exponential back-off: 2, 4, 8, 16 … seconds.
			const retryAt = new Date(Date.now() + 2 ** job.attempts * 1000);
			log.warn({ err, job: job.id, kind: job.kind, attempts: job.attempts }, 'job failed');
			await this.db
				.update(jobs)
				.set({ status: failed ? 'failed' : 'pending', runAt: retryAt, lockedUntil: null, lastError: String(err) })
				.where(eq(jobs.id, job.id));
		}
	}
}
