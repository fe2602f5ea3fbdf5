/**
 * Categories of a course's question bank: a tree (parentId), names unique among siblings,
 * moves that never make a cycle, deletion only when empty or by moving the contents to the
 * parent. A bank always has at least one top-level category (created on first use).
 */
import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError } from '../../http/forms.ts';
import { uuidv7 } from '../../ids.ts';
import type { Actor } from '../authz/policy.ts';
import { assertBankEditor, isUniqueViolation } from './access.ts';
import { questionCategories, questions, type QuestionCategoryRow } from './questions.table.ts';

type Ctx = Pick<App, 'db'>;
export const DEFAULT_CATEGORY = 'Par défaut';

export interface CategoryNode extends QuestionCategoryRow {
	depth: number;
	/** Names from the top, e.g. ["Chapitre 1", "Révisions"]. */
	path: string[];
	/** Questions (not deleted) directly in this category. */
	questionCount: number;
}

/** The tree in display order (depth-first, by position then name). */
export async function listCategories(db: DbLike, courseId: string): Promise<CategoryNode[]> {
	const rows = await db
		.select()
		.from(questionCategories)
		.where(eq(questionCategories.courseId, courseId))
		.orderBy(asc(questionCategories.position), asc(questionCategories.name));
	const counts = await db
		.select({ categoryId: questions.categoryId, n: count() })
		.from(questions)
		.where(and(eq(questions.courseId, courseId), isNull(questions.deletedAt)))
		.groupBy(questions.categoryId);
	const byCat = new Map(counts.map((c) => [c.categoryId, Number(c.n)]));
	const children = new Map<string | null, QuestionCategoryRow[]>();
	for (const r of rows) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
	const out: CategoryNode[] = [];
	const walk = (parentId: string | null, depth: number, path: string[]) => {
		for (const r of children.get(parentId) ?? []) {
			const p = [...path, r.name];
			out.push({ ...r, depth, path: p, questionCount: byCat.get(r.id) ?? 0 });
			walk(r.id, depth + 1, p);
		}
	};
	walk(null, 0, []);
	return out;
}

export async function getCategory(db: DbLike, courseId: string, id: string) {
	const [row] = await db
		.select()
		.from(questionCategories)
		.where(and(eq(questionCategories.courseId, courseId), eq(questionCategories.id, id)));
	return row;
}

/** The first top-level category, created when the bank has none. */
export async function defaultCategory(db: DbLike, courseId: string): Promise<QuestionCategoryRow> {
	const [first] = await db
		.select()
		.from(questionCategories)
		.where(and(eq(questionCategories.courseId, courseId), isNull(questionCategories.parentId)))
		.orderBy(asc(questionCategories.position), asc(questionCategories.createdAt))
		.limit(1);
	if (first) return first;
	const [row] = await db
		.insert(questionCategories)
		.values({ id: uuidv7(), courseId, name: DEFAULT_CATEGORY })
		.onConflictDoNothing()
		.returning();
	return row ?? defaultCategory(db, courseId);
}

/** Finds or creates the categories of a path (["A", "B"] = B inside A), names compared case-insensitively. */
export async function ensureCategoryPath(db: DbLike, courseId: string, path: string[]): Promise<QuestionCategoryRow> {
	if (!path.length) return defaultCategory(db, courseId);
	let parentId: string | null = null;
	let row: QuestionCategoryRow | undefined;
	for (const name of path) {
		const parentCond =
			parentId === null ? isNull(questionCategories.parentId) : eq(questionCategories.parentId, parentId);
		[row] = await db
			.select()
			.from(questionCategories)
			.where(
				and(
					eq(questionCategories.courseId, courseId),
					parentCond,
					sql`lower(${questionCategories.name}) = lower(${name})`
				)
			);
		row ??= (await db.insert(questionCategories).values({ id: uuidv7(), courseId, parentId, name }).returning())[0]!;
		parentId = row.id;
	}
	return row!;
}

/** Finds a category by its path, without creating anything. */
export async function findCategoryByPath(db: DbLike, courseId: string, path: string[]) {
	const key = path.map((p) => p.toLowerCase()).join('\u0000');
	return (await listCategories(db, courseId)).find((c) => c.path.map((p) => p.toLowerCase()).join('\u0000') === key);
}

async function guarded<T>(write: () => Promise<T>): Promise<T> {
	try {
		return await write();
	} catch (err) {
		if (isUniqueViolation(err)) throw new FormError(409, { name: { key: 'questions.errors.categoryTaken' } });
		throw err;
	}
}

async function checkParent(db: DbLike, courseId: string, parentId: string | null | undefined, selfId?: string) {
	if (!parentId) return null;
	const tree = await listCategories(db, courseId);
	const parent = tree.find((c) => c.id === parentId);
	if (!parent) throw new FormError(404, { parentId: { key: 'error.notFound' } });
	if (selfId) {
		// A category may not move into itself or one of its descendants.
		const byId = new Map(tree.map((c) => [c.id, c]));
		for (let c: CategoryNode | undefined = parent; c; c = c.parentId ? byId.get(c.parentId) : undefined)
			if (c.id === selfId) throw new FormError(409, { parentId: { key: 'questions.errors.cycle' } });
	}
	return parent.id;
}

export async function createCategory(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	input: { name: string; parentId?: string | null }
) {
	assertBankEditor(actor, courseId);
	const parentId = await checkParent(ctx.db, courseId, input.parentId);
	const [row] = await guarded(() =>
		ctx.db.insert(questionCategories).values({ id: uuidv7(), courseId, parentId, name: input.name.trim() }).returning()
	);
	return row!;
}

/** Renames and/or moves a category (parentId null = top level). */
export async function updateCategory(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	id: string,
	input: { name: string; parentId?: string | null }
) {
	assertBankEditor(actor, courseId);
	const current = await getCategory(ctx.db, courseId, id);
	if (!current) throw new FormError(404, { _form: { key: 'error.notFound' } });
	const parentId = await checkParent(ctx.db, courseId, input.parentId, id);
	await guarded(() =>
		ctx.db.update(questionCategories).set({ name: input.name.trim(), parentId }).where(eq(questionCategories.id, id))
	);
}

/**
 * Deletes a category. Refused while it holds questions or subcategories, unless `moveToParent`:
 * then they move to its parent (a top-level category's contents have nowhere to go). Deleted
 * questions kept for past attempts follow the live ones, or go to another top-level category.
 */
export async function deleteCategory(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	id: string,
	opts: { moveToParent?: boolean } = {}
) {
	assertBankEditor(actor, courseId);
	const current = await getCategory(ctx.db, courseId, id);
	if (!current) throw new FormError(404, { _form: { key: 'error.notFound' } });
	await ctx.db.transaction(async (tx) => {
		const [live] = await tx
			.select({ n: count() })
			.from(questions)
			.where(and(eq(questions.categoryId, id), isNull(questions.deletedAt)));
		const kids = await tx
			.select({ id: questionCategories.id })
			.from(questionCategories)
			.where(eq(questionCategories.parentId, id));
		const empty = Number(live?.n ?? 0) === 0 && kids.length === 0;
		if (!empty && (!opts.moveToParent || !current.parentId))
			throw new FormError(409, {
				_form: { key: current.parentId ? 'questions.errors.categoryNotEmpty' : 'questions.errors.topNotEmpty' }
			});
		let target = current.parentId;
		if (!target) {
			const [other] = await tx
				.select({ id: questionCategories.id })
				.from(questionCategories)
				.where(
					and(
						eq(questionCategories.courseId, courseId),
						isNull(questionCategories.parentId),
						sql`${questionCategories.id} <> ${id}`
					)
				)
				.limit(1);
			target = other?.id ?? null;
		}
		const [kept] = await tx.select({ n: count() }).from(questions).where(eq(questions.categoryId, id));
		if (Number(kept?.n ?? 0) > 0 && !target)
			throw new FormError(409, { _form: { key: 'questions.errors.lastCategory' } });
		if (target) await tx.update(questions).set({ categoryId: target }).where(eq(questions.categoryId, id));
		if (kids.length) {
			await guarded(() =>
				tx
					.update(questionCategories)
					.set({ parentId: current.parentId })
					.where(
						inArray(
							questionCategories.id,
							kids.map((k) => k.id)
						)
					)
			);
		}
		await tx.delete(questionCategories).where(eq(questionCategories.id, id));
	});
}
