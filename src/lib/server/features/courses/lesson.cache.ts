/**
 * A lesson as a learner reads it, for the lesson page. One statement gives the lesson's title,
 * revision and the versions its reading HTML depends on (the course's glossary: term count +
 * latest change, the lesson's glossary opt-out), plus whether it has media or quizzes at all, so
 * the page skips those queries for lessons without them, and the reader's learnerState. The HTML with glossary links is built
 * once per lesson revision + glossary version + course slug and kept in a bounded cache: every
 * part of the key is read from the database on each request, so the cache is exact across
 * processes (a stale HTML is never served, only rebuilt). Clips are rendered per request
 * (media/clips.ts), since they depend on the course's media, not on the lesson's revision.
 */
import { sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { linkTerms } from '../glossary/glossary.linker.ts';
import { matcherFor } from '../glossary/glossary.links.ts';
import { learnerColumns, learnerOfRow, type LearnerRow } from './learning.service.ts';

export interface LessonToRead {
	id: string;
	title: string;
	required: boolean;
	hasMedia: boolean;
	hasQuizzes: boolean;
	/** What the reading HTML depends on (see lessonHtml). */
	version: string;
	revision: number;
	updated: string;
	glossary: string | null;
	/** The reader's learnerState (learning.service.ts); nothing for an anonymous reader. */
	learner: ReturnType<typeof learnerOfRow>;
}

export async function lessonToRead(
	db: DbLike,
	courseId: string,
	lessonId: string,
	userId?: string
): Promise<LessonToRead | undefined> {
	const row = rowsOf<
		LearnerRow & {
			id: string;
			title: string;
			required: boolean;
			revision: number;
			updated: string;
			n: number;
			latest: string;
			off: boolean;
			has_media: boolean;
			has_quizzes: boolean;
		}
	>(
		await db.execute(sql`
		select l.id, l.title, l.required, l.revision, l.updated_at::text as updated, g.n, g.latest,
			${learnerColumns(userId ?? '', courseId)},
			exists(select 1 from glossary_lesson_optouts o where o.lesson_id = l.id) as off,
			exists(select 1 from lesson_media m where m.lesson_id = l.id) as has_media,
			exists(select 1 from quizzes q where q.lesson_id = l.id) as has_quizzes
		from lessons l,
			(select count(*)::int as n, coalesce(max(updated_at)::text, '') as latest
				from glossary_terms where course_id = ${courseId}) g
		where l.id = ${lessonId} and l.course_id = ${courseId}`)
	)[0];
	if (!row) return undefined;
	// Same version string as glossary.links.ts linkLesson; null: no links (opted out, or no terms).
	const glossary = row.off || Number(row.n) === 0 ? null : `${Number(row.n)}@${row.latest}`;
	const revision = Number(row.revision);
	return {
		id: row.id,
		title: row.title,
		required: !!row.required,
		hasMedia: !!row.has_media,
		hasQuizzes: !!row.has_quizzes,
		version: `${revision}|${row.updated}|${glossary ?? '-'}`,
		revision,
		updated: row.updated,
		glossary,
		learner: learnerOfRow(row)
	};
}

const MAX_LESSONS = 300;
const cache = new Map<string, { key: string; html: Promise<string> }>();

async function buildHtml(db: DbLike, course: { id: string; slug: string }, lesson: LessonToRead) {
	const row = rowsOf<{ html: string; revision: number; updated: string }>(
		await db.execute(sql`
		select body_html as html, revision, updated_at::text as updated from lessons
		where id = ${lesson.id} and course_id = ${course.id}`)
	)[0];
	// Changed since the first read: serve what is there now, cache nothing.
	if (!row || Number(row.revision) !== lesson.revision || row.updated !== lesson.updated)
		return { html: row?.html ?? '', exact: false };
	if (!row.html || !lesson.glossary) return { html: row.html, exact: true };
	return { html: linkTerms(row.html, await matcherFor(db, course, lesson.glossary)), exact: true };
}

/** The lesson's sanitised HTML with the course's glossary terms linked, built once per version. */
export function lessonHtml(db: DbLike, course: { id: string; slug: string }, lesson: LessonToRead): Promise<string> {
	const key = `${course.slug}|${lesson.version}`;
	const hit = cache.get(lesson.id);
	if (hit && hit.key === key) {
		cache.delete(lesson.id); // most recently used goes last
		cache.set(lesson.id, hit);
		return hit.html;
	}
	const built = buildHtml(db, course, lesson);
	const html = built.then((b) => b.html);
	const entry = { key, html };
	cache.delete(lesson.id);
	cache.set(lesson.id, entry);
	built.then(
		(b) => !b.exact && cache.get(lesson.id) === entry && cache.delete(lesson.id),
		() => cache.get(lesson.id) === entry && cache.delete(lesson.id)
	);
	while (cache.size > MAX_LESSONS) cache.delete(cache.keys().next().value!);
	return html;
}

/** For tests and benchmarks: forget every cached lesson. */
export function clearLessonCache() {
	cache.clear();
}
