import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '#lib/server/http/forms.ts';
import { rowsOf } from '#lib/server/db/rows.ts';
import { uuidv7 } from '#lib/server/ids.ts';
import type { Actor } from '../authz/policy.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { courseAuthors, createCourse } from '../courses/courses.service.ts';
import { courses } from '../courses/courses.table.ts';
import { addItem, getLesson, loadPlan, saveLesson } from '../courses/plan.service.ts';
import { createTerm, lessonOptouts, listTerms, setLessonOptouts } from '../glossary/glossary.service.ts';
import { courseFiles } from '../lesson-files/lesson-files.table.ts';
import { lessonMedia, mediaCaptions, mediaSpeakers } from '../media/media.table.ts';
import { newKey, storeUpload, uploadPath } from '../platform/storage.ts';
import { speakers } from '../speakers/speakers.table.ts';
import { exportCourse } from './export.service.ts';
import { importCourse, isUnsafeEntryName, type ImportOptions } from './import.service.ts';
import { ARCHIVE_FORMAT } from './manifest.ts';

let source: TestApp;
let target: TestApp;
let author: Actor;
let importer: Actor;
let learner: Actor;
const adminRoles = [{ role: 'admin', scopeType: 'instance', scopeId: '' }];

beforeAll(async () => {
	source = await createTestApp();
	target = await createTestApp();
	const a = await createAdmin(source.app, { name: 'Zoé Autrice', handle: 'zoe' });
	author = { id: a.id, roles: adminRoles };
	const b = await createAdmin(target.app, { name: 'Max Importateur', handle: 'max' });
	importer = { id: b.id, roles: adminRoles };
	const l = await createUser(target.app, { handle: 'lea' });
	learner = { id: l.id, roles: [] };
});
afterAll(async () => {
	await source?.close();
	await target?.close();
});

const png = (n: number) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, n, n, n]);
const vtt = 'WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nBonjour les abeilles\n';

/** A course with everything an archive carries, files on disk included. */
async function buildCourse(slug = 'abeilles') {
	const app = source.app;
	const dataDir = source.config.dataDir;
	const course = await createCourse(
		app,
		author,
		courseSchema.parse({
			title: 'Les abeilles',
			slug,
			summary: 'Tout sur les abeilles.',
			tags: 'nature, insectes',
			licence: 'CC-BY-4.0',
			enrolmentMode: 'open'
		})
	);
	const coverKey = newKey('png');
	await storeUpload(dataDir, 'covers', coverKey, png(1));
	await app.db.update(courses).set({ coverKey, coverAlt: 'Une ruche' }).where(eq(courses.id, course.id));

	const m1 = await addItem(app, course.id, 'module', course.id, 'Découvrir');
	const s1 = await addItem(app, course.id, 'sequence', m1, 'La ruche');
	const s2 = await addItem(app, course.id, 'sequence', m1, 'Le miel');
	const m2 = await addItem(app, course.id, 'module', course.id, 'Agir');
	const s3 = await addItem(app, course.id, 'sequence', m2, 'Planter');
	const l1 = await addItem(app, course.id, 'lesson', s1, 'La reine');
	const l2 = await addItem(app, course.id, 'lesson', s2, 'Récolter');
	const l3 = await addItem(app, course.id, 'lesson', s3, 'Fleurs mellifères');

	const fileKey = newKey('pdf');
	await storeUpload(dataDir, 'files', fileKey, strToU8('%PDF-1.4 fiche'));
	await app.db.insert(courseFiles).values({
		id: uuidv7(),
		courseId: course.id,
		lessonId: l1,
		kind: 'attachment',
		fileKey,
		fileName: 'fiche-ruche.pdf',
		mimeType: 'application/pdf',
		sizeBytes: 14,
		alt: ''
	});
	await saveLesson(
		app,
		course.id,
		l1,
		{
			title: 'La reine',
			body: `# La reine\n\nElle pond. [La fiche](/courses/abeilles/files/${fileKey})`,
			required: true
		},
		author.id
	);
	await saveLesson(
		app,
		course.id,
		l2,
		{ title: 'Récolter', body: 'Le **miel** se récolte.', required: false },
		author.id
	);
	await saveLesson(
		app,
		course.id,
		l3,
		{
			title: 'Fleurs mellifères',
			body: `Lavande, tilleul. [La reine](/courses/${slug}/lessons/${l1})`,
			required: true
		},
		author.id
	);

	await createTerm(app, author, course.id, { term: 'Reine', variants: ['reines'], definition: 'La mère de la ruche.' });
	await createTerm(app, author, course.id, { term: 'Miel', variants: [], definition: 'Ce que font les abeilles.' });
	await setLessonOptouts(app, author, course.id, [l3]);

	const photoKey = newKey('webp');
	await storeUpload(dataDir, 'speakers', photoKey, png(2));
	const speakerId = uuidv7();
	await app.db.insert(speakers).values({
		id: speakerId,
		courseId: course.id,
		name: 'Jeanne Apicultrice',
		role: 'Apicultrice',
		bio: 'Trente ans de ruches.',
		photoKey,
		photoAlt: 'Jeanne devant ses ruches',
		links: [{ label: 'Site', url: 'https://example.org/jeanne' }]
	});
	const mediaKey = newKey('mp4');
	await storeUpload(dataDir, 'media', mediaKey, strToU8('fake video bytes'));
	const mediaId = uuidv7();
	await app.db.insert(lessonMedia).values({
		id: mediaId,
		courseId: course.id,
		lessonId: l1,
		kind: 'video',
		source: 'upload',
		title: 'Visite de la ruche',
		fileKey: mediaKey,
		mimeType: 'video/mp4',
		sizeBytes: 16,
		durationSeconds: 90,
		chapters: [
			{ title: 'Entrée', start: 0 },
			{ title: 'Cadres', start: 30 }
		]
	});
	await app.db.insert(mediaCaptions).values({ id: uuidv7(), mediaId, language: 'fr', label: 'Français', vtt });
	await app.db.insert(mediaSpeakers).values({ mediaId, speakerId });
	await app.db.insert(lessonMedia).values({
		id: uuidv7(),
		courseId: course.id,
		lessonId: l2,
		kind: 'video',
		source: 'peertube',
		peertubeUrl: 'https://video.example.org/w/abc',
		embedUrl: 'https://video.example.org/videos/embed/abc'
	});
	return { course, fileKey, mediaKey, coverKey, photoKey };
}

function zip(entries: Record<string, string | Uint8Array>): Uint8Array {
	const z: Zippable = {};
	for (const [name, v] of Object.entries(entries)) z[name] = typeof v === 'string' ? strToU8(v) : v;
	return zipSync(z);
}

const manifest = (over: Record<string, unknown> = {}) =>
	JSON.stringify({
		format: ARCHIVE_FORMAT,
		version: 1,
		course: { title: 'Petit cours', slug: 'petit', licence: 'CC0-1.0' },
		plan: [{ title: 'M', sequences: [{ title: 'S', lessons: [{ title: 'L', file: 'lessons/1.md' }] }] }],
		...over
	});

async function refusal(p: Promise<unknown>) {
	try {
		await p;
	} catch (err) {
		if (err instanceof FormError) return err;
		throw err;
	}
	throw new Error('expected a FormError');
}

async function refused(bytes: Uint8Array, status: number, key: string, opts?: ImportOptions) {
	const err = await refusal(importCourse(target.app, importer, bytes, opts));
	expect(err.status, JSON.stringify(err.errors)).toBe(status);
	expect(err.errors.archive?.key).toBe(key);
	return err.errors.archive!;
}

const COUNTED = [
	'courses',
	'course_modules',
	'course_sequences',
	'lessons',
	'glossary_terms',
	'speakers',
	'lesson_media',
	'media_captions',
	'course_files',
	'role_assignments'
];
async function counts(t: TestApp) {
	const out: Record<string, number> = {};
	for (const table of COUNTED) {
		const [row] = rowsOf<{ n: number }>(
			await t.app.db.execute(sql`select count(*)::int as n from ${sql.identifier(table)}`)
		);
		out[table] = Number(row!.n);
	}
	return out;
}
function uploads(t: TestApp): string[] {
	const root = join(t.config.dataDir, 'uploads');
	if (!existsSync(root)) return [];
	return readdirSync(root, { recursive: true, withFileTypes: true })
		.filter((d) => d.isFile())
		.map((d) => d.name);
}

describe('round trip', () => {
	it('exports a course and imports it into another instance as a new draft with the same content', async () => {
		const built = await buildCourse();
		const bytes = await exportCourse(source.app, built.course.id);
		const entries = unzipSync(bytes);
		expect(Object.keys(entries)[0]).toBe('manifest.json');
		const m = JSON.parse(new TextDecoder().decode(entries['manifest.json']));
		expect(m).toMatchObject({
			format: 'essaim-course',
			version: 2,
			course: { title: 'Les abeilles', licence: 'CC-BY-4.0', cover: { file: `files/covers/${built.coverKey}` } },
			authors: [{ name: 'Zoé Autrice', handle: 'zoe', instance: 'localhost:3000' }]
		});
		expect(Object.keys(entries)).toEqual(
			expect.arrayContaining([
				'lessons/1.md',
				'captions/1.vtt',
				`files/media/${built.mediaKey}`,
				`files/files/${built.fileKey}`,
				`files/speakers/${built.photoKey}`
			])
		);

		const imported = await importCourse(target.app, importer, bytes);
		expect(imported).toMatchObject({ slug: 'abeilles', status: 'draft', licence: 'CC-BY-4.0', title: 'Les abeilles' });
		expect(imported.id).not.toBe(built.course.id);
		expect(imported.tags).toEqual(['nature', 'insectes']);
		expect(imported.summary).toBe(
			'Tout sur les abeilles.\n\nAuteur·rices d’origine : Zoé Autrice (@zoe@localhost:3000)'
		);
		expect((await courseAuthors(target.app.db, imported.id)).map((a) => a.handle)).toEqual(['max']);

		const strip = (plan: Awaited<ReturnType<typeof loadPlan>>) =>
			plan.map((mo) => ({
				title: mo.title,
				sequences: mo.sequences.map((s) => ({
					title: s.title,
					lessons: s.lessons.map((l) => ({ title: l.title, required: l.required }))
				}))
			}));
		const before = await loadPlan(source.app.db, built.course.id);
		const after = await loadPlan(target.app.db, imported.id);
		expect(strip(after)).toEqual(strip(before));
		const firstBefore = await getLesson(source.app.db, built.course.id, before[0]!.sequences[0]!.lessons[0]!.id);
		const firstAfter = await getLesson(target.app.db, imported.id, after[0]!.sequences[0]!.lessons[0]!.id);
		expect(firstAfter!.id).not.toBe(firstBefore!.id);
		// The attachment got a new storage key; the lesson's link follows it.
		const [file] = await target.app.db.select().from(courseFiles).where(eq(courseFiles.courseId, imported.id));
		expect(file!.fileKey).not.toBe(built.fileKey);
		expect(file!.lessonId).toBe(firstAfter!.id);
		expect(firstAfter!.body).toBe(firstBefore!.body.replace(built.fileKey, file!.fileKey));
		expect(firstAfter!.bodyHtml).toContain('<h2');
		const secondAfter = await getLesson(target.app.db, imported.id, after[0]!.sequences[1]!.lessons[0]!.id);
		expect(secondAfter!.body).toBe('Le **miel** se récolte.');
		// A link to another lesson follows that lesson's new id.
		const thirdBefore = await getLesson(source.app.db, built.course.id, before[1]!.sequences[0]!.lessons[0]!.id);
		const thirdAfter = await getLesson(target.app.db, imported.id, after[1]!.sequences[0]!.lessons[0]!.id);
		expect(thirdAfter!.body).toBe(thirdBefore!.body.replace(firstBefore!.id, firstAfter!.id));
		expect(thirdAfter!.body).toContain(`/courses/abeilles/lessons/${firstAfter!.id}`);
		const terms = await listTerms(target.app.db, imported.id);
		expect(terms.map((t) => [t.term, t.variants, t.definition])).toEqual([
			['Miel', [], 'Ce que font les abeilles.'],
			['Reine', ['reines'], 'La mère de la ruche.']
		]);
		expect((await lessonOptouts(target.app.db, imported.id)).size).toBe(1);

		const [speaker] = await target.app.db.select().from(speakers).where(eq(speakers.courseId, imported.id));
		expect(speaker).toMatchObject({ name: 'Jeanne Apicultrice', photoAlt: 'Jeanne devant ses ruches' });
		const media = await target.app.db.select().from(lessonMedia).where(eq(lessonMedia.courseId, imported.id));
		expect(media).toHaveLength(2);
		const upload = media.find((x) => x.source === 'upload')!;
		expect(upload.chapters).toEqual([
			{ title: 'Entrée', start: 0 },
			{ title: 'Cadres', start: 30 }
		]);
		const [caption] = await target.app.db.select().from(mediaCaptions).where(eq(mediaCaptions.mediaId, upload.id));
		expect(caption!.vtt).toContain('Bonjour les abeilles');
		const [appears] = await target.app.db.select().from(mediaSpeakers).where(eq(mediaSpeakers.mediaId, upload.id));
		expect(appears!.speakerId).toBe(speaker!.id);
		expect(media.find((x) => x.source === 'peertube')!.embedUrl).toBe('https://video.example.org/videos/embed/abc');

		// Every binary is on the new instance's disk, under its new key, with the same bytes.
		const dir = target.config.dataDir;
		const [row] = await target.app.db.select().from(courses).where(eq(courses.id, imported.id));
		expect(readFileSync(uploadPath(dir, 'covers', row!.coverKey!)!)).toEqual(Buffer.from(png(1)));
		expect(readFileSync(uploadPath(dir, 'speakers', speaker!.photoKey!)!)).toEqual(Buffer.from(png(2)));
		expect(readFileSync(uploadPath(dir, 'media', upload.fileKey!)!, 'utf8')).toBe('fake video bytes');
		expect(readFileSync(uploadPath(dir, 'files', file!.fileKey)!, 'utf8')).toBe('%PDF-1.4 fiche');

		// Importing again gives another course with a free address.
		const again = await importCourse(target.app, importer, bytes);
		expect(again.slug).toBe('abeilles-2');
	});

	it('only lets people who may create courses import', async () => {
		const err = await refusal(importCourse(target.app, learner, zip({ 'manifest.json': manifest() })));
		expect(err.status).toBe(403);
	});
});

describe('refusals', () => {
	it('refuses what is not a ZIP', async () => {
		await refused(strToU8('hello, not a zip at all, really not'), 422, 'archive.errors.notZip');
		await refused(new Uint8Array([0x50, 0x4b, 3, 4, ...new Array(40).fill(7)]), 422, 'archive.errors.notZip');
		await refused(new Uint8Array(), 400, 'archive.errors.missing');
	});

	it('refuses a missing or invalid manifest', async () => {
		await refused(zip({ 'lessons/1.md': 'x' }), 422, 'archive.errors.manifestMissing');
		await refused(zip({ 'manifest.json': '{ nope' }), 422, 'archive.errors.manifestInvalid');
		const bad = await refused(
			zip({ 'manifest.json': manifest({ course: { licence: 'CC0-1.0' } }) }),
			422,
			'archive.errors.manifestInvalid'
		);
		expect(bad.params?.detail).toBe('course.title');
	});

	it('refuses an unknown format or version, naming the version', async () => {
		await refused(zip({ 'manifest.json': manifest({ format: 'moodle-backup' }) }), 422, 'archive.errors.format');
		const v = await refused(zip({ 'manifest.json': manifest({ version: 3 }) }), 422, 'archive.errors.version');
		expect(v.params).toMatchObject({ version: '3', supported: 2 });
	});

	it('refuses path traversal, absolute paths and backslashes in any entry', async () => {
		for (const name of ['../evil.txt', '/etc/passwd', 'files\\covers\\x.png', 'lessons/../../x.md', 'C:/x', 'a//b'])
			await refused(
				zip({ 'manifest.json': manifest(), 'lessons/1.md': 'x', [name]: 'boo' }),
				422,
				'archive.errors.unsafePath'
			);
		expect(isUnsafeEntryName('files/covers/ok.png')).toBe(false);
		expect(isUnsafeEntryName('lessons/')).toBe(false);
	});

	it('refuses entries over their size limit and zip bombs', async () => {
		await refused(
			zip({ 'manifest.json': manifest(), 'lessons/1.md': 'x'.repeat(5000) }),
			413,
			'archive.errors.entryTooBig',
			{ limits: { textBytes: 4096 } }
		);
		// 64 MB of zeros compress to a few KB: refused from the ZIP's directory, before inflating.
		const bomb = zipSync({
			'manifest.json': strToU8(manifest()),
			'files/media/bomb.bin': new Uint8Array(64 * 1024 * 1024)
		});
		expect(bomb.length).toBeLessThan(1024 * 1024);
		const e = await refused(bomb, 413, 'archive.errors.tooBig', { limits: { totalBytes: 16 * 1024 * 1024 } });
		expect(e.params?.max).toBe(16);
		await refused(bomb, 413, 'archive.errors.entryTooBig', { limits: { binaryBytes: 1024 * 1024 } });
	});

	it('refuses references to files the archive does not contain', async () => {
		const e = await refused(zip({ 'manifest.json': manifest() }), 422, 'archive.errors.missingFile');
		expect(e.params?.file).toBe('lessons/1.md');
		const cover = `files/covers/${newKey('png')}`;
		const m = manifest({ course: { title: 'T', licence: 'CC0-1.0', cover: { file: cover, alt: '' } } });
		const c = await refused(zip({ 'manifest.json': m, 'lessons/1.md': 'x' }), 422, 'archive.errors.missingFile');
		expect(c.params?.file).toBe(cover);
	});

	it('refuses an unknown licence', async () => {
		const e = await refused(
			zip({ 'manifest.json': manifest({ course: { title: 'T', licence: 'WTFPL' } }), 'lessons/1.md': 'x' }),
			422,
			'archive.errors.licence'
		);
		expect(e.params?.licence).toBe('WTFPL');
	});

	it('refuses too many lessons', async () => {
		const lots = Array.from({ length: 2001 }, (_, i) => ({ title: `L${i}`, file: `lessons/${i + 1}.md` }));
		const m = manifest({ plan: [{ title: 'M', sequences: [{ title: 'S', lessons: lots }] }] });
		const e = await refused(zip({ 'manifest.json': m }), 422, 'archive.errors.tooManyLessons');
		expect(e.params?.max).toBe(2000);
	});

	it('refuses invalid captions and repeated glossary terms', async () => {
		const media = [
			{
				kind: 'video',
				source: 'peertube',
				embedUrl: 'https://v.example/e/1',
				captions: [{ language: 'fr', label: 'Fr', file: 'captions/1.vtt' }]
			}
		];
		const m = manifest({
			plan: [{ title: 'M', sequences: [{ title: 'S', lessons: [{ title: 'L', file: 'lessons/1.md', media }] }] }]
		});
		await refused(
			zip({ 'manifest.json': m, 'lessons/1.md': 'x', 'captions/1.vtt': 'not vtt' }),
			422,
			'archive.errors.captions'
		);
		const g = manifest({
			glossary: [
				{ term: 'Abeille', definition: 'Un insecte.' },
				{ term: 'abeille', definition: 'Encore.' }
			]
		});
		await refused(zip({ 'manifest.json': g, 'lessons/1.md': 'x' }), 422, 'archive.errors.glossary');
	});
});

describe('nothing half-imported', () => {
	it('leaves no row and no file behind when a file cannot be written', async () => {
		const built = await buildCourse('ruches');
		const bytes = await exportCourse(source.app, built.course.id);
		const rowsBefore = await counts(target);
		const filesBefore = uploads(target).sort();
		// A file where the media folder should be: covers and photos are written, media fail.
		const mediaDir = join(target.config.dataDir, 'uploads', 'media');
		const aside = `${mediaDir}.aside`;
		if (existsSync(mediaDir)) renameSync(mediaDir, aside);
		writeFileSync(mediaDir, 'in the way');
		try {
			await expect(importCourse(target.app, importer, bytes)).rejects.toThrow();
		} finally {
			rmSync(mediaDir, { force: true });
			if (existsSync(aside)) renameSync(aside, mediaDir);
		}
		expect(await counts(target)).toEqual(rowsBefore);
		expect(uploads(target).sort()).toEqual(filesBefore);
	});

	it('leaves no row behind when the archive is refused', async () => {
		const before = await counts(target);
		const cover = `files/covers/${newKey('png')}`;
		const m = manifest({ course: { title: 'T', licence: 'CC0-1.0', cover: { file: cover, alt: '' } } });
		await refused(zip({ 'manifest.json': m, 'lessons/1.md': 'x' }), 422, 'archive.errors.missingFile');
		expect(await counts(target)).toEqual(before);
	});
});
