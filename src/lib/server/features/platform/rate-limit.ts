/**
 * Fixed-window rate limits stored in the database, so they hold across app processes.
 * One atomic upsert per check: the window restarts when its reset time has passed.
 */
import { sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';

export interface RateRule {
	/** How many attempts are allowed per window. */
	max: number;
	windowSeconds: number;
}

/** The rules the issue names: sign-up, log-in and password reset; posting rules join later. */
export const RATE_RULES = {
	signUp: { max: 5, windowSeconds: 3600 },
	logIn: { max: 10, windowSeconds: 600 },
	logInAccount: { max: 10, windowSeconds: 900 },
	passwordReset: { max: 5, windowSeconds: 3600 },
	verificationMail: { max: 5, windowSeconds: 3600 }
} satisfies Record<string, RateRule>;

export interface RateDecision {
	allowed: boolean;
	remaining: number;
	retryAfterSeconds: number;
}

export async function hit(db: DbLike, key: string, rule: RateRule, now = new Date()): Promise<RateDecision> {
	const resetAt = new Date(now.getTime() + rule.windowSeconds * 1000);
	const result = await db.execute(sql`
		insert into rate_limits (key, count, reset_at) values (${key}, 1, ${resetAt.toISOString()}::timestamptz)
		on conflict (key) do update set
			count = case when rate_limits.reset_at <= ${now.toISOString()}::timestamptz then 1 else rate_limits.count + 1 end,
			reset_at = case when rate_limits.reset_at <= ${now.toISOString()}::timestamptz then excluded.reset_at else rate_limits.reset_at end
		returning count, reset_at`);
	const row = rowsOf<{ count: number; reset_at: string | Date }>(result)[0]!;
	const count = Number(row.count);
	const reset = new Date(row.reset_at).getTime();
	return {
		allowed: count <= rule.max,
		remaining: Math.max(0, rule.max - count),
		retryAfterSeconds: Math.max(1, Math.ceil((reset - now.getTime()) / 1000))
	};
}

/** Deletes expired windows; run from a periodic job. */
export async function pruneRateLimits(db: DbLike, now = new Date()) {
	// Raw SQL gets ISO strings: postgres-js does not serialise Date parameters here.
	await db.execute(sql`delete from rate_limits where reset_at < ${now.toISOString()}::timestamptz`);
}
