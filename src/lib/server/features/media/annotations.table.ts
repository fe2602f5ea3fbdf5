import { doublePrecision, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../accounts/accounts.table.ts';
import { courses } from '../courses/courses.table.ts';
import { speakers } from '../speakers/speakers.table.ts';
import { lessonMedia } from './media.table.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The rushes log: timestamped notes an editor takes while watching a lesson's video (start–end
 * in seconds, a short note, tags, optionally who speaks). A note can become a clip in a lesson.
 */
export const mediaAnnotations = pgTable(
	'media_annotations',
	{
		id: text('id').primaryKey(),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		mediaId: text('media_id')
			.notNull()
			.references(() => lessonMedia.id, { onDelete: 'cascade' }),
		start: doublePrecision('start').notNull(),
		end: doublePrecision('end').notNull(),
		note: text('note').notNull(),
		tags: text('tags').array().notNull().default([]),
		speakerId: text('speaker_id').references(() => speakers.id, { onDelete: 'set null' }),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [
		index('media_annotations_media_idx').on(t.mediaId, t.start),
		index('media_annotations_course_idx').on(t.courseId, t.createdAt),
		index('media_annotations_speaker_idx').on(t.speakerId)
	]
);
