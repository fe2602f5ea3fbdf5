/**
 * Moderation of a place's forums: flags and their queue, hiding and restoring posts, locking,
 * pinning, moving and splitting threads, approving held posts. Every action is written to the
 * audit log with who did it.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { FormError } from '../../http/forms.ts';
import { uuidv7 } from '../../ids.ts';
import type { Actor } from '../authz/policy.ts';
import { assertCan, type Place } from './forums.access.ts';
import { resolveMentions } from './forums.render.ts';
import { audit, forumOfPlace } from './forums.service.ts';
import { forumFlags, forumPosts, forumThreads, type ForumThreadRow } from './forums.table.ts';
import { refreshThread } from './posting.service.ts';

type Ctx = Pick<App, 'db' | 'events'>;

async function postIn(db: DbLike, thread: ForumThreadRow, postId: string) {
	const [post] = await db
		.select()
		.from(forumPosts)
		.where(and(eq(forumPosts.id, postId), eq(forumPosts.threadId, thread.id)));
	if (!post) throw new FormError(404, { _form: { key: 'error.notFound' } });
	return post;
}

/** Any reader who may post flags a post once (while their flag is open). */
export async function flagPost(
	ctx: Ctx,
	actor: Actor,
	place: Place,
	thread: ForumThreadRow,
	postId: string,
	reason: string
) {
	assertCan(place.post || place.read);
	await postIn(ctx.db, thread, postId);
	const trimmed = reason.trim();
	if (!trimmed) throw new FormError(400, { reason: { key: 'forums.errors.reasonRequired' } });
	await ctx.db
		.insert(forumFlags)
		.values({ id: uuidv7(), postId, reporterId: actor.id, reason: trimmed })
		.onConflictDoNothing();
}

export async function setPostHidden(
	ctx: Ctx,
	actor: Actor,
	place: Place,
	thread: ForumThreadRow,
	postId: string,
	hidden: boolean
) {
	assertCan(place.moderate);
	await postIn(ctx.db, thread, postId);
	await ctx.db.transaction(async (tx) => {
		await tx.update(forumPosts).set({ hidden }).where(eq(forumPosts.id, postId));
		// Hiding settles the post's open flags.
		if (hidden)
			await tx
				.update(forumFlags)
				.set({ status: 'resolved', resolvedBy: actor.id, resolvedAt: new Date() })
				.where(and(eq(forumFlags.postId, postId), eq(forumFlags.status, 'open')));
		await refreshThread(tx, thread.id);
		await audit(tx, actor, hidden ? 'forum.post.hide' : 'forum.post.restore', 'forumPost', postId, {
			threadId: thread.id
		});
	});
}

export async function dismissFlags(ctx: Ctx, actor: Actor, place: Place, thread: ForumThreadRow, postId: string) {
	assertCan(place.moderate);
	await postIn(ctx.db, thread, postId);
	await ctx.db
		.update(forumFlags)
		.set({ status: 'dismissed', resolvedBy: actor.id, resolvedAt: new Date() })
		.where(and(eq(forumFlags.postId, postId), eq(forumFlags.status, 'open')));
	await audit(ctx.db, actor, 'forum.flags.dismiss', 'forumPost', postId, { threadId: thread.id });
}

export async function approvePost(ctx: Ctx, actor: Actor, place: Place, thread: ForumThreadRow, postId: string) {
	assertCan(place.moderate);
	const post = await postIn(ctx.db, thread, postId);
	if (!post.held) return undefined;
	await ctx.db.transaction(async (tx) => {
		await tx.update(forumPosts).set({ held: false }).where(eq(forumPosts.id, postId));
		await tx.update(forumThreads).set({ held: false }).where(eq(forumThreads.id, thread.id));
		await refreshThread(tx, thread.id);
		await audit(tx, actor, 'forum.post.approve', 'forumPost', postId, { threadId: thread.id });
	});
	// Now that everyone sees it, its followers and the people it mentions hear of it (once: a
	// post approved again is no longer held and returns above).
	const authorId = post.authorId ?? actor.id;
	const mentions = await resolveMentions(ctx.db, post.body).catch(() => new Map<string, string>());
	await ctx.events.emit('PostCreated', {
		postId,
		threadId: thread.id,
		forumId: thread.forumId,
		courseId: place.course?.id ?? null,
		authorId,
		mentionedIds: [...mentions.values()].filter((id) => id !== authorId)
	});
	return post;
}

type ThreadFlag = 'locked' | 'pinned' | 'hidden';

export async function setThreadFlag(
	ctx: Ctx,
	actor: Actor,
	place: Place,
	thread: ForumThreadRow,
	flag: ThreadFlag,
	on: boolean
) {
	assertCan(place.moderate);
	await ctx.db
		.update(forumThreads)
		.set({ [flag]: on })
		.where(eq(forumThreads.id, thread.id));
	const verb = { locked: ['lock', 'unlock'], pinned: ['pin', 'unpin'], hidden: ['hide', 'restore'] }[flag][on ? 0 : 1];
	await audit(ctx.db, actor, `forum.thread.${verb}`, 'forumThread', thread.id);
}

/** Moves a thread to another forum of the same place. */
export async function moveThread(ctx: Ctx, actor: Actor, place: Place, thread: ForumThreadRow, forumId: string) {
	assertCan(place.moderate);
	const target = await forumOfPlace(ctx.db, place, forumId);
	await ctx.db.update(forumThreads).set({ forumId: target.id }).where(eq(forumThreads.id, thread.id));
	await audit(ctx.db, actor, 'forum.thread.move', 'forumThread', thread.id, { from: thread.forumId, to: target.id });
}

/** Moves a post and every later post of the thread into a new thread of the same forum. */
export async function splitThread(
	ctx: Ctx,
	actor: Actor,
	place: Place,
	thread: ForumThreadRow,
	postId: string,
	title: string
) {
	assertCan(place.moderate);
	const post = await postIn(ctx.db, thread, postId);
	const [first] = await ctx.db
		.select({ id: forumPosts.id })
		.from(forumPosts)
		.where(eq(forumPosts.threadId, thread.id))
		.orderBy(asc(forumPosts.createdAt), asc(forumPosts.id))
		.limit(1);
	if (first?.id === postId) throw new FormError(409, { _form: { key: 'forums.errors.splitFirst' } });
	const id = uuidv7();
	await ctx.db.transaction(async (tx) => {
		await tx.insert(forumThreads).values({
			id,
			forumId: thread.forumId,
			title: title.trim(),
			authorId: post.authorId,
			createdAt: post.createdAt,
			lastPostAt: post.createdAt
		});
		await tx
			.update(forumPosts)
			.set({ threadId: id })
			.where(
				and(
					eq(forumPosts.threadId, thread.id),
					sql`(${forumPosts.createdAt}, ${forumPosts.id}) >= (${post.createdAt.toISOString()}::timestamptz, ${post.id})`
				)
			);
		if (thread.acceptedPostId) {
			const [moved] = await tx
				.select({ id: forumPosts.id })
				.from(forumPosts)
				.where(and(eq(forumPosts.id, thread.acceptedPostId), eq(forumPosts.threadId, id)));
			if (moved) {
				await tx.update(forumThreads).set({ acceptedPostId: null }).where(eq(forumThreads.id, thread.id));
				await tx.update(forumThreads).set({ acceptedPostId: moved.id }).where(eq(forumThreads.id, id));
			}
		}
		await refreshThread(tx, thread.id);
		await refreshThread(tx, id);
		await audit(tx, actor, 'forum.thread.split', 'forumThread', thread.id, { newThreadId: id, fromPostId: postId });
	});
	return id;
}

export interface QueueItem {
	postId: string;
	threadId: string;
	threadTitle: string;
	/** The thread's address (its place's pages), where the queue's forms post. */
	threadUrl: string;
	/** The course the post is in, when the queue covers every place. */
	courseTitle: string | null;
	authorName: string | null;
	excerpt: string;
	createdAt: Date;
	held: boolean;
	hidden: boolean;
	reasons: string[];
}

/**
 * Posts with open flags and posts awaiting approval, oldest first: in this place's forums, or in
 * every forum of the instance (`everywhere`, for instance moderators and administrators).
 */
export async function moderationQueue(
	db: DbLike,
	place: Place,
	opts: { everywhere?: boolean } = {}
): Promise<QueueItem[]> {
	assertCan(place.moderate);
	const scope = opts.everywhere ? sql`true` : sql`f.scope_type = ${place.scopeType} and f.scope_id = ${place.scopeId}`;
	const result = await db.execute(sql`
		select p.id as post_id, t.id as thread_id, t.title as thread_title, u.name as author_name,
			left(p.body, 300) as excerpt, p.created_at, p.held, p.hidden,
			coalesce(c.slug, gc.slug) as course_slug, coalesce(c.title, gc.title) as course_title,
			coalesce(array_agg(fl.reason order by fl.created_at) filter (where fl.id is not null), '{}') as reasons
		from forum_posts p
		join forum_threads t on t.id = p.thread_id
		join forums f on f.id = t.forum_id
		left join courses c on f.scope_type = 'course' and c.id = f.scope_id
		left join theme_groups g on f.scope_type = 'themeGroup' and g.id = f.scope_id
		left join courses gc on gc.id = g.course_id
		left join users u on u.id = p.author_id
		left join forum_flags fl on fl.post_id = p.id and fl.status = 'open'
		where ${scope} and p.deleted_at is null and (p.held or fl.id is not null)
		group by p.id, t.id, u.name, c.slug, c.title, gc.slug, gc.title
		order by p.created_at
		limit 200`);
	return rowsOf<Record<string, unknown>>(result).map((r) => {
		const slug = r.course_slug as string | null;
		return {
			postId: String(r.post_id),
			threadId: String(r.thread_id),
			threadTitle: String(r.thread_title),
			threadUrl: `${slug ? `/courses/${slug}/forum` : '/forum'}/t/${String(r.thread_id)}`,
			courseTitle: opts.everywhere ? ((r.course_title as string | null) ?? null) : null,
			authorName: (r.author_name as string | null) ?? null,
			excerpt: String(r.excerpt),
			createdAt: new Date(r.created_at as string),
			held: !!r.held,
			hidden: !!r.hidden,
			reasons: (r.reasons as string[]) ?? []
		};
	});
}
