/**
 * The other forum pages of a place: the forums, one forum's threads, a new thread, editing,
 * flagging and splitting from a post, search, the unanswered queue, the moderation queue and
 * managing the forums. Each is a load and its actions, shared by /forum and /courses/<slug>/forum.
 */
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { FormError, handleForm } from '../../http/forms.ts';
import { can } from '../authz/policy.ts';
import { UUID_RE } from '../../ids.ts';
import { assertRead, forumOf, pageParam, placeOf, placeView, requireActor, threadOf } from './forums.pages.ts';
import {
	editSchema,
	flagSchema,
	forumIdSchema,
	forumSchema,
	FORUM_LIMITS,
	moveForumSchema,
	splitSchema,
	threadSchema
} from './forums.schemas.ts';
import { deleteForum, listForums, moveForum, saveForum } from './forums.service.ts';
import { forumPosts } from './forums.table.ts';
import { createThread, editPost } from './posting.service.ts';
import { isSubscribed, setSubscription } from './subscriptions.service.ts';
import { searchPlace, tutorAnswerCounts, unansweredQueue } from './queues.service.ts';
import { listThreads, pageOfPost } from './reading.service.ts';
import { flagPost, moderationQueue, splitThread } from './moderation.service.ts';

type Event = RequestEvent;

function refusedToPage(err: unknown): never {
	if (err instanceof FormError) error(err.status, err.errors._form?.key ?? 'error.forbidden');
	throw err;
}

export async function loadIndex(event: Event) {
	const place = await placeOf(event);
	assertRead(event, place);
	const forums = await listForums(event.locals.app.db, event.locals.actor, place);
	return { place: placeView(place), forums };
}

export async function loadForum(event: Event) {
	const { forum, place } = await forumOf(event);
	const { db } = event.locals.app;
	const userId = event.locals.actor?.id ?? null;
	const page = pageParam(event.url);
	const [list, subscribed] = await Promise.all([
		listThreads(db, userId, place, forum.id, page),
		userId ? isSubscribed(db, userId, 'forum', forum.id) : false
	]);
	return {
		place: placeView(place),
		forum: { id: forum.id, title: forum.title, description: forum.description },
		...list,
		page,
		subscribed,
		signedIn: !!userId
	};
}

async function forumSubscription(event: Event, on: boolean) {
	const actor = requireActor(event);
	const { forum, place } = await forumOf(event);
	await setSubscription(event.locals.app.db, actor, 'forum', forum.id, on);
	redirect(303, `${place.base}/f/${forum.id}`);
}
export const forumActions = {
	subscribe: (event: Event) => forumSubscription(event, true),
	unsubscribe: (event: Event) => forumSubscription(event, false)
};

export async function loadNewThread(event: Event) {
	requireActor(event);
	const { forum, place } = await forumOf(event);
	if (!place.post) error(403, 'forums.thread.cannotPost');
	return {
		place: placeView(place),
		forum: { id: forum.id, title: forum.title, template: forum.threadTemplate },
		limits: {
			title: FORUM_LIMITS.title,
			body: FORUM_LIMITS.body,
			files: FORUM_LIMITS.attachments,
			mb: FORUM_LIMITS.fileBytes / 1024 / 1024
		}
	};
}

export const newThreadActions = {
	default: async (event: Event) => {
		const actor = requireActor(event);
		const { forum, place } = await forumOf(event);
		const form = await event.request.formData();
		return handleForm(form, threadSchema, async (data) => {
			const files = form.getAll('files').filter((f): f is File => f instanceof File);
			const posted = await createThread(event.locals.app, actor, place, forum, { ...data, files });
			redirect(303, `${place.base}/t/${posted.threadId}?${posted.held ? 'held' : 'posted'}=1`);
		});
	}
};

/** The post named by ?post= in the thread of the URL. */
async function postOf(event: Event) {
	const found = await threadOf(event);
	const postId = event.url.searchParams.get('post') ?? '';
	const [post] = UUID_RE.test(postId)
		? await event.locals.app.db
				.select()
				.from(forumPosts)
				.where(and(eq(forumPosts.id, postId), eq(forumPosts.threadId, found.thread.id)))
		: [];
	if (!post) error(404, 'error.notFound');
	return { ...found, post };
}

function threadView(found: Awaited<ReturnType<typeof threadOf>>) {
	return { place: placeView(found.place), thread: { id: found.thread.id, title: found.thread.title } };
}

export async function loadEdit(event: Event) {
	const actor = requireActor(event);
	const found = await postOf(event);
	if (found.post.authorId !== actor.id && !found.place.moderate) error(403, 'forums.errors.notYours');
	return {
		...threadView(found),
		post: { id: found.post.id, body: found.post.body },
		limits: { body: FORUM_LIMITS.body }
	};
}

async function backToPost(event: Event, base: string, postId: string, notice: string) {
	const found = await threadOf(event);
	const at = await pageOfPost(event.locals.app.db, event.locals.actor?.id ?? null, found.place, postId);
	redirect(303, `${base}/t/${found.thread.id}?page=${at?.page ?? 1}&${notice}=1#post-${postId}`);
}

export const editActions = {
	default: async (event: Event) => {
		const actor = requireActor(event);
		const found = await threadOf(event);
		const form = await event.request.formData();
		return handleForm(form, editSchema, async ({ postId, body }) => {
			await editPost(event.locals.app, actor, found.place, found.thread, postId, body);
			await backToPost(event, found.place.base, postId, 'saved');
		});
	}
};

export async function loadFlag(event: Event) {
	requireActor(event);
	const found = await postOf(event);
	return { ...threadView(found), post: { id: found.post.id, excerpt: found.post.body.slice(0, 300) } };
}

export const flagActions = {
	default: async (event: Event) => {
		const actor = requireActor(event);
		const found = await threadOf(event);
		const form = await event.request.formData();
		return handleForm(form, flagSchema, async ({ postId, reason }) => {
			await flagPost(event.locals.app, actor, found.place, found.thread, postId, reason);
			await backToPost(event, found.place.base, postId, 'flagged');
		});
	}
};

export async function loadSplit(event: Event) {
	requireActor(event);
	const found = await postOf(event);
	if (!found.place.moderate) error(403, 'error.forbidden');
	return { ...threadView(found), post: { id: found.post.id, excerpt: found.post.body.slice(0, 300) } };
}

export const splitActions = {
	default: async (event: Event) => {
		const actor = requireActor(event);
		const found = await threadOf(event);
		const form = await event.request.formData();
		return handleForm(form, splitSchema, async ({ postId, title }) => {
			const id = await splitThread(event.locals.app, actor, found.place, found.thread, postId, title);
			redirect(303, `${found.place.base}/t/${id}?done=1`);
		});
	}
};

export async function loadSearch(event: Event) {
	const place = await placeOf(event);
	assertRead(event, place);
	const q = (event.url.searchParams.get('q') ?? '').slice(0, 200);
	const results = q.trim() ? await searchPlace(event.locals.app.db, event.locals.actor?.id ?? null, place, q) : [];
	return { place: placeView(place), q, results, searched: !!q.trim() };
}

export async function loadUnanswered(event: Event) {
	requireActor(event);
	const place = await placeOf(event);
	const forumId = event.url.searchParams.get('forum') ?? '';
	const days = Number(event.url.searchParams.get('days') ?? '0');
	const filter = {
		forumId: UUID_RE.test(forumId) ? forumId : undefined,
		minDays: [1, 3, 7, 14].includes(days) ? days : undefined
	};
	const { db } = event.locals.app;
	const [queue, forums, counts] = await Promise.all([
		unansweredQueue(db, place, filter).catch(refusedToPage),
		listForums(db, event.locals.actor, place),
		tutorAnswerCounts(db, place)
	]);
	return {
		place: placeView(place),
		queue,
		forums: forums.map((f) => ({ id: f.id, title: f.title })),
		counts,
		filter: { forum: filter.forumId ?? '', days: filter.minDays ?? 0 }
	};
}

export async function loadModeration(event: Event) {
	requireActor(event);
	const place = await placeOf(event);
	// The instance's moderators and administrators see every forum's queue from /forum.
	const everywhere = place.scopeType === 'instance' && can(event.locals.actor, 'forum.moderate', { type: 'instance' });
	const queue = await moderationQueue(event.locals.app.db, place, { everywhere }).catch(refusedToPage);
	return { place: placeView(place), queue, everywhere };
}

export async function loadManage(event: Event) {
	requireActor(event);
	const place = await placeOf(event);
	if (!place.manage) error(403, 'error.forbidden');
	const forums = await listForums(event.locals.app.db, event.locals.actor, place);
	const editId = event.url.searchParams.get('forum') ?? '';
	return {
		place: placeView(place),
		forums,
		editing: forums.find((f) => f.id === editId) ?? null,
		limits: { title: FORUM_LIMITS.forumTitle, description: FORUM_LIMITS.description, template: FORUM_LIMITS.template }
	};
}

async function manageCtx(event: Event) {
	const actor = requireActor(event);
	const place = await placeOf(event);
	return { actor, place, form: await event.request.formData() };
}

export const manageActions = {
	save: async (event: Event) => {
		const { actor, place, form } = await manageCtx(event);
		return handleForm(form, forumSchema, async (data) => {
			await saveForum(event.locals.app, actor, place, data);
			redirect(303, `${place.base}/manage?saved=1`);
		});
	},
	move: async (event: Event) => {
		const { actor, place, form } = await manageCtx(event);
		return handleForm(form, moveForumSchema, async ({ forumId, direction }) => {
			await moveForum(event.locals.app, actor, place, forumId, direction);
			redirect(303, `${place.base}/manage?saved=1`);
		});
	},
	delete: async (event: Event) => {
		const { actor, place, form } = await manageCtx(event);
		return handleForm(form, forumIdSchema, async ({ forumId }) => {
			await deleteForum(event.locals.app, actor, place, forumId);
			redirect(303, `${place.base}/manage?deleted=1`);
		});
	}
};
