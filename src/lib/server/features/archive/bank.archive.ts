/**
 * The question bank and the quizzes in a course archive (format 2, see FORMAT.md): categories
 * (a tree), questions (the current version's data; an image travels as a `files/files/<key>`
 * entry) and quizzes (settings, slots naming questions and categories by archive-local ids).
 * Attempts and grades are personal data: they never leave with a course.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { DbLike } from '../../db/client.ts';
import { FormError } from '../../http/forms.ts';
import { uuidv7 } from '../../ids.ts';
import { renderMarkdown } from '../courses/markdown.ts';
import type { QuestionData } from '../questions/question.types.ts';
import { validateQuestion } from '../questions/questions.schemas.ts';
import { questionCategories, questions, questionVersions } from '../questions/questions.table.ts';
import { GRADING_METHODS, quizSlots, quizzes, REVIEW_WHEN, SCORE_DISPLAYS } from '../quizzes/quizzes.table.ts';
import { QUIZ_LIMITS } from '../quizzes/quizzes.schemas.ts';

const localId = z.string().min(1).max(64);
const binaryFile = z.string().regex(/^files\/files\/[0-9a-f-]{36}\.[a-z0-9]{2,5}$/);

export const bankManifest = {
	questionCategories: z
		.array(
			z.object({
				id: localId,
				parent: localId.nullable().default(null),
				name: z.string().trim().min(1).max(200),
				position: z.number().int().min(0).max(1_000_000).default(0)
			})
		)
		.max(2_000)
		.default([]),
	questions: z
		.array(
			z.object({
				id: localId,
				category: localId,
				/** The question's current version, as `QuestionData` (checked like the editor's form on import). */
				data: z.record(z.string(), z.unknown()),
				image: z
					.object({ file: binaryFile, alt: z.string().max(500) })
					.nullable()
					.default(null)
			})
		)
		.max(20_000)
		.default([]),
	quizzes: z
		.array(
			z.object({
				/** The lesson's number (as in `lessons/<n>.md`). */
				lesson: z.number().int().min(1),
				title: z.string().trim().min(1).max(QUIZ_LIMITS.title),
				intro: z.string().max(QUIZ_LIMITS.intro).default(''),
				attemptsAllowed: z.number().int().min(0).max(QUIZ_LIMITS.attempts).default(0),
				/** Seconds, or null. */
				timeLimit: z
					.number()
					.int()
					.min(60)
					.max(QUIZ_LIMITS.timeLimit * 60)
					.nullable()
					.default(null),
				opensAt: z.iso.datetime({ offset: true }).nullable().default(null),
				closesAt: z.iso.datetime({ offset: true }).nullable().default(null),
				shuffleQuestions: z.boolean().default(false),
				shuffleAnswers: z.boolean().default(true),
				perPage: z.number().int().min(0).max(QUIZ_LIMITS.perPage).default(0),
				gradingMethod: z.enum(GRADING_METHODS).default('highest'),
				passMark: z.number().min(0).max(1).default(0.5),
				reviewAnswers: z.enum(REVIEW_WHEN).default('immediately'),
				reviewFeedback: z.enum(REVIEW_WHEN).default('immediately'),
				scoreDisplay: z.enum(SCORE_DISPLAYS).default('outOf20'),
				practice: z.boolean().default(false),
				required: z.boolean().default(false),
				slots: z
					.array(
						z.object({
							kind: z.enum(['question', 'random']),
							question: localId.nullable().default(null),
							category: localId.nullable().default(null),
							count: z.number().int().min(1).max(QUIZ_LIMITS.randomCount).default(1),
							mark: z.number().min(0).max(1000).nullable().default(null)
						})
					)
					.max(QUIZ_LIMITS.slots)
					.default([])
			})
		)
		.max(5_000)
		.default([])
};
export const bankObject = z.object(bankManifest);
export type BankManifest = z.infer<typeof bankObject>;

/** The bank and quizzes of a course, for the manifest; `binary` adds an image to the archive. */
export async function exportBank(
	db: DbLike,
	courseId: string,
	lessonNumber: Map<string, number>,
	binary: (key: string) => Promise<string | null>
): Promise<z.input<typeof bankObject>> {
	const cats = await db
		.select()
		.from(questionCategories)
		.where(eq(questionCategories.courseId, courseId))
		.orderBy(asc(questionCategories.position), asc(questionCategories.name));
	// Parents before children, so an import can create them in order.
	const ordered: typeof cats = [];
	const walk = (parent: string | null) => {
		for (const c of cats.filter((x) => x.parentId === parent)) {
			ordered.push(c);
			walk(c.id);
		}
	};
	walk(null);
	const qs = await db
		.select({ id: questions.id, categoryId: questions.categoryId, data: questionVersions.data })
		.from(questions)
		.innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId))
		.where(and(eq(questions.courseId, courseId), isNull(questions.deletedAt)))
		.orderBy(asc(questions.createdAt), asc(questions.id));
	const exportedQuestions = [];
	for (const q of qs) {
		const { image, ...data } = q.data;
		const file = image?.key ? await binary(image.key) : null;
		exportedQuestions.push({
			id: q.id,
			category: q.categoryId,
			data: data as Record<string, unknown>,
			image: file ? { file, alt: image!.alt } : null
		});
	}
	const known = new Set(qs.map((q) => q.id));
	const quizRows = await db
		.select()
		.from(quizzes)
		.where(eq(quizzes.courseId, courseId))
		.orderBy(asc(quizzes.position), asc(quizzes.createdAt));
	const slots = quizRows.length
		? await db
				.select()
				.from(quizSlots)
				.where(
					inArray(
						quizSlots.quizId,
						quizRows.map((q) => q.id)
					)
				)
				.orderBy(asc(quizSlots.position))
		: [];
	return {
		questionCategories: ordered.map((c) => ({ id: c.id, parent: c.parentId, name: c.name, position: c.position })),
		questions: exportedQuestions,
		quizzes: quizRows
			.filter((q) => lessonNumber.has(q.lessonId))
			.map((q) => ({
				lesson: lessonNumber.get(q.lessonId)!,
				title: q.title,
				intro: q.intro,
				attemptsAllowed: q.attemptsAllowed,
				timeLimit: q.timeLimit,
				opensAt: q.opensAt?.toISOString() ?? null,
				closesAt: q.closesAt?.toISOString() ?? null,
				shuffleQuestions: q.shuffleQuestions,
				shuffleAnswers: q.shuffleAnswers,
				perPage: q.perPage,
				gradingMethod: q.gradingMethod,
				passMark: q.passMark,
				reviewAnswers: q.reviewAnswers,
				reviewFeedback: q.reviewFeedback,
				scoreDisplay: q.scoreDisplay,
				practice: q.practice,
				required: q.required,
				slots: slots
					.filter((s) => s.quizId === q.id && (s.kind === 'random' || known.has(s.questionId ?? '')))
					.map((s) => ({
						kind: s.kind,
						question: s.kind === 'question' ? s.questionId : null,
						category: s.kind === 'random' ? s.categoryId : null,
						count: s.count,
						mark: s.mark
					}))
			}))
	};
}

type Refuse = (
	key: 'archive.errors.question' | 'archive.errors.quizReference',
	params: Record<string, string>
) => never;

/** Checks the bank part of a manifest and gives new ids; nothing is written. */
export function prepareBank(m: BankManifest, lessonCount: number, imageKey: (file: string) => string, refuse: Refuse) {
	const catIds = new Map<string, string>();
	const siblings = new Set<string>();
	const categories = m.questionCategories.map((c) => {
		if (catIds.has(c.id)) refuse('archive.errors.question', { name: c.name });
		if (c.parent !== null && !catIds.has(c.parent)) refuse('archive.errors.question', { name: c.name });
		const sibling = `${c.parent ?? ''}/${c.name.toLowerCase()}`;
		if (siblings.has(sibling)) refuse('archive.errors.question', { name: c.name });
		siblings.add(sibling);
		const id = uuidv7();
		catIds.set(c.id, id);
		return { id, parentId: c.parent === null ? null : catIds.get(c.parent)!, name: c.name, position: c.position };
	});
	const questionIds = new Map<string, string>();
	const bank = m.questions.map((q) => {
		const name = String(q.data.name ?? '').slice(0, 120);
		const categoryId = catIds.get(q.category);
		if (!categoryId || questionIds.has(q.id)) refuse('archive.errors.question', { name });
		let data: QuestionData;
		try {
			data = validateQuestion({ ...q.data, image: null });
		} catch (err) {
			if (err instanceof FormError) refuse('archive.errors.question', { name });
			throw err;
		}
		if (q.image) {
			if (!q.image.alt.trim()) refuse('archive.errors.question', { name });
			data = { ...data, image: { key: imageKey(q.image.file), alt: q.image.alt } };
		}
		const id = uuidv7();
		questionIds.set(q.id, id);
		return { id, categoryId: categoryId!, data };
	});
	const quizList = m.quizzes.map((q) => {
		if (q.lesson > lessonCount) refuse('archive.errors.quizReference', { quiz: q.title });
		const slots = q.slots.map((s, position) => {
			const questionId = s.kind === 'question' ? questionIds.get(s.question ?? '') : null;
			const categoryId = s.kind === 'random' ? catIds.get(s.category ?? '') : null;
			if ((s.kind === 'question' && !questionId) || (s.kind === 'random' && !categoryId))
				refuse('archive.errors.quizReference', { quiz: q.title });
			return {
				id: uuidv7(),
				position,
				kind: s.kind,
				questionId: questionId ?? null,
				categoryId: categoryId ?? null,
				count: s.kind === 'random' ? s.count : 1,
				mark: s.mark
			};
		});
		return { ...q, id: uuidv7(), slots };
	});
	return { categories, bank, quizList };
}
export type PreparedBank = ReturnType<typeof prepareBank>;

/** Writes the prepared bank and quizzes in the import's transaction. */
export async function writeBank(
	tx: DbLike,
	courseId: string,
	lessonIds: string[],
	p: PreparedBank,
	actorId: string,
	insertChunks: <T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) => Promise<void>
) {
	await insertChunks(
		p.categories.map((c) => ({ ...c, courseId })),
		(chunk) => tx.insert(questionCategories).values(chunk)
	);
	const versions = p.bank.map((q) => ({
		id: uuidv7(),
		questionId: q.id,
		version: 1,
		data: q.data,
		createdBy: actorId
	}));
	await insertChunks(
		p.bank.map((q, i) => ({
			id: q.id,
			courseId,
			categoryId: q.categoryId,
			name: q.data.name,
			qtype: q.data.qtype,
			idnumber: q.data.idnumber,
			currentVersionId: versions[i]!.id,
			createdBy: actorId
		})),
		(chunk) => tx.insert(questions).values(chunk)
	);
	await insertChunks(versions, (chunk) => tx.insert(questionVersions).values(chunk));
	const positions = new Map<string, number>();
	await insertChunks(
		p.quizList.map((q) => {
			const lessonId = lessonIds[q.lesson - 1]!;
			const position = positions.get(lessonId) ?? 0;
			positions.set(lessonId, position + 1);
			return {
				id: q.id,
				courseId,
				lessonId,
				position,
				title: q.title,
				intro: q.intro,
				introHtml: q.intro ? renderMarkdown(q.intro) : '',
				attemptsAllowed: q.attemptsAllowed,
				timeLimit: q.timeLimit,
				opensAt: q.opensAt ? new Date(q.opensAt) : null,
				closesAt: q.closesAt ? new Date(q.closesAt) : null,
				shuffleQuestions: q.shuffleQuestions,
				shuffleAnswers: q.shuffleAnswers,
				perPage: q.perPage,
				gradingMethod: q.gradingMethod,
				passMark: q.passMark,
				reviewAnswers: q.reviewAnswers,
				reviewFeedback: q.reviewFeedback,
				scoreDisplay: q.scoreDisplay,
				practice: q.practice,
				required: q.practice ? false : q.required
			};
		}),
		(chunk) => tx.insert(quizzes).values(chunk)
	);
	await insertChunks(
		p.quizList.flatMap((q) => q.slots.map((s) => ({ ...s, quizId: q.id }))),
		(chunk) => tx.insert(quizSlots).values(chunk)
	);
}
