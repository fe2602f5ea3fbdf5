/**
 * An attempt's items: building the frozen layout when it starts (each slot's current version,
 * random picks, order, answer-shuffle seeds), loading the versions it froze, grading each item.
 */
import { randomInt } from 'node:crypto';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import type { QuestionData } from '../questions/question.types.ts';
import { questionVersions, questions } from '../questions/questions.table.ts';
import { grade, isGraded } from './grading.ts';
import { quizAnswers, quizSlots, type AttemptItem, type AttemptRow, type QuizRow } from './quizzes.table.ts';

function shuffleInPlace<T>(list: T[]): T[] {
	for (let i = list.length - 1; i > 0; i--) {
		const j = randomInt(i + 1);
		[list[i], list[j]] = [list[j]!, list[i]!];
	}
	return list;
}

/** The attempt's questions: each slot's current version, random picks, the order to show. */
export async function buildLayout(db: DbLike, quiz: QuizRow): Promise<AttemptItem[]> {
	const slots = await db.select().from(quizSlots).where(eq(quizSlots.quizId, quiz.id)).orderBy(asc(quizSlots.position));
	const current = (where: ReturnType<typeof and>) =>
		db
			.select({
				questionId: questions.id,
				versionId: questionVersions.id,
				data: questionVersions.data,
				categoryId: questions.categoryId
			})
			.from(questions)
			.innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
			.where(and(eq(questions.courseId, quiz.courseId), isNull(questions.deletedAt), where));
	const fixedIds = slots.filter((s) => s.kind === 'question' && s.questionId).map((s) => s.questionId!);
	const fixed = new Map(
		(fixedIds.length ? await current(inArray(questions.id, fixedIds)) : []).map((q) => [q.questionId, q])
	);
	const categoryIds = [...new Set(slots.filter((s) => s.kind === 'random' && s.categoryId).map((s) => s.categoryId!))];
	const pool = categoryIds.length
		? await current(and(inArray(questions.categoryId, categoryIds), sql`${questions.qtype} <> 'description'`))
		: [];
	const used = new Set(fixedIds);
	const items: AttemptItem[] = [];
	const seed = () => (quiz.shuffleAnswers ? randomInt(2 ** 31) : null);
	for (const slot of slots) {
		if (slot.kind === 'question') {
			const q = slot.questionId ? fixed.get(slot.questionId) : undefined;
			if (q)
				items.push({
					questionId: q.questionId,
					versionId: q.versionId,
					mark: slot.mark ?? q.data.defaultmark,
					seed: seed()
				});
			continue;
		}
		const candidates = shuffleInPlace(pool.filter((q) => q.categoryId === slot.categoryId && !used.has(q.questionId)));
		for (const q of candidates.slice(0, slot.count)) {
			used.add(q.questionId);
			items.push({
				questionId: q.questionId,
				versionId: q.versionId,
				mark: slot.mark ?? q.data.defaultmark,
				seed: seed()
			});
		}
	}
	return quiz.shuffleQuestions ? shuffleInPlace(items) : items;
}

export async function loadVersions(db: DbLike, layout: AttemptItem[]): Promise<Map<string, QuestionData>> {
	const ids = [...new Set(layout.map((i) => i.versionId))];
	if (!ids.length) return new Map();
	const rows = await db
		.select({ id: questionVersions.id, data: questionVersions.data })
		.from(questionVersions)
		.where(inArray(questionVersions.id, ids));
	return new Map(rows.map((r) => [r.id, r.data]));
}

/** Grades every item of an attempt against its frozen versions. */
export async function gradeItems(db: DbLike, attempt: Pick<AttemptRow, 'id' | 'layout'>) {
	const versions = await loadVersions(db, attempt.layout);
	const answers = new Map(
		(await db.select().from(quizAnswers).where(eq(quizAnswers.attemptId, attempt.id))).map((a) => [a.slot, a])
	);
	return attempt.layout.map((item, slot) => {
		const data = versions.get(item.versionId);
		const response = answers.get(slot)?.response ?? {};
		const result = data ? grade(data, response) : { fraction: 0, state: 'unanswered' as const, feedback: [] };
		return { slot, item, data, response, result, graded: !!data && isGraded(data) && item.mark > 0 };
	});
}

/** Score (0..1) of graded items; null when nothing carries marks. */
export function scoreOf(items: { item: AttemptItem; graded: boolean; fraction: number }[]) {
	const max = items.filter((i) => i.graded).reduce((s, i) => s + i.item.mark, 0);
	if (max <= 0) return null;
	return items.filter((i) => i.graded).reduce((s, i) => s + i.fraction * i.item.mark, 0) / max;
}
