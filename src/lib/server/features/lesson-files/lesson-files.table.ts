import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { courses } from '../courses/courses.table.ts';

/** Images (resized, with required alt text) and attachments (PDF, ODT, ZIP) of a course's lessons. */
export const courseFiles = pgTable(
	'course_files',
	{
		id: text('id').primaryKey(),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		lessonId: text('lesson_id'),
		kind: text('kind', { enum: ['image', 'attachment'] }).notNull(),
		/** Storage key under DATA_DIR/uploads/files. */
		fileKey: text('file_key').notNull(),
		fileName: text('file_name').notNull(),
		mimeType: text('mime_type').notNull(),
		sizeBytes: integer('size_bytes').notNull(),
		alt: text('alt').notNull().default(''),
		width: integer('width'),
		height: integer('height'),
		uploadedBy: text('uploaded_by'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('course_files_course_idx').on(t.courseId)]
);
