/**
 * The portable course archive's manifest (`manifest.json`), as a zod schema: what an export
 * writes and what an import accepts. See FORMAT.md for the whole format.
 */
import { z } from 'zod';
import { LIMITS } from '../courses/courses.schemas.ts';
import { ENROLMENT_MODES, LICENCES } from '../courses/courses.table.ts';
import { GLOSSARY_LIMITS } from '../glossary/glossary.schemas.ts';
import { bankManifest } from './bank.archive.ts';

export const ARCHIVE_FORMAT = 'essaim-course';
/** 2 added the question bank and quizzes (optional keys): archives of version 1 still import. */
export const ARCHIVE_VERSION = 2;
export const READABLE_VERSIONS: readonly number[] = [1, 2];

/** Storage areas an archive may carry binaries for (never avatars: people keep their own). */
export const ARCHIVE_AREAS = ['covers', 'speakers', 'media', 'files'] as const;
export type ArchiveArea = (typeof ARCHIVE_AREAS)[number];

const KEY = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.[a-z0-9]{2,5}';

/** `files/<area>/<key>`: a stored upload of that area, named by its storage key. */
export const binaryPath = (area: ArchiveArea) => z.string().regex(new RegExp(`^files/${area}/${KEY}$`));
export const lessonPath = z.string().regex(/^lessons\/[1-9][0-9]{0,5}\.md$/);
export const captionPath = z.string().regex(/^captions\/[1-9][0-9]{0,6}\.vtt$/);

const text = (max: number) => z.string().max(max);
const httpUrl = z
	.string()
	.max(2000)
	.regex(/^https?:\/\/[^\s]+$/);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A note of the rushes log (features/media/annotations.*): start–end in seconds. */
export const annotationSchema = z.object({
	start: z.number().min(0).max(86_400),
	end: z.number().min(0).max(86_400),
	note: text(2000).min(1),
	tags: z.array(text(40)).max(10).default([]),
	/** An index into the manifest's `speakers`, or null. */
	speaker: z.number().int().min(0).nullable().default(null)
});

export const mediaSchema = z.object({
	/** The media's id where it was exported: only used to rewrite clips (```clip media=<id>) in lessons. */
	id: z.string().regex(UUID).optional(),
	kind: z.enum(['video', 'audio']),
	source: z.enum(['upload', 'peertube']),
	title: text(LIMITS.planTitle).default(''),
	placement: z.enum(['head', 'body']).default('head'),
	file: binaryPath('media').nullable().default(null),
	mimeType: text(200).nullable().default(null),
	poster: binaryPath('media').nullable().default(null),
	peertubeUrl: httpUrl.nullable().default(null),
	embedUrl: httpUrl.nullable().default(null),
	durationSeconds: z.number().int().min(0).nullable().default(null),
	chapters: z
		.array(z.object({ title: text(LIMITS.planTitle), start: z.number().min(0) }))
		.max(500)
		.default([]),
	captions: z
		.array(
			z.object({
				language: z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$/),
				label: text(100),
				file: captionPath
			})
		)
		.max(50)
		.default([]),
	/** Indexes into the manifest's `speakers`. */
	speakers: z.array(z.number().int().min(0)).max(100).default([]),
	annotations: z.array(annotationSchema).max(2000).default([])
});

export const lessonSchema = z.object({
	/** The lesson's id where it was exported: only used to rewrite links between lessons. */
	id: z.string().regex(UUID).optional(),
	title: text(LIMITS.planTitle).min(1),
	required: z.boolean().default(true),
	file: lessonPath,
	/** false: glossary terms are not linked in this lesson. */
	glossaryLinks: z.boolean().default(true),
	media: z.array(mediaSchema).max(50).default([])
});

export const manifestSchema = z.object({
	format: z.literal(ARCHIVE_FORMAT),
	version: z.union([z.literal(1), z.literal(2)]),
	exportedAt: z.string().max(100).optional(),
	instance: z
		.object({ name: text(200), url: text(2000) })
		.partial()
		.optional(),
	course: z.object({
		title: text(LIMITS.title).min(1),
		slug: text(LIMITS.slug).default(''),
		summary: text(LIMITS.summary).default(''),
		language: z.enum(['fr', 'en']).default('fr'),
		tags: z.array(text(LIMITS.tag)).max(LIMITS.tags).default([]),
		licence: z.enum(LICENCES),
		enrolmentMode: z.enum(ENROLMENT_MODES).default('open'),
		cover: z
			.object({ file: binaryPath('covers'), alt: text(500).default('') })
			.nullable()
			.default(null)
	}),
	authors: z
		.array(z.object({ name: text(200), handle: text(200).default(''), instance: text(200).default('') }))
		.max(200)
		.default([]),
	plan: z
		.array(
			z.object({
				title: text(LIMITS.planTitle).min(1),
				sequences: z
					.array(z.object({ title: text(LIMITS.planTitle).min(1), lessons: z.array(lessonSchema).default([]) }))
					.default([])
			})
		)
		.default([]),
	glossary: z
		.array(
			z.object({
				term: text(GLOSSARY_LIMITS.term),
				variants: z.array(text(GLOSSARY_LIMITS.variant)).max(GLOSSARY_LIMITS.variants).default([]),
				definition: text(GLOSSARY_LIMITS.definition)
			})
		)
		.max(GLOSSARY_LIMITS.terms)
		.default([]),
	speakers: z
		.array(
			z.object({
				name: text(200).min(1),
				role: text(200).default(''),
				bio: text(10_000).default(''),
				photo: z
					.object({ file: binaryPath('speakers'), alt: text(500).default('') })
					.nullable()
					.default(null),
				links: z
					.array(z.object({ label: text(200), url: httpUrl }))
					.max(20)
					.default([])
			})
		)
		.max(500)
		.default([]),
	files: z
		.array(
			z.object({
				kind: z.enum(['image', 'attachment']),
				/** The lesson's number (as in `lessons/<n>.md`), or null for the whole course. */
				lesson: z.number().int().min(1).nullable().default(null),
				file: binaryPath('files'),
				fileName: text(255).min(1),
				mimeType: text(200).min(1),
				alt: text(500).default(''),
				width: z.number().int().min(0).nullable().default(null),
				height: z.number().int().min(0).nullable().default(null)
			})
		)
		.max(5_000)
		.default([]),
	...bankManifest
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestInput = z.input<typeof manifestSchema>;
