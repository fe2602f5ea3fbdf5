/**
 * Forums of a place: list them with their unread counts, and (for those who manage the place)
 * add, rename, reorder and delete them. A place keeps at least one forum.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { FormError } from '../../http/forms.ts';
import { uuidv7 } from '../../ids.ts';
import type { Actor } from '../authz/policy.ts';
import { auditLog } from '../platform/platform.table.ts';
import { assertCan, type Place } from './forums.access.ts';
import { ensureDefaultForums } from './forums.defaults.ts';
import { FORUM_LIMITS, type ForumInput } from './forums.schemas.ts';
import { forums, type ForumRow } from './forums.table.ts';

type Ctx = Pick<App, 'db'>;

export interface ForumSummary {
	id: string;
	title: string;
	description: string;
	kind: ForumRow['kind'];
	holdFirstPosts: boolean;
	threadTemplate: string;
	threads: number;
	unread: number;
	lastPostAt: Date | null;
}

/** Records a moderation or management action in the shared audit log. */
export async function audit(
	db: DbLike,
	actor: Actor,
	action: string,
	targetType: string,
	targetId: string,
	details: Record<string, unknown> = {}
) {
	await db.insert(auditLog).values({ id: uuidv7(), actorId: actor.id, action, targetType, targetId, details });
}

/** The place's forums in order, with thread and unread counts for this reader (one query). */
export async function listForums(db: DbLike, actor: Actor | null, place: Place): Promise<ForumSummary[]> {
	await ensureDefaultForums(db, place.scopeType, place.scopeId, place.course?.language);
	const userId = actor?.id ?? '';
	const result = await db.execute(sql`
		select f.id, f.title, f.description, f.kind, f.hold_first_posts, f.thread_template,
			count(t.id)::int as threads,
			count(t.id) filter (where ${userId} <> '' and (r.last_read_at is null or t.last_post_at > r.last_read_at))::int as unread,
			max(t.last_post_at) as last_post_at
		from forums f
		left join forum_threads t on t.forum_id = f.id and not t.hidden and not t.held
		left join forum_thread_reads r on r.thread_id = t.id and r.user_id = ${userId}
		where f.scope_type = ${place.scopeType} and f.scope_id = ${place.scopeId}
		group by f.id
		order by f.position, f.created_at`);
	return rowsOf<Record<string, unknown>>(result).map((r) => ({
		id: String(r.id),
		title: String(r.title),
		description: String(r.description),
		kind: r.kind as ForumRow['kind'],
		holdFirstPosts: !!r.hold_first_posts,
		threadTemplate: String(r.thread_template),
		threads: Number(r.threads),
		unread: Number(r.unread),
		lastPostAt: r.last_post_at ? new Date(r.last_post_at as string) : null
	}));
}

export async function getForum(db: DbLike, forumId: string): Promise<ForumRow | undefined> {
	const [row] = await db.select().from(forums).where(eq(forums.id, forumId));
	return row;
}

/** A forum of this place, or a 404 FormError. */
export async function forumOfPlace(db: DbLike, place: Place, forumId: string): Promise<ForumRow> {
	const forum = await getForum(db, forumId);
	if (!forum || forum.scopeType !== place.scopeType || forum.scopeId !== place.scopeId)
		throw new FormError(404, { _form: { key: 'error.notFound' } });
	return forum;
}

/** The place's forums in order (no counts). */
export async function placeForums(db: DbLike, place: Pick<Place, 'scopeType' | 'scopeId'>) {
	return db
		.select()
		.from(forums)
		.where(and(eq(forums.scopeType, place.scopeType), eq(forums.scopeId, place.scopeId)))
		.orderBy(asc(forums.position), asc(forums.createdAt));
}

export async function saveForum(ctx: Ctx, actor: Actor, place: Place, input: ForumInput): Promise<string> {
	assertCan(place.manage);
	const values = {
		title: input.title,
		description: input.description,
		threadTemplate: input.threadTemplate,
		holdFirstPosts: input.holdFirstPosts
	};
	if (input.id) {
		await forumOfPlace(ctx.db, place, input.id);
		await ctx.db.update(forums).set(values).where(eq(forums.id, input.id));
		await audit(ctx.db, actor, 'forum.update', 'forum', input.id, { title: input.title });
		return input.id;
	}
	const existing = await placeForums(ctx.db, place);
	if (existing.length >= FORUM_LIMITS.forumsPerScope)
		throw new FormError(409, {
			_form: { key: 'forums.errors.tooManyForums', params: { max: FORUM_LIMITS.forumsPerScope } }
		});
	const id = uuidv7();
	const position = existing.reduce((m, f) => Math.max(m, f.position + 1), 0);
	await ctx.db.insert(forums).values({ id, scopeType: place.scopeType, scopeId: place.scopeId, position, ...values });
	await audit(ctx.db, actor, 'forum.create', 'forum', id, { title: input.title });
	return id;
}

export async function moveForum(ctx: Ctx, actor: Actor, place: Place, forumId: string, direction: 'up' | 'down') {
	assertCan(place.manage);
	const list = await placeForums(ctx.db, place);
	const i = list.findIndex((f) => f.id === forumId);
	if (i < 0) throw new FormError(404, { _form: { key: 'error.notFound' } });
	const j = direction === 'up' ? i - 1 : i + 1;
	if (j < 0 || j >= list.length) return;
	[list[i], list[j]] = [list[j]!, list[i]!];
	await ctx.db.transaction(async (tx) => {
		for (const [position, f] of list.entries()) await tx.update(forums).set({ position }).where(eq(forums.id, f.id));
	});
	await audit(ctx.db, actor, 'forum.reorder', 'forum', forumId, { direction });
}

/** Deletes a forum with its threads; a place keeps at least one forum. */
export async function deleteForum(ctx: Ctx, actor: Actor, place: Place, forumId: string) {
	assertCan(place.manage);
	const list = await placeForums(ctx.db, place);
	const forum = list.find((f) => f.id === forumId);
	if (!forum) throw new FormError(404, { _form: { key: 'error.notFound' } });
	if (list.length <= 1) throw new FormError(409, { _form: { key: 'forums.errors.lastForum' } });
	await ctx.db.delete(forums).where(eq(forums.id, forumId));
	await audit(ctx.db, actor, 'forum.delete', 'forum', forumId, { title: forum.title });
}
