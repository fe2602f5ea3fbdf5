/**
 * Wiki-style co-editing of course content: every saved version of a lesson or glossary term
 * (`content_revisions`), who may edit a course's content (`course_wiki_settings`), changes
 * proposed by people who may not edit directly (`wiki_suggestions` and their comments), and the
 * lessons people follow (`wiki_watches`). `lessons.body`/`body_html` stay the current version.
 */
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../accounts/accounts.table.ts';
import { courses, lessons } from '../courses/courses.table.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const REVISION_TARGETS = ['lesson', 'glossaryTerm'] as const;
export type RevisionTarget = (typeof REVISION_TARGETS)[number];
export const REVISION_KINDS = ['edit', 'revert', 'suggestion', 'import'] as const;
export type RevisionKind = (typeof REVISION_KINDS)[number];
/** editors only; + members of the listed structures; + every enrolled learner, as suggestions. */
export const WIKI_MODES = ['editors', 'structures', 'learners'] as const;
export type WikiMode = (typeof WIKI_MODES)[number];
export const SUGGESTION_STATUSES = ['open', 'accepted', 'declined'] as const;

/**
 * One saved version. A lesson's `title` and `body` (Markdown); a glossary term's `title` (the
 * term), `variants` and `body` (its definition). Numbers count from 1 per target, and a
 * lesson's current number is `lessons.revision`.
 */
export const contentRevisions = pgTable(
	'content_revisions',
	{
		id: text('id').primaryKey(),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		targetType: text('target_type', { enum: REVISION_TARGETS }).notNull(),
		/** A lesson or glossary term id (kept after the target is deleted, for attribution). */
		targetId: text('target_id').notNull(),
		number: integer('number').notNull(),
		title: text('title').notNull().default(''),
		body: text('body').notNull().default(''),
		variants: text('variants')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
		summary: text('summary').notNull().default(''),
		kind: text('kind', { enum: REVISION_KINDS }).notNull().default('edit'),
		/** The revision the author started from (null for the first one). */
		baseNumber: integer('base_number'),
		createdAt: ts('created_at').notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('content_revisions_target_number_key').on(t.targetType, t.targetId, t.number),
		index('content_revisions_course_created_idx').on(t.courseId, t.createdAt),
		index('content_revisions_author_idx').on(t.authorId)
	]
);

export const courseWikiSettings = pgTable('course_wiki_settings', {
	courseId: text('course_id')
		.primaryKey()
		.references(() => courses.id, { onDelete: 'cascade' }),
	mode: text('mode', { enum: WIKI_MODES }).notNull().default('editors'),
	/** Structures whose members (manager or member) may edit directly, in modes other than 'editors'. */
	structureIds: text('structure_ids')
		.array()
		.notNull()
		.default(sql`'{}'::text[]`),
	updatedBy: text('updated_by').references(() => users.id, { onDelete: 'set null' }),
	updatedAt: ts('updated_at').notNull().defaultNow()
});

export const wikiSuggestions = pgTable(
	'wiki_suggestions',
	{
		id: text('id').primaryKey(),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		lessonId: text('lesson_id')
			.notNull()
			.references(() => lessons.id, { onDelete: 'cascade' }),
		proposerId: text('proposer_id').references(() => users.id, { onDelete: 'set null' }),
		baseNumber: integer('base_number').notNull(),
		title: text('title').notNull(),
		body: text('body').notNull(),
		summary: text('summary').notNull().default(''),
		status: text('status', { enum: SUGGESTION_STATUSES }).notNull().default('open'),
		reason: text('reason').notNull().default(''),
		reviewedBy: text('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
		reviewedAt: ts('reviewed_at'),
		/** The revision an accepted suggestion became. */
		revisionNumber: integer('revision_number'),
		createdAt: ts('created_at').notNull().defaultNow()
	},
	(t) => [index('wiki_suggestions_course_status_idx').on(t.courseId, t.status, t.createdAt)]
);

export const wikiSuggestionComments = pgTable(
	'wiki_suggestion_comments',
	{
		id: text('id').primaryKey(),
		suggestionId: text('suggestion_id')
			.notNull()
			.references(() => wikiSuggestions.id, { onDelete: 'cascade' }),
		authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
		body: text('body').notNull(),
		createdAt: ts('created_at').notNull().defaultNow()
	},
	(t) => [index('wiki_suggestion_comments_idx').on(t.suggestionId, t.createdAt)]
);

/** "Follow this lesson": watchers are notified when it changes. */
export const wikiWatches = pgTable(
	'wiki_watches',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		lessonId: text('lesson_id')
			.notNull()
			.references(() => lessons.id, { onDelete: 'cascade' }),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		createdAt: ts('created_at').notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.userId, t.lessonId] }), index('wiki_watches_lesson_idx').on(t.lessonId)]
);

export type RevisionRow = typeof contentRevisions.$inferSelect;
export type SuggestionRow = typeof wikiSuggestions.$inferSelect;
