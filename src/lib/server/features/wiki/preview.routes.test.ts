/**
 * The lesson editor's live preview (POST /courses/[slug]/preview) follows the wiki's rules:
 * editors, members of the listed partner structures and, when the course allows it, learners
 * proposing changes get the rendered Markdown; outsiders and anonymous people get a 403.
 */
import { isHttpError } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { grantRole, rolesOf } from '../authz/roles.service.ts';
import type { Actor } from '../authz/policy.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse, setCourseStatus } from '../courses/courses.service.ts';
import { saveWikiSettings } from './settings.service.ts';
import { POST as preview } from '../../../../routes/courses/[slug]/preview/+server.ts';

type Who = Awaited<ReturnType<typeof createUser>> | null;
let t: TestApp;
let admin: Actor;
let courseId: string;
let learner: Who & {};
let member: Who & {};
let outsider: Who & {};
const SLUG = 'apercu-wiki';

beforeAll(async () => {
	t = await createTestApp();
	const a = await createAdmin(t.app);
	admin = { id: a.id, roles: await rolesOf(t.app.db, a.id) };
	const c = await createCourse(t.app, admin, courseSchema.parse({ title: 'Aperçu', slug: SLUG }));
	await setCourseStatus(t.app, admin, c, 'published');
	courseId = c.id;
	learner = await createUser(t.app, { name: 'Lou' });
	await grantRole(
		{ ...t.app, actor: null },
		{ userId: learner.id, role: 'learner', scopeType: 'course', scopeId: c.id }
	);
	member = await createUser(t.app, { name: 'Partenaire' });
	await grantRole(
		{ ...t.app, actor: null },
		{ userId: member.id, role: 'member', scopeType: 'structure', scopeId: 'asso' }
	);
	outsider = await createUser(t.app, { name: 'Dehors' });
});
afterAll(() => t?.close());

async function status(who: Who, body: unknown = { body: '**gras**' }) {
	const url = new URL(`http://localhost:3000/courses/${SLUG}/preview`);
	const event = {
		url,
		params: { slug: SLUG },
		locals: {
			app: t.app,
			locale: 'fr',
			user: who && { ...who, emailVerified: true, locale: 'fr', avatarKey: null },
			actor: who ? { id: who.id, roles: await rolesOf(t.app.db, who.id) } : null
		},
		request: new Request(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body)
		})
	} as never;
	try {
		const res = (await preview(event)) as Response;
		return res.status === 200 ? ((await res.json()) as { html: string }).html : res.status;
	} catch (err) {
		if (isHttpError(err)) return err.status;
		throw err;
	}
}

describe('live preview and the wiki rules', () => {
	it('editors only by default: learners, outsiders and anonymous people get a 403', async () => {
		expect(await status({ id: admin.id } as Who)).toBe('<p><strong>gras</strong></p>\n');
		expect(await status(learner)).toBe(403);
		expect(await status(member)).toBe(403);
		expect(await status(outsider)).toBe(403);
		expect(await status(null)).toBe(403);
	});

	it('members of a listed structure may preview; learners too when they may propose; never outsiders', async () => {
		await saveWikiSettings(t.app.db, admin, courseId, { mode: 'structures', structureIds: ['asso'] });
		expect(await status(member)).toContain('<strong>gras</strong>');
		expect(await status(learner)).toBe(403);
		await saveWikiSettings(t.app.db, admin, courseId, { mode: 'learners', structureIds: ['asso'] });
		expect(await status(learner)).toContain('<strong>gras</strong>');
		expect(await status(member)).toContain('<strong>gras</strong>');
		expect(await status(outsider)).toBe(403);
		expect(await status(null)).toBe(403);
		// Still only rendering: bad input is refused the same way.
		expect(await status(learner, { body: 3 })).toBe(400);
	});
});
