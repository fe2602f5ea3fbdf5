/**
 * The question bank of a course: nested categories, questions, and their versions.
 * A question never changes in place: each edit adds a `question_versions` row and moves
 * `questions.current_version_id`; attempts keep the version id the learner saw. Deleting a
 * question only sets `deleted_at`, so past attempts can still show it.
 */
import { sql } from 'drizzle-orm';
import { type AnyPgColumn, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../accounts/accounts.table.ts';
import { courses } from '../courses/courses.table.ts';
import { QTYPES, type QuestionData } from './question.types.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const questionCategories = pgTable(
	'question_categories',
	{
		id: text('id').primaryKey(),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		/** Null for a top-level category of the course's bank. */
		parentId: text('parent_id').references((): AnyPgColumn => questionCategories.id, {
			onDelete: 'restrict'
		}),
		name: text('name').notNull(),
		position: integer('position').notNull().default(0),
		createdAt: ts('created_at').notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('question_categories_sibling_name_key').on(
			t.courseId,
			sql`coalesce(${t.parentId}, '')`,
			sql`lower(${t.name})`
		),
		index('question_categories_parent_idx').on(t.parentId)
	]
);

export const questions = pgTable(
	'questions',
	{
		id: text('id').primaryKey(),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		categoryId: text('category_id')
			.notNull()
			.references(() => questionCategories.id, { onDelete: 'restrict' }),
		name: text('name').notNull(),
		qtype: text('qtype', { enum: QTYPES }).notNull(),
		idnumber: text('idnumber').notNull().default(''),
		/** The version shown and used for new attempts (set in the same transaction as the version). */
		currentVersionId: text('current_version_id'),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow(),
		deletedAt: ts('deleted_at')
	},
	(t) => [
		index('questions_category_idx').on(t.categoryId, t.deletedAt),
		index('questions_course_idx').on(t.courseId, t.deletedAt)
	]
);

export const questionVersions = pgTable(
	'question_versions',
	{
		id: text('id').primaryKey(),
		questionId: text('question_id')
			.notNull()
			.references(() => questions.id, { onDelete: 'cascade' }),
		version: integer('version').notNull(),
		data: jsonb('data').$type<QuestionData>().notNull(),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: ts('created_at').notNull().defaultNow()
	},
	(t) => [uniqueIndex('question_versions_question_version_key').on(t.questionId, t.version)]
);

export type QuestionCategoryRow = typeof questionCategories.$inferSelect;
export type QuestionRow = typeof questions.$inferSelect;
export type QuestionVersionRow = typeof questionVersions.$inferSelect;
