/**
 * Enrolment beyond "open": dated sessions (editions) with seats and deadlines, a course's
 * enrolment code, personal invitations. The course-scope `learner` role assignment stays the
 * enrolment authorisation reads; `course_enrolments` records how and into which edition.
 */
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../accounts/accounts.table.ts';
import { courses } from './courses.table.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const ENROLMENT_VIAS = ['open', 'edition', 'code', 'invitation'] as const;

/** A dated session of a course in 'session' mode ("session" in the French interface). */
export const courseEditions = pgTable(
	'course_editions',
	{
		id: text('id').primaryKey(),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		title: text('title').notNull().default(''),
		startsAt: ts('starts_at').notNull(),
		endsAt: ts('ends_at').notNull(),
		/** No limit when null. */
		seats: integer('seats'),
		/** Enrolment closes at this instant (the end of the session when null). */
		enrolUntil: ts('enrol_until'),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [index('course_editions_course_idx').on(t.courseId, t.startsAt)]
);

/** How a learner joined a course, and the edition they follow (session mode). */
export const courseEnrolments = pgTable(
	'course_enrolments',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		/** An edition with enrolled learners cannot be deleted (checked at the end of the statement, so deleting the course still cascades). */
		editionId: text('edition_id').references(() => courseEditions.id, { onDelete: 'no action' }),
		via: text('via', { enum: ENROLMENT_VIAS }).notNull(),
		createdAt: ts('created_at').notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.userId, t.courseId] }), index('course_enrolments_edition_idx').on(t.editionId)]
);

/** The code learners type to join a course in 'invitation' mode (editors see and regenerate it). */
export const courseJoinCodes = pgTable('course_join_codes', {
	courseId: text('course_id')
		.primaryKey()
		.references(() => courses.id, { onDelete: 'cascade' }),
	code: text('code').notNull(),
	createdAt: ts('created_at').notNull().defaultNow()
});

/** A personal invitation mailed to an address; its link enrols once, within 30 days. */
export const courseInvitations = pgTable(
	'course_invitations',
	{
		id: text('id').primaryKey(),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		email: text('email').notNull(),
		/** SHA-256 of the token in the link (the token itself is only in the mail). */
		tokenHash: text('token_hash').notNull(),
		invitedBy: text('invited_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: ts('created_at').notNull().defaultNow(),
		expiresAt: ts('expires_at').notNull(),
		acceptedAt: ts('accepted_at'),
		acceptedBy: text('accepted_by').references(() => users.id, { onDelete: 'set null' }),
		revokedAt: ts('revoked_at')
	},
	(t) => [
		uniqueIndex('course_invitations_token_key').on(t.tokenHash),
		uniqueIndex('course_invitations_email_key').on(t.courseId, sql`lower(${t.email})`)
	]
);

export type EditionRow = typeof courseEditions.$inferSelect;
export type InvitationRow = typeof courseInvitations.$inferSelect;
