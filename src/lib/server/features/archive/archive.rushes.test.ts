import { eq } from 'drizzle-orm';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '#lib/server/http/forms.ts';
import type { Actor } from '../authz/policy.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse } from '../courses/courses.service.ts';
import { addItem, saveLesson } from '../courses/plan.service.ts';
import { createAnnotation, searchAnnotations } from '../media/annotations.service.ts';
import { clipBlock } from '../media/clip-syntax.ts';
import { renderClips } from '../media/clips.ts';
import { setMediaSpeakers, speakersOfMedia } from '../media/media-speakers.ts';
import { attachUpload } from '../media/media.service.ts';
import { lessonMedia } from '../media/media.table.ts';
import { createSpeaker } from '../speakers/speakers.service.ts';
import { lessons } from '../courses/courses.table.ts';
import { exportCourse } from './export.service.ts';
import { importCourse } from './import.service.ts';

let source: TestApp;
let target: TestApp;
let author: Actor;
let importer: Actor;
const adminRoles = [{ role: 'admin', scopeType: 'instance', scopeId: '' }];

beforeAll(async () => {
	source = await createTestApp();
	target = await createTestApp();
	author = { id: (await createAdmin(source.app)).id, roles: adminRoles };
	importer = { id: (await createAdmin(target.app)).id, roles: adminRoles };
});
afterAll(async () => {
	await source?.close();
	await target?.close();
});

function fakeMp4(size = 600) {
	const bytes = new Uint8Array(size);
	bytes.set([0, 0, 0, 0x18], 0);
	bytes.set(new TextEncoder().encode('ftypisom'), 4);
	return new File([bytes], 'v.mp4');
}

async function buildCourse(slug = 'tournage') {
	const app = source.app;
	const course = await createCourse(app, author, courseSchema.parse({ title: 'Tournage', slug }));
	const m = await addItem(app, course.id, 'module', course.id, 'Module');
	const s = await addItem(app, course.id, 'sequence', m, 'Séquence');
	const l1 = await addItem(app, course.id, 'lesson', s, 'Entretien');
	const l2 = await addItem(app, course.id, 'lesson', s, 'Montage');
	const mediaId = await attachUpload(source.app, course.id, l1, {
		title: 'Rushes',
		placement: 'head',
		file: fakeMp4()
	});
	await source.app.db.update(lessonMedia).set({ durationSeconds: 100 }).where(eq(lessonMedia.id, mediaId));
	const [awa, bruno] = [
		await createSpeaker(source.app, author, course.id, { name: 'Awa' }),
		await createSpeaker(source.app, author, course.id, { name: 'Bruno' })
	];
	await setMediaSpeakers(app, author, course.id, mediaId, [bruno!.id]);
	await createAnnotation(app, author, course.id, mediaId, {
		start: '12.5',
		end: '45',
		note: 'La question **clé**',
		tags: 'interview, clé',
		speakerId: bruno!.id
	});
	await createAnnotation(app, author, course.id, mediaId, { start: '50', end: '60', note: 'Silence' });
	const body = `Voici l’extrait.\n\n${clipBlock({ mediaId, start: 12.5, end: 45, caption: 'La question' })}\n`;
	await saveLesson(app, course.id, l2, { title: 'Montage', body, required: true }, author.id);
	return { course, mediaId, awa: awa!, bruno: bruno!, l2 };
}

const manifestOf = (zip: Uint8Array) => JSON.parse(new TextDecoder().decode(unzipSync(zip)['manifest.json']!));

function withManifest(zip: Uint8Array, edit: (m: Record<string, unknown>) => void) {
	const files = unzipSync(zip) as Zippable;
	const manifest = manifestOf(zip);
	edit(manifest);
	files['manifest.json'] = strToU8(JSON.stringify(manifest));
	return zipSync(files);
}

async function refusal(p: Promise<unknown>) {
	try {
		await p;
	} catch (err) {
		if (err instanceof FormError) return err;
		throw err;
	}
	throw new Error('expected a FormError');
}

describe('archive: rushes log, speakers in videos and clips', () => {
	it('round-trips annotations and media speakers, and clips follow the new media id', async () => {
		const built = await buildCourse();
		const zip = await exportCourse(source.app, built.course.id);
		const media = manifestOf(zip).plan[0].sequences[0].lessons[0].media[0];
		expect(media.id).toBe(built.mediaId);
		expect(media.speakers).toEqual([1]);
		expect(media.annotations).toEqual([
			{ start: 12.5, end: 45, note: 'La question **clé**', tags: ['interview', 'clé'], speaker: 1 },
			{ start: 50, end: 60, note: 'Silence', tags: [], speaker: null }
		]);

		const course = await importCourse(target.app, importer, zip);
		const db = target.app.db;
		const [newMedia] = await db.select().from(lessonMedia).where(eq(lessonMedia.courseId, course.id));
		expect(newMedia!.id).not.toBe(built.mediaId);
		expect((await speakersOfMedia(db, [newMedia!.id])).get(newMedia!.id)?.map((s) => s.name)).toEqual(['Bruno']);
		const { rows } = await searchAnnotations(db, course.id);
		expect(rows.map((r) => [r.annotation.start, r.annotation.end, r.annotation.note, r.speaker?.name ?? null])).toEqual(
			[
				[12.5, 45, 'La question **clé**', 'Bruno'],
				[50, 60, 'Silence', null]
			]
		);
		expect(rows[0]!.annotation.createdBy).toBe(importer.id);

		const lesson = (await db.select().from(lessons).where(eq(lessons.courseId, course.id))).find(
			(l) => l.title === 'Montage'
		)!;
		expect(lesson.body).toContain(`media=${newMedia!.id} start=12.5 end=45`);
		expect(lesson.body).not.toContain(built.mediaId);
		const { html, clips } = await renderClips(db, lesson.bodyHtml, {
			courseId: course.id,
			courseSlug: course.slug,
			locale: 'en'
		});
		expect(clips).toBe(1);
		expect(html).toContain(`/media/${newMedia!.id}/file#t=12.5,45`);

		// Exported again, the imported course says the same.
		const again = manifestOf(await exportCourse(target.app, course.id)).plan[0].sequences[0].lessons[0].media[0];
		expect(again.annotations).toEqual(media.annotations);
		expect(again.speakers).toEqual(media.speakers);
	});

	it('refuses annotations that end before they start, past the media, or name an unknown speaker', async () => {
		const zip = await exportCourse(source.app, (await buildCourse('tournage-2')).course.id);
		const cases: [string, (a: Record<string, unknown>) => void][] = [
			['media.annotations.end', (a) => Object.assign(a, { start: 30, end: 20 })],
			['media.annotations.end', (a) => Object.assign(a, { end: 101 })],
			['media.annotations.speaker', (a) => Object.assign(a, { speaker: 9 })]
		];
		for (const [detail, edit] of cases) {
			const bad = withManifest(zip, (m) => {
				const plan = m.plan as {
					sequences: { lessons: { media: { annotations: Record<string, unknown>[] }[] }[] }[];
				}[];
				edit(plan[0]!.sequences[0]!.lessons[0]!.media[0]!.annotations[0]!);
			});
			const err = await refusal(importCourse(target.app, importer, bad));
			expect(err.status).toBe(422);
			expect(err.errors.archive).toMatchObject({ key: 'archive.errors.manifestInvalid', params: { detail } });
		}
	});
});
