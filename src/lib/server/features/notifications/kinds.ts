/**
 * The kinds of notification other features send, and each kind's default channel:
 * replies and mentions by mail at once (and in the app), the rest in the daily digest.
 * Add a kind here (with its label in the `community` catalogue) to send a new one.
 */
import type { NotificationChannel } from './notifications.table.ts';

export const NOTIFICATION_KINDS = [
	'forum.reply',
	'forum.mention',
	'forum.answerAccepted',
	'wiki.lessonChanged',
	'wiki.suggestionReviewed',
	'terms.updated',
	'group.joined'
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const DEFAULT_CHANNEL: Record<NotificationKind, NotificationChannel> = {
	'forum.reply': 'email',
	'forum.mention': 'email',
	'forum.answerAccepted': 'digest',
	'wiki.lessonChanged': 'digest',
	'wiki.suggestionReviewed': 'digest',
	'terms.updated': 'digest',
	'group.joined': 'digest'
};

export function isNotificationKind(value: unknown): value is NotificationKind {
	return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}
