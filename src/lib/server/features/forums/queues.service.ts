/**
 * The lists tutors and readers search: questions still waiting for a tutor's answer (oldest
 * first), how many each tutor answered, and full-text search of a place's threads.
 */
import { sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { assertCan, type Place } from './forums.access.ts';

export interface UnansweredFilter {
	forumId?: string;
	/** Only questions at least this many days old. */
	minDays?: number;
}

/** Questions no tutor or editor answered and with no accepted answer, oldest first. */
export async function unansweredQueue(db: DbLike, place: Place, filter: UnansweredFilter = {}) {
	assertCan(place.tutor || place.moderate);
	const before = filter.minDays ? new Date(Date.now() - filter.minDays * 86_400_000) : undefined;
	const result = await db.execute(sql`
		select t.id, t.title, t.created_at, t.reply_count, f.id as forum_id, f.title as forum_title, u.name as author_name
		from forum_threads t
		join forums f on f.id = t.forum_id
		left join users u on u.id = t.author_id
		where f.scope_type = ${place.scopeType} and f.scope_id = ${place.scopeId}
			and t.answered_at is null and t.accepted_post_id is null and not t.hidden and not t.held
			${filter.forumId ? sql`and f.id = ${filter.forumId}` : sql``}
			${before ? sql`and t.created_at <= ${before.toISOString()}::timestamptz` : sql``}
		order by t.created_at
		limit 100`);
	return rowsOf<Record<string, unknown>>(result).map((r) => ({
		id: String(r.id),
		title: String(r.title),
		createdAt: new Date(r.created_at as string),
		replyCount: Number(r.reply_count),
		forumId: String(r.forum_id),
		forumTitle: String(r.forum_title),
		authorName: (r.author_name as string | null) ?? null
	}));
}

/** How many questions each tutor or editor of the course answered (replies to others' threads). */
export async function tutorAnswerCounts(db: DbLike, place: Place) {
	if (place.scopeType !== 'course') return [];
	const result = await db.execute(sql`
		select u.id, u.name, count(distinct p.thread_id)::int as threads, count(p.id)::int as posts
		from role_assignments ra
		join users u on u.id = ra.user_id
		left join (forum_posts p
			join forum_threads t on t.id = p.thread_id and t.author_id is distinct from p.author_id
			join forums f on f.id = t.forum_id and f.scope_type = 'course' and f.scope_id = ${place.scopeId})
			on p.author_id = ra.user_id and p.deleted_at is null and not p.held
		where ra.scope_type = 'course' and ra.scope_id = ${place.scopeId} and ra.role in ('tutor', 'editor')
		group by u.id, u.name
		order by threads desc, u.name`);
	return rowsOf<Record<string, unknown>>(result).map((r) => ({
		id: String(r.id),
		name: String(r.name),
		threads: Number(r.threads),
		posts: Number(r.posts)
	}));
}

/** Full-text search of a place's threads (titles and posts), French and English, accents ignored. */
export async function searchPlace(db: DbLike, userId: string | null, place: Place, query: string) {
	const q = query.trim().slice(0, 200);
	if (!q) return [];
	const tsq = sql`(websearch_to_tsquery('essaim_fr', ${q}) || websearch_to_tsquery('essaim_en', ${q}))`;
	const result = await db.execute(sql`
		select t.id, t.title, f.title as forum_title, t.last_post_at,
			max(greatest(ts_rank(t.search, ${tsq}) * 2, coalesce(ts_rank(p.search, ${tsq}), 0))) as rank,
			(array_agg(p.id order by p.created_at) filter (where p.id is not null))[1] as post_id,
			(array_agg(left(p.body, 200) order by p.created_at) filter (where p.id is not null))[1] as excerpt
		from forum_threads t
		join forums f on f.id = t.forum_id
		left join forum_posts p on p.thread_id = t.id and p.search @@ ${tsq}
			and not p.hidden and not p.held and p.deleted_at is null
		where f.scope_type = ${place.scopeType} and f.scope_id = ${place.scopeId}
			and not t.hidden and (not t.held or t.author_id = ${userId ?? ''})
			and (t.search @@ ${tsq} or p.id is not null)
		group by t.id, f.title
		order by rank desc, t.last_post_at desc
		limit 50`);
	return rowsOf<Record<string, unknown>>(result).map((r) => ({
		id: String(r.id),
		title: String(r.title),
		forumTitle: String(r.forum_title),
		postId: (r.post_id as string | null) ?? null,
		excerpt: (r.excerpt as string | null) ?? '',
		lastPostAt: new Date(r.last_post_at as string)
	}));
}
