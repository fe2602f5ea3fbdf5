/**
 * The forum pages' server side, called as SvelteKit would: who gets in, and what each form
 * answers on bad input (a translated error on the field, a 4xx, and the typed text kept).
 */
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { grantRole, rolesOf } from '../authz/roles.service.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse, setCourseStatus } from '../courses/courses.service.ts';
import { coursePlace } from './forums.access.ts';
import { listForums } from './forums.service.ts';
import { FORUM_LIMITS } from './forums.schemas.ts';
import { createThread } from './posting.service.ts';
import { setThreadFlag } from './moderation.service.ts';
import * as instanceIndex from '../../../../routes/forum/+page.server.ts';
import * as courseIndex from '../../../../routes/courses/[slug]/forum/+page.server.ts';
import * as threadRoute from '../../../../routes/courses/[slug]/forum/t/[threadId]/+page.server.ts';
import * as newThreadRoute from '../../../../routes/courses/[slug]/forum/f/[forumId]/new/+page.server.ts';
import * as editRoute from '../../../../routes/courses/[slug]/forum/t/[threadId]/edit/+page.server.ts';
import * as manageRoute from '../../../../routes/courses/[slug]/forum/manage/+page.server.ts';
import * as unansweredRoute from '../../../../routes/courses/[slug]/forum/unanswered/+page.server.ts';
import { GET as postAddress } from '../../../../routes/forum/posts/[id]/+server.ts';
import { GET as attachment } from '../../../../routes/forum/files/[id]/+server.ts';

let t: TestApp;
type Who = { id: string; email: string; name: string; handle: string } | null;

async function event(
	who: Who,
	path: string,
	opts: { params?: Record<string, string>; form?: Record<string, string | File> } = {}
) {
	const url = new URL(`http://localhost:3000${path}`);
	const body = new FormData();
	for (const [k, v] of Object.entries(opts.form ?? {})) body.append(k, v);
	const user = who && { ...who, emailVerified: true, locale: 'fr', avatarKey: null };
	return {
		url,
		params: opts.params ?? {},
		locals: { app: t.app, user, actor: who ? { id: who.id, roles: await rolesOf(t.app.db, who.id) } : null },
		request: new Request(url, opts.form ? { method: 'POST', body } : {})
	} as never;
}

async function outcome(run: () => unknown) {
	try {
		const r = (await run()) as
			| { status?: number; data?: { errors?: Record<string, { key: string }>; values?: Record<string, string> } }
			| undefined;
		if (r && typeof r.status === 'number' && r.data)
			return { status: r.status, errors: r.data.errors, values: r.data.values };
		return { status: 200, data: r as Record<string, unknown> };
	} catch (err) {
		if (isRedirect(err)) return { status: err.status, location: err.location };
		if (isHttpError(err)) return { status: err.status, message: err.body.message };
		throw err;
	}
}

let learner: Awaited<ReturnType<typeof createUser>>;
let other: Awaited<ReturnType<typeof createUser>>;
let fast: Awaited<ReturnType<typeof createUser>>;
let outsider: Awaited<ReturnType<typeof createUser>>;
let tutor: Awaited<ReturnType<typeof createUser>>;
let courseId: string;
let forumId: string;
let threadId: string;
let postId: string;
const slug = 'routes-forum';

beforeAll(async () => {
	t = await createTestApp({ RATE_LIMITS: 'true' });
	const admin = await createAdmin(t.app);
	const adminActor = { id: admin.id, roles: await rolesOf(t.app.db, admin.id) };
	const course = await createCourse(t.app, adminActor, courseSchema.parse({ title: 'Forum', slug }));
	courseId = course.id;
	await setCourseStatus(t.app, adminActor, course, 'published');
	[learner, other, fast, outsider, tutor] = await Promise.all([
		createUser(t.app, { handle: 'apprenante' }),
		createUser(t.app, { handle: 'autre' }),
		createUser(t.app, { handle: 'rapide' }),
		createUser(t.app, { handle: 'dehors' }),
		createUser(t.app, { handle: 'tutrice' })
	]);
	for (const [u, role] of [
		[learner, 'learner'],
		[other, 'learner'],
		[fast, 'learner'],
		[tutor, 'tutor']
	] as const)
		await grantRole({ ...t.app, actor: null }, { userId: u.id, role, scopeType: 'course', scopeId: course.id });
	const actor = { id: learner.id, roles: await rolesOf(t.app.db, learner.id) };
	const place = coursePlace(actor, { id: course.id, slug, title: 'Forum', language: 'fr' });
	const forum = (await listForums(t.app.db, actor, place))[0]!;
	forumId = forum.id;
	const ctx = { ...t.app, config: { ...t.app.config, RATE_LIMITS: false } };
	const posted = await createThread(
		ctx,
		actor,
		place,
		{ ...forum, scopeType: 'course', scopeId: course.id, position: 0, createdAt: new Date() },
		{
			title: 'Première question',
			body: 'Bonjour'
		}
	);
	threadId = posted.threadId;
	postId = posted.postId;
});
afterAll(() => t?.close());

const threadPath = () => `/courses/${slug}/forum/t/${threadId}`;
const reply = async (who: Who, form: Record<string, string | File>) =>
	outcome(async () =>
		threadRoute.actions.reply(await event(who, `${threadPath()}?/reply`, { params: { slug, threadId }, form }))
	);

describe('who gets in', () => {
	it('anyone reads the instance forum; a course forum sends visitors to log in and refuses outsiders', async () => {
		expect((await outcome(async () => instanceIndex.load(await event(null, '/forum')))).status).toBe(200);
		const anon = await outcome(async () =>
			courseIndex.load(await event(null, `/courses/${slug}/forum`, { params: { slug } }))
		);
		expect(anon).toMatchObject({ status: 303, location: expect.stringContaining('/login') });
		const out = await outcome(async () =>
			courseIndex.load(await event(outsider, `/courses/${slug}/forum`, { params: { slug } }))
		);
		expect(out).toMatchObject({ status: 403, message: 'forums.errors.enrolToRead' });
		const ok = await outcome(async () =>
			courseIndex.load(await event(learner, `/courses/${slug}/forum`, { params: { slug } }))
		);
		expect(ok.status).toBe(200);
	});

	it('the unanswered queue is for tutors', async () => {
		const path = `/courses/${slug}/forum/unanswered`;
		expect(
			(await outcome(async () => unansweredRoute.load(await event(learner, path, { params: { slug } })))).status
		).toBe(403);
		const ok = await outcome(async () => unansweredRoute.load(await event(tutor, path, { params: { slug } })));
		expect((ok.data as { queue: { id: string }[] }).queue.map((q) => q.id)).toContain(threadId);
	});

	it('a post’s address leads to its thread page', async () => {
		const r = await outcome(async () =>
			postAddress(await event(learner, `/forum/posts/${postId}`, { params: { id: postId } }))
		);
		expect(r).toMatchObject({ status: 303, location: `/courses/${slug}/forum/t/${threadId}?page=1#post-${postId}` });
	});
});

describe('bad input keeps what was typed', () => {
	it('an empty post', async () => {
		const r = await reply(other, { body: '   ' });
		expect(r).toMatchObject({
			status: 400,
			errors: { body: { key: 'forums.errors.bodyRequired' } },
			values: { body: '   ' }
		});
	});

	it('a post over the size limit', async () => {
		const body = 'é'.repeat(FORUM_LIMITS.body + 1);
		const r = await reply(other, { body });
		expect(r.status).toBe(400);
		expect(r.errors?.body?.key).toBe('forums.errors.bodyTooLong');
		expect(r.values?.body).toBe(body);
	});

	it('mentions of unknown people, named in the message', async () => {
		const r = await reply(other, { body: 'Merci @apprenante et @inconnu' });
		expect(r).toMatchObject({
			status: 422,
			errors: { body: { key: 'forums.errors.unknownMentions', params: { handles: '@inconnu' } } },
			values: { body: 'Merci @apprenante et @inconnu' }
		});
	});

	it('XSS in Markdown and in a file name is made harmless', async () => {
		const sharp = (await import('sharp')).default;
		const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } })
			.png()
			.toBuffer();
		const file = new File([png], '"><script>alert(1)</script>.png', { type: 'image/png' });
		const r = await reply(other, {
			body: '<script>alert(1)</script>\n\n<a href="javascript:alert(1)" onclick="x()">lien</a>',
			files: file
		});
		expect(r.status).toBe(303);
		const page = await outcome(async () =>
			threadRoute.load(await event(other, threadPath(), { params: { slug, threadId } }))
		);
		const posts = (page.data as { posts: { html: string; files: { name: string }[] }[] }).posts;
		const last = posts.at(-1)!;
		expect(last.html).not.toMatch(/<script|javascript:|onclick/);
		// The name loses everything before a slash and every character that could be markup.
		expect(last.files[0]!.name).toBe('script.webp');
	});

	it('attachments are served to readers only, with their type and no sniffing', async () => {
		const page = await outcome(async () =>
			threadRoute.load(await event(other, threadPath(), { params: { slug, threadId } }))
		);
		const posts = (page.data as { posts: { files: { id: string }[] }[] }).posts;
		const id = posts.flatMap((p) => p.files)[0]!.id;
		const res = (await attachment(await event(learner, `/forum/files/${id}`, { params: { id } }))) as Response;
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/webp');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('content-disposition')).toMatch(/^inline; filename\*=UTF-8''/);
		const refused = await outcome(async () =>
			attachment(await event(outsider, `/forum/files/${id}`, { params: { id } }))
		);
		expect(refused.status).toBe(404);
	});

	it('a file that is not an image or a PDF', async () => {
		const r = await reply(other, { body: 'Voici', files: new File(['MZ\x90\x00'], 'doc.pdf') });
		expect(r).toMatchObject({
			status: 415,
			errors: { files: { key: 'forums.errors.fileType' } },
			values: { body: 'Voici' }
		});
	});

	it('editing someone else’s post', async () => {
		const path = `${threadPath()}/edit?post=${postId}`;
		expect(
			(await outcome(async () => editRoute.load(await event(other, path, { params: { slug, threadId } })))).status
		).toBe(403);
		const r = await outcome(async () =>
			editRoute.actions.default(
				await event(other, path, { params: { slug, threadId }, form: { postId, body: 'Piraté' } })
			)
		);
		expect(r).toMatchObject({
			status: 403,
			errors: { body: { key: 'forums.errors.notYours' } },
			values: { body: 'Piraté' }
		});
	});

	it('a new thread without a title', async () => {
		const path = `/courses/${slug}/forum/f/${forumId}/new`;
		const r = await outcome(async () =>
			newThreadRoute.actions.default(
				await event(learner, path, { params: { slug, forumId }, form: { title: '', body: 'Texte' } })
			)
		);
		expect(r).toMatchObject({ status: 400, errors: { title: { key: 'errors.required' } }, values: { body: 'Texte' } });
	});

	it('replying to a locked thread', async () => {
		const actor = { id: tutor.id, roles: await rolesOf(t.app.db, tutor.id) };
		const { threadOfPlace } = await import('./reading.service.ts');
		const place = coursePlace(actor, { id: courseId, slug, title: 'Forum', language: 'fr' });
		const found = await threadOfPlace(t.app.db, actor.id, place, threadId);
		await setThreadFlag(t.app, actor, place, found!.thread, 'locked', true);
		const r = await reply(other, { body: 'Encore une chose' });
		expect(r).toMatchObject({
			status: 409,
			errors: { body: { key: 'forums.errors.locked' } },
			values: { body: 'Encore une chose' }
		});
		await setThreadFlag(t.app, actor, place, found!.thread, 'locked', false);
	});

	it('posting too fast', async () => {
		let r: Awaited<ReturnType<typeof reply>> | undefined;
		for (let i = 0; i < 10; i++) {
			r = await reply(fast, { body: `Message ${i}` });
			if (r.status !== 303) break;
		}
		expect(r).toMatchObject({ status: 429, errors: { body: { key: 'forums.errors.tooFast' } } });
		expect(r?.values?.body).toMatch(/^Message \d$/);
	});
});

describe('managing forums', () => {
	it('is for editors; a forum without a name is refused with what was typed', async () => {
		const path = `/courses/${slug}/forum/manage`;
		expect((await outcome(async () => manageRoute.load(await event(learner, path, { params: { slug } })))).status).toBe(
			403
		);
		const admin = await createAdmin(t.app, { handle: 'gerante' });
		const r = await outcome(async () =>
			manageRoute.actions.save(
				await event(admin, `${path}?/save`, { params: { slug }, form: { title: ' ', description: 'Pour discuter' } })
			)
		);
		expect(r).toMatchObject({
			status: 400,
			errors: { title: { key: 'errors.required' } },
			values: { description: 'Pour discuter' }
		});
		const ok = await outcome(async () =>
			manageRoute.actions.save(
				await event(admin, `${path}?/save`, { params: { slug }, form: { title: 'Café', holdFirstPosts: 'on' } })
			)
		);
		expect(ok).toMatchObject({ status: 303, location: `${path}?saved=1` });
		const page = await outcome(async () => manageRoute.load(await event(admin, path, { params: { slug } })));
		const forums = (page.data as { forums: { title: string; holdFirstPosts: boolean }[] }).forums;
		expect(forums.at(-1)).toMatchObject({ title: 'Café', holdFirstPosts: true });
	});
});
