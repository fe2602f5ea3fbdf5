/**
 * A glossary per course: terms with their variants (plurals, synonyms) and a Markdown
 * definition, auto-linked in the course's lessons. A lesson can opt out of the links.
 */
import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { courses, lessons } from '../courses/courses.table.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const glossaryTerms = pgTable(
	'glossary_terms',
	{
		id: text('id').primaryKey(),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		term: text('term').notNull(),
		/** Other written forms linked to the same entry: plurals, synonyms, abbreviations. */
		variants: text('variants')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		/** Markdown as written. */
		definition: text('definition').notNull().default(''),
		/** Sanitised HTML rendered from `definition` at save time. */
		definitionHtml: text('definition_html').notNull().default(''),
		/** The anchor of the term on the glossary page, unique within the course. */
		slug: text('slug').notNull(),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('glossary_terms_course_term_key').on(t.courseId, sql`lower(${t.term})`),
		uniqueIndex('glossary_terms_course_slug_key').on(t.courseId, t.slug),
		index('glossary_terms_course_updated_idx').on(t.courseId, t.updatedAt)
	]
);

/** Lessons whose text must not get glossary links (one row = links disabled). */
export const glossaryLessonOptouts = pgTable('glossary_lesson_optouts', {
	lessonId: text('lesson_id')
		.primaryKey()
		.references(() => lessons.id, { onDelete: 'cascade' }),
	createdAt: ts('created_at').notNull().defaultNow()
});

export type GlossaryTermRow = typeof glossaryTerms.$inferSelect;
