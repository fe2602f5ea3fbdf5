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
	if (!post.held) return;
	await ctx.db.transaction(async (tx) => {
		await tx.update(forumPosts).set({ held: false }).where(eq(forumPosts.id, postId));
		await tx.update(forumThreads).set({ held: false }).where(eq(forumThreads.id, thread.id));
		await refreshThread(tx, thread.id);
		await audit(tx, actor, 'forum.post.approve', 'forumPost', postId, { threadId: thread.id });
	});
	await ctx.events.emit('PostCreated', {
		postId,
		threadId: thread.id,
		forumId: thread.forumId,
		courseId: place.course?.id ?? null,
		authorId: post.authorId ?? actor.id
	});
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
	authorName: string | null;
	excerpt: string;
	createdAt: Date;
	held: boolean;
	hidden: boolean;
	reasons: string[];
}

/** Posts with open flags and posts awaiting approval in this place's forums, oldest first. */
export async function moderationQueue(db: DbLike, place: Place): Promise<QueueItem[]> {
	assertCan(place.moderate);
	const result = await db.execute(sql`
		select p.id as post_id, t.id as thread_id, t.title as thread_title, u.name as author_name,
			left(p.body, 300) as excerpt, p.created_at, p.held, p.hidden,
			coalesce(array_agg(fl.reason order by fl.created_at) filter (where fl.id is not null), '{}') as reasons
		from forum_posts p
		join forum_threads t on t.id = p.thread_id
		join forums f on f.id = t.forum_id
		left join users u on u.id = p.author_id
		left join forum_flags fl on fl.post_id = p.id and fl.status = 'open'
		where f.scope_type = ${place.scopeType} and f.scope_id = ${place.scopeId} and p.deleted_at is null
			and (p.held or fl.id is not null)
		group by p.id, t.id, u.name
		order by p.created_at
		limit 200`);
	return rowsOf<Record<string, unknown>>(result).map((r) => ({
		postId: String(r.post_id),
		threadId: String(r.thread_id),
		threadTitle: String(r.thread_title),
		authorName: (r.author_name as string | null) ?? null,
		excerpt: String(r.excerpt),
		createdAt: new Date(r.created_at as string),
		held: !!r.held,
		hidden: !!r.hidden,
		reasons: (r.reasons as string[]) ?? []
	}));
}

export interface UnansweredFilter {
	forumId?: string;
	/** Only questions at least this many days old. */
	minDays?: number;
}

/** Questions no tutor or editor answered and with no accepted answer, oldest first. */
export async function unansweredQueue(db: DbLike, place: Place, filter: UnansweredFilter = {}) {
	assertCan(place.tutor || place.moderate);
	const before = filter.minDays ? new Date(Date.now() - filter.minDays * 86_400_000) : undefined;
	const result = await db.execute(sql`
		select t.id, t.title, t.created_at, t.reply_count, f.id as forum_id, f.title as forum_title, u.name as author_name
		from forum_threads t
		join forums f on f.id = t.forum_id
		left join users u on u.id = t.author_id
		where f.scope_type = ${place.scopeType} and f.scope_id = ${place.scopeId}
			and t.answered_at is null and t.accepted_post_id is null and not t.hidden and not t.held
			and f.kind <> 'problems'
			${filter.forumId ? sql`and f.id = ${filter.forumId}` : sql``}
			${before ? sql`and t.created_at <= ${before.toISOString()}::timestamptz` : sql``}
		order by t.created_at
		limit 100`);
	return rowsOf<Record<string, unknown>>(result).map((r) => ({
		id: String(r.id),
		title: String(r.title),
		createdAt: new Date(r.created_at as string),
		replyCount: Number(r.reply_count),
		forumId: String(r.forum_id),
		forumTitle: String(r.forum_title),
		authorName: (r.author_name as string | null) ?? null
	}));
}

/** How many questions each tutor or editor of the course answered (replies to others' threads). */
export async function tutorAnswerCounts(db: DbLike, place: Place) {
	if (place.scopeType !== 'course') return [];
	const result = await db.execute(sql`
		select u.id, u.name, count(distinct p.thread_id)::int as threads, count(p.id)::int as posts
		from role_assignments ra
		join users u on u.id = ra.user_id
		left join (forum_posts p
			join forum_threads t on t.id = p.thread_id and t.author_id is distinct from p.author_id
			join forums f on f.id = t.forum_id and f.scope_type = 'course' and f.scope_id = ${place.scopeId})
			on p.author_id = ra.user_id and p.deleted_at is null and not p.held
		where ra.scope_type = 'course' and ra.scope_id = ${place.scopeId} and ra.role in ('tutor', 'editor')
		group by u.id, u.name
		order by threads desc, u.name`);
	return rowsOf<Record<string, unknown>>(result).map((r) => ({
		id: String(r.id),
		name: String(r.name),
		threads: Number(r.threads),
		posts: Number(r.posts)
	}));
}

/** Full-text search of a place's threads (titles and posts), French and English, accents ignored. */
export async function searchPlace(db: DbLike, userId: string | null, place: Place, query: string) {
	const q = query.trim().slice(0, 200);
	if (!q) return [];
	const tsq = sql`(websearch_to_tsquery('essaim_fr', ${q}) || websearch_to_tsquery('essaim_en', ${q}))`;
	const result = await db.execute(sql`
		select t.id, t.title, f.title as forum_title, t.last_post_at,
			max(greatest(ts_rank(t.search, ${tsq}) * 2, coalesce(ts_rank(p.search, ${tsq}), 0))) as rank,
			(array_agg(p.id order by p.created_at) filter (where p.id is not null))[1] as post_id,
			(array_agg(left(p.body, 200) order by p.created_at) filter (where p.id is not null))[1] as excerpt
		from forum_threads t
		join forums f on f.id = t.forum_id
		left join forum_posts p on p.thread_id = t.id and p.search @@ ${tsq}
			and not p.hidden and not p.held and p.deleted_at is null
		where f.scope_type = ${place.scopeType} and f.scope_id = ${place.scopeId}
			and not t.hidden and (not t.held or t.author_id = ${userId ?? ''})
			and (t.search @@ ${tsq} or p.id is not null)
		group by t.id, f.title
		order by rank desc, t.last_post_at desc
		limit 50`);
	return rowsOf<Record<string, unknown>>(result).map((r) => ({
		id: String(r.id),
		title: String(r.title),
		forumTitle: String(r.forum_title),
		postId: (r.post_id as string | null) ?? null,
		excerpt: (r.excerpt as string | null) ?? '',
		lastPostAt: new Date(r.last_post_at as string)
	}));
}
