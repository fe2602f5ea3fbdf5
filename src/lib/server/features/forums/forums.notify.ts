/**
 * Who hears of a post: the people following its thread or forum ("forum.reply"), and the
 * people it mentions ("forum.mention", once, not twice). Through the notifications feature,
 * which writes rows per preference and queues mail as jobs. Held posts notify nobody until
 * approved.
 */
import { and, eq, or } from 'drizzle-orm';
import type { App } from '../../app.ts';
import { notify } from '../notifications/notifications.service.ts';
import type { Place } from './forums.access.ts';
import { forumSubscriptions, type ForumRow } from './forums.table.ts';
import type { Posted } from './posting.service.ts';

type Ctx = Pick<App, 'db' | 'jobs'>;

export async function notifyPosted(
	ctx: Ctx,
	place: Place,
	forum: Pick<ForumRow, 'id'>,
	title: string,
	posted: Posted,
	actorId: string
) {
	if (posted.held) return;
	const url = `/forum/posts/${posted.postId}`;
	const courseId = place.course?.id ?? null;
	const followers = await ctx.db
		.selectDistinct({ userId: forumSubscriptions.userId })
		.from(forumSubscriptions)
		.where(
			or(
				and(eq(forumSubscriptions.targetType, 'thread'), eq(forumSubscriptions.targetId, posted.threadId)),
				and(eq(forumSubscriptions.targetType, 'forum'), eq(forumSubscriptions.targetId, forum.id))
			)
		);
	const mentioned = new Set(posted.mentioned);
	await notify(ctx, {
		userIds: followers.map((f) => f.userId).filter((id) => !mentioned.has(id)),
		kind: 'forum.reply',
		actorId,
		courseId,
		title: { key: 'forums.notify.reply', params: { title } },
		url
	});
	await notify(ctx, {
		userIds: [...mentioned],
		kind: 'forum.mention',
		actorId,
		courseId,
		title: { key: 'forums.notify.mention', params: { title } },
		url
	});
}

export async function notifyAccepted(
	ctx: Ctx,
	place: Place,
	title: string,
	postId: string,
	authorId: string | null,
	actorId: string
) {
	if (!authorId) return;
	await notify(ctx, {
		userIds: [authorId],
		kind: 'forum.answerAccepted',
		actorId,
		courseId: place.course?.id ?? null,
		title: { key: 'forums.notify.accepted', params: { title } },
		url: `/forum/posts/${postId}`
	});
}
