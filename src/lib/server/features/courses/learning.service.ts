/**
 * Following a course: enrol in one click (open courses need no session dates), open lessons,
 * mark them done. A course is completed when every required lesson is done and every required
 * quiz passed; LessonCompleted
 * and CourseCompleted go on the event bus for badges and analytics.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { FormError } from '../../http/forms.ts';
import { uuidv7 } from '../../ids.ts';
import { roleAssignments } from '../authz/roles.table.ts';
import type { CourseRow } from './courses.table.ts';
import { courseCompletions, courseVisits, lessonProgress } from './courses.table.ts';
import { forgetEnrolment } from './editions.service.ts';

type Ctx = Pick<App, 'db' | 'events'>;

/** An enrolment is a course-scope `learner` role assignment. */
const learnerOf = (userId: string, courseId: string) =>
	and(
		eq(roleAssignments.userId, userId),
		eq(roleAssignments.scopeType, 'course'),
		eq(roleAssignments.scopeId, courseId),
		eq(roleAssignments.role, 'learner')
	);

export async function isEnrolled(db: DbLike, userId: string, courseId: string) {
	const [row] = await db.select({ id: roleAssignments.id }).from(roleAssignments).where(learnerOf(userId, courseId));
	return !!row;
}

export async function enrol(ctx: Ctx, userId: string, course: CourseRow) {
	if (course.status !== 'published') throw new FormError(409, { _form: { key: 'courses.errors.notOpen' } });
	if (course.enrolmentMode !== 'open') throw new FormError(403, { _form: { key: 'courses.errors.notOpen' } });
	const inserted = await ctx.db
		.insert(roleAssignments)
		.values({ id: uuidv7(), userId, role: 'learner', scopeType: 'course', scopeId: course.id, grantedBy: userId })
		.onConflictDoNothing()
		.returning({ id: roleAssignments.id });
	if (inserted.length) await ctx.events.emit('LearnerEnrolled', { userId, courseId: course.id });
}

/** Leaving a course keeps the progress, so coming back resumes where one stopped. */
export async function unenrol(ctx: Ctx, userId: string, courseId: string) {
	await ctx.db.delete(roleAssignments).where(learnerOf(userId, courseId));
	// How they came (session seat, code, invitation) goes too: the seat is free again.
	await forgetEnrolment(ctx.db, userId, courseId);
}

export async function doneLessonIds(db: DbLike, userId: string, courseId: string): Promise<Set<string>> {
	const rows = await db
		.select({ id: lessonProgress.lessonId })
		.from(lessonProgress)
		.where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.courseId, courseId)));
	return new Set(rows.map((r) => r.id));
}

export async function completedAt(db: DbLike, userId: string, courseId: string) {
	const [row] = await db
		.select({ at: courseCompletions.completedAt })
		.from(courseCompletions)
		.where(and(eq(courseCompletions.userId, userId), eq(courseCompletions.courseId, courseId)));
	return row?.at;
}

/** Marks a lesson done (idempotent); returns whether this completed the course. */
export async function markDone(ctx: Ctx, userId: string, courseId: string, lessonId: string) {
	if (!(await isEnrolled(ctx.db, userId, courseId)))
		throw new FormError(403, { _form: { key: 'courses.errors.enrolFirst' } });
	const inserted = await ctx.db
		.insert(lessonProgress)
		.values({ userId, lessonId, courseId })
		.onConflictDoNothing()
		.returning({ id: lessonProgress.lessonId });
	if (!inserted.length) return { courseCompleted: false };
	await ctx.events.emit('LessonCompleted', { userId, courseId, lessonId });
	return checkCompletion(ctx, userId, courseId);
}

/**
 * Records the course's completion (once) when it has requirements and all are met: every
 * required lesson done and every required quiz passed (quiz_grades, kept by the quizzes feature).
 */
export async function checkCompletion(ctx: Ctx, userId: string, courseId: string) {
	const result = await ctx.db.execute(sql`
		select
			(select count(*) from lessons where course_id = ${courseId} and required)
				+ (select count(*) from quizzes where course_id = ${courseId} and required) as requirements,
			(select count(*) from lessons l where l.course_id = ${courseId} and l.required and not exists
				(select 1 from lesson_progress p where p.lesson_id = l.id and p.user_id = ${userId}))
				+ (select count(*) from quizzes q where q.course_id = ${courseId} and q.required and not exists
				(select 1 from quiz_grades g where g.quiz_id = q.id and g.user_id = ${userId} and g.passed)) as missing`);
	const row = rowsOf<{ requirements: number | string; missing: number | string }>(result)[0]!;
	if (Number(row.requirements) === 0 || Number(row.missing) > 0) return { courseCompleted: false };
	const completed = await ctx.db
		.insert(courseCompletions)
		.values({ userId, courseId })
		.onConflictDoNothing()
		.returning({ id: courseCompletions.userId });
	if (completed.length) await ctx.events.emit('CourseCompleted', { userId, courseId });
	return { courseCompleted: completed.length > 0 };
}

export async function markNotDone(ctx: Pick<App, 'db'>, userId: string, courseId: string, lessonId: string) {
	await ctx.db
		.delete(lessonProgress)
		.where(
			and(
				eq(lessonProgress.userId, userId),
				eq(lessonProgress.courseId, courseId),
				eq(lessonProgress.lessonId, lessonId)
			)
		);
}

/** Remembers the lesson a learner is on; re-reading the same lesson writes nothing. */
export async function recordVisit(db: DbLike, userId: string, courseId: string, lessonId: string) {
	await db
		.insert(courseVisits)
		.values({ userId, courseId, lessonId })
		.onConflictDoUpdate({
			target: [courseVisits.userId, courseVisits.courseId],
			set: { lessonId, visitedAt: sql`now()` },
			setWhere: sql`${courseVisits.lessonId} <> excluded.lesson_id`
		});
}

/** The learner's facts about a course as columns of one select (see learnerState). */
export const learnerColumns = (userId: string, courseId: string) => sql`
	exists(select 1 from role_assignments where user_id = ${userId} and scope_type = 'course'
		and scope_id = ${courseId} and role = 'learner') as enrolled,
	coalesce((select json_agg(lesson_id) from lesson_progress
		where user_id = ${userId} and course_id = ${courseId}), '[]'::json) as done,
	(select lesson_id from course_visits where user_id = ${userId} and course_id = ${courseId}) as last_lesson,
	(select completed_at from course_completions where user_id = ${userId} and course_id = ${courseId}) as completed_at`;

export interface LearnerRow {
	enrolled: boolean;
	done: string[] | string;
	last_lesson: string | null;
	completed_at: string | Date | null;
}

export function learnerOfRow(row: LearnerRow) {
	const done: string[] = typeof row.done === 'string' ? JSON.parse(row.done) : row.done;
	return {
		enrolled: !!row.enrolled,
		done: new Set(done),
		lastLessonId: row.last_lesson ?? undefined,
		completedAt: row.completed_at ? new Date(row.completed_at) : undefined
	};
}

/**
 * Everything a course or lesson page shows about one learner, in one query: enrolment, done
 * lessons, the last lesson opened, completion.
 */
export async function learnerState(db: DbLike, userId: string, courseId: string) {
	const result = await db.execute(sql`select ${learnerColumns(userId, courseId)}`);
	return learnerOfRow(rowsOf<LearnerRow>(result)[0]!);
}

/**
 * The course page's facts in one query: the course's authors (as courseAuthors, in
 * courses.service.ts), the reader's learnerState (nothing for an anonymous reader) and whether
 * the course has speakers and terms of use of its own, so the page asks for those only when
 * there are.
 */
export async function coursePageFacts(db: DbLike, userId: string | undefined, courseId: string) {
	const result = await db.execute(sql`select ${learnerColumns(userId ?? '', courseId)},
		coalesce((select json_agg(json_build_array(u.name, u.handle, u.deleted_at) order by r.created_at)
			from role_assignments r join users u on u.id = r.user_id
			where r.scope_type = 'course' and r.scope_id = ${courseId} and r.role = 'editor'), '[]'::json) as authors,
		exists(select 1 from speakers where course_id = ${courseId}) as has_speakers,
		exists(select 1 from terms_versions where scope_type = 'course' and scope_id = ${courseId}) as has_terms`);
	const row = rowsOf<
		LearnerRow & { authors: string | [string, string, string | null][]; has_speakers: boolean; has_terms: boolean }
	>(result)[0]!;
	const authors = typeof row.authors === 'string' ? JSON.parse(row.authors) : row.authors;
	return {
		...learnerOfRow(row),
		authors: (authors as [string, string, string | null][]).map(([name, handle, deletedAt]) => ({
			name,
			handle,
			deletedAt: deletedAt ? new Date(deletedAt) : null
		})),
		hasSpeakers: !!row.has_speakers,
		hasTerms: !!row.has_terms
	};
}

export async function lastVisited(db: DbLike, userId: string, courseId: string) {
	const [row] = await db
		.select({ lessonId: courseVisits.lessonId })
		.from(courseVisits)
		.where(and(eq(courseVisits.userId, userId), eq(courseVisits.courseId, courseId)));
	return row?.lessonId;
}
