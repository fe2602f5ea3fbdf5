import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { courses } from '../courses/courses.table.ts';

/** People who appear in a course's videos (intervenant·es). */
export const speakers = pgTable(
	'speakers',
	{
		id: text('id').primaryKey(),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		role: text('role').notNull().default(''),
		/** Markdown as written, and its sanitised HTML. */
		bio: text('bio').notNull().default(''),
		bioHtml: text('bio_html').notNull().default(''),
		photoKey: text('photo_key'),
		photoAlt: text('photo_alt').notNull().default(''),
		links: jsonb('links').$type<{ label: string; url: string }[]>().notNull().default([]),
		position: integer('position').notNull().default(0),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('speakers_course_idx').on(t.courseId, t.position)]
);
