/**
 * The quizzes' part of a person's data, for the account export and deletion
 * (accounts/privacy.service.ts): their attempts (quiz, course, dates, score, each answer with
 * the question text they saw, its outcome and any tutor comment) and their grades. Deletion
 * erases both: an account row is kept as "deleted user", so foreign-key cascades do not fire.
 * Attempts and grades are personal data: they are never part of a course archive.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { courses } from '../courses/courses.table.ts';
import { questionVersions } from '../questions/questions.table.ts';
import { quizAnswers, quizAttempts, quizGrades, quizzes } from './quizzes.table.ts';

export async function quizDataOf(db: DbLike, userId: string) {
	const attempts = await db
		.select({
			id: quizAttempts.id,
			quiz: quizzes.title,
			course: courses.title,
			courseSlug: courses.slug,
			number: quizAttempts.number,
			state: quizAttempts.state,
			practice: quizAttempts.practice,
			startedAt: quizAttempts.startedAt,
			submittedAt: quizAttempts.submittedAt,
			score: quizAttempts.score,
			autoSubmitted: quizAttempts.autoSubmitted,
			layout: quizAttempts.layout
		})
		.from(quizAttempts)
		.innerJoin(quizzes, eq(quizzes.id, quizAttempts.quizId))
		.innerJoin(courses, eq(courses.id, quizAttempts.courseId))
		.where(eq(quizAttempts.userId, userId))
		.orderBy(asc(quizAttempts.startedAt));
	const ids = attempts.map((a) => a.id);
	const answers = ids.length
		? await db.select().from(quizAnswers).where(inArray(quizAnswers.attemptId, ids)).orderBy(asc(quizAnswers.slot))
		: [];
	const versionIds = [...new Set(attempts.flatMap((a) => a.layout.map((i) => i.versionId)))];
	const versions = versionIds.length
		? await db
				.select({ id: questionVersions.id, data: questionVersions.data })
				.from(questionVersions)
				.where(inArray(questionVersions.id, versionIds))
		: [];
	const textOf = new Map(versions.map((v) => [v.id, v.data.questiontext]));
	const grades = await db
		.select({
			quiz: quizzes.title,
			course: courses.title,
			grade: quizGrades.grade,
			passed: quizGrades.passed,
			updatedAt: quizGrades.updatedAt
		})
		.from(quizGrades)
		.innerJoin(quizzes, eq(quizzes.id, quizGrades.quizId))
		.innerJoin(courses, eq(courses.id, quizGrades.courseId))
		.where(eq(quizGrades.userId, userId));
	return {
		quizAttempts: attempts.map(({ layout, ...a }) => ({
			...a,
			answers: answers
				.filter((x) => x.attemptId === a.id)
				.map((x) => ({
					slot: x.slot,
					question: textOf.get(layout[x.slot]?.versionId ?? '') ?? null,
					response: x.response,
					state: x.state,
					fraction: x.fraction,
					savedAt: x.savedAt,
					comment: x.comment
				}))
		})),
		quizGrades: grades
	};
}

/** Deletes the person's attempts (their answers cascade) and grades. */
export async function eraseQuizData(db: DbLike, userId: string) {
	await db.delete(quizGrades).where(eq(quizGrades.userId, userId));
	await db.delete(quizAttempts).where(eq(quizAttempts.userId, userId));
}
