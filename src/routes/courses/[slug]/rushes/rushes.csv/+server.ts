import type { RequestHandler } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { editableCourse } from '#lib/server/features/courses/access.ts';
import { searchAnnotations } from '#lib/server/features/media/annotations.service.ts';
import { annotationsCsv } from '#lib/server/features/media/annotations.csv.ts';

/** The rushes log as CSV, with the same filters as the page (editors only). */
export const GET: RequestHandler = async (event) => {
	const { actor } = requireUser(event);
	const { db } = event.locals.app;
	const course = await editableCourse(db, actor, event.params.slug);
	const q = event.url.searchParams;
	const { rows } = await searchAnnotations(db, course.id, {
		tag: (q.get('tag') ?? '').slice(0, 40),
		speaker: (q.get('speaker') ?? '').slice(0, 40),
		q: (q.get('q') ?? '').slice(0, 200),
		pageSize: 10_000
	});
	return new Response(annotationsCsv(rows, event.locals.locale), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${course.slug}-rushes.csv"`,
			'cache-control': 'private, no-store'
		}
	});
};
