/**
 * Notifications: one row per person and event, its title stored as a catalogue key with
 * parameters (translated when shown, in the reader's language). `delivery` is the channel chosen
 * when it was created (the person's preference for its kind): 'app' only, 'email' at once, or
 * gathered in the daily 'digest'. `emailedAt` marks mail already sent.
 */
import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../accounts/accounts.table.ts';
import { courses } from '../courses/courses.table.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const NOTIFICATION_CHANNELS = ['none', 'app', 'email', 'digest'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const notifications = pgTable(
	'notifications',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		actorId: text('actor_id').references(() => users.id, { onDelete: 'set null' }),
		courseId: text('course_id').references(() => courses.id, { onDelete: 'cascade' }),
		titleKey: text('title_key').notNull(),
		titleParams: jsonb('title_params').$type<Record<string, string | number>>().notNull().default({}),
		url: text('url').notNull(),
		delivery: text('delivery', { enum: ['app', 'email', 'digest'] })
			.notNull()
			.default('app'),
		createdAt: ts('created_at').notNull().defaultNow(),
		readAt: ts('read_at'),
		emailedAt: ts('emailed_at')
	},
	(t) => [
		index('notifications_user_created_idx').on(t.userId, t.createdAt),
		index('notifications_unread_idx')
			.on(t.userId)
			.where(sql`${t.readAt} is null`),
		index('notifications_digest_idx')
			.on(t.userId)
			.where(sql`${t.delivery} = 'digest' and ${t.emailedAt} is null`)
	]
);

/** A person's choice of channel per kind; no row = the kind's default. */
export const notificationPreferences = pgTable(
	'notification_preferences',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text('kind').notNull(),
		channel: text('channel', { enum: NOTIFICATION_CHANNELS }).notNull(),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.userId, t.kind] })]
);

export type NotificationRow = typeof notifications.$inferSelect;
