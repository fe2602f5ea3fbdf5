/** Following a thread or a forum (replies there are notified; see forums.notify.ts). */
import { and, eq } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import type { Actor } from '../authz/policy.ts';
import { forumSubscriptions } from './forums.table.ts';

export async function setSubscription(
	db: DbLike,
	actor: Actor,
	targetType: 'forum' | 'thread',
	targetId: string,
	on: boolean
) {
	if (on) await db.insert(forumSubscriptions).values({ userId: actor.id, targetType, targetId }).onConflictDoNothing();
	else
		await db
			.delete(forumSubscriptions)
			.where(
				and(
					eq(forumSubscriptions.userId, actor.id),
					eq(forumSubscriptions.targetType, targetType),
					eq(forumSubscriptions.targetId, targetId)
				)
			);
}

export async function isSubscribed(db: DbLike, userId: string, targetType: 'forum' | 'thread', targetId: string) {
	const [row] = await db
		.select({ userId: forumSubscriptions.userId })
		.from(forumSubscriptions)
		.where(
			and(
				eq(forumSubscriptions.userId, userId),
				eq(forumSubscriptions.targetType, targetType),
				eq(forumSubscriptions.targetId, targetId)
			)
		);
	return !!row;
}
