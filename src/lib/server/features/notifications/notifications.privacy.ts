/**
 * The community's part of a person's data, for the account export and deletion
 * (accounts/privacy.service.ts): notifications, notification preferences and accepted terms.
 * Deletion erases notifications and preferences; acceptances of terms are kept (the record of
 * consent, tied to the "deleted user" row only).
 */
import { asc, eq } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { termsAcceptances, termsVersions } from '../community/community.table.ts';
import { notificationPreferences, notifications } from './notifications.table.ts';

export async function communityDataOf(db: DbLike, userId: string) {
	const [items, preferences, terms] = await Promise.all([
		db
			.select({
				kind: notifications.kind,
				title: notifications.titleKey,
				params: notifications.titleParams,
				url: notifications.url,
				createdAt: notifications.createdAt,
				readAt: notifications.readAt,
				emailedAt: notifications.emailedAt
			})
			.from(notifications)
			.where(eq(notifications.userId, userId))
			.orderBy(asc(notifications.createdAt)),
		db
			.select({ kind: notificationPreferences.kind, channel: notificationPreferences.channel })
			.from(notificationPreferences)
			.where(eq(notificationPreferences.userId, userId)),
		db
			.select({
				scopeType: termsVersions.scopeType,
				scopeId: termsVersions.scopeId,
				version: termsVersions.version,
				acceptedAt: termsAcceptances.acceptedAt
			})
			.from(termsAcceptances)
			.innerJoin(termsVersions, eq(termsVersions.id, termsAcceptances.termsVersionId))
			.where(eq(termsAcceptances.userId, userId))
			.orderBy(asc(termsAcceptances.acceptedAt))
	]);
	return { notifications: items, notificationPreferences: preferences, termsAccepted: terms };
}

export async function eraseCommunityData(db: DbLike, userId: string) {
	await db.delete(notifications).where(eq(notifications.userId, userId));
	await db.delete(notificationPreferences).where(eq(notificationPreferences.userId, userId));
}
