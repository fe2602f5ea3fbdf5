/**
 * Who hears of a post, as handlers of the forums' domain events (so a post made by any caller,
 * page, CLI, job or moderation, notifies the same people): the people following its thread or
 * forum ("forum.reply"), and the people it mentions ("forum.mention", once, not twice), among
 * those who may read the forum's place only; never the author. PostCreated is emitted when a
 * post becomes visible (at once, or when a held post is approved), so held posts notify nobody
 * until approved. Through the notifications feature, which writes rows per preference and
 * queues mail as jobs.
 */
import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { users } from '../accounts/accounts.table.ts';
import type { RoleGrant } from '../authz/policy.ts';
import { roleAssignments } from '../authz/roles.table.ts';
import { notify } from '../notifications/notifications.service.ts';
import { placeIn, scopeOfForum } from './forums.access.ts';
import { forumSubscriptions, forums, forumThreads } from './forums.table.ts';

type Ctx = Pick<App, 'db' | 'events' | 'jobs'>;

/** The thread, its forum and the forum's scope; undefined if any is gone. */
async function threadInfo(db: DbLike, threadId: string) {
	const [row] = await db
		.select({ title: forumThreads.title, forumId: forums.id, scopeType: forums.scopeType, scopeId: forums.scopeId })
		.from(forumThreads)
		.innerJoin(forums, eq(forums.id, forumThreads.forumId))
		.where(eq(forumThreads.id, threadId));
	const scope = row && (await scopeOfForum(db, row));
	return row && scope && { ...row, scope };
}

/** Those of these people (active accounts) who may read the forum's place, by the forums' access rules. */
export async function readersAmong(
	db: DbLike,
	scope: NonNullable<Awaited<ReturnType<typeof scopeOfForum>>>,
	userIds: string[]
): Promise<Set<string>> {
	const ids = [...new Set(userIds)];
	if (!ids.length) return new Set();
	const active = await db
		.select({ id: users.id })
		.from(users)
		.where(and(inArray(users.id, ids), isNull(users.deletedAt), isNull(users.suspendedAt)));
	if (!active.length) return new Set();
	const grants = await db
		.select({
			userId: roleAssignments.userId,
			role: roleAssignments.role,
			scopeType: roleAssignments.scopeType,
			scopeId: roleAssignments.scopeId
		})
		.from(roleAssignments)
		.where(
			inArray(
				roleAssignments.userId,
				active.map((u) => u.id)
			)
		);
	const roles = new Map<string, RoleGrant[]>();
	for (const { userId, ...grant } of grants) roles.set(userId, [...(roles.get(userId) ?? []), grant]);
	return new Set(
		active.filter((u) => placeIn({ id: u.id, roles: roles.get(u.id) ?? [] }, scope).read).map((u) => u.id)
	);
}

async function followersOf(db: DbLike, threadId: string, forumId: string) {
	const rows = await db
		.selectDistinct({ userId: forumSubscriptions.userId })
		.from(forumSubscriptions)
		.where(
			or(
				and(eq(forumSubscriptions.targetType, 'thread'), eq(forumSubscriptions.targetId, threadId)),
				and(eq(forumSubscriptions.targetType, 'forum'), eq(forumSubscriptions.targetId, forumId))
			)
		);
	return rows.map((r) => r.userId);
}

export function registerForumHandlers(app: Ctx) {
	app.events.on('PostCreated', async (e) => {
		const info = await threadInfo(app.db, e.threadId);
		if (!info) return;
		const followers = await followersOf(app.db, e.threadId, info.forumId);
		// Only people who may read the place hear of the post. Someone mentioned who cannot read
		// it keeps the link to their profile in the post, but is not notified: the notification
		// would show them the thread's title (and where it is) that they may not see.
		const readers = await readersAmong(app.db, info.scope, [...followers, ...e.mentionedIds]);
		readers.delete(e.authorId);
		const mentioned = new Set(e.mentionedIds.filter((id) => readers.has(id)));
		const url = `/forum/posts/${e.postId}`;
		const common = { actorId: e.authorId, courseId: e.courseId, url };
		await notify(app, {
			...common,
			userIds: followers.filter((id) => readers.has(id) && !mentioned.has(id)),
			kind: 'forum.reply',
			title: { key: 'forums.notify.reply', params: { title: info.title } }
		});
		await notify(app, {
			...common,
			userIds: [...mentioned],
			kind: 'forum.mention',
			title: { key: 'forums.notify.mention', params: { title: info.title } }
		});
	});

	app.events.on('AnswerAccepted', async (e) => {
		if (e.authorId === e.by) return;
		const info = await threadInfo(app.db, e.threadId);
		if (!info || !(await readersAmong(app.db, info.scope, [e.authorId])).has(e.authorId)) return;
		await notify(app, {
			userIds: [e.authorId],
			kind: 'forum.answerAccepted',
			actorId: e.by,
			courseId: e.courseId,
			title: { key: 'forums.notify.accepted', params: { title: info.title } },
			url: `/forum/posts/${e.postId}`
		});
	});
}
