/**
 * Notifications for other features: `notify()` writes one row per person (their preference for
 * the kind decides: none, app only, mail at once, or the daily digest) and enqueues a job per
 * immediate mail; it never sends mail itself. Plus the reader's side: list, unread count, mark
 * read, and preferences per kind.
 */
import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { uuidv7 } from '../../ids.ts';
import type { MessageKey } from '#lib/i18n/index.ts';
import type { Params } from '#lib/i18n/core.ts';
import { enqueue, type JobRunner } from '../platform/jobs.ts';
import { DEFAULT_CHANNEL, NOTIFICATION_KINDS, type NotificationKind } from './kinds.ts';
import {
	notificationPreferences,
	notifications,
	type NotificationChannel,
	type NotificationRow
} from './notifications.table.ts';

export const EMAIL_JOB = 'notifications.email';
export const DIGEST_JOB = 'notifications.digest';
export const PAGE_SIZE = 20;

export interface NotifyInput {
	userIds: string[];
	kind: NotificationKind;
	/** Who caused it; never notified of their own action. */
	actorId?: string | null;
	courseId?: string | null;
	/** A catalogue key and its parameters, translated when shown in the reader's language. */
	title: { key: MessageKey; params?: Params };
	/** Where the notification leads: a path on this instance ("/courses/…"). */
	url: string;
}

/** Channels per person for one kind (their choice, or the kind's default). */
export async function channelsFor(db: DbLike, userIds: string[], kind: NotificationKind) {
	const chosen = userIds.length
		? await db
				.select({ userId: notificationPreferences.userId, channel: notificationPreferences.channel })
				.from(notificationPreferences)
				.where(and(inArray(notificationPreferences.userId, userIds), eq(notificationPreferences.kind, kind)))
		: [];
	const byUser = new Map(chosen.map((c) => [c.userId, c.channel]));
	return new Map(userIds.map((id) => [id, byUser.get(id) ?? DEFAULT_CHANNEL[kind]]));
}

/**
 * Notifies people of something; returns the ids of the rows written. Pass a transaction as `db`
 * to make the notification part of the change that caused it.
 */
export async function notify(ctx: { db: DbLike; jobs?: JobRunner }, input: NotifyInput): Promise<string[]> {
	if (!input.url.startsWith('/') || input.url.startsWith('//')) throw new Error('notify: url must be a local path');
	const userIds = [...new Set(input.userIds)].filter((id) => id !== input.actorId);
	if (!userIds.length) return [];
	const channels = await channelsFor(ctx.db, userIds, input.kind);
	const rows = userIds
		.filter((id) => channels.get(id) !== 'none')
		.map((userId) => ({
			id: uuidv7(),
			userId,
			kind: input.kind,
			actorId: input.actorId ?? null,
			courseId: input.courseId ?? null,
			titleKey: String(input.title.key),
			titleParams: input.title.params ?? {},
			url: input.url,
			delivery: channels.get(userId) as 'app' | 'email' | 'digest'
		}));
	if (!rows.length) return [];
	await ctx.db.insert(notifications).values(rows);
	for (const row of rows) if (row.delivery === 'email') await enqueue(ctx.db, EMAIL_JOB, { notificationId: row.id });
	return rows.map((r) => r.id);
}

export async function listNotifications(db: DbLike, userId: string, page = 1) {
	const offset = (Math.max(1, page) - 1) * PAGE_SIZE;
	const [items, [total]] = await Promise.all([
		db
			.select()
			.from(notifications)
			.where(eq(notifications.userId, userId))
			.orderBy(desc(notifications.createdAt), desc(notifications.id))
			.limit(PAGE_SIZE)
			.offset(offset),
		db.select({ n: count() }).from(notifications).where(eq(notifications.userId, userId))
	]);
	return {
		items: items as NotificationRow[],
		total: total?.n ?? 0,
		pages: Math.max(1, Math.ceil((total?.n ?? 0) / PAGE_SIZE))
	};
}

/** Unread notifications, counted up to 100 (the badge shows "99+"), on the partial index. */
export async function unreadCount(db: DbLike, userId: string): Promise<number> {
	const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(
		db
			.select({ one: sql`1`.as('one') })
			.from(notifications)
			.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
			.limit(100)
			.as('unread')
	);
	return Number(row?.n ?? 0);
}

/** Marks one of the person's notifications read; returns its url, or undefined if not theirs. */
export async function markRead(db: DbLike, userId: string, id: string) {
	const [row] = await db
		.update(notifications)
		.set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
		.where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
		.returning({ url: notifications.url });
	return row?.url;
}

export async function markAllRead(db: DbLike, userId: string) {
	await db
		.update(notifications)
		.set({ readAt: new Date() })
		.where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
}

/** The person's channel for every kind, defaults filled in. */
export async function preferencesOf(
	db: DbLike,
	userId: string
): Promise<Record<NotificationKind, NotificationChannel>> {
	const rows = await db
		.select({ kind: notificationPreferences.kind, channel: notificationPreferences.channel })
		.from(notificationPreferences)
		.where(eq(notificationPreferences.userId, userId));
	const chosen = new Map(rows.map((r) => [r.kind, r.channel]));
	return Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, chosen.get(k) ?? DEFAULT_CHANNEL[k]])) as Record<
		NotificationKind,
		NotificationChannel
	>;
}

export async function setPreference(db: DbLike, userId: string, kind: NotificationKind, channel: NotificationChannel) {
	await db
		.insert(notificationPreferences)
		.values({ userId, kind, channel })
		.onConflictDoUpdate({
			target: [notificationPreferences.userId, notificationPreferences.kind],
			set: { channel, updatedAt: new Date() }
		});
}

/** What an unsubscribe link does: that kind, or every kind sent in the digest, becomes "app only". */
export async function unsubscribe(db: DbLike, userId: string, target: NotificationKind | 'digest') {
	if (target !== 'digest') return setPreference(db, userId, target, 'app');
	const prefs = await preferencesOf(db, userId);
	for (const kind of NOTIFICATION_KINDS) if (prefs[kind] === 'digest') await setPreference(db, userId, kind, 'app');
}
