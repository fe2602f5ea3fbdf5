/**
 * Questions of a course's bank. A question is never changed in place: an edit adds a version
 * (only when something changed) and moves `current_version_id`; attempts keep the version id
 * they were taken with. Deleting only hides the question (`deleted_at`).
 */
import { and, asc, desc, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError } from '../../http/forms.ts';
import { uuidv7 } from '../../ids.ts';
import type { Actor } from '../authz/policy.ts';
import { users } from '../accounts/accounts.table.ts';
import { assertBankEditor, isUniqueViolation } from './access.ts';
import { getCategory } from './categories.service.ts';
import type { QuestionData } from './question.types.ts';
import { validateQuestion } from './questions.schemas.ts';
import { questions, questionVersions, type QuestionRow } from './questions.table.ts';

type Ctx = Pick<App, 'db'>;

export interface BankQuestion extends QuestionRow {
	version: number;
	data: QuestionData;
}

/** JSON with sorted keys (jsonb reorders them) and no undefined fields. */
function canonical(value: unknown): string {
	return JSON.stringify(value, (_k, v: unknown) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
			: v
	);
}
export const sameData = (a: QuestionData, b: QuestionData) => canonical(a) === canonical(b);

async function requireCategory(db: DbLike, courseId: string, categoryId: string) {
	const category = await getCategory(db, courseId, categoryId);
	if (!category) throw new FormError(404, { categoryId: { key: 'error.notFound' } });
	return category;
}

/** Inserts a question and its first version (no checks: callers validated). */
export async function insertQuestion(
	db: DbLike,
	courseId: string,
	categoryId: string,
	data: QuestionData,
	actorId: string | null
) {
	const id = uuidv7();
	const versionId = uuidv7();
	await db.insert(questions).values({
		id,
		courseId,
		categoryId,
		name: data.name,
		qtype: data.qtype,
		idnumber: data.idnumber,
		createdBy: actorId
	});
	await db.insert(questionVersions).values({ id: versionId, questionId: id, version: 1, data, createdBy: actorId });
	await db.update(questions).set({ currentVersionId: versionId }).where(eq(questions.id, id));
	return { id, versionId };
}

/** Adds a version when the data differ from the current one; returns whether it did. */
export async function addVersion(db: DbLike, question: BankQuestion, data: QuestionData, actorId: string | null) {
	if (sameData(question.data, data)) return { versionId: question.currentVersionId!, changed: false };
	const versionId = uuidv7();
	await db.insert(questionVersions).values({
		id: versionId,
		questionId: question.id,
		version: question.version + 1,
		data,
		createdBy: actorId
	});
	await db
		.update(questions)
		.set({
			currentVersionId: versionId,
			name: data.name,
			qtype: data.qtype,
			idnumber: data.idnumber,
			updatedAt: new Date()
		})
		.where(eq(questions.id, question.id));
	return { versionId, changed: true };
}

function selectQuestions(db: DbLike) {
	return db
		.select({ q: questions, version: questionVersions.version, data: questionVersions.data })
		.from(questions)
		.innerJoin(questionVersions, eq(questionVersions.id, questions.currentVersionId));
}
const flatten = (r: { q: QuestionRow; version: number; data: QuestionData }): BankQuestion => ({
	...r.q,
	version: r.version,
	data: r.data
});

/** One question of the course with its current version (deleted ones too, for attempts). */
export async function getQuestion(db: DbLike, courseId: string, id: string): Promise<BankQuestion | undefined> {
	const [row] = await selectQuestions(db).where(and(eq(questions.courseId, courseId), eq(questions.id, id)));
	return row && flatten(row);
}

/** A version by id, as attempts refer to it. */
export async function getQuestionVersion(db: DbLike, versionId: string) {
	const [row] = await db.select().from(questionVersions).where(eq(questionVersions.id, versionId));
	return row;
}

export interface ListFilter {
	categoryIds?: string[];
	search?: string;
	limit?: number;
}

/** Live questions, by category and name; `search` looks in the name and the question text. */
export async function listQuestions(db: DbLike, courseId: string, filter: ListFilter = {}): Promise<BankQuestion[]> {
	const conds = [eq(questions.courseId, courseId), isNull(questions.deletedAt)];
	if (filter.categoryIds)
		conds.push(inArray(questions.categoryId, filter.categoryIds.length ? filter.categoryIds : ['']));
	const term = filter.search?.trim();
	if (term) {
		const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
		conds.push(or(ilike(questions.name, like), sql`${questionVersions.data}->>'questiontext' ilike ${like}`)!);
	}
	const rows = await selectQuestions(db)
		.where(and(...conds))
		.orderBy(asc(sql`lower(${questions.name})`), asc(questions.id))
		.limit(filter.limit ?? 500);
	return rows.map(flatten);
}

/** Every version of a question, newest first, with who made it. */
export async function questionHistory(db: DbLike, courseId: string, id: string) {
	return db
		.select({
			id: questionVersions.id,
			version: questionVersions.version,
			name: sql<string>`${questionVersions.data}->>'name'`,
			createdAt: questionVersions.createdAt,
			author: users.name,
			authorHandle: users.handle
		})
		.from(questionVersions)
		.innerJoin(questions, eq(questions.id, questionVersions.questionId))
		.leftJoin(users, eq(users.id, questionVersions.createdBy))
		.where(and(eq(questions.courseId, courseId), eq(questions.id, id)))
		.orderBy(desc(questionVersions.version));
}

async function liveQuestion(db: DbLike, courseId: string, id: string) {
	const q = await getQuestion(db, courseId, id);
	if (!q || q.deletedAt) throw new FormError(404, { _form: { key: 'error.notFound' } });
	return q;
}

export async function createQuestion(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	input: { categoryId: string; data: unknown }
) {
	assertBankEditor(actor, courseId);
	const data = validateQuestion(input.data);
	await requireCategory(ctx.db, courseId, input.categoryId);
	return ctx.db.transaction((tx) => insertQuestion(tx, courseId, input.categoryId, data, actor!.id));
}

/** Saves an edit as a new version (none when nothing changed); may also move the question. */
export async function updateQuestion(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	id: string,
	input: { data: unknown; categoryId?: string }
) {
	assertBankEditor(actor, courseId);
	const data = validateQuestion(input.data);
	if (input.categoryId) await requireCategory(ctx.db, courseId, input.categoryId);
	return versionRace(() =>
		ctx.db.transaction(async (tx) => {
			const q = await liveQuestion(tx, courseId, id);
			if (data.qtype !== q.qtype) throw new FormError(400, { qtype: { key: 'questions.errors.qtypeChange' } });
			const result = await addVersion(tx, q, data, actor!.id);
			if (input.categoryId && input.categoryId !== q.categoryId)
				await tx.update(questions).set({ categoryId: input.categoryId }).where(eq(questions.id, id));
			return result;
		})
	);
}

/** Two saves of the same question at once: the second gets a 409 instead of a duplicate version number. */
export async function versionRace<T>(write: () => Promise<T>): Promise<T> {
	try {
		return await write();
	} catch (err) {
		if (isUniqueViolation(err)) throw new FormError(409, { _form: { key: 'questions.errors.conflict' } });
		throw err;
	}
}

/** A copy in the same category, named "… (copie)", starting at version 1. */
export async function duplicateQuestion(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	id: string,
	suffix = ' (copie)'
) {
	assertBankEditor(actor, courseId);
	const q = await liveQuestion(ctx.db, courseId, id);
	const name = (q.data.name + suffix).slice(0, 255);
	const data: QuestionData = { ...q.data, name, idnumber: '' };
	return ctx.db.transaction((tx) => insertQuestion(tx, courseId, q.categoryId, data, actor!.id));
}

export async function moveQuestions(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	ids: string[],
	categoryId: string
) {
	assertBankEditor(actor, courseId);
	await requireCategory(ctx.db, courseId, categoryId);
	if (!ids.length) throw new FormError(400, { ids: { key: 'questions.errors.noneSelected' } });
	const moved = await ctx.db
		.update(questions)
		.set({ categoryId, updatedAt: new Date() })
		.where(and(eq(questions.courseId, courseId), inArray(questions.id, ids), isNull(questions.deletedAt)))
		.returning({ id: questions.id });
	return moved.length;
}

/** Hides the question from the bank; its versions stay for the attempts that used them. */
export async function deleteQuestion(ctx: Ctx, actor: Actor | null, courseId: string, id: string) {
	assertBankEditor(actor, courseId);
	await liveQuestion(ctx.db, courseId, id);
	await ctx.db.update(questions).set({ deletedAt: new Date() }).where(eq(questions.id, id));
}
