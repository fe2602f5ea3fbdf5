/**
 * A course by invitation or by session keeps its lessons' media to the people who may read
 * them: an outsider with the media's address gets a 404, a learner gets it, and nothing of a
 * closed course is marked cacheable by shared caches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import type { Actor } from '../authz/policy.ts';
import { uuidv7 } from '../../ids.ts';
import { lessonMedia } from '../media/media.table.ts';
import { mediaForReader } from '../media/media.service.ts';
import { contentCacheIsPublic, mayReadContent } from './access.ts';
import { courseSchema } from './courses.schemas.ts';
import { createCourse, getCourseBySlug, setCourseStatus } from './courses.service.ts';
import { addItem } from './plan.service.ts';
import { enrolWithCode, joinCode } from './invitations.service.ts';

let t: TestApp;
let admin: Actor;
beforeAll(async () => {
	t = await createTestApp();
	const a = await createAdmin(t.app);
	admin = { id: a.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
});
afterAll(() => t?.close());

async function courseWithVideo(slug: string, enrolmentMode: 'open' | 'invitation') {
	const c = await createCourse(t.app, admin, courseSchema.parse({ title: slug, slug, enrolmentMode }));
	await setCourseStatus(t.app, admin, c, 'published');
	const m = await addItem(t.app, c.id, 'module', c.id, 'Module');
	const s = await addItem(t.app, c.id, 'sequence', m, 'Séquence');
	const lessonId = await addItem(t.app, c.id, 'lesson', s, 'Leçon');
	const mediaId = uuidv7();
	await t.app.db.insert(lessonMedia).values({
		id: mediaId,
		courseId: c.id,
		lessonId,
		kind: 'video',
		source: 'upload',
		fileKey: `${uuidv7()}.mp4`,
		mimeType: 'video/mp4'
	});
	return { course: (await getCourseBySlug(t.app.db, slug))!, mediaId };
}

const learnerOf = (id: string, courseId: string): Actor => ({
	id,
	roles: [{ role: 'learner', scopeType: 'course', scopeId: courseId }]
});

describe('reading the media of a course', () => {
	it('open course: anyone, and shared caches may keep it', async () => {
		const { course, mediaId } = await courseWithVideo('ouvert', 'open');
		expect(await mediaForReader(t.app.db, null, mediaId)).toBeDefined();
		expect(contentCacheIsPublic(course)).toBe(true);
	});

	it('course by invitation: 404 for an outsider, served to its learners and editors, never cached publicly', async () => {
		const { course, mediaId } = await courseWithVideo('sur-invitation', 'invitation');
		const outsider = await createUser(t.app, { email: 'outsider@example.org' });
		expect(await mediaForReader(t.app.db, null, mediaId)).toBeUndefined();
		expect(await mediaForReader(t.app.db, { id: outsider.id, roles: [] }, mediaId)).toBeUndefined();
		const learner = await createUser(t.app, { email: 'learner@example.org' });
		await enrolWithCode(t.app, learner.id, course, await joinCode(t.app.db, course.id));
		expect(await mayReadContent(t.app.db, learnerOf(learner.id, course.id), course)).toBe(true);
		expect(await mediaForReader(t.app.db, learnerOf(learner.id, course.id), mediaId)).toBeDefined();
		expect(await mediaForReader(t.app.db, admin, mediaId)).toBeDefined();
		expect(contentCacheIsPublic(course)).toBe(false);
	});
});
