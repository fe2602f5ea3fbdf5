import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, type TestApp } from '../../../../../../test/helpers.ts';
import { listTerms } from '../../glossary/glossary.service.ts';
import { linkLesson } from '../../glossary/glossary.links.ts';
import { lessonPlayers } from '../../media/media.service.ts';
import { listSpeakers } from '../../speakers/speakers.service.ts';
import { getCourseBySlug } from '../courses.service.ts';
import { DEMO_ASSETS, seedDemoCourse } from '../demo.ts';
import { flatten, getLesson, loadPlan } from '../plan.service.ts';
import { DEMO_TERMS } from './content.ts';

let t: TestApp;
let adminId: string;
beforeAll(async () => {
	t = await createTestApp();
	adminId = (await createAdmin(t.app)).id;
});
afterAll(() => t?.close());

describe('demo course', () => {
	it('ships small assets', () => {
		expect(statSync(join(DEMO_ASSETS, 'video.mp4')).size).toBeLessThan(400 * 1024);
		expect(statSync(join(DEMO_ASSETS, 'poster.jpg')).size).toBeLessThan(100 * 1024);
	});

	it('is seeded once, open, with a glossary linked in the lessons, a speaker and a captioned video', async () => {
		expect(await seedDemoCourse(t.app, adminId)).toBe(true);
		expect(await seedDemoCourse(t.app, adminId)).toBe(false);
		const course = (await getCourseBySlug(t.app.db, 'heberger-ses-services'))!;
		expect(course).toMatchObject({ status: 'published', enrolmentMode: 'open' });

		const terms = await listTerms(t.app.db, course.id);
		expect(terms).toHaveLength(DEMO_TERMS.length);
		const lessons = flatten(await loadPlan(t.app.db, course.id));
		const texts = await Promise.all(lessons.map((l) => getLesson(t.app.db, course.id, l.id)));
		const all = texts.map((l) => l!.body.toLowerCase()).join('\n');
		// Every term (or one of its variants) appears in the lessons.
		for (const term of DEMO_TERMS)
			expect(
				[term.term, ...term.variants].some((w) => all.includes(w.toLowerCase())),
				term.term
			).toBe(true);
		const html = await linkLesson(t.app.db, course, lessons[0]!.id, texts[0]!.bodyHtml);
		expect(html).toContain(`/courses/heberger-ses-services/glossary#`);

		const [speaker] = await listSpeakers(t.app.db, course.id);
		expect(speaker).toMatchObject({ name: 'Camille Morvan' });
		expect(speaker!.photoKey).toBeTruthy();

		const [player] = await lessonPlayers(t.app.db, lessons[0]!.id, { query: 'libres' });
		expect(player).toMatchObject({ kind: 'video', source: 'upload', placement: 'head', mimeType: 'video/mp4' });
		expect(player!.posterUrl).toBeTruthy();
		expect(player!.captions.map((c) => c.language)).toEqual(['fr']);
		expect(player!.chapters.map((c) => c.time)).toEqual(['0:00', '0:05', '0:10']);
		expect(player!.transcript?.paragraphs.length).toBeGreaterThan(0);
		expect(player!.search?.count).toBeGreaterThan(0);
		expect(JSON.stringify(player)).toContain('Camille Morvan');
	});
});
