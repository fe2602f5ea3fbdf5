/**
 * The plan of a course: modules → sequences → lessons, each ordered by `position`. Adding,
 * renaming, reordering (up/down, the keyboard-friendly way; or to any position, for drag and
 * drop) and moving a lesson to another sequence. Every change checks that the item belongs to
 * the course being edited.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError } from '../../http/forms.ts';
import { uuidv7 } from '../../ids.ts';
import { rowsOf } from '../../db/rows.ts';
import { courseModules, courseSequences, lessons } from './courses.table.ts';
import { renderMarkdown } from './markdown.ts';
import { recordRevision, type RevisionMeta } from '../wiki/revisions.record.ts';

type Ctx = Pick<App, 'db'>;
export type Level = 'module' | 'sequence' | 'lesson';

/**
 * Marks the course's plan as changed: `updated_at` moves strictly forward (even twice in one
 * millisecond), which is the version plan.cache.ts compares.
 */
export async function touchCourse(db: DbLike, courseId: string) {
	await db.execute(
		sql`update courses set updated_at = greatest(now(), updated_at + interval '1 millisecond') where id = ${courseId}`
	);
}

const TABLES = {
	module: { name: 'course_modules', parent: 'course_id' },
	sequence: { name: 'course_sequences', parent: 'module_id' },
	lesson: { name: 'lessons', parent: 'sequence_id' }
} as const;

export interface PlanLesson {
	id: string;
	title: string;
	required: boolean;
	position: number;
}
export interface PlanSequence {
	id: string;
	title: string;
	lessons: PlanLesson[];
}
export interface PlanModule {
	id: string;
	title: string;
	sequences: PlanSequence[];
}

/** The whole plan in three queries, ordered. */
export async function loadPlan(db: DbLike, courseId: string): Promise<PlanModule[]> {
	const [mods, seqs, less] = await Promise.all([
		db.select().from(courseModules).where(eq(courseModules.courseId, courseId)).orderBy(asc(courseModules.position)),
		db
			.select()
			.from(courseSequences)
			.where(eq(courseSequences.courseId, courseId))
			.orderBy(asc(courseSequences.position)),
		db
			.select({
				id: lessons.id,
				title: lessons.title,
				required: lessons.required,
				position: lessons.position,
				sequenceId: lessons.sequenceId
			})
			.from(lessons)
			.where(eq(lessons.courseId, courseId))
			.orderBy(asc(lessons.position))
	]);
	return mods.map((m) => ({
		id: m.id,
		title: m.title,
		sequences: seqs
			.filter((s) => s.moduleId === m.id)
			.map((s) => ({ id: s.id, title: s.title, lessons: less.filter((l) => l.sequenceId === s.id) }))
	}));
}

/** Lessons in reading order (for previous/next and progress). */
export function flatten(plan: PlanModule[]): PlanLesson[] {
	return plan.flatMap((m) => m.sequences.flatMap((s) => s.lessons));
}

async function nextPosition(db: DbLike, level: Level, parentId: string) {
	const t = TABLES[level];
	const result = await db.execute(
		sql`select coalesce(max(position), 0) + 1 as p from ${sql.identifier(t.name)} where ${sql.identifier(t.parent)} = ${parentId}`
	);
	return Number(rowsOf<{ p: number }>(result)[0]!.p);
}

async function ownedParent(db: DbLike, level: Level, courseId: string, parentId: string) {
	if (level === 'module') return parentId === courseId;
	const table = level === 'sequence' ? courseModules : courseSequences;
	const [row] = await db
		.select({ id: table.id })
		.from(table)
		.where(and(eq(table.id, parentId), eq(table.courseId, courseId)));
	return !!row;
}

export async function addItem(
	ctx: Ctx,
	courseId: string,
	level: Level,
	parentId: string,
	title: string,
	authorId: string | null = null
) {
	if (!(await ownedParent(ctx.db, level, courseId, parentId)))
		throw new FormError(404, { _form: { key: 'error.notFound' } });
	const id = uuidv7();
	const position = await nextPosition(ctx.db, level, parentId);
	if (level === 'module') await ctx.db.insert(courseModules).values({ id, courseId, position, title });
	else if (level === 'sequence')
		await ctx.db.insert(courseSequences).values({ id, courseId, moduleId: parentId, position, title });
	else
		await ctx.db.transaction(async (tx) => {
			await tx.insert(lessons).values({ id, courseId, sequenceId: parentId, position, title });
			// wiki: revision 1, the lesson as created, so its history is never empty
			await recordRevision(tx, {
				courseId,
				targetType: 'lesson',
				targetId: id,
				number: 1,
				title,
				body: '',
				authorId,
				kind: 'import'
			});
		});
	await touchCourse(ctx.db, courseId);
	return id;
}

async function findItem(db: DbLike, courseId: string, level: Level, id: string) {
	const t = TABLES[level];
	const result = await db.execute(
		sql`select id, position, ${sql.identifier(t.parent)} as parent from ${sql.identifier(t.name)} where id = ${id} and course_id = ${courseId}`
	);
	const row = rowsOf<{ id: string; position: number; parent: string }>(result)[0];
	if (!row) throw new FormError(404, { _form: { key: 'error.notFound' } });
	return row;
}

export async function renameItem(ctx: Ctx, courseId: string, level: Level, id: string, title: string) {
	await findItem(ctx.db, courseId, level, id);
	await ctx.db.execute(sql`update ${sql.identifier(TABLES[level].name)} set title = ${title} where id = ${id}`);
	await touchCourse(ctx.db, courseId);
}

export async function deleteItem(ctx: Ctx, courseId: string, level: Level, id: string) {
	await findItem(ctx.db, courseId, level, id);
	await ctx.db.execute(sql`delete from ${sql.identifier(TABLES[level].name)} where id = ${id}`);
	await touchCourse(ctx.db, courseId);
}

/** Swaps an item with its neighbour above or below; at either end, nothing moves. */
export async function moveItem(ctx: Ctx, courseId: string, level: Level, id: string, direction: 'up' | 'down') {
	const t = TABLES[level];
	await ctx.db.transaction(async (tx) => {
		const item = await findItem(tx, courseId, level, id);
		const cmp = direction === 'up' ? sql`<` : sql`>`;
		const order = direction === 'up' ? sql`desc` : sql`asc`;
		const result = await tx.execute(
			sql`select id, position from ${sql.identifier(t.name)} where ${sql.identifier(t.parent)} = ${item.parent} and position ${cmp} ${item.position} order by position ${order} limit 1`
		);
		const other = rowsOf<{ id: string; position: number }>(result)[0];
		if (!other) return;
		await tx.execute(sql`update ${sql.identifier(t.name)} set position = ${other.position} where id = ${item.id}`);
		await tx.execute(sql`update ${sql.identifier(t.name)} set position = ${item.position} where id = ${other.id}`);
		await touchCourse(tx, courseId);
	});
}

/** Moves a lesson to the end of another sequence of the same course. */
export async function moveLesson(ctx: Ctx, courseId: string, lessonId: string, sequenceId: string) {
	await findItem(ctx.db, courseId, 'lesson', lessonId);
	if (!(await ownedParent(ctx.db, 'lesson', courseId, sequenceId)))
		throw new FormError(400, { sequenceId: { key: 'courses.errors.badTarget' } });
	const position = await nextPosition(ctx.db, 'lesson', sequenceId);
	await ctx.db.update(lessons).set({ sequenceId, position }).where(eq(lessons.id, lessonId));
	await touchCourse(ctx.db, courseId);
}

/**
 * Drag and drop: puts an item at `position` (1 = first) among the children of `parentId` — its
 * own parent or another one of the same level in the same course (a lesson into another
 * sequence, a sequence into another module; a module's parent is the course). Positions are
 * renumbered 1…n in the parents involved; a position past the end means "last".
 * Returns the position the item ends at.
 */
export async function reorderItem(
	ctx: Ctx,
	courseId: string,
	level: Level,
	id: string,
	parentId: string,
	position: number
): Promise<number> {
	const t = TABLES[level];
	if (parentId === id) throw new FormError(400, { parentId: { key: 'courses.dnd.errors.circular' } });
	if (!Number.isInteger(position) || position < 1) throw new FormError(400, { position: { key: 'errors.invalid' } });
	return ctx.db.transaction(async (tx) => {
		const item = await findItem(tx, courseId, level, id);
		if (!(await ownedParent(tx, level, courseId, parentId)))
			throw new FormError(400, { parentId: { key: 'courses.dnd.errors.badParent' } });
		const siblings = rowsOf<{ id: string }>(
			await tx.execute(
				sql`select id from ${sql.identifier(t.name)} where ${sql.identifier(t.parent)} = ${parentId} and id <> ${id} order by position, id`
			)
		).map((r) => r.id);
		const index = Math.min(position, siblings.length + 1) - 1;
		siblings.splice(index, 0, id);
		if (item.parent !== parentId)
			await tx.execute(
				sql`update ${sql.identifier(t.name)} set ${sql.identifier(t.parent)} = ${parentId} where id = ${id}`
			);
		await renumber(tx, level, siblings);
		if (item.parent !== parentId) {
			const left = rowsOf<{ id: string }>(
				await tx.execute(
					sql`select id from ${sql.identifier(t.name)} where ${sql.identifier(t.parent)} = ${item.parent} order by position, id`
				)
			).map((r) => r.id);
			await renumber(tx, level, left);
		}
		await touchCourse(tx, courseId);
		return index + 1;
	});
}

/** Sets positions 1…n in the given order, in one statement. */
async function renumber(db: DbLike, level: Level, ids: string[]) {
	if (!ids.length) return;
	const values = sql.join(
		ids.map((x, i) => sql`(${x}::text, ${i + 1}::int)`),
		sql`, `
	);
	await db.execute(
		sql`update ${sql.identifier(TABLES[level].name)} as t set position = v.position from (values ${values}) as v(id, position) where t.id = v.id`
	);
}

export async function getLesson(db: DbLike, courseId: string, lessonId: string) {
	const [lesson] = await db
		.select()
		.from(lessons)
		.where(and(eq(lessons.id, lessonId), eq(lessons.courseId, courseId)));
	return lesson;
}

/**
 * Saves a lesson: Markdown as written, sanitised HTML rendered once for this revision, and the
 * revision kept in the lesson's history (features/wiki). Returns the new revision.
 */
export async function saveLesson(
	ctx: Ctx,
	courseId: string,
	lessonId: string,
	input: { title: string; body: string; required: boolean },
	authorId: string,
	meta: RevisionMeta = {}
) {
	await findItem(ctx.db, courseId, 'lesson', lessonId);
	const [saved] = await ctx.db
		.update(lessons)
		.set({
			...input,
			bodyHtml: renderMarkdown(input.body),
			revision: sql`${lessons.revision} + 1`,
			updatedBy: authorId,
			updatedAt: new Date()
		})
		.where(eq(lessons.id, lessonId))
		.returning({ revision: lessons.revision });
	// wiki: the history of the lesson
	const revision = await recordRevision(ctx.db, {
		...meta,
		courseId,
		targetType: 'lesson',
		targetId: lessonId,
		number: saved!.revision,
		title: input.title,
		body: input.body,
		authorId
	});
	// Title and "required" show in the plan.
	await touchCourse(ctx.db, courseId);
	return revision;
}
