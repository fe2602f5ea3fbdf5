import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Instance-wide settings shared by every app process (e.g. the auth secret). */
export const instanceSettings = pgTable('instance_settings', {
	key: text('key').primaryKey(),
	value: text('value').notNull(),
	updatedAt: ts('updated_at').notNull().defaultNow()
});

/** Fixed-window counters; in the database so that limits hold across app processes. */
export const rateLimits = pgTable('rate_limits', {
	key: text('key').primaryKey(),
	count: integer('count').notNull(),
	resetAt: ts('reset_at').notNull()
});

/**
 * The durable job queue: handlers that must survive a crash (mail, later federation delivery,
 * badge issuing) are rows here, claimed with FOR UPDATE SKIP LOCKED by any app process.
 */
export const jobs = pgTable(
	'jobs',
	{
		id: text('id').primaryKey(),
		kind: text('kind').notNull(),
		payload: jsonb('payload').notNull(),
		status: text('status', { enum: ['pending', 'running', 'done', 'failed'] })
			.notNull()
			.default('pending'),
		attempts: integer('attempts').notNull().default(0),
		maxAttempts: integer('max_attempts').notNull().default(5),
		runAt: ts('run_at').notNull().defaultNow(),
		lockedUntil: ts('locked_until'),
		lastError: text('last_error'),
		createdAt: ts('created_at').notNull().defaultNow()
	},
	(t) => [index('jobs_due_idx').on(t.status, t.runAt)]
);

/** Who did what in administration (suspensions, role grants), for accountability. */
export const auditLog = pgTable(
	'audit_log',
	{
		id: text('id').primaryKey(),
		actorId: text('actor_id'),
		action: text('action').notNull(),
		targetType: text('target_type').notNull(),
		targetId: text('target_id').notNull(),
		details: jsonb('details').notNull().default({}),
		createdAt: ts('created_at').notNull().defaultNow()
	},
	(t) => [index('audit_log_target_idx').on(t.targetType, t.targetId)]
);
