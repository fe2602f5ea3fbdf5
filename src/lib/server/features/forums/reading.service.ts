/**
 * Reading forums: a forum's threads (pinned first, then by last post), a thread's page of posts
 * with their authors and files (three queries whatever the thread's length), the first unread
 * post, a post's edit history. Held posts are shown to their author and moderators only; hidden
 * and deleted posts keep their place as a notice (moderators still see the text).
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { users } from '../accounts/accounts.table.ts';
import type { Place } from './forums.access.ts';
import { FORUM_LIMITS as L } from './forums.schemas.ts';
import {
	forumAttachments,
	forumPostRevisions,
	forumPosts,
	forumThreadReads,
	forumThreads,
	forums,
	type ForumThreadRow
} from './forums.table.ts';

export interface ThreadListItem {
	id: string;
	title: string;
	authorName: string | null;
	createdAt: Date;
	lastPostAt: Date;
	replyCount: number;
	pinned: boolean;
	locked: boolean;
	hidden: boolean;
	held: boolean;
	answered: boolean;
	accepted: boolean;
	unread: boolean;
	/** Posts newer than the reader's last visit (all of them for a thread never opened). */
	unreadCount: number;
}

const canSeeThread = (place: Place, userId: string | null) =>
	place.moderate
		? undefined
		: sql`not ${forumThreads.hidden} and (not ${forumThreads.held} or ${forumThreads.authorId} = ${userId ?? ''})`;

export async function listThreads(db: DbLike, userId: string | null, place: Place, forumId: string, page: number) {
	const where = and(eq(forumThreads.forumId, forumId), canSeeThread(place, userId));
	const [rows, [count]] = await Promise.all([
		db
			.select({
				id: forumThreads.id,
				title: forumThreads.title,
				authorName: users.name,
				createdAt: forumThreads.createdAt,
				lastPostAt: forumThreads.lastPostAt,
				replyCount: forumThreads.replyCount,
				pinned: forumThreads.pinned,
				locked: forumThreads.locked,
				hidden: forumThreads.hidden,
				held: forumThreads.held,
				answered: sql<boolean>`${forumThreads.answeredAt} is not null`,
				accepted: sql<boolean>`${forumThreads.acceptedPostId} is not null`,
				unread: userId
					? sql<boolean>`(${forumThreadReads.lastReadAt} is null or ${forumThreads.lastPostAt} > ${forumThreadReads.lastReadAt})`
					: sql<boolean>`false`,
				unreadCount: userId
					? sql<number>`case when ${forumThreadReads.lastReadAt} is null or ${forumThreads.lastPostAt} > ${forumThreadReads.lastReadAt}
						then (select count(*)::int from forum_posts p where p.thread_id = ${forumThreads.id} and not p.held
							and p.created_at > coalesce(${forumThreadReads.lastReadAt}, '-infinity'::timestamptz)) else 0 end`
					: sql<number>`0`
			})
			.from(forumThreads)
			.leftJoin(users, eq(users.id, forumThreads.authorId))
			.leftJoin(
				forumThreadReads,
				and(eq(forumThreadReads.threadId, forumThreads.id), eq(forumThreadReads.userId, userId ?? ''))
			)
			.where(where)
			.orderBy(desc(forumThreads.pinned), desc(forumThreads.lastPostAt))
			.limit(L.threadsPerPage)
			.offset((page - 1) * L.threadsPerPage),
		db
			.select({ n: sql<number>`count(*)::int` })
			.from(forumThreads)
			.where(where)
	]);
	return {
		threads: rows.map((r) => ({ ...r, unreadCount: Number(r.unreadCount) })) as ThreadListItem[],
		pages: Math.max(1, Math.ceil(Number(count?.n ?? 0) / L.threadsPerPage))
	};
}

/** The thread with its forum, if it belongs to this place and the reader may see it. */
export async function threadOfPlace(db: DbLike, userId: string | null, place: Place, threadId: string) {
	const [row] = await db
		.select({ thread: forumThreads, forum: forums })
		.from(forumThreads)
		.innerJoin(forums, eq(forums.id, forumThreads.forumId))
		.where(
			and(
				eq(forumThreads.id, threadId),
				eq(forums.scopeType, place.scopeType),
				eq(forums.scopeId, place.scopeId),
				canSeeThread(place, userId)
			)
		);
	return row;
}

const visiblePost = (place: Place, userId: string | null) =>
	place.moderate ? undefined : sql`(not ${forumPosts.held} or ${forumPosts.authorId} = ${userId ?? ''})`;

export interface PostView {
	id: string;
	authorId: string | null;
	authorName: string | null;
	authorHandle: string | null;
	authorAvatar: string | null;
	/** Empty when hidden or deleted and the reader is not a moderator. */
	html: string;
	body: string | null;
	createdAt: Date;
	editedAt: Date | null;
	hidden: boolean;
	held: boolean;
	deleted: boolean;
	quotedPostId: string | null;
	files: { id: string; name: string; mime: string; size: number; width: number | null; height: number | null }[];
	revisions: number;
}

/** One page of a thread's posts, oldest first, with authors, files and edit counts. */
export async function threadPage(
	db: DbLike,
	userId: string | null,
	place: Place,
	thread: ForumThreadRow,
	page: number
) {
	const where = and(eq(forumPosts.threadId, thread.id), visiblePost(place, userId));
	const rows = await db
		.select({
			id: forumPosts.id,
			authorId: forumPosts.authorId,
			authorName: users.name,
			authorHandle: users.handle,
			authorAvatar: users.avatarKey,
			bodyHtml: forumPosts.bodyHtml,
			body: forumPosts.body,
			createdAt: forumPosts.createdAt,
			editedAt: forumPosts.editedAt,
			hidden: forumPosts.hidden,
			held: forumPosts.held,
			deletedAt: forumPosts.deletedAt,
			quotedPostId: forumPosts.quotedPostId,
			total: sql<number>`count(*) over ()`,
			revisions: place.moderate
				? sql<number>`(select count(*)::int from forum_post_revisions r where r.post_id = ${forumPosts.id})`
				: sql<number>`0`
		})
		.from(forumPosts)
		.leftJoin(users, eq(users.id, forumPosts.authorId))
		.where(where)
		.orderBy(asc(forumPosts.createdAt), asc(forumPosts.id))
		.limit(L.postsPerPage)
		.offset((page - 1) * L.postsPerPage);
	const ids = rows.map((r) => r.id);
	const files = ids.length
		? await db
				.select({
					id: forumAttachments.id,
					postId: forumAttachments.postId,
					name: forumAttachments.name,
					mime: forumAttachments.mime,
					size: forumAttachments.size,
					width: forumAttachments.width,
					height: forumAttachments.height
				})
				.from(forumAttachments)
				.where(inArray(forumAttachments.postId, ids))
				.orderBy(asc(forumAttachments.createdAt))
		: [];
	let total = Number(rows[0]?.total ?? 0);
	if (!rows.length && page > 1)
		total = Number(
			(
				await db
					.select({ n: sql<number>`count(*)::int` })
					.from(forumPosts)
					.where(where)
			)[0]?.n ?? 0
		);
	const posts: PostView[] = rows.map((r) => {
		const masked = (r.hidden || !!r.deletedAt) && !place.moderate;
		const mine = !!userId && r.authorId === userId;
		return {
			id: r.id,
			authorId: r.authorId,
			authorName: r.authorName,
			authorHandle: r.authorHandle,
			authorAvatar: r.authorAvatar,
			html: masked ? '' : r.bodyHtml,
			body: masked || !(mine || place.moderate) ? null : r.body,
			createdAt: r.createdAt,
			editedAt: r.editedAt,
			hidden: r.hidden,
			held: r.held,
			deleted: !!r.deletedAt,
			quotedPostId: r.quotedPostId,
			files: masked ? [] : files.filter((f) => f.postId === r.id),
			revisions: Number(r.revisions)
		};
	});
	return { posts, pages: Math.max(1, Math.ceil(total / L.postsPerPage)), total };
}

/** The page and id of the reader's first unread post, or undefined when all is read. */
export async function firstUnread(db: DbLike, userId: string, place: Place, threadId: string) {
	const [read] = await db
		.select({ at: forumThreadReads.lastReadAt })
		.from(forumThreadReads)
		.where(and(eq(forumThreadReads.userId, userId), eq(forumThreadReads.threadId, threadId)));
	const since = read?.at ?? new Date(0);
	const where = and(eq(forumPosts.threadId, threadId), visiblePost(place, userId));
	const [row] = await db
		.select({
			id: forumPosts.id,
			before: sql<number>`(select count(*)::int from forum_posts p where p.thread_id = ${threadId} and p.created_at <= ${since.toISOString()}::timestamptz ${place.moderate ? sql`` : sql`and (not p.held or p.author_id = ${userId})`})`
		})
		.from(forumPosts)
		.where(and(where, sql`${forumPosts.createdAt} > ${since.toISOString()}::timestamptz`))
		.orderBy(asc(forumPosts.createdAt), asc(forumPosts.id))
		.limit(1);
	return row && { postId: row.id, page: Math.floor(Number(row.before) / L.postsPerPage) + 1 };
}

/** The page of a thread where a post is, as the reader sees the thread. */
export async function pageOfPost(db: DbLike, userId: string | null, place: Place, postId: string) {
	const [post] = await db
		.select({ threadId: forumPosts.threadId, createdAt: forumPosts.createdAt })
		.from(forumPosts)
		.where(eq(forumPosts.id, postId));
	if (!post) return undefined;
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(forumPosts)
		.where(
			and(
				eq(forumPosts.threadId, post.threadId),
				sql`(${forumPosts.createdAt}, ${forumPosts.id}) < (${post.createdAt.toISOString()}::timestamptz, ${postId})`,
				visiblePost(place, userId)
			)
		);
	return { threadId: post.threadId, page: Math.floor(Number(row?.n ?? 0) / L.postsPerPage) + 1 };
}

export async function postRevisions(db: DbLike, postId: string) {
	return db
		.select({ body: forumPostRevisions.body, editedAt: forumPostRevisions.editedAt, editorName: users.name })
		.from(forumPostRevisions)
		.leftJoin(users, eq(users.id, forumPostRevisions.editedBy))
		.where(eq(forumPostRevisions.postId, postId))
		.orderBy(desc(forumPostRevisions.editedAt));
}

export async function getAttachment(db: DbLike, id: string) {
	const [row] = await db
		.select({
			file: forumAttachments,
			threadId: forumPosts.threadId,
			hidden: forumPosts.hidden,
			deletedAt: forumPosts.deletedAt,
			scopeType: forums.scopeType,
			scopeId: forums.scopeId
		})
		.from(forumAttachments)
		.innerJoin(forumPosts, eq(forumPosts.id, forumAttachments.postId))
		.innerJoin(forumThreads, eq(forumThreads.id, forumPosts.threadId))
		.innerJoin(forums, eq(forums.id, forumThreads.forumId))
		.where(eq(forumAttachments.id, id));
	return row;
}

/** The forum scope a post lives in (for the post's stable address). */
export async function scopeOfPost(db: DbLike, postId: string) {
	const [row] = await db
		.select({ scopeType: forums.scopeType, scopeId: forums.scopeId, threadId: forumThreads.id })
		.from(forumPosts)
		.innerJoin(forumThreads, eq(forumThreads.id, forumPosts.threadId))
		.innerJoin(forums, eq(forums.id, forumThreads.forumId))
		.where(eq(forumPosts.id, postId));
	return row;
}
