/**
 * Courses and their plan: course → modules → sequences → lessons, with learners' progress.
 * Authors are course-scope `editor` role assignments; an enrolment is a `learner` assignment.
 */
import { sql } from 'drizzle-orm';
import {
	boolean,
	customType,
	index,
	integer,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { users } from '../accounts/accounts.table.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const LICENCES = ['CC-BY-SA-4.0', 'CC-BY-4.0', 'CC0-1.0', 'all-rights-reserved'] as const;
export const COURSE_STATUSES = ['draft', 'published', 'archived'] as const;
export const ENROLMENT_MODES = ['open', 'session', 'invitation'] as const;

export const courses = pgTable(
	'courses',
	{
		id: text('id').primaryKey(),
		slug: text('slug').notNull(),
		title: text('title').notNull(),
		summary: text('summary').notNull().default(''),
		language: text('language').notNull().default('fr'),
		tags: text('tags')
			.array()
			.notNull()
			.default(sql`'{}'::text[]`),
		licence: text('licence', { enum: LICENCES }).notNull().default('CC-BY-SA-4.0'),
		status: text('status', { enum: COURSE_STATUSES }).notNull().default('draft'),
		enrolmentMode: text('enrolment_mode', { enum: ENROLMENT_MODES }).notNull().default('open'),
		/** Storage key of the cover image under DATA_DIR/uploads/covers, and its text alternative. */
		coverKey: text('cover_key'),
		coverAlt: text('cover_alt').notNull().default(''),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow(),
		publishedAt: ts('published_at'),
		// French and English stemming, accent-insensitive (configurations made in the migration).
		search: tsvector('search').generatedAlwaysAs(
			sql`setweight(to_tsvector('essaim_fr', coalesce(title, '')), 'A') || setweight(to_tsvector('essaim_fr', coalesce(summary, '')), 'B') || setweight(to_tsvector('essaim_en', coalesce(title, '')), 'A') || setweight(to_tsvector('essaim_en', coalesce(summary, '')), 'B')`
		)
	},
	(t) => [
		uniqueIndex('courses_slug_key').on(sql`lower(${t.slug})`),
		index('courses_search_idx').using('gin', t.search),
		index('courses_status_idx').on(t.status, t.publishedAt)
	]
);

export const courseModules = pgTable(
	'course_modules',
	{
		id: text('id').primaryKey(),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		title: text('title').notNull()
	},
	(t) => [index('course_modules_course_idx').on(t.courseId, t.position)]
);

export const courseSequences = pgTable(
	'course_sequences',
	{
		id: text('id').primaryKey(),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		moduleId: text('module_id')
			.notNull()
			.references(() => courseModules.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		title: text('title').notNull()
	},
	(t) => [index('course_sequences_module_idx').on(t.moduleId, t.position)]
);

export const lessons = pgTable(
	'lessons',
	{
		id: text('id').primaryKey(),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		sequenceId: text('sequence_id')
			.notNull()
			.references(() => courseSequences.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		title: text('title').notNull(),
		required: boolean('required').notNull().default(true),
		/** Markdown as written. */
		body: text('body').notNull().default(''),
		/** Sanitised HTML rendered from `body` at save time (the cache "per revision"). */
		bodyHtml: text('body_html').notNull().default(''),
		revision: integer('revision').notNull().default(1),
		updatedBy: text('updated_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [index('lessons_sequence_idx').on(t.sequenceId, t.position), index('lessons_course_idx').on(t.courseId)]
);

export const lessonProgress = pgTable(
	'lesson_progress',
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
		completedAt: ts('completed_at').notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.userId, t.lessonId] }), index('lesson_progress_course_idx').on(t.userId, t.courseId)]
);

/** Last lesson opened per learner and course, for "resume where I left off". */
export const courseVisits = pgTable(
	'course_visits',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		lessonId: text('lesson_id')
			.notNull()
			.references(() => lessons.id, { onDelete: 'cascade' }),
		visitedAt: ts('visited_at').notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.userId, t.courseId] })]
);

export const courseCompletions = pgTable(
	'course_completions',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		completedAt: ts('completed_at').notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.userId, t.courseId] })]
);

/** A course as services and pages use it (without the search vector). */
export type CourseRow = Omit<typeof courses.$inferSelect, 'search'>;
export type LessonRow = typeof lessons.$inferSelect;
