/**
 * Glossary links in a lesson, per request: one small query tells whether the lesson opted out
 * and which version of the course's glossary is current (term count + latest change + course
 * slug); the matcher for that version is built once and kept in a small LRU cache, so a request
 * only pays for one pass over the lesson's HTML.
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { buildMatcher, linkTerms, plainSummary, type Matcher } from './glossary.linker.ts';
import { glossaryTerms } from './glossary.table.ts';

const MAX_CACHED = 100;
const cache = new Map<string, { version: string; matcher: Promise<Matcher> }>();

async function loadMatcher(db: DbLike, courseId: string, courseSlug: string): Promise<Matcher> {
	const rows = await db
		.select({
			slug: glossaryTerms.slug,
			term: glossaryTerms.term,
			variants: glossaryTerms.variants,
			definitionHtml: glossaryTerms.definitionHtml
		})
		.from(glossaryTerms)
		.where(eq(glossaryTerms.courseId, courseId))
		.orderBy(asc(glossaryTerms.id));
	return buildMatcher(
		courseSlug,
		rows.map((r) => ({ slug: r.slug, forms: [r.term, ...r.variants], summary: plainSummary(r.definitionHtml) }))
	);
}

/** The matcher of the course's glossary at this version, built at most once per process. */
export function matcherFor(db: DbLike, course: { id: string; slug: string }, version: string): Promise<Matcher> {
	const key = `${version}|${course.slug}`;
	const hit = cache.get(course.id);
	if (hit && hit.version === key) {
		cache.delete(course.id); // most recently used goes last
		cache.set(course.id, hit);
		return hit.matcher;
	}
	const matcher = loadMatcher(db, course.id, course.slug);
	cache.delete(course.id);
	cache.set(course.id, { version: key, matcher });
	matcher.catch(() => cache.get(course.id)?.matcher === matcher && cache.delete(course.id));
	while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
	return matcher;
}

/** The lesson's HTML with its glossary terms linked (unchanged when the lesson opted out). */
export async function linkLesson(
	db: DbLike,
	course: { id: string; slug: string },
	lessonId: string,
	html: string
): Promise<string> {
	if (!html) return html;
	const result = await db.execute(sql`
		select count(*)::int as n, coalesce(max(updated_at)::text, '') as latest,
			exists(select 1 from glossary_lesson_optouts where lesson_id = ${lessonId}) as off
		from glossary_terms where course_id = ${course.id}`);
	const row = rowsOf<{ n: number; latest: string; off: boolean }>(result)[0];
	if (!row || row.off || Number(row.n) === 0) return html;
	const matcher = await matcherFor(db, course, `${row.n}@${row.latest}`);
	return linkTerms(html, matcher);
}

/** For tests and benchmarks: forget every cached matcher. */
export function clearLinkCache() {
	cache.clear();
}
