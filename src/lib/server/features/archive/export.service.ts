/**
 * Export a course as one portable ZIP (see FORMAT.md): the manifest, each lesson's Markdown,
 * captions as WebVTT, and the uploaded binaries it uses (cover, speaker photos, media, files).
 * The licence and the authors travel with the content (DESIGN.md: exports keep both).
 */
import { readFile } from 'node:fs/promises';
import { asc, eq, inArray } from 'drizzle-orm';
import { zipSync, type Zippable } from 'fflate';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { courseAuthors } from '../courses/courses.service.ts';
import { courseModules, courses, courseSequences, lessons } from '../courses/courses.table.ts';
import { glossaryLessonOptouts, glossaryTerms } from '../glossary/glossary.table.ts';
import { courseFiles } from '../lesson-files/lesson-files.table.ts';
import { lessonMedia, mediaCaptions, mediaSpeakers } from '../media/media.table.ts';
import { mediaAnnotations } from '../media/annotations.table.ts';
import { speakers } from '../speakers/speakers.table.ts';
import { uploadPath } from '../platform/storage.ts';
import { exportBank } from './bank.archive.ts';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type ArchiveArea, type ManifestInput } from './manifest.ts';

type Ctx = Pick<App, 'db' | 'config'>;

export class CourseNotFoundError extends Error {}

export function archiveFileName(slug: string) {
	return `${slug}.essaim.zip`;
}

async function readUpload(dataDir: string, area: ArchiveArea, key: string | null): Promise<Uint8Array | null> {
	const path = key ? uploadPath(dataDir, area, key) : undefined;
	if (!path) return null;
	try {
		return new Uint8Array(await readFile(path));
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw err;
	}
}

async function loadCourse(db: DbLike, courseId: string) {
	const [course] = await db.select().from(courses).where(eq(courses.id, courseId));
	if (!course) throw new CourseNotFoundError(courseId);
	const [mods, seqs, less, optouts, terms, people, media, files, authors] = await Promise.all([
		db.select().from(courseModules).where(eq(courseModules.courseId, courseId)).orderBy(asc(courseModules.position)),
		db
			.select()
			.from(courseSequences)
			.where(eq(courseSequences.courseId, courseId))
			.orderBy(asc(courseSequences.position)),
		db.select().from(lessons).where(eq(lessons.courseId, courseId)).orderBy(asc(lessons.position)),
		db
			.select({ id: glossaryLessonOptouts.lessonId })
			.from(glossaryLessonOptouts)
			.innerJoin(lessons, eq(lessons.id, glossaryLessonOptouts.lessonId))
			.where(eq(lessons.courseId, courseId)),
		db.select().from(glossaryTerms).where(eq(glossaryTerms.courseId, courseId)).orderBy(asc(glossaryTerms.term)),
		db
			.select()
			.from(speakers)
			.where(eq(speakers.courseId, courseId))
			.orderBy(asc(speakers.position), asc(speakers.createdAt)),
		db
			.select()
			.from(lessonMedia)
			.where(eq(lessonMedia.courseId, courseId))
			.orderBy(asc(lessonMedia.position), asc(lessonMedia.createdAt)),
		db.select().from(courseFiles).where(eq(courseFiles.courseId, courseId)).orderBy(asc(courseFiles.createdAt)),
		courseAuthors(db, courseId)
	]);
	const mediaIds = media.map((m) => m.id);
	const [captions, appearances, annotations] = mediaIds.length
		? await Promise.all([
				db
					.select()
					.from(mediaCaptions)
					.where(inArray(mediaCaptions.mediaId, mediaIds))
					.orderBy(asc(mediaCaptions.language)),
				db.select().from(mediaSpeakers).where(inArray(mediaSpeakers.mediaId, mediaIds)),
				db
					.select()
					.from(mediaAnnotations)
					.where(eq(mediaAnnotations.courseId, courseId))
					.orderBy(asc(mediaAnnotations.start), asc(mediaAnnotations.id))
			])
		: [[], [], []];
	return {
		course,
		mods,
		seqs,
		less,
		optouts,
		terms,
		people,
		media,
		files,
		authors,
		captions,
		appearances,
		annotations
	};
}

/** The course as a ZIP archive (bytes). Files missing from disk are left out of the archive. */
export async function exportCourse(ctx: Ctx, courseId: string): Promise<Uint8Array> {
	const data = await loadCourse(ctx.db, courseId);
	const { course } = data;
	// The manifest comes first in the archive (filled in at the end).
	const zip: Zippable = { 'manifest.json': new Uint8Array() };
	const text = new TextEncoder();

	/** Adds a stored upload once; its archive path, or null when the file is not on disk. */
	const added = new Map<string, string | null>();
	async function binary(area: ArchiveArea, key: string | null): Promise<string | null> {
		if (!key) return null;
		const path = `files/${area}/${key}`;
		if (added.has(path)) return added.get(path)!;
		const bytes = await readUpload(ctx.config.dataDir, area, key);
		// Pictures, videos and archives are already compressed: store them as they are.
		if (bytes) zip[path] = [bytes, { level: 0 }];
		added.set(path, bytes ? path : null);
		return bytes ? path : null;
	}

	const optedOut = new Set(data.optouts.map((o) => o.id));
	const speakerIndex = new Map(data.people.map((s, i) => [s.id, i]));
	const lessonNumber = new Map<string, number>();
	let captionCount = 0;

	const manifestSpeakers: ManifestInput['speakers'] = [];
	for (const s of data.people) {
		const photo = await binary('speakers', s.photoKey);
		manifestSpeakers.push({
			name: s.name,
			role: s.role,
			bio: s.bio,
			photo: photo ? { file: photo, alt: s.photoAlt } : null,
			links: s.links
		});
	}

	async function mediaOf(lessonId: string) {
		const list = [];
		for (const m of data.media.filter((x) => x.lessonId === lessonId)) {
			const file = m.source === 'upload' ? await binary('media', m.fileKey) : null;
			if (m.source === 'upload' && !file) continue; // the upload is gone: nothing to play
			const captions = [];
			for (const c of data.captions.filter((x) => x.mediaId === m.id)) {
				const path = `captions/${++captionCount}.vtt`;
				zip[path] = text.encode(c.vtt);
				captions.push({ language: c.language, label: c.label, file: path });
			}
			list.push({
				id: m.id,
				kind: m.kind,
				source: m.source,
				title: m.title,
				placement: m.placement,
				file,
				mimeType: m.mimeType,
				poster: await binary('media', m.posterKey),
				peertubeUrl: m.peertubeUrl,
				embedUrl: m.embedUrl,
				durationSeconds: m.durationSeconds,
				chapters: m.chapters,
				captions,
				speakers: data.appearances
					.filter((a) => a.mediaId === m.id)
					.map((a) => speakerIndex.get(a.speakerId))
					.filter((i): i is number => i !== undefined),
				annotations: data.annotations
					.filter((a) => a.mediaId === m.id)
					.map((a) => ({
						start: a.start,
						end: a.end,
						note: a.note,
						tags: a.tags,
						speaker: a.speakerId ? (speakerIndex.get(a.speakerId) ?? null) : null
					}))
			});
		}
		return list;
	}

	const plan: ManifestInput['plan'] = [];
	for (const m of data.mods) {
		const sequences = [];
		for (const s of data.seqs.filter((x) => x.moduleId === m.id)) {
			const items = [];
			for (const l of data.less.filter((x) => x.sequenceId === s.id)) {
				const n = lessonNumber.size + 1;
				lessonNumber.set(l.id, n);
				const file = `lessons/${n}.md`;
				zip[file] = text.encode(l.body);
				items.push({
					id: l.id,
					title: l.title,
					required: l.required,
					file,
					glossaryLinks: !optedOut.has(l.id),
					media: await mediaOf(l.id)
				});
			}
			sequences.push({ title: s.title, lessons: items });
		}
		plan.push({ title: m.title, sequences });
	}

	const files: ManifestInput['files'] = [];
	for (const f of data.files) {
		const file = await binary('files', f.fileKey);
		if (!file) continue;
		files.push({
			kind: f.kind,
			lesson: (f.lessonId && lessonNumber.get(f.lessonId)) || null,
			file,
			fileName: f.fileName,
			mimeType: f.mimeType,
			alt: f.alt,
			width: f.width,
			height: f.height
		});
	}

	// After `files`: a question's image is a course file too, added to the archive once.
	const bank = await exportBank(ctx.db, courseId, lessonNumber, (key) => binary('files', key));

	const cover = await binary('covers', course.coverKey);
	const host = ctx.config.publicUrl.host;
	const manifest: ManifestInput = {
		format: ARCHIVE_FORMAT,
		version: ARCHIVE_VERSION,
		exportedAt: new Date().toISOString(),
		instance: { name: ctx.config.INSTANCE_NAME, url: ctx.config.publicUrl.href },
		course: {
			title: course.title,
			slug: course.slug,
			summary: course.summary,
			language: course.language as 'fr' | 'en',
			tags: course.tags,
			licence: course.licence,
			enrolmentMode: course.enrolmentMode,
			cover: cover ? { file: cover, alt: course.coverAlt } : null
		},
		authors: data.authors.filter((a) => !a.deletedAt).map((a) => ({ name: a.name, handle: a.handle, instance: host })),
		plan,
		glossary: data.terms.map((t) => ({ term: t.term, variants: t.variants, definition: t.definition })),
		speakers: manifestSpeakers,
		files,
		...bank
	};
	zip['manifest.json'] = text.encode(`${JSON.stringify(manifest, null, 2)}\n`);
	return zipSync(zip, { level: 6 });
}
