/**
 * Writing in a forum: open a thread, reply (optionally quoting a post), edit (the previous text
 * is kept as a revision), delete (soft: "message supprimé"). Every write checks who may, the
 * size and emptiness of the text, the people it mentions and the posting rate; nothing is
 * written when a check fails. New accounts' first posts wait for approval in forums that ask.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError } from '../../http/forms.ts';
import { uuidv7 } from '../../ids.ts';
import type { Actor } from '../authz/policy.ts';
import { users } from '../accounts/accounts.table.ts';
import { hit } from '../platform/rate-limit.ts';
import { assertCan, type Place } from './forums.access.ts';
import { prepareFiles, removeFiles, storeFiles, type PreparedFile } from './forums.attachments.ts';
import { renderPost, resolveMentions } from './forums.render.ts';
import { FORUM_LIMITS as L, POST_RATE } from './forums.schemas.ts';
import { audit } from './forums.service.ts';
import {
	forumAttachments,
	forumPostRevisions,
	forumPosts,
	forumSubscriptions,
	forumThreadReads,
	forumThreads,
	type ForumRow,
	type ForumThreadRow
} from './forums.table.ts';

type Ctx = Pick<App, 'db' | 'events' | 'config'>;

export interface PostInput {
	body: string;
	files?: File[];
	quotedPostId?: string;
}

export interface Posted {
	threadId: string;
	postId: string;
	held: boolean;
	/** Ids of the people mentioned (for notifications). */
	mentioned: string[];
}

function checkBody(body: string): string {
	const trimmed = body.trim();
	if (!trimmed) throw new FormError(400, { body: { key: 'forums.errors.bodyRequired' } });
	if (body.length > L.body)
		throw new FormError(413, { body: { key: 'forums.errors.bodyTooLong', params: { max: L.body } } });
	return trimmed;
}

async function checkRate(ctx: Ctx, actor: Actor) {
	if (!ctx.config.RATE_LIMITS) return;
	const d = await hit(ctx.db, `forum-post:${actor.id}`, POST_RATE);
	if (!d.allowed)
		throw new FormError(429, { body: { key: 'forums.errors.tooFast', params: { seconds: d.retryAfterSeconds } } });
}

/** A new account (young, or without any approved post) posting in a forum that holds them. */
async function mustHold(db: DbLike, actor: Actor, place: Place, forum: ForumRow): Promise<boolean> {
	if (!forum.holdFirstPosts || place.moderate) return false;
	const since = new Date(Date.now() - L.newAccountDays * 86_400_000).toISOString();
	const [row] = await db
		.select({
			young: sql<boolean>`${users.createdAt} > ${since}::timestamptz`,
			approved: sql<boolean>`exists (select 1 from forum_posts p where p.author_id = ${actor.id} and not p.held and p.deleted_at is null)`
		})
		.from(users)
		.where(eq(users.id, actor.id));
	return !row || row.young || !row.approved;
}

/** Everything is checked (text, mentions, files, rate) before any write. */
async function prepare(ctx: Ctx, actor: Actor, input: PostInput) {
	const body = checkBody(input.body);
	const mentions = await resolveMentions(ctx.db, body);
	const files = await prepareFiles(input.files ?? []);
	await checkRate(ctx, actor);
	return { body, mentioned: [...mentions.values()].filter((id) => id !== actor.id), files };
}

async function insertPost(
	db: DbLike,
	values: {
		id: string;
		threadId: string;
		authorId: string;
		body: string;
		held: boolean;
		createdAt: Date;
		quotedPostId?: string | null;
	},
	files: PreparedFile[]
) {
	await db.insert(forumPosts).values({ ...values, bodyHtml: renderPost(values.id, values.body) });
	if (files.length)
		await db.insert(forumAttachments).values(
			files.map((f) => ({
				id: uuidv7(),
				postId: values.id,
				fileKey: f.fileKey,
				name: f.name,
				mime: f.mime,
				size: f.size,
				width: f.width,
				height: f.height
			}))
		);
}

/** Reply count and last post time from the posts themselves (after any change to them). */
export async function refreshThread(db: DbLike, threadId: string) {
	await db.execute(sql`
		update forum_threads t set
			reply_count = greatest(0, (select count(*) from forum_posts p
				where p.thread_id = t.id and not p.held and not p.hidden and p.deleted_at is null) - 1),
			last_post_at = coalesce((select max(p.created_at) from forum_posts p
				where p.thread_id = t.id and not p.held), t.created_at)
		where t.id = ${threadId}`);
}

export async function markRead(db: DbLike, userId: string, threadId: string, upTo: Date) {
	await db
		.insert(forumThreadReads)
		.values({ userId, threadId, lastReadAt: upTo })
		.onConflictDoUpdate({
			target: [forumThreadReads.userId, forumThreadReads.threadId],
			set: { lastReadAt: sql`excluded.last_read_at` },
			// Re-reading what was already read changes nothing (no row version written).
			setWhere: sql`${forumThreadReads.lastReadAt} < excluded.last_read_at`
		});
}

async function withFiles<T>(ctx: Ctx, files: PreparedFile[], write: () => Promise<T>): Promise<T> {
	await storeFiles(ctx.config.dataDir, files);
	try {
		return await write();
	} catch (err) {
		await removeFiles(
			ctx.config.dataDir,
			files.map((f) => f.fileKey)
		);
		throw err;
	}
}

async function announce(ctx: Ctx, place: Place, forumId: string, posted: Posted, authorId: string) {
	if (posted.held) return;
	await ctx.events.emit('PostCreated', {
		postId: posted.postId,
		threadId: posted.threadId,
		forumId,
		courseId: place.course?.id ?? null,
		authorId,
		mentionedIds: posted.mentioned
	});
}

export async function createThread(
	ctx: Ctx,
	actor: Actor,
	place: Place,
	forum: ForumRow,
	input: PostInput & { title: string }
): Promise<Posted> {
	assertCan(place.post);
	const title = input.title.trim();
	if (!title) throw new FormError(400, { title: { key: 'errors.required' } });
	const { body, mentioned, files } = await prepare(ctx, actor, input);
	const held = await mustHold(ctx.db, actor, place, forum);
	const threadId = uuidv7();
	const postId = uuidv7();
	const now = new Date();
	await withFiles(ctx, files, () =>
		ctx.db.transaction(async (tx) => {
			await tx
				.insert(forumThreads)
				.values({ id: threadId, forumId: forum.id, title, authorId: actor.id, held, createdAt: now, lastPostAt: now });
			await insertPost(tx, { id: postId, threadId, authorId: actor.id, body, held, createdAt: now }, files);
			await markRead(tx, actor.id, threadId, now);
			await tx.insert(forumSubscriptions).values({ userId: actor.id, targetType: 'thread', targetId: threadId });
		})
	);
	const posted = { threadId, postId, held, mentioned };
	await announce(ctx, place, forum.id, posted, actor.id);
	return posted;
}

export async function reply(
	ctx: Ctx,
	actor: Actor,
	place: Place,
	forum: ForumRow,
	thread: ForumThreadRow,
	input: PostInput
): Promise<Posted> {
	assertCan(place.post);
	if (thread.locked && !place.moderate) throw new FormError(409, { body: { key: 'forums.errors.locked' } });
	const { body, mentioned, files } = await prepare(ctx, actor, input);
	let quotedPostId: string | null = null;
	if (input.quotedPostId) {
		const [q] = await ctx.db
			.select({ id: forumPosts.id })
			.from(forumPosts)
			.where(and(eq(forumPosts.id, input.quotedPostId), eq(forumPosts.threadId, thread.id)));
		quotedPostId = q?.id ?? null;
	}
	const held = await mustHold(ctx.db, actor, place, forum);
	const postId = uuidv7();
	const now = new Date();
	// A tutor's or editor's reply to someone else's question answers it (leaves the queue).
	const answers = place.tutor && thread.authorId !== actor.id && !held;
	await withFiles(ctx, files, () =>
		ctx.db.transaction(async (tx) => {
			await insertPost(
				tx,
				{ id: postId, threadId: thread.id, authorId: actor.id, body, held, createdAt: now, quotedPostId },
				files
			);
			if (answers)
				await tx
					.update(forumThreads)
					.set({ answeredAt: now })
					.where(and(eq(forumThreads.id, thread.id), isNull(forumThreads.answeredAt)));
			await refreshThread(tx, thread.id);
			await markRead(tx, actor.id, thread.id, now);
		})
	);
	const posted = { threadId: thread.id, postId, held, mentioned };
	await announce(ctx, place, forum.id, posted, actor.id);
	return posted;
}

/** The post in this thread, or 404. */
async function postOf(db: DbLike, thread: ForumThreadRow, postId: string) {
	const [post] = await db
		.select()
		.from(forumPosts)
		.where(and(eq(forumPosts.id, postId), eq(forumPosts.threadId, thread.id)));
	if (!post) throw new FormError(404, { _form: { key: 'error.notFound' } });
	return post;
}

export async function editPost(
	ctx: Ctx,
	actor: Actor,
	place: Place,
	thread: ForumThreadRow,
	postId: string,
	raw: string
) {
	const post = await postOf(ctx.db, thread, postId);
	const own = post.authorId === actor.id;
	if (!own && !place.moderate) throw new FormError(403, { body: { key: 'forums.errors.notYours' } });
	if (post.deletedAt) throw new FormError(409, { body: { key: 'forums.errors.deleted' } });
	if (own && thread.locked && !place.moderate) throw new FormError(409, { body: { key: 'forums.errors.locked' } });
	const body = checkBody(raw);
	await resolveMentions(ctx.db, body);
	if (body === post.body) return;
	await ctx.db.transaction(async (tx) => {
		await tx.insert(forumPostRevisions).values({ id: uuidv7(), postId, body: post.body, editedBy: actor.id });
		await tx
			.update(forumPosts)
			.set({ body, bodyHtml: renderPost(postId, body), editedAt: new Date() })
			.where(eq(forumPosts.id, postId));
		if (!own) await audit(tx, actor, 'forum.post.edit', 'forumPost', postId, { threadId: thread.id });
	});
}

export async function deletePost(ctx: Ctx, actor: Actor, place: Place, thread: ForumThreadRow, postId: string) {
	const post = await postOf(ctx.db, thread, postId);
	const own = post.authorId === actor.id;
	if (!own && !place.moderate) throw new FormError(403, { _form: { key: 'forums.errors.notYours' } });
	if (post.deletedAt) return;
	await ctx.db.transaction(async (tx) => {
		await tx.update(forumPosts).set({ deletedAt: new Date() }).where(eq(forumPosts.id, postId));
		if (thread.acceptedPostId === postId)
			await tx.update(forumThreads).set({ acceptedPostId: null }).where(eq(forumThreads.id, thread.id));
		await refreshThread(tx, thread.id);
		await audit(tx, actor, 'forum.post.delete', 'forumPost', postId, { threadId: thread.id, own });
	});
}

/** The asker, a tutor or a moderator marks (or unmarks) the answer that solved the question. */
export async function acceptAnswer(
	ctx: Ctx,
	actor: Actor,
	place: Place,
	thread: ForumThreadRow,
	postId: string | null
) {
	if (thread.authorId !== actor.id && !place.tutor && !place.moderate)
		throw new FormError(403, { _form: { key: 'forums.errors.notAsker' } });
	const post = postId ? await postOf(ctx.db, thread, postId) : null;
	if (post && (post.deletedAt || post.hidden || post.held))
		throw new FormError(409, { _form: { key: 'forums.errors.notAcceptable' } });
	await ctx.db.update(forumThreads).set({ acceptedPostId: postId }).where(eq(forumThreads.id, thread.id));
	if (!post?.authorId) return null;
	await ctx.events.emit('AnswerAccepted', {
		postId: post.id,
		threadId: thread.id,
		courseId: place.course?.id ?? null,
		authorId: post.authorId,
		by: actor.id
	});
	return post.authorId;
}
