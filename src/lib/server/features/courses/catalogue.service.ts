/**
 * The catalogue of published courses: full-text search in French and English (stemmed,
 * accent-insensitive: "hebergement" finds "Hébergement"), filters, pagination.
 */
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { courses } from './courses.table.ts';

export const PAGE_SIZE = 20;

export async function searchCatalogue(
	db: DbLike,
	input: { q: string; language: string; tag: string; mode: string; page: number }
) {
	const filters: (SQL | undefined)[] = [eq(courses.status, 'published')];
	const query = input.q
		? sql`(websearch_to_tsquery('essaim_fr', ${input.q}) || websearch_to_tsquery('essaim_en', ${input.q}))`
		: undefined;
	if (query) filters.push(sql`${courses.search} @@ ${query}`);
	if (input.language) filters.push(eq(courses.language, input.language));
	if (input.tag) filters.push(sql`${input.tag.toLowerCase()} = any(${courses.tags})`);
	if (input.mode) filters.push(sql`${courses.enrolmentMode} = ${input.mode}`);
	const where = and(...filters);
	const [rows, [count]] = await Promise.all([
		db
			.select({
				id: courses.id,
				slug: courses.slug,
				title: courses.title,
				summary: courses.summary,
				language: courses.language,
				tags: courses.tags,
				licence: courses.licence,
				enrolmentMode: courses.enrolmentMode,
				coverKey: courses.coverKey,
				coverAlt: courses.coverAlt
			})
			.from(courses)
			.where(where)
			.orderBy(...(query ? [desc(sql`ts_rank(${courses.search}, ${query})`)] : []), desc(courses.publishedAt))
			.limit(PAGE_SIZE)
			.offset((input.page - 1) * PAGE_SIZE),
		db
			.select({ n: sql<number>`count(*)::int` })
			.from(courses)
			.where(where)
	]);
	const total = Number(count?.n ?? 0);
	return { courses: rows, total, page: input.page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}
