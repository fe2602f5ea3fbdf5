import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { courses, lessons } from '../courses/courses.table.ts';
import { speakers } from '../speakers/speakers.table.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A video or audio attached to a lesson: an uploaded file (served with range requests) or a
 * PeerTube video embedded by its public embed URL. `placement` 'head' opens the lesson.
 */
export const lessonMedia = pgTable(
	'lesson_media',
	{
		id: text('id').primaryKey(),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		lessonId: text('lesson_id')
			.notNull()
			.references(() => lessons.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: ['video', 'audio'] }).notNull(),
		source: text('source', { enum: ['upload', 'peertube'] }).notNull(),
		title: text('title').notNull().default(''),
		placement: text('placement', { enum: ['head', 'body'] })
			.notNull()
			.default('head'),
		/** Uploads: storage key under DATA_DIR/uploads/media, MIME type, size. */
		fileKey: text('file_key'),
		mimeType: text('mime_type'),
		sizeBytes: integer('size_bytes'),
		posterKey: text('poster_key'),
		/** PeerTube: the video's public page URL and its embed URL. */
		peertubeUrl: text('peertube_url'),
		embedUrl: text('embed_url'),
		durationSeconds: integer('duration_seconds'),
		/** Chapters as edited: [{ title, start }] in seconds. */
		chapters: jsonb('chapters').$type<{ title: string; start: number }[]>().notNull().default([]),
		position: integer('position').notNull().default(0),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [index('lesson_media_lesson_idx').on(t.lessonId, t.position), index('lesson_media_course_idx').on(t.courseId)]
);

/** WebVTT captions of a media, one per language. */
export const mediaCaptions = pgTable(
	'media_captions',
	{
		id: text('id').primaryKey(),
		mediaId: text('media_id')
			.notNull()
			.references(() => lessonMedia.id, { onDelete: 'cascade' }),
		language: text('language').notNull(),
		label: text('label').notNull(),
		/** The validated WebVTT file as uploaded (normalised by serializeVtt). */
		vtt: text('vtt').notNull(),
		createdAt: ts('created_at').notNull().defaultNow()
	},
	(t) => [uniqueIndex('media_captions_lang_key').on(t.mediaId, t.language)]
);

/** Speakers appearing in a media. */
export const mediaSpeakers = pgTable(
	'media_speakers',
	{
		mediaId: text('media_id')
			.notNull()
			.references(() => lessonMedia.id, { onDelete: 'cascade' }),
		speakerId: text('speaker_id')
			.notNull()
			.references(() => speakers.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.mediaId, t.speakerId] })]
);
