/**
 * Forum notifications follow the domain events: posting through the services alone (no page)
 * notifies followers and mentioned readers, never non-readers nor the author; held posts wait
 * for their approval; an accepted answer tells its author.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import type { Actor } from '../authz/policy.ts';
import { grantRole } from '../authz/roles.service.ts';
import { themeGroups } from '../community/community.table.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse } from '../courses/courses.service.ts';
import { notifications } from '../notifications/notifications.table.ts';
import { coursePlace, scopeOfForum, type Place } from './forums.access.ts';
import { readersAmong } from './forums.notify.ts';
import { listForums, saveForum } from './forums.service.ts';
import { forums, forumSubscriptions, type ForumRow } from './forums.table.ts';
import { approvePost } from './moderation.service.ts';
import { acceptAnswer, createThread, reply } from './posting.service.ts';
import { threadOfPlace } from './reading.service.ts';
import { setSubscription } from './subscriptions.service.ts';

let t: TestApp;
let ctx: TestApp['app'];
let author: Actor, follower: Actor, tutor: Actor, outsider: Actor, editor: Actor;
let course: { id: string; slug: string; title: string; language: string };
let help: ForumRow;

beforeAll(async () => {
	t = await createTestApp();
	ctx = { ...t.app, config: { ...t.app.config, RATE_LIMITS: false } };
	const a = await createAdmin(t.app);
	const admin: Actor = { id: a.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
	const c = await createCourse(t.app, admin, courseSchema.parse({ title: 'Cours suivi', slug: 'suivi' }));
	course = { id: c.id, slug: c.slug, title: c.title, language: c.language };
	const people: Actor[] = [];
	for (const [handle, role] of [
		['auteure', 'learner'],
		['suiveur', 'learner'],
		['tuteur', 'tutor'],
		['dehors', null],
		['editrice', 'editor']
	] as const) {
		const u = await createUser(t.app, { handle });
		if (role)
			await grantRole(
				{ db: t.app.db, events: t.app.events, actor: null },
				{ userId: u.id, role, scopeType: 'course', scopeId: c.id }
			);
		people.push({ id: u.id, roles: role ? [{ role, scopeType: 'course', scopeId: c.id }] : [] });
	}
	[author, follower, tutor, outsider, editor] = people as [Actor, Actor, Actor, Actor, Actor];
	const list = await listForums(t.app.db, author, place(author));
	help = (await forumRow(list.find((f) => f.kind === 'help')!.id))!;
	// Followers of the forum: a learner, the tutor, the author herself, and someone outside the
	// course (who followed it once and left, say: the row is written directly).
	for (const who of [follower, tutor, author]) await setSubscription(t.app.db, who, 'forum', help.id, true);
	await t.app.db.insert(forumSubscriptions).values({ userId: outsider.id, targetType: 'forum', targetId: help.id });
});
afterAll(() => t?.close());

const place = (a: Actor): Place => coursePlace(a, course);
async function forumRow(id: string) {
	const [row] = await t.app.db.select().from(forums).where(eq(forums.id, id));
	return row;
}
/** [who, kind] of every notification leading to this post, sorted. */
async function notified(postId: string) {
	const rows = await t.app.db
		.select()
		.from(notifications)
		.where(eq(notifications.url, `/forum/posts/${postId}`));
	return rows.map((r) => [r.userId, r.kind]).sort();
}
const sorted = (list: string[][]) => [...list].sort();

describe('forum notifications from domain events', () => {
	it('a new thread: forum followers once each, a mentioned reader as a mention only, not non-readers nor the author', async () => {
		const posted = await createThread(ctx, author, place(author), help, {
			title: 'Au secours',
			body: 'Une idée, @tuteur ? Et toi @dehors, @auteure ?'
		});
		expect(posted.held).toBe(false);
		expect(await notified(posted.postId)).toEqual(
			sorted([
				[follower.id, 'forum.reply'],
				[tutor.id, 'forum.mention']
			])
		);
		// The mention of someone who cannot read the forum stays a link in the post.
		const { thread } = (await threadOfPlace(t.app.db, author.id, place(author), posted.threadId))!;
		expect(thread.title).toBe('Au secours');
	});

	it('a reply: thread and forum followers once each (even when following both), not the replier', async () => {
		const { threadId } = await createThread(ctx, author, place(author), help, { title: 'Deux', body: 'Question' });
		await setSubscription(t.app.db, tutor, 'thread', threadId, true);
		const { thread } = (await threadOfPlace(t.app.db, follower.id, place(follower), threadId))!;
		const r = await reply(ctx, follower, place(follower), help, thread, { body: 'Réponse' });
		expect(await notified(r.postId)).toEqual(
			sorted([
				[author.id, 'forum.reply'],
				[tutor.id, 'forum.reply']
			])
		);
	});

	it('a held post notifies nobody until approved, then once', async () => {
		const id = await saveForum(ctx, editor, place(editor), {
			title: 'Modéré',
			description: '',
			threadTemplate: '',
			holdFirstPosts: true
		});
		const held = (await forumRow(id))!;
		await setSubscription(t.app.db, follower, 'forum', id, true);
		const newcomer = await createUser(t.app, { handle: 'nouvelle' });
		await grantRole(
			{ db: t.app.db, events: t.app.events, actor: null },
			{ userId: newcomer.id, role: 'learner', scopeType: 'course', scopeId: course.id }
		);
		const actor: Actor = { id: newcomer.id, roles: [{ role: 'learner', scopeType: 'course', scopeId: course.id }] };
		const posted = await createThread(ctx, actor, place(actor), held, { title: 'Premier', body: 'Bonjour @tuteur' });
		expect(posted.held).toBe(true);
		expect(await notified(posted.postId)).toEqual([]);
		const { thread } = (await threadOfPlace(t.app.db, tutor.id, place(tutor), posted.threadId))!;
		await approvePost(ctx, tutor, place(tutor), thread, posted.postId);
		const once = sorted([
			[follower.id, 'forum.reply'],
			[tutor.id, 'forum.mention']
		]);
		expect(await notified(posted.postId)).toEqual(once);
		// Approving again changes nothing (the post is no longer held).
		await approvePost(ctx, editor, place(editor), thread, posted.postId);
		expect(await notified(posted.postId)).toEqual(once);
	});

	it('accepting an answer notifies its author (not someone accepting their own post)', async () => {
		const { threadId, postId: own } = await createThread(ctx, author, place(author), help, {
			title: 'Résolu ?',
			body: 'Comment faire ?'
		});
		const { thread } = (await threadOfPlace(t.app.db, tutor.id, place(tutor), threadId))!;
		const answer = await reply(ctx, tutor, place(tutor), help, thread, { body: 'Comme ça.' });
		await acceptAnswer(ctx, author, place(author), thread, answer.postId);
		expect((await notified(answer.postId)).filter(([, kind]) => kind === 'forum.answerAccepted')).toEqual([
			[tutor.id, 'forum.answerAccepted']
		]);
		await acceptAnswer(ctx, author, place(author), thread, own);
		expect((await notified(own)).filter(([, kind]) => kind === 'forum.answerAccepted')).toEqual([]);
	});
});

describe('who may read a place, for notifications', () => {
	it('a private theme group: its members and the course’s moderators, not other learners', async () => {
		const groupId = crypto.randomUUID();
		await t.app.db.insert(themeGroups).values({ id: groupId, courseId: course.id, name: 'Privé', isPrivate: true });
		await grantRole(
			{ db: t.app.db, events: t.app.events, actor: null },
			{ userId: follower.id, role: 'member', scopeType: 'themeGroup', scopeId: groupId }
		);
		const scope = (await scopeOfForum(t.app.db, { scopeType: 'themeGroup', scopeId: groupId }))!;
		const ids = [author.id, follower.id, tutor.id, outsider.id];
		expect(await readersAmong(t.app.db, scope, ids)).toEqual(new Set([follower.id, tutor.id]));
	});

	it('the course: its people; the instance: everyone signed in', async () => {
		const ids = [author.id, follower.id, tutor.id, outsider.id, editor.id];
		const inCourse = (await scopeOfForum(t.app.db, help))!;
		expect(await readersAmong(t.app.db, inCourse, ids)).toEqual(new Set([author.id, follower.id, tutor.id, editor.id]));
		expect(await readersAmong(t.app.db, { scopeType: 'instance' }, ids)).toEqual(new Set(ids));
	});
});
