/**
 * Community: partner structures (members are `structure` role assignments), versioned terms of
 * use (instance or course) with their acceptances, and theme groups within a course (members are
 * `themeGroup` role assignments; a group's threads live in the forums feature).
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../accounts/accounts.table.ts';
import { courses } from '../courses/courses.table.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const STRUCTURE_KINDS = ['association', 'school', 'canope', 'company', 'other'] as const;
export type StructureKind = (typeof STRUCTURE_KINDS)[number];

export const structures = pgTable(
	'structures',
	{
		id: text('id').primaryKey(),
		slug: text('slug').notNull(),
		name: text('name').notNull(),
		kind: text('kind', { enum: STRUCTURE_KINDS }).notNull().default('association'),
		/** Markdown, rendered through the sanitising renderer when shown. */
		description: text('description').notNull().default(''),
		website: text('website').notNull().default(''),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [uniqueIndex('structures_slug_key').on(sql`lower(${t.slug})`)]
);

/** Courses a structure runs or supports, shown on its page. */
export const structureCourses = pgTable(
	'structure_courses',
	{
		structureId: text('structure_id')
			.notNull()
			.references(() => structures.id, { onDelete: 'cascade' }),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' })
	},
	(t) => [primaryKey({ columns: [t.structureId, t.courseId] }), index('structure_courses_course_idx').on(t.courseId)]
);

/** Terms of use: the instance's (scopeId '') or a course's; each publication is a new version. */
export const termsVersions = pgTable(
	'terms_versions',
	{
		id: text('id').primaryKey(),
		scopeType: text('scope_type', { enum: ['instance', 'course'] }).notNull(),
		scopeId: text('scope_id').notNull().default(''),
		version: integer('version').notNull(),
		/** Markdown as written; shown through the sanitising renderer. */
		body: text('body').notNull(),
		/** Course terms only: may learners create private theme groups? */
		allowsPrivateGroups: boolean('allows_private_groups').notNull().default(false),
		publishedAt: ts('published_at').notNull().defaultNow(),
		publishedBy: text('published_by').references(() => users.id, { onDelete: 'set null' })
	},
	(t) => [uniqueIndex('terms_versions_scope_version_key').on(t.scopeType, t.scopeId, t.version)]
);

export const termsAcceptances = pgTable(
	'terms_acceptances',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		termsVersionId: text('terms_version_id')
			.notNull()
			.references(() => termsVersions.id, { onDelete: 'cascade' }),
		acceptedAt: ts('accepted_at').notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.userId, t.termsVersionId] })]
);

export const themeGroups = pgTable(
	'theme_groups',
	{
		id: text('id').primaryKey(),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		/** Markdown: the question or theme. */
		description: text('description').notNull().default(''),
		/** Private groups are read by their members only (and the course's editors and tutors). */
		isPrivate: boolean('is_private').notNull().default(false),
		createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: ts('created_at').notNull().defaultNow()
	},
	(t) => [index('theme_groups_course_idx').on(t.courseId, t.createdAt)]
);

export type StructureRow = typeof structures.$inferSelect;
export type TermsVersionRow = typeof termsVersions.$inferSelect;
export type ThemeGroupRow = typeof themeGroups.$inferSelect;
