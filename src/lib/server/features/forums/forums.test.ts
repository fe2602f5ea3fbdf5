import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '#lib/server/http/forms.ts';
import type { Actor } from '../authz/policy.ts';
import { grantRole } from '../authz/roles.service.ts';
import { auditLog } from '../platform/platform.table.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse } from '../courses/courses.service.ts';
import { coursePlace, instancePlace, type Place } from './forums.access.ts';
import { deleteForum, listForums, moveForum, saveForum } from './forums.service.ts';
import { FORUM_LIMITS } from './forums.schemas.ts';
import { forumPosts, type ForumRow } from './forums.table.ts';
import { acceptAnswer, createThread, deletePost, editPost, reply } from './posting.service.ts';
import { isSubscribed, setSubscription } from './subscriptions.service.ts';
import { firstUnread, listThreads, pageOfPost, postRevisions, threadOfPlace, threadPage } from './reading.service.ts';
import {
	approvePost,
	flagPost,
	moderationQueue,
	moveThread,
	setPostHidden,
	setThreadFlag,
	splitThread
} from './moderation.service.ts';
import { searchPlace, tutorAnswerCounts, unansweredQueue } from './queues.service.ts';

let t: TestApp;
let ctx: TestApp['app'];
let admin: Actor;
let editor: Actor, tutor: Actor, learner: Actor, learner2: Actor, outsider: Actor;
let course: { id: string; slug: string; title: string; language: string };
const events: { name: string; payload: unknown }[] = [];

const grant = (role: string, id: string) => ({ role, scopeType: 'course', scopeId: id });

beforeAll(async () => {
	t = await createTestApp();
	ctx = { ...t.app, config: { ...t.app.config, RATE_LIMITS: false } };
	const a = await createAdmin(t.app);
	admin = { id: a.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
	const c = await createCourse(t.app, admin, courseSchema.parse({ title: 'Cours de forum', slug: 'forum' }));
	course = { id: c.id, slug: c.slug, title: c.title, language: c.language };
	const [e, tu, l, l2, o] = await Promise.all([
		createUser(t.app, { handle: 'edith' }),
		createUser(t.app, { handle: 'tom_tuteur' }),
		createUser(t.app, { handle: 'lea' }),
		createUser(t.app, { handle: 'lucas' }),
		createUser(t.app, { handle: 'olga' })
	]);
	for (const [u, role] of [
		[tu, 'tutor'],
		[l, 'learner'],
		[l2, 'learner']
	] as const)
		await grantRole(
			{ db: t.app.db, events: t.app.events, actor: null },
			{ userId: u.id, role, scopeType: 'course', scopeId: c.id }
		);
	editor = { id: e.id, roles: [grant('editor', c.id)] };
	tutor = { id: tu.id, roles: [grant('tutor', c.id)] };
	learner = { id: l.id, roles: [grant('learner', c.id)] };
	learner2 = { id: l2.id, roles: [grant('learner', c.id)] };
	outsider = { id: o.id, roles: [] };
	for (const name of ['PostCreated', 'AnswerAccepted'] as const)
		t.app.events.on(name, (payload) => void events.push({ name, payload }));
});
afterAll(() => t?.close());

async function refusal(p: Promise<unknown>) {
	try {
		await p;
	} catch (err) {
		if (err instanceof FormError) return err;
		throw err;
	}
	throw new Error('expected a FormError');
}

const place = (a: Actor | null): Place => coursePlace(a, course);
async function forumOf(kind: string): Promise<ForumRow> {
	const list = await listForums(t.app.db, null, place(null));
	const f = list.find((x) => x.kind === kind)!;
	return { ...f, scopeType: 'course', scopeId: course.id, position: 0, createdAt: new Date() } as ForumRow;
}
async function threadRow(a: Actor, id: string) {
	return (await threadOfPlace(t.app.db, a.id, place(a), id))!.thread;
}

describe('forums of a course', () => {
	it('a new course has its three forums; the report forum has a template', async () => {
		const list = await listForums(t.app.db, learner, place(learner));
		expect(list.map((f) => f.title)).toEqual(['Questions sur le cours', 'Entraide', 'Signaler un problème']);
		expect(list[2]!.threadTemplate).toContain('Page concernée');
		expect(list[2]!.threadTemplate).toContain('Ce qui était attendu');
	});

	it('the instance gets its Entraide forum on first visit', async () => {
		const list = await listForums(t.app.db, null, instancePlace(null));
		expect(list.map((f) => f.title)).toEqual(['Entraide']);
	});

	it('editors add, rename, reorder and delete forums; a learner may not; the last forum stays', async () => {
		expect(
			(
				await refusal(
					saveForum(ctx, learner, place(learner), {
						title: 'X',
						description: '',
						threadTemplate: '',
						holdFirstPosts: false
					})
				)
			).status
		).toBe(403);
		const id = await saveForum(ctx, editor, place(editor), {
			title: 'Hors sujet',
			description: '',
			threadTemplate: '',
			holdFirstPosts: false
		});
		await saveForum(ctx, editor, place(editor), {
			id,
			title: 'Café',
			description: 'On discute',
			threadTemplate: '',
			holdFirstPosts: false
		});
		await moveForum(ctx, editor, place(editor), id, 'up');
		let titles = (await listForums(t.app.db, null, place(null))).map((f) => f.title);
		expect(titles).toEqual(['Questions sur le cours', 'Entraide', 'Café', 'Signaler un problème']);
		await deleteForum(ctx, editor, place(editor), id);
		titles = (await listForums(t.app.db, null, place(null))).map((f) => f.title);
		expect(titles).toHaveLength(3);
		const other = await createCourse(t.app, admin, courseSchema.parse({ title: 'Solo', slug: 'solo' }));
		const p = coursePlace(admin, { id: other.id, slug: 'solo', title: 'Solo', language: 'fr' });
		const forums = await listForums(t.app.db, admin, p);
		await deleteForum(ctx, admin, p, forums[0]!.id);
		await deleteForum(ctx, admin, p, forums[1]!.id);
		expect((await refusal(deleteForum(ctx, admin, p, forums[2]!.id))).errors._form?.key).toBe(
			'forums.errors.lastForum'
		);
		const logged = await t.app.db.select().from(auditLog).where(eq(auditLog.targetId, id));
		expect(logged.map((r) => r.action)).toEqual(
			expect.arrayContaining(['forum.create', 'forum.update', 'forum.delete'])
		);
	});

	it('who may read, post and moderate', () => {
		expect(place(learner)).toMatchObject({ read: true, post: true, moderate: false, tutor: false });
		expect(place(tutor)).toMatchObject({ read: true, post: true, moderate: true, tutor: true });
		expect(place(outsider)).toMatchObject({ read: false, post: false, moderate: false });
		expect(place(null)).toMatchObject({ read: false, post: false });
		expect(instancePlace(null)).toMatchObject({ read: true, post: false });
		expect(instancePlace(outsider)).toMatchObject({ read: true, post: true, moderate: false });
	});
});

describe('a question and its answers', () => {
	let threadId: string;
	let tutorPost: string;

	it('a learner asks, with a mention and an image; unread counts follow', async () => {
		const forum = await forumOf('questions');
		const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#c00' } })
			.png()
			.toBuffer();
		const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
		const posted = await createThread(ctx, learner, place(learner), forum, {
			title: 'Comment installer le logiciel ?',
			body: 'Bonjour @tom_tuteur, je bloque à l’étape 2 de l’hébergement.',
			files: [
				new File([png], '<img src=x onerror=alert(1)>.png', { type: 'image/png' }),
				new File([pdf], '../../etc/passwd.pdf', { type: 'application/pdf' })
			]
		});
		threadId = posted.threadId;
		expect(posted.held).toBe(false);
		expect(posted.mentioned).toEqual([tutor.id]);
		expect(events.at(-1)).toMatchObject({ name: 'PostCreated', payload: { threadId, courseId: course.id } });
		const page = await threadPage(t.app.db, tutor.id, place(tutor), await threadRow(tutor, threadId), 1);
		expect(page.posts[0]!.html).toContain('<a href="/@tom_tuteur">@tom_tuteur</a>');
		const names = page.posts[0]!.files.map((f) => f.name);
		expect(names[0]).toBe('img src=x onerror=alert(1).webp');
		expect(names[1]).toBe('passwd.pdf');
		expect(page.posts[0]!.files[0]!.mime).toBe('image/webp');
		// The asker has read it; the tutor has not.
		const forumsOfTutor = await listForums(t.app.db, tutor, place(tutor));
		expect(forumsOfTutor[0]).toMatchObject({ threads: 1, unread: 1 });
		expect((await listForums(t.app.db, learner, place(learner)))[0]).toMatchObject({ unread: 0 });
		expect(await isSubscribed(t.app.db, learner.id, 'thread', threadId)).toBe(true);
	});

	it('the question waits in the unanswered queue until a tutor answers from it', async () => {
		const queue = await unansweredQueue(t.app.db, place(tutor));
		expect(queue.map((q) => q.id)).toContain(threadId);
		expect(await refusal(unansweredQueue(t.app.db, place(learner)))).toBeInstanceOf(FormError);
		const forum = await forumOf('questions');
		// A learner's reply does not answer it.
		await reply(ctx, learner2, place(learner2), forum, await threadRow(learner2, threadId), { body: 'Moi aussi !' });
		expect((await unansweredQueue(t.app.db, place(tutor))).map((q) => q.id)).toContain(threadId);
		const r = await reply(ctx, tutor, place(tutor), forum, await threadRow(tutor, threadId), {
			body: '> étape 2\n\nIl faut d’abord créer la base.'
		});
		tutorPost = r.postId;
		expect((await unansweredQueue(t.app.db, place(tutor))).map((q) => q.id)).not.toContain(threadId);
		const counts = await tutorAnswerCounts(t.app.db, place(tutor));
		expect(counts.find((c) => c.id === tutor.id)).toMatchObject({ threads: 1, posts: 1 });
	});

	it('the asker accepts the answer; another learner may not', async () => {
		const thread = await threadRow(learner, threadId);
		expect((await refusal(acceptAnswer(ctx, learner2, place(learner2), thread, tutorPost))).status).toBe(403);
		await acceptAnswer(ctx, learner, place(learner), thread, tutorPost);
		expect((await threadRow(learner, threadId)).acceptedPostId).toBe(tutorPost);
		expect(events.at(-1)).toMatchObject({
			name: 'AnswerAccepted',
			payload: { postId: tutorPost, authorId: tutor.id, by: learner.id }
		});
	});

	it('unread tracking: jump to the first unread post', async () => {
		const forum = await forumOf('questions');
		const listed = await listThreads(t.app.db, learner.id, place(learner), forum.id, 1);
		expect(listed.threads.find((x) => x.id === threadId)).toMatchObject({ unread: true, unreadCount: 2 });
		const neverOpened = await listThreads(t.app.db, outsider.id, place(tutor), forum.id, 1);
		expect(neverOpened.threads.find((x) => x.id === threadId)?.unreadCount).toBe(3);
		const first = await firstUnread(t.app.db, learner.id, place(learner), threadId);
		expect(first?.page).toBe(1);
		const page = await threadPage(t.app.db, learner.id, place(learner), await threadRow(learner, threadId), 1);
		expect(first?.postId).toBe(page.posts[1]!.id);
	});

	it('edits keep their history; only the author (or a moderator) edits', async () => {
		const thread = await threadRow(learner, threadId);
		const page = await threadPage(t.app.db, learner.id, place(learner), thread, 1);
		const mine = page.posts[0]!.id;
		const e = await refusal(editPost(ctx, learner2, place(learner2), thread, mine, 'pirate'));
		expect(e.status).toBe(403);
		expect(e.errors.body?.key).toBe('forums.errors.notYours');
		await editPost(ctx, learner, place(learner), thread, mine, 'Bonjour, je bloque à l’étape 3.');
		const revs = await postRevisions(t.app.db, mine);
		expect(revs[0]!.body).toContain('étape 2');
		const asTutor = await threadPage(t.app.db, tutor.id, place(tutor), thread, 1);
		expect(asTutor.posts[0]!.revisions).toBe(1);
	});

	it('deleting is soft: "message supprimé" for readers, text kept for moderators', async () => {
		const thread = await threadRow(learner2, threadId);
		const page = await threadPage(t.app.db, learner2.id, place(learner2), thread, 1);
		const hers = page.posts.find((p) => p.authorId === learner2.id)!;
		await deletePost(ctx, learner2, place(learner2), thread, hers.id);
		const after = await threadPage(t.app.db, learner.id, place(learner), thread, 1);
		expect(after.posts.find((p) => p.id === hers.id)).toMatchObject({ deleted: true, html: '' });
		const mod = await threadPage(t.app.db, tutor.id, place(tutor), thread, 1);
		expect(mod.posts.find((p) => p.id === hers.id)!.html).toContain('Moi aussi');
		expect((await threadRow(learner, threadId)).replyCount).toBe(1);
	});

	it('full-text search: French stems, accents ignored, in this course only', async () => {
		const hits = await searchPlace(t.app.db, learner.id, place(learner), 'hebergement');
		expect(hits.map((h) => h.id)).toEqual([]); // edited away: now "étape 3"
		expect((await searchPlace(t.app.db, learner.id, place(learner), 'installer logiciel')).map((h) => h.id)).toEqual([
			threadId
		]);
		expect((await searchPlace(t.app.db, learner.id, place(learner), 'creer BASE')).map((h) => h.id)).toEqual([
			threadId
		]);
		expect(await searchPlace(t.app.db, null, instancePlace(null), 'logiciel')).toEqual([]);
	});
});

describe('bad input', () => {
	it('refuses an empty post, an oversized post, unknown mentions, and keeps nothing', async () => {
		const forum = await forumOf('help');
		const p = place(learner);
		expect((await refusal(createThread(ctx, learner, p, forum, { title: 'T', body: '   ' }))).errors.body?.key).toBe(
			'forums.errors.bodyRequired'
		);
		const big = await refusal(
			createThread(ctx, learner, p, forum, { title: 'T', body: 'x'.repeat(FORUM_LIMITS.body + 1) })
		);
		expect(big.status).toBe(413);
		const unknown = await refusal(
			createThread(ctx, learner, p, forum, { title: 'T', body: 'Merci @lea et @personne, @fantome !' })
		);
		expect(unknown.errors.body).toEqual({
			key: 'forums.errors.unknownMentions',
			params: { handles: '@personne, @fantome' }
		});
		expect((await listThreads(t.app.db, learner.id, p, forum.id, 1)).threads).toHaveLength(0);
	});

	it('sanitises Markdown and HTML', async () => {
		const forum = await forumOf('help');
		const { threadId } = await createThread(ctx, learner, place(learner), forum, {
			title: '<script>alert(1)</script>',
			body: '<script>alert(1)</script>\n\n<img src="https://evil.example/x.png" onerror="alert(1)">\n\n[x](javascript:alert(1)) `@nobody`'
		});
		const page = await threadPage(t.app.db, learner.id, place(learner), await threadRow(learner, threadId), 1);
		const html = page.posts[0]!.html;
		expect(html).not.toMatch(/<script|onerror|href="javascript|<img/);
		expect(html).toContain('href="https://evil.example/x.png"');
		expect(html).toContain('<code>@nobody</code>');
	});

	it('refuses files that are neither images nor PDF, and too many files', async () => {
		const forum = await forumOf('help');
		const html = new File(['<html><script>alert(1)</script></html>'], 'photo.png', { type: 'image/png' });
		const e = await refusal(
			createThread(ctx, learner, place(learner), forum, { title: 'F', body: 'ok', files: [html] })
		);
		expect(e.status).toBe(415);
		const many = Array.from({ length: FORUM_LIMITS.attachments + 1 }, () => html);
		expect(
			(await refusal(createThread(ctx, learner, place(learner), forum, { title: 'F', body: 'ok', files: many }))).status
		).toBe(413);
	});

	it('refuses replies to a locked thread (moderators still may), and outsiders', async () => {
		const forum = await forumOf('help');
		const { threadId } = await createThread(ctx, learner, place(learner), forum, {
			title: 'À verrouiller',
			body: 'Texte'
		});
		await setThreadFlag(ctx, tutor, place(tutor), await threadRow(tutor, threadId), 'locked', true);
		const e = await refusal(
			reply(ctx, learner2, place(learner2), forum, await threadRow(learner2, threadId), { body: 'Encore' })
		);
		expect(e.errors.body?.key).toBe('forums.errors.locked');
		await reply(ctx, tutor, place(tutor), forum, await threadRow(tutor, threadId), { body: 'Clos.' });
		expect((await refusal(createThread(ctx, outsider, place(outsider), forum, { title: 'x', body: 'y' }))).status).toBe(
			403
		);
	});

	it('refuses posting too fast', async () => {
		const limited = { ...t.app, config: { ...t.app.config, RATE_LIMITS: true } };
		const forum = await forumOf('help');
		const { threadId } = await createThread(limited, learner2, place(learner2), forum, { title: 'Vite', body: '1' });
		const thread = await threadRow(learner2, threadId);
		let error: FormError | undefined;
		for (let i = 0; i < 10 && !error; i++)
			error = await reply(limited, learner2, place(learner2), forum, thread, { body: `n° ${i}` }).then(
				() => undefined,
				(e) => e
			);
		expect(error?.status).toBe(429);
		expect(error?.errors.body?.key).toBe('forums.errors.tooFast');
	});
});

describe('moderation', () => {
	it('flag → queue → hide; restore; all logged', async () => {
		const forum = await forumOf('help');
		const { threadId, postId } = await createThread(ctx, learner, place(learner), forum, {
			title: 'Pub',
			body: 'Achetez !'
		});
		const thread = await threadRow(learner2, threadId);
		await flagPost(ctx, learner2, place(learner2), thread, postId, 'Publicité');
		await flagPost(ctx, learner2, place(learner2), thread, postId, 'Publicité encore');
		const queue = await moderationQueue(t.app.db, place(tutor));
		expect(queue.find((q) => q.postId === postId)?.reasons).toEqual(['Publicité']);
		expect(await refusal(moderationQueue(t.app.db, place(learner)))).toBeInstanceOf(FormError);
		// Instance moderators see every forum's queue, with each thread's address.
		const all = await moderationQueue(t.app.db, instancePlace(admin), { everywhere: true });
		expect(all.find((q) => q.postId === postId)).toMatchObject({
			threadUrl: `/courses/${course.slug}/forum/t/${threadId}`,
			courseTitle: course.title
		});
		await setPostHidden(ctx, tutor, place(tutor), thread, postId, true);
		expect((await moderationQueue(t.app.db, place(tutor))).find((q) => q.postId === postId)).toBeUndefined();
		const seen = await threadPage(t.app.db, learner2.id, place(learner2), thread, 1);
		expect(seen.posts[0]).toMatchObject({ hidden: true, html: '' });
		await setPostHidden(ctx, tutor, place(tutor), thread, postId, false);
		const logged = await t.app.db.select().from(auditLog).where(eq(auditLog.targetId, postId));
		expect(logged.map((r) => r.action).sort()).toEqual(['forum.post.hide', 'forum.post.restore']);
		expect((await refusal(setPostHidden(ctx, learner2, place(learner2), thread, postId, true))).status).toBe(403);
	});

	it('pin, move to another forum of the course, split from a post', async () => {
		const help = await forumOf('help');
		const questions = await forumOf('questions');
		const { threadId } = await createThread(ctx, learner, place(learner), help, { title: 'Mélange', body: 'Sujet A' });
		const thread = await threadRow(tutor, threadId);
		await reply(ctx, learner2, place(learner2), help, thread, { body: 'Réponse A' });
		const b = await reply(ctx, learner2, place(learner2), help, thread, { body: 'Sujet B, autre chose' });
		await reply(ctx, learner, place(learner), help, thread, { body: 'Réponse B' });
		await setThreadFlag(ctx, tutor, place(tutor), thread, 'pinned', true);
		await moveThread(ctx, tutor, place(tutor), thread, questions.id);
		const moved = await threadRow(tutor, threadId);
		expect(moved).toMatchObject({ forumId: questions.id, pinned: true });
		const newId = await splitThread(ctx, tutor, place(tutor), moved, b.postId, 'Sujet B');
		const a = await threadPage(t.app.db, tutor.id, place(tutor), await threadRow(tutor, threadId), 1);
		const bb = await threadPage(t.app.db, tutor.id, place(tutor), await threadRow(tutor, newId), 1);
		expect(a.posts.map((p) => p.body)).toEqual(['Sujet A', 'Réponse A']);
		expect(bb.posts.map((p) => p.body)).toEqual(['Sujet B, autre chose', 'Réponse B']);
		expect((await threadRow(tutor, newId)).replyCount).toBe(1);
		const other = await createCourse(t.app, admin, courseSchema.parse({ title: 'Autre', slug: 'autre' }));
		const foreign = (
			await listForums(
				t.app.db,
				admin,
				coursePlace(admin, { id: other.id, slug: 'autre', title: 'Autre', language: 'fr' })
			)
		)[0]!;
		expect((await refusal(moveThread(ctx, tutor, place(tutor), moved, foreign.id))).status).toBe(404);
	});

	it('holds the first posts of new accounts in forums that ask, until approved', async () => {
		const id = await saveForum(ctx, editor, place(editor), {
			title: 'Modéré',
			description: '',
			threadTemplate: '',
			holdFirstPosts: true
		});
		const forum = (await forumOf('custom'))!;
		expect(forum.id).toBe(id);
		const newcomer = await createUser(t.app, { handle: 'nouveau' });
		const actor: Actor = { id: newcomer.id, roles: [grant('learner', course.id)] };
		const { threadId, postId, held } = await createThread(
			ctx,
			actor,
			place(actor),
			{ ...forum, holdFirstPosts: true },
			{ title: 'Premier', body: 'Coucou' }
		);
		expect(held).toBe(true);
		expect((await listThreads(t.app.db, learner.id, place(learner), id, 1)).threads).toHaveLength(0);
		expect((await listThreads(t.app.db, actor.id, place(actor), id, 1)).threads).toHaveLength(1);
		expect((await moderationQueue(t.app.db, place(tutor))).find((q) => q.postId === postId)?.held).toBe(true);
		await approvePost(ctx, tutor, place(tutor), await threadRow(tutor, threadId), postId);
		expect((await listThreads(t.app.db, learner.id, place(learner), id, 1)).threads).toHaveLength(1);
		const [row] = await t.app.db.select().from(forumPosts).where(eq(forumPosts.id, postId));
		expect(row!.held).toBe(false);
	});

	it('subscribe and unsubscribe to a forum', async () => {
		const forum = await forumOf('help');
		await setSubscription(t.app.db, learner2, 'forum', forum.id, true);
		expect(await isSubscribed(t.app.db, learner2.id, 'forum', forum.id)).toBe(true);
		await setSubscription(t.app.db, learner2, 'forum', forum.id, false);
		expect(await isSubscribed(t.app.db, learner2.id, 'forum', forum.id)).toBe(false);
	});
});

describe('long threads', () => {
	it('pages 200 replies; the last page holds the rest', async () => {
		const forum = await forumOf('help');
		const { threadId } = await createThread(ctx, learner, place(learner), forum, { title: 'Long', body: 'Début' });
		const base = Date.now();
		await t.app.db.insert(forumPosts).values(
			Array.from({ length: 200 }, (_, i) => ({
				id: crypto.randomUUID(),
				threadId,
				authorId: learner2.id,
				body: `Réponse ${i + 1}`,
				bodyHtml: `<p>Réponse ${i + 1}</p>`,
				createdAt: new Date(base + (i + 1) * 1000)
			}))
		);
		const thread = await threadRow(learner, threadId);
		const last = await threadPage(t.app.db, learner.id, place(learner), thread, 7);
		expect(last.total).toBe(201);
		expect(last.pages).toBe(Math.ceil(201 / FORUM_LIMITS.postsPerPage));
		expect(last.posts.at(-1)!.body).toBeNull(); // not the reader's post
		expect(last.posts.at(-1)!.html).toBe('<p>Réponse 200</p>');
		const at = await pageOfPost(t.app.db, learner.id, place(learner), last.posts.at(-1)!.id);
		expect(at).toEqual({ threadId, page: last.pages });
	});
});

describe('notifications and theme groups', () => {
	it('followers of the thread or forum hear of a reply; mentioned people once, as a mention', async () => {
		const { notifications } = await import('../notifications/notifications.table.ts');
		const forum = await forumOf('help');
		await setSubscription(t.app.db, tutor, 'forum', forum.id, true);
		const posted = await createThread(ctx, learner, place(learner), forum, {
			title: 'Entraide',
			body: 'Aide, @lucas !'
		});
		// No page here: the PostCreated handler (forums.notify.ts) notifies.
		const rows = await t.app.db.select().from(notifications).where(eq(notifications.courseId, course.id));
		const mine = rows.filter((r) => r.url === `/forum/posts/${posted.postId}`);
		expect(mine.map((r) => [r.userId, r.kind]).sort()).toEqual(
			[
				[tutor.id, 'forum.reply'],
				[learner2.id, 'forum.mention']
			].sort()
		);
	});

	it('a theme group’s forums: members post, the course’s tutors moderate, private groups stay private', async () => {
		const { themeGroups } = await import('../community/community.table.ts');
		const { placeOfForum } = await import('./forums.access.ts');
		const open = crypto.randomUUID();
		const closed = crypto.randomUUID();
		await t.app.db.insert(themeGroups).values([
			{ id: open, courseId: course.id, name: 'Ouvert' },
			{ id: closed, courseId: course.id, name: 'Privé', isPrivate: true }
		]);
		const member: Actor = { id: learner2.id, roles: [{ role: 'member', scopeType: 'themeGroup', scopeId: closed }] };
		const asLearner = await placeOfForum(t.app.db, learner, { scopeType: 'themeGroup', scopeId: open });
		expect(asLearner).toMatchObject({ read: true, post: true, moderate: false, base: `/courses/${course.slug}/forum` });
		expect(await placeOfForum(t.app.db, learner, { scopeType: 'themeGroup', scopeId: closed })).toMatchObject({
			read: false,
			post: false
		});
		expect(await placeOfForum(t.app.db, member, { scopeType: 'themeGroup', scopeId: closed })).toMatchObject({
			read: true,
			post: true,
			moderate: false
		});
		expect(await placeOfForum(t.app.db, tutor, { scopeType: 'themeGroup', scopeId: closed })).toMatchObject({
			read: true,
			moderate: true
		});
		expect(await placeOfForum(t.app.db, outsider, { scopeType: 'themeGroup', scopeId: open })).toMatchObject({
			read: false
		});
		const { themeGroupForumId } = await import('./forums.defaults.ts');
		const forumId = await themeGroupForumId(t.app.db, closed);
		expect(await themeGroupForumId(t.app.db, closed)).toBe(forumId);
		const groupPlace = (await placeOfForum(t.app.db, member, { scopeType: 'themeGroup', scopeId: closed }))!;
		const list = await listForums(t.app.db, member, groupPlace);
		expect(list.map((f) => [f.id, f.title])).toEqual([[forumId, 'Discussions du groupe']]);
	});
});

describe('a person’s data', () => {
	it('is exported with their posts; deleting the account erases subscriptions and keeps posts', async () => {
		const { forumDataOf } = await import('./forums.privacy.ts');
		const { deleteAccount } = await import('../accounts/privacy.service.ts');
		const u = await createUser(t.app, { handle: 'partant' });
		await grantRole(
			{ db: t.app.db, events: t.app.events, actor: null },
			{ userId: u.id, role: 'learner', scopeType: 'course', scopeId: course.id }
		);
		const actor: Actor = { id: u.id, roles: [grant('learner', course.id)] };
		const { threadId } = await createThread(ctx, actor, place(actor), await forumOf('help'), {
			title: 'Départ',
			body: 'Au revoir'
		});
		expect((await forumDataOf(t.app.db, u.id)).forumPosts.map((p) => p.body)).toEqual(['Au revoir']);
		await deleteAccount(t.app, u.id);
		const after = await forumDataOf(t.app.db, u.id);
		expect(after.forumSubscriptions).toEqual([]);
		const page = await threadPage(t.app.db, tutor.id, place(tutor), await threadRow(tutor, threadId), 1);
		expect(page.posts[0]).toMatchObject({ authorName: '', html: '<p>Au revoir</p>\n' });
	});
});
