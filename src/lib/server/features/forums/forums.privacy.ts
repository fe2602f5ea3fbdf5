/**
 * The forums' part of a person's data, for the account export and deletion
 * (accounts/privacy.service.ts): their posts (with edit history), flags, subscriptions and read
 * markers. Deletion erases subscriptions, read markers and the flags they raised; their posts
 * stay in the threads (others replied to them), shown as by a deleted account.
 */
import { asc, eq } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { forumFlags, forumPosts, forumSubscriptions, forumThreadReads, forumThreads } from './forums.table.ts';

export async function forumDataOf(db: DbLike, userId: string) {
	const [posts, flags, subscriptions] = await Promise.all([
		db
			.select({
				id: forumPosts.id,
				thread: forumThreads.title,
				body: forumPosts.body,
				createdAt: forumPosts.createdAt,
				editedAt: forumPosts.editedAt,
				deletedAt: forumPosts.deletedAt
			})
			.from(forumPosts)
			.innerJoin(forumThreads, eq(forumThreads.id, forumPosts.threadId))
			.where(eq(forumPosts.authorId, userId))
			.orderBy(asc(forumPosts.createdAt)),
		db
			.select({
				postId: forumFlags.postId,
				reason: forumFlags.reason,
				status: forumFlags.status,
				createdAt: forumFlags.createdAt
			})
			.from(forumFlags)
			.where(eq(forumFlags.reporterId, userId)),
		db
			.select({ targetType: forumSubscriptions.targetType, targetId: forumSubscriptions.targetId })
			.from(forumSubscriptions)
			.where(eq(forumSubscriptions.userId, userId))
	]);
	return { forumPosts: posts, forumFlags: flags, forumSubscriptions: subscriptions };
}

export async function eraseForumData(db: DbLike, userId: string) {
	await db.delete(forumSubscriptions).where(eq(forumSubscriptions.userId, userId));
	await db.delete(forumThreadReads).where(eq(forumThreadReads.userId, userId));
	await db.delete(forumFlags).where(eq(forumFlags.reporterId, userId));
}
