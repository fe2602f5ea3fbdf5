/**
 * Quizzes of a lesson, for editors: settings, and slots taken from the course's question bank
 * (fixed questions, or N random questions of a category). Learners' side: attempts.service.ts.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError } from '../../http/forms.ts';
import { uuidv7 } from '../../ids.ts';
import { can, type Actor } from '../authz/policy.ts';
import { lessons } from '../courses/courses.table.ts';
import { renderMarkdown } from '../courses/markdown.ts';
import { questionCategories, questions } from '../questions/questions.table.ts';
import { QUIZ_LIMITS, type QuizInput } from './quizzes.schemas.ts';
import type { Locale } from '#lib/i18n/index.ts';
import { scoreText } from './grades.ts';
import { quizGrades, quizSlots, quizzes, type QuizRow } from './quizzes.table.ts';

type Ctx = Pick<App, 'db'>;

export function assertQuizEditor(actor: Actor | null, courseId: string) {
	if (!can(actor, 'course.edit', { type: 'course', id: courseId }))
		throw new FormError(403, { _form: { key: 'error.forbidden' } });
}

const notFound = () => new FormError(404, { _form: { key: 'error.notFound' } });

function columns(input: QuizInput) {
	return {
		title: input.title,
		intro: input.intro,
		introHtml: input.intro ? renderMarkdown(input.intro) : '',
		attemptsAllowed: input.attemptsAllowed,
		timeLimit: input.timeLimit > 0 ? input.timeLimit * 60 : null,
		perPage: input.perPage,
		opensAt: input.opensAt,
		closesAt: input.closesAt,
		shuffleQuestions: input.shuffleQuestions,
		shuffleAnswers: input.shuffleAnswers,
		gradingMethod: input.gradingMethod,
		passMark: input.passMark / 100,
		reviewAnswers: input.reviewAnswers,
		reviewFeedback: input.reviewFeedback,
		scoreDisplay: input.scoreDisplay,
		practice: input.practice,
		required: input.practice ? false : input.required
	};
}

export async function createQuiz(ctx: Ctx, actor: Actor | null, courseId: string, lessonId: string, input: QuizInput) {
	assertQuizEditor(actor, courseId);
	const [lesson] = await ctx.db
		.select({ id: lessons.id })
		.from(lessons)
		.where(and(eq(lessons.id, lessonId), eq(lessons.courseId, courseId)));
	if (!lesson) throw notFound();
	const [row] = await ctx.db
		.insert(quizzes)
		.values({
			id: uuidv7(),
			courseId,
			lessonId,
			position: sql`(select coalesce(max(position) + 1, 0) from quizzes where lesson_id = ${lessonId})`,
			...columns(input)
		})
		.returning();
	return row!;
}

export async function getQuiz(db: DbLike, courseId: string, quizId: string): Promise<QuizRow | undefined> {
	const [row] = await db
		.select()
		.from(quizzes)
		.where(and(eq(quizzes.id, quizId), eq(quizzes.courseId, courseId)));
	return row;
}

export async function requireQuiz(db: DbLike, courseId: string, quizId: string) {
	const quiz = await getQuiz(db, courseId, quizId);
	if (!quiz) throw notFound();
	return quiz;
}

export async function updateQuiz(ctx: Ctx, actor: Actor | null, courseId: string, quizId: string, input: QuizInput) {
	assertQuizEditor(actor, courseId);
	await requireQuiz(ctx.db, courseId, quizId);
	const [row] = await ctx.db
		.update(quizzes)
		.set({ ...columns(input), updatedAt: new Date() })
		.where(eq(quizzes.id, quizId))
		.returning();
	return row!;
}

export async function deleteQuiz(ctx: Ctx, actor: Actor | null, courseId: string, quizId: string) {
	assertQuizEditor(actor, courseId);
	const quiz = await requireQuiz(ctx.db, courseId, quizId);
	await ctx.db.delete(quizzes).where(eq(quizzes.id, quizId));
	return quiz;
}

export async function lessonQuizRows(db: DbLike, lessonId: string) {
	return db.select().from(quizzes).where(eq(quizzes.lessonId, lessonId)).orderBy(asc(quizzes.position));
}

export interface SlotView {
	id: string;
	position: number;
	kind: 'question' | 'random';
	questionId: string | null;
	categoryId: string | null;
	count: number;
	mark: number | null;
	/** The question's name, or the category's. */
	label: string;
	qtype: string | null;
	deleted: boolean;
}

export async function listSlots(db: DbLike, quizId: string): Promise<SlotView[]> {
	const rows = await db
		.select({
			slot: quizSlots,
			questionName: questions.name,
			qtype: questions.qtype,
			deletedAt: questions.deletedAt,
			categoryName: questionCategories.name
		})
		.from(quizSlots)
		.leftJoin(questions, eq(questions.id, quizSlots.questionId))
		.leftJoin(questionCategories, eq(questionCategories.id, quizSlots.categoryId))
		.where(eq(quizSlots.quizId, quizId))
		.orderBy(asc(quizSlots.position));
	return rows.map((r) => ({
		id: r.slot.id,
		position: r.slot.position,
		kind: r.slot.kind,
		questionId: r.slot.questionId,
		categoryId: r.slot.categoryId,
		count: r.slot.count,
		mark: r.slot.mark,
		label: (r.slot.kind === 'question' ? r.questionName : r.categoryName) ?? '',
		qtype: r.qtype,
		deleted: !!r.deletedAt
	}));
}

async function nextPosition(db: DbLike, quizId: string) {
	const [row] = await db
		.select({ n: sql<number>`coalesce(max(${quizSlots.position}) + 1, 0)::int`, c: sql<number>`count(*)::int` })
		.from(quizSlots)
		.where(eq(quizSlots.quizId, quizId));
	return { next: Number(row?.n ?? 0), count: Number(row?.c ?? 0) };
}

/** Adds bank questions of the course (not deleted, not already in the quiz) as fixed slots. */
export async function addQuestionSlots(ctx: Ctx, actor: Actor | null, courseId: string, quizId: string, ids: string[]) {
	assertQuizEditor(actor, courseId);
	await requireQuiz(ctx.db, courseId, quizId);
	const found = await ctx.db
		.select({ id: questions.id })
		.from(questions)
		.where(and(eq(questions.courseId, courseId), inArray(questions.id, ids), isNull(questions.deletedAt)));
	if (found.length !== new Set(ids).size)
		throw new FormError(400, { questionIds: { key: 'quizzes.errors.questionNotInBank' } });
	const present = new Set(
		(await ctx.db.select({ id: quizSlots.questionId }).from(quizSlots).where(eq(quizSlots.quizId, quizId))).map(
			(r) => r.id
		)
	);
	const fresh = [...new Set(ids)].filter((id) => !present.has(id));
	const { next, count } = await nextPosition(ctx.db, quizId);
	if (count + fresh.length > QUIZ_LIMITS.slots)
		throw new FormError(409, { _form: { key: 'quizzes.errors.tooManySlots', params: { max: QUIZ_LIMITS.slots } } });
	if (!fresh.length) return 0;
	await ctx.db.insert(quizSlots).values(
		fresh.map((questionId, i) => ({
			id: uuidv7(),
			quizId,
			position: next + i,
			kind: 'question' as const,
			questionId
		}))
	);
	return fresh.length;
}

export async function addRandomSlot(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	quizId: string,
	input: { categoryId: string; count: number }
) {
	assertQuizEditor(actor, courseId);
	await requireQuiz(ctx.db, courseId, quizId);
	const [category] = await ctx.db
		.select({ id: questionCategories.id })
		.from(questionCategories)
		.where(and(eq(questionCategories.id, input.categoryId), eq(questionCategories.courseId, courseId)));
	if (!category) throw new FormError(400, { categoryId: { key: 'quizzes.errors.categoryNotInBank' } });
	const { next, count } = await nextPosition(ctx.db, quizId);
	if (count >= QUIZ_LIMITS.slots)
		throw new FormError(409, { _form: { key: 'quizzes.errors.tooManySlots', params: { max: QUIZ_LIMITS.slots } } });
	await ctx.db.insert(quizSlots).values({
		id: uuidv7(),
		quizId,
		position: next,
		kind: 'random',
		categoryId: input.categoryId,
		count: input.count
	});
}

export async function removeSlot(ctx: Ctx, actor: Actor | null, courseId: string, quizId: string, slotId: string) {
	assertQuizEditor(actor, courseId);
	await requireQuiz(ctx.db, courseId, quizId);
	await ctx.db.delete(quizSlots).where(and(eq(quizSlots.id, slotId), eq(quizSlots.quizId, quizId)));
}

export async function moveSlot(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	quizId: string,
	slotId: string,
	direction: 'up' | 'down'
) {
	assertQuizEditor(actor, courseId);
	await requireQuiz(ctx.db, courseId, quizId);
	const slots = await ctx.db
		.select({ id: quizSlots.id })
		.from(quizSlots)
		.where(eq(quizSlots.quizId, quizId))
		.orderBy(asc(quizSlots.position));
	const i = slots.findIndex((s) => s.id === slotId);
	const j = direction === 'up' ? i - 1 : i + 1;
	if (i < 0 || j < 0 || j >= slots.length) return;
	[slots[i], slots[j]] = [slots[j]!, slots[i]!];
	await ctx.db.transaction(async (tx) => {
		for (const [position, s] of slots.entries())
			await tx.update(quizSlots).set({ position }).where(eq(quizSlots.id, s.id));
	});
}

export interface QuizSummary {
	id: string;
	title: string;
	practice: boolean;
	required: boolean;
	/** The learner's grade in words ("15/20"), or null. */
	score: string | null;
	passed: boolean;
	inProgress: boolean;
}

/** The quizzes of a lesson with one learner's state, for the lesson page (one query). */
export async function lessonQuizzes(
	db: DbLike,
	lessonId: string,
	userId: string | undefined,
	locale: Locale
): Promise<QuizSummary[]> {
	const rows = await db
		.select({
			quiz: quizzes,
			grade: quizGrades.grade,
			passed: quizGrades.passed,
			inProgress: userId
				? sql<boolean>`exists(select 1 from quiz_attempts a where a.quiz_id = ${quizzes.id} and a.user_id = ${userId} and a.state = 'inProgress')`
				: sql<boolean>`false`
		})
		.from(quizzes)
		.leftJoin(quizGrades, and(eq(quizGrades.quizId, quizzes.id), eq(quizGrades.userId, userId ?? '')))
		.where(eq(quizzes.lessonId, lessonId))
		.orderBy(asc(quizzes.position));
	return rows.map((r) => ({
		id: r.quiz.id,
		title: r.quiz.title,
		practice: r.quiz.practice,
		required: r.quiz.required,
		score: r.grade === null ? null : scoreText(locale, r.grade, r.quiz.scoreDisplay),
		passed: !!r.passed,
		inProgress: !!r.inProgress
	}));
}
