/**
 * The thread page, for both places: one page of posts, the reply form (pre-filled when quoting),
 * and every action on a post or the thread as a plain form post that comes back to the post.
 */
import { redirect, type RequestEvent } from '@sveltejs/kit';
import { and, eq, inArray } from 'drizzle-orm';
import { FormError, handleForm, invalid } from '../../http/forms.ts';
import { UUID_RE } from '../../ids.ts';
import { users } from '../accounts/accounts.table.ts';
import { forumPostRevisions, forumPosts } from './forums.table.ts';
import { FORUM_LIMITS, moveThreadSchema, postIdSchema, replySchema } from './forums.schemas.ts';
import { placeForums } from './forums.service.ts';
import { pageParam, placeView, requireActor, threadOf } from './forums.pages.ts';
import { quoteMarkdown } from './forums.render.ts';
import { acceptAnswer, deletePost, markRead, reply } from './posting.service.ts';
import { isSubscribed, setSubscription } from './subscriptions.service.ts';
import { firstUnread, pageOfPost, threadPage } from './reading.service.ts';
import { approvePost, dismissFlags, moveThread, setPostHidden, setThreadFlag } from './moderation.service.ts';

type Event = RequestEvent;

export async function loadThread(event: Event) {
	const { thread, forum, place } = await threadOf(event);
	const { db } = event.locals.app;
	const userId = event.locals.actor?.id ?? null;
	const base = `${place.base}/t/${thread.id}`;
	if (event.url.searchParams.has('unread')) {
		const first = userId ? await firstUnread(db, userId, place, thread.id) : undefined;
		redirect(
			303,
			first
				? `${base}?page=${first.page}#post-${first.postId}`
				: `${base}?page=${Math.max(1, Math.ceil((thread.replyCount + 1) / FORUM_LIMITS.postsPerPage))}`
		);
	}
	const page = pageParam(event.url);
	const quoteId = event.url.searchParams.get('quote') ?? '';
	const [view, subscribed, quoted, moveTargets] = await Promise.all([
		threadPage(db, userId, place, thread, page),
		userId ? isSubscribed(db, userId, 'thread', thread.id) : false,
		UUID_RE.test(quoteId)
			? db
					.select({ id: forumPosts.id, body: forumPosts.body, handle: users.handle })
					.from(forumPosts)
					.leftJoin(users, eq(users.id, forumPosts.authorId))
					.where(
						and(
							eq(forumPosts.id, quoteId),
							eq(forumPosts.threadId, thread.id),
							eq(forumPosts.hidden, false),
							eq(forumPosts.held, false)
						)
					)
					.then((r) => r[0])
			: undefined,
		place.moderate ? placeForums(db, place) : []
	]);
	const withHistory = place.moderate ? view.posts.filter((p) => p.revisions > 0).map((p) => p.id) : [];
	const revisions = withHistory.length
		? await db
				.select({
					postId: forumPostRevisions.postId,
					body: forumPostRevisions.body,
					editedAt: forumPostRevisions.editedAt,
					editorName: users.name
				})
				.from(forumPostRevisions)
				.leftJoin(users, eq(users.id, forumPostRevisions.editedBy))
				.where(inArray(forumPostRevisions.postId, withHistory))
		: [];
	const last = view.posts.at(-1);
	if (userId && last) await markRead(db, userId, thread.id, last.createdAt);
	const offset = (page - 1) * FORUM_LIMITS.postsPerPage;
	return {
		place: placeView(place),
		forum: { id: forum.id, title: forum.title },
		thread: {
			id: thread.id,
			title: thread.title,
			locked: thread.locked,
			pinned: thread.pinned,
			hidden: thread.hidden,
			held: thread.held,
			acceptedPostId: thread.acceptedPostId,
			mine: !!userId && thread.authorId === userId
		},
		posts: view.posts.map((p, i) => ({
			...p,
			n: offset + i + 1,
			mine: !!userId && p.authorId === userId,
			history: revisions.filter((r) => r.postId === p.id)
		})),
		page,
		pages: view.pages,
		signedIn: !!userId,
		subscribed,
		canAccept: !!userId && (thread.authorId === userId || place.tutor || place.moderate),
		quote: quoted ? quoteMarkdown(quoted, quoted.handle) : '',
		quotedPostId: quoted?.id ?? '',
		moveTargets: moveTargets.filter((f) => f.id !== forum.id).map((f) => ({ id: f.id, title: f.title })),
		limits: { body: FORUM_LIMITS.body, files: FORUM_LIMITS.attachments, mb: FORUM_LIMITS.fileBytes / 1024 / 1024 }
	};
}

async function ctxOf(event: Event) {
	const actor = requireActor(event);
	const found = await threadOf(event);
	return {
		actor,
		...found,
		app: event.locals.app,
		form: await event.request.formData(),
		base: `${found.place.base}/t/${found.thread.id}`
	};
}

async function backTo(event: Event, base: string, postId: string, notice: string) {
	const { place } = await threadOf(event);
	const at = await pageOfPost(event.locals.app.db, event.locals.actor?.id ?? null, place, postId);
	redirect(303, `${base}?page=${at?.page ?? 1}&${notice}=1#post-${postId}`);
}

const postAction =
	(run: (c: Awaited<ReturnType<typeof ctxOf>>, postId: string) => Promise<unknown>, notice = 'done') =>
	async (event: Event) => {
		const c = await ctxOf(event);
		return handleForm(c.form, postIdSchema, async ({ postId }) => {
			await run(c, postId);
			await backTo(event, c.base, postId, notice);
		});
	};

const threadAction = (run: (c: Awaited<ReturnType<typeof ctxOf>>) => Promise<unknown>) => async (event: Event) => {
	const c = await ctxOf(event);
	try {
		await run(c);
	} catch (err) {
		if (err instanceof FormError) return invalid(err.status, c.form, err.errors);
		throw err;
	}
	redirect(303, `${c.base}?page=${pageParam(event.url)}&done=1`);
};

export const threadActions = {
	reply: async (event: Event) => {
		const c = await ctxOf(event);
		return handleForm(c.form, replySchema, async (data) => {
			const files = c.form.getAll('files').filter((f): f is File => f instanceof File);
			const app = event.locals.app;
			const posted = await reply(app, c.actor, c.place, c.forum, c.thread, { ...data, files });
			await backTo(event, c.base, posted.postId, posted.held ? 'held' : 'posted');
		});
	},
	delete: postAction((c, id) => deletePost(c.app, c.actor, c.place, c.thread, id), 'deleted'),
	// Notifications (reply, mention, accepted answer) follow the services' domain events: forums.notify.ts.
	accept: postAction((c, id) => acceptAnswer(c.app, c.actor, c.place, c.thread, id)),
	unaccept: postAction((c) => acceptAnswer(c.app, c.actor, c.place, c.thread, null)),
	hide: postAction((c, id) => setPostHidden(c.app, c.actor, c.place, c.thread, id, true)),
	restore: postAction((c, id) => setPostHidden(c.app, c.actor, c.place, c.thread, id, false)),
	approve: postAction((c, id) => approvePost(c.app, c.actor, c.place, c.thread, id)),
	dismiss: postAction((c, id) => dismissFlags(c.app, c.actor, c.place, c.thread, id)),
	lock: threadAction((c) => setThreadFlag(c.app, c.actor, c.place, c.thread, 'locked', true)),
	unlock: threadAction((c) => setThreadFlag(c.app, c.actor, c.place, c.thread, 'locked', false)),
	pin: threadAction((c) => setThreadFlag(c.app, c.actor, c.place, c.thread, 'pinned', true)),
	unpin: threadAction((c) => setThreadFlag(c.app, c.actor, c.place, c.thread, 'pinned', false)),
	hideThread: threadAction((c) => setThreadFlag(c.app, c.actor, c.place, c.thread, 'hidden', true)),
	restoreThread: threadAction((c) => setThreadFlag(c.app, c.actor, c.place, c.thread, 'hidden', false)),
	subscribe: threadAction((c) => setSubscription(c.app.db, c.actor, 'thread', c.thread.id, true)),
	unsubscribe: threadAction((c) => setSubscription(c.app.db, c.actor, 'thread', c.thread.id, false)),
	move: async (event: Event) => {
		const c = await ctxOf(event);
		return handleForm(c.form, moveThreadSchema, async ({ forumId }) => {
			await moveThread(c.app, c.actor, c.place, c.thread, forumId);
			redirect(303, `${c.base}?done=1`);
		});
	}
};
