/**
 * Quizzes in lessons, their slots (fixed bank questions or N random ones from a category), the
 * learners' attempts and each learner's grade per quiz. An attempt freezes what it shows when
 * it starts (question VERSION ids, random picks, order, answer-shuffle seeds) in `layout`, so a
 * resumed attempt, its grading and its review always use what the learner saw.
 */
import { sql } from 'drizzle-orm';
import {
	boolean,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	real,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { users } from '../accounts/accounts.table.ts';
import { courses, lessons } from '../courses/courses.table.ts';
import { questionCategories, questions } from '../questions/questions.table.ts';
import type { Response } from './grading.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const GRADING_METHODS = ['highest', 'last', 'average'] as const;
export const REVIEW_WHEN = ['immediately', 'afterClose', 'never'] as const;
export const SCORE_DISPLAYS = ['outOf20', 'outOf100', 'percent'] as const;
export const ATTEMPT_STATES = ['inProgress', 'submitted'] as const;
export const ANSWER_STATES = ['correct', 'partial', 'wrong', 'needsGrading', 'unanswered'] as const;

export const quizzes = pgTable(
	'quizzes',
	{
		id: text('id').primaryKey(),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		lessonId: text('lesson_id')
			.notNull()
			.references(() => lessons.id, { onDelete: 'cascade' }),
		position: integer('position').notNull().default(0),
		title: text('title').notNull(),
		/** Markdown shown before starting, and its sanitised HTML. */
		intro: text('intro').notNull().default(''),
		introHtml: text('intro_html').notNull().default(''),
		/** 0 = unlimited. */
		attemptsAllowed: integer('attempts_allowed').notNull().default(0),
		/** Seconds; null = no limit. */
		timeLimit: integer('time_limit'),
		opensAt: ts('opens_at'),
		closesAt: ts('closes_at'),
		shuffleQuestions: boolean('shuffle_questions').notNull().default(false),
		shuffleAnswers: boolean('shuffle_answers').notNull().default(true),
		/** Questions per page; 0 = all on one page. */
		perPage: integer('per_page').notNull().default(0),
		gradingMethod: text('grading_method', { enum: GRADING_METHODS }).notNull().default('highest'),
		/** Fraction of the maximum (0..1) needed to pass. */
		passMark: real('pass_mark').notNull().default(0.5),
		reviewAnswers: text('review_answers', { enum: REVIEW_WHEN }).notNull().default('immediately'),
		reviewFeedback: text('review_feedback', { enum: REVIEW_WHEN }).notNull().default('immediately'),
		scoreDisplay: text('score_display', { enum: SCORE_DISPLAYS }).notNull().default('outOf20'),
		/** Practice: no grade kept, a "Check" button per question gives feedback at once. */
		practice: boolean('practice').notNull().default(false),
		/** Passing it is needed to complete the course. */
		required: boolean('required').notNull().default(false),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [index('quizzes_lesson_idx').on(t.lessonId, t.position), index('quizzes_course_idx').on(t.courseId)]
);

/** A place in the quiz: one bank question (latest version at start) or `count` random ones of a category. */
export const quizSlots = pgTable(
	'quiz_slots',
	{
		id: text('id').primaryKey(),
		quizId: text('quiz_id')
			.notNull()
			.references(() => quizzes.id, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		kind: text('kind', { enum: ['question', 'random'] }).notNull(),
		questionId: text('question_id').references(() => questions.id, { onDelete: 'cascade' }),
		categoryId: text('category_id').references(() => questionCategories.id, { onDelete: 'cascade' }),
		count: integer('count').notNull().default(1),
		/** Marks per question; null = the question's default mark. */
		mark: real('mark')
	},
	(t) => [index('quiz_slots_quiz_idx').on(t.quizId, t.position)]
);

/** One question as frozen in an attempt, in the order shown. */
export interface AttemptItem {
	questionId: string;
	versionId: string;
	mark: number;
	/** Seed of the answers' shuffle; null keeps the author's order. */
	seed: number | null;
}

export const quizAttempts = pgTable(
	'quiz_attempts',
	{
		id: text('id').primaryKey(),
		quizId: text('quiz_id')
			.notNull()
			.references(() => quizzes.id, { onDelete: 'cascade' }),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		number: integer('number').notNull(),
		state: text('state', { enum: ATTEMPT_STATES }).notNull().default('inProgress'),
		practice: boolean('practice').notNull().default(false),
		layout: jsonb('layout').$type<AttemptItem[]>().notNull(),
		startedAt: ts('started_at').notNull().defaultNow(),
		/** When saves stop being accepted (time limit or closing date); null = none. */
		deadline: ts('deadline'),
		submittedAt: ts('submitted_at'),
		/** Fraction of the maximum (0..1) once submitted; essays count 0 until graded. */
		score: real('score'),
		needsGrading: boolean('needs_grading').notNull().default(false),
		/** Submitted by the server when time ran out. */
		autoSubmitted: boolean('auto_submitted').notNull().default(false)
	},
	(t) => [
		uniqueIndex('quiz_attempts_number_key').on(t.quizId, t.userId, t.number),
		// One attempt in progress per learner and quiz: two tabs starting at once resume the same one.
		uniqueIndex('quiz_attempts_open_key')
			.on(t.quizId, t.userId)
			.where(sql`state = 'inProgress'`),
		index('quiz_attempts_user_idx').on(t.userId, t.courseId),
		index('quiz_attempts_grading_idx').on(t.courseId, t.needsGrading)
	]
);

/** The response to one item of an attempt (`slot` = index in `layout`), saved as the learner goes. */
export const quizAnswers = pgTable(
	'quiz_answers',
	{
		attemptId: text('attempt_id')
			.notNull()
			.references(() => quizAttempts.id, { onDelete: 'cascade' }),
		slot: integer('slot').notNull(),
		response: jsonb('response').$type<Response>().notNull(),
		savedAt: ts('saved_at').notNull().defaultNow(),
		/** Set at submission (or by a practice check); null while in progress. */
		fraction: real('fraction'),
		state: text('state', { enum: ANSWER_STATES }),
		/** Practice mode: the learner asked to check this answer. */
		checked: boolean('checked').notNull().default(false),
		/** A tutor's comment and grade (essays). */
		comment: text('comment').notNull().default(''),
		gradedBy: text('graded_by').references(() => users.id, { onDelete: 'set null' }),
		gradedAt: ts('graded_at')
	},
	(t) => [primaryKey({ columns: [t.attemptId, t.slot] })]
);

/** A learner's grade for a quiz per its grading method, kept for pages and course completion. */
export const quizGrades = pgTable(
	'quiz_grades',
	{
		quizId: text('quiz_id')
			.notNull()
			.references(() => quizzes.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		courseId: text('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		grade: real('grade').notNull(),
		passed: boolean('passed').notNull().default(false),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.quizId, t.userId] }), index('quiz_grades_user_idx').on(t.userId, t.courseId)]
);

export type QuizRow = typeof quizzes.$inferSelect;
export type QuizSlotRow = typeof quizSlots.$inferSelect;
export type AttemptRow = typeof quizAttempts.$inferSelect;
export type AnswerRow = typeof quizAnswers.$inferSelect;
