/**
 * Saving a lesson as a wiki: the editor's form carries the revision it started from; when the
 * lesson moved on meanwhile, the two edits are merged three-way (merge.ts) — changes to
 * different paragraphs are kept both, changes to the same paragraph come back to the author as
 * a conflict with their whole text. Plus history, revert, recent changes and attribution.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { FormError } from '../../http/forms.ts';
import type { Actor } from '../authz/policy.ts';
import { users } from '../accounts/accounts.table.ts';
import { lessons } from '../courses/courses.table.ts';
import { saveLesson } from '../courses/plan.service.ts';
import { hasConflictMarkers, merge3 } from './merge.ts';
import type { RevisionMeta } from './revisions.record.ts';
import { wikiAccess } from './settings.service.ts';
import { contentRevisions, type RevisionKind, type RevisionTarget } from './wiki.table.ts';

type Ctx = Pick<App, 'db' | 'events'>;

export interface LessonEdit {
	title: string;
	body: string;
	required: boolean;
	summary: string;
	/** The revision the author's form was loaded from. */
	baseRevision: number;
}

export type SaveOutcome =
	| { outcome: 'saved' | 'unchanged'; number: number }
	| { outcome: 'merged'; number: number; mergedWith: { number: number; author: string } }
	| { outcome: 'conflict'; current: number; author: string; text: string; conflicts: number; mine: string };

export async function revisionAt(db: DbLike, target: RevisionTarget, targetId: string, number: number) {
	const [row] = await db
		.select()
		.from(contentRevisions)
		.where(
			and(
				eq(contentRevisions.targetType, target),
				eq(contentRevisions.targetId, targetId),
				eq(contentRevisions.number, number)
			)
		);
	return row;
}

async function authorName(db: DbLike, userId: string | null) {
	if (!userId) return '';
	const [u] = await db.select({ name: users.name }).from(users).where(eq(users.id, userId));
	return u?.name ?? '';
}

/**
 * Writes `input` over the lesson unless it moved on since `baseRevision`; then merges. Runs with
 * the lesson row locked, so two saves never both think they are first.
 */
export async function writeLesson(
	db: DbLike,
	courseId: string,
	lessonId: string,
	input: LessonEdit,
	authorId: string,
	kind: RevisionKind = 'edit'
): Promise<SaveOutcome & { revisionId?: string }> {
	if (hasConflictMarkers(input.body)) throw new FormError(400, { body: { key: 'wiki.errors.markers' } });
	// Browsers send CRLF line ends: one convention in storage, so revisions diff cleanly.
	input = { ...input, body: input.body.replace(/\r\n?/g, '\n') };
	return db.transaction(async (tx) => {
		const [row] = await tx
			.select()
			.from(lessons)
			.where(and(eq(lessons.id, lessonId), eq(lessons.courseId, courseId)))
			.for('update');
		if (!row) throw new FormError(404, { _form: { key: 'error.notFound' } });
		if (input.baseRevision > row.revision || input.baseRevision < 1)
			throw new FormError(400, { _form: { key: 'wiki.errors.badRevision' } });
		let { title, body } = input;
		let mergedWith: { number: number; author: string } | undefined;
		if (input.baseRevision !== row.revision) {
			const base = await revisionAt(tx, 'lesson', lessonId, input.baseRevision);
			const author = await authorName(tx, row.updatedBy);
			const merged = merge3(base?.body ?? '', row.body, input.body, {
				mine: 'mine',
				theirs: `${row.revision}${author ? ` (${author})` : ''}`
			});
			if (!merged.clean) {
				const conflicts = merged.chunks.filter((c) => c.type === 'conflict').length;
				return {
					outcome: 'conflict',
					current: row.revision,
					author,
					text: merged.text,
					conflicts,
					mine: input.body
				} as const;
			}
			body = merged.text;
			// A title the author did not touch follows the other edit.
			if (base && input.title === base.title) title = row.title;
			mergedWith = { number: row.revision, author };
		}
		if (title === row.title && body === row.body && input.required === row.required)
			return { outcome: 'unchanged', number: row.revision } as const;
		const meta: RevisionMeta = { summary: input.summary, kind, baseNumber: input.baseRevision };
		const rev = await saveLesson(
			{ db: tx },
			courseId,
			lessonId,
			{ title, body, required: input.required },
			authorId,
			meta
		);
		return mergedWith
			? ({ outcome: 'merged', number: rev.number, mergedWith, revisionId: rev.id } as const)
			: ({ outcome: 'saved', number: rev.number, revisionId: rev.id } as const);
	});
}

/** An edit by someone allowed to edit directly (403 otherwise). */
export async function editLesson(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	lessonId: string,
	input: LessonEdit
): Promise<SaveOutcome> {
	const access = await wikiAccess(ctx.db, actor, courseId);
	if (!actor || !access.canEdit) throw new FormError(403, { _form: { key: 'error.forbidden' } });
	const result = await writeLesson(ctx.db, courseId, lessonId, input, actor.id);
	await announce(ctx, courseId, lessonId, actor.id, result.revisionId);
	return result;
}

export async function announce(ctx: Ctx, courseId: string, lessonId: string, authorId: string, revisionId?: string) {
	if (revisionId)
		await ctx.events.emit('RevisionSaved', { revisionId, courseId, target: 'lesson', targetId: lessonId, authorId });
}

/** Puts a lesson back as it was at revision `number`: a new revision of kind 'revert'. */
export async function revertLesson(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	lessonId: string,
	number: number,
	summary: string
) {
	const access = await wikiAccess(ctx.db, actor, courseId);
	if (!actor || !access.canEdit) throw new FormError(403, { _form: { key: 'error.forbidden' } });
	const target = await revisionAt(ctx.db, 'lesson', lessonId, number);
	const [lesson] = await ctx.db
		.select({ revision: lessons.revision, required: lessons.required, courseId: lessons.courseId })
		.from(lessons)
		.where(eq(lessons.id, lessonId));
	if (!target || !lesson || lesson.courseId !== courseId || target.courseId !== courseId)
		throw new FormError(404, { _form: { key: 'error.notFound' } });
	if (number === lesson.revision) throw new FormError(400, { _form: { key: 'wiki.errors.revertCurrent' } });
	const result = await writeLesson(
		ctx.db,
		courseId,
		lessonId,
		{ title: target.title, body: target.body, required: lesson.required, summary, baseRevision: lesson.revision },
		actor.id,
		'revert'
	);
	if (result.outcome === 'conflict') throw new FormError(409, { _form: { key: 'wiki.errors.moved' } });
	await announce(ctx, courseId, lessonId, actor.id, result.revisionId);
	return result;
}

export interface RevisionListItem {
	id: string;
	number: number;
	kind: RevisionKind;
	summary: string;
	createdAt: Date;
	authorName: string | null;
	authorHandle: string | null;
	size: number;
	delta: number;
}

function revisionItem(r: Record<string, unknown>): RevisionListItem {
	return {
		id: String(r.id),
		number: Number(r.number),
		kind: r.kind as RevisionKind,
		summary: String(r.summary ?? ''),
		createdAt: new Date(r.created_at as string),
		authorName: (r.author_name as string | null) ?? null,
		authorHandle: (r.author_handle as string | null) ?? null,
		size: Number(r.size),
		delta: Number(r.delta)
	};
}

/**
 * One page of a target's revisions, newest first, with their size and the change in size,
 * and the number to ask for the next (older) page. Reads one row more than it shows, for the
 * size change of the page's oldest revision, so long histories cost no more than a page.
 */
export async function revisionsPage(
	db: DbLike,
	target: RevisionTarget,
	targetId: string,
	opts: { before?: number; limit?: number } = {}
) {
	const limit = opts.limit ?? HISTORY_PAGE;
	const rows = rowsOf<Record<string, unknown>>(
		await db.execute(sql`
			select r.id, r.number, r.kind, r.summary, r.created_at, u.name as author_name, u.handle as author_handle,
				char_length(r.body) as size
			from content_revisions r left join users u on u.id = r.author_id
			where r.target_type = ${target} and r.target_id = ${targetId}
				${opts.before ? sql`and r.number < ${opts.before}` : sql``}
			order by r.number desc limit ${limit + 1}`)
	);
	const revisions = rows
		.slice(0, limit)
		.map((r, i) => revisionItem({ ...r, delta: Number(r.size) - Number(rows[i + 1]?.size ?? 0) }));
	return { revisions, olderThan: rows.length > limit ? revisions.at(-1)!.number : null };
}

/** How many revisions a history page shows. */
export const HISTORY_PAGE = 50;

/** A target's revisions, newest first (at most `limit`), with their size and the change in size. */
export async function listRevisions(db: DbLike, target: RevisionTarget, targetId: string, limit = 500) {
	return (await revisionsPage(db, target, targetId, { limit })).revisions;
}

/** The course's latest revisions of lessons and glossary terms, newest first. */
export async function recentChanges(db: DbLike, courseId: string, limit = 100) {
	const rows = rowsOf<Record<string, unknown>>(
		await db.execute(sql`
			select r.id, r.number, r.kind, r.summary, r.created_at, r.target_type, r.target_id, r.title,
				u.name as author_name, u.handle as author_handle, char_length(r.body) as size,
				char_length(r.body) - coalesce((select char_length(p.body) from content_revisions p
					where p.target_type = r.target_type and p.target_id = r.target_id and p.number < r.number
					order by p.number desc limit 1), 0) as delta,
				exists (select 1 from lessons l where l.id = r.target_id) or exists (select 1 from glossary_terms g where g.id = r.target_id) as live
			from content_revisions r left join users u on u.id = r.author_id
			where r.course_id = ${courseId}
			order by r.created_at desc, r.id desc limit ${limit}`)
	);
	return rows.map((r) => ({
		...revisionItem(r),
		target: r.target_type as RevisionTarget,
		targetId: String(r.target_id),
		title: String(r.title),
		live: Boolean(r.live)
	}));
}

export async function getRevisionById(db: DbLike, courseId: string, id: string) {
	const [row] = await db
		.select()
		.from(contentRevisions)
		.where(and(eq(contentRevisions.id, id), eq(contentRevisions.courseId, courseId)));
	if (!row) return undefined;
	const [previous] = await db
		.select()
		.from(contentRevisions)
		.where(
			and(
				eq(contentRevisions.targetType, row.targetType),
				eq(contentRevisions.targetId, row.targetId),
				sql`${contentRevisions.number} < ${row.number}`
			)
		)
		.orderBy(desc(contentRevisions.number))
		.limit(1);
	return { revision: row, previous, author: await authorName(db, row.authorId) };
}

/**
 * Everyone who wrote the course's lessons and glossary (CC BY-SA asks to credit them), with
 * their number of revisions; revisions whose author is unknown or gone are counted apart.
 */
export async function attribution(db: DbLike, courseId: string) {
	const rows = rowsOf<{ name: string | null; handle: string | null; lessons: number; terms: number; last: string }>(
		await db.execute(sql`
			select u.name, u.handle,
				count(*) filter (where r.target_type = 'lesson')::int as lessons,
				count(*) filter (where r.target_type = 'glossaryTerm')::int as terms,
				max(r.created_at) as last
			from content_revisions r left join users u on u.id = r.author_id
			where r.course_id = ${courseId}
			group by u.id, u.name, u.handle
			order by count(*) desc, u.name`)
	);
	const people = rows
		.filter((r) => r.handle)
		.map((r) => ({ name: r.name!, handle: r.handle!, lessons: Number(r.lessons), terms: Number(r.terms) }));
	const unknown = rows.find((r) => !r.handle);
	return { people, unknown: unknown ? Number(unknown.lessons) + Number(unknown.terms) : 0 };
}
