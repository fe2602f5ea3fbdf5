import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { UUID_RE } from '#lib/server/ids.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { bankCourse } from '#lib/server/features/questions/access.ts';
import { exportGift } from '#lib/server/features/questions/gift/export.ts';
import { questionsForExport } from '#lib/server/features/questions/import.service.ts';
import { getCategory } from '#lib/server/features/questions/categories.service.ts';

/** The whole bank, or one category and its subcategories, as a .gift file. */
export const GET: RequestHandler = async (event) => {
	const { actor } = requireUser(event);
	const { db } = event.locals.app;
	const { course } = await bankCourse(db, actor, event.params.slug, 'view');
	const categoryId = event.url.searchParams.get('category') || undefined;
	if (categoryId && (!UUID_RE.test(categoryId) || !(await getCategory(db, course.id, categoryId))))
		error(404, 'error.notFound');
	const text = exportGift(await questionsForExport(db, course.id, categoryId));
	return new Response(text, {
		headers: {
			'content-type': 'text/plain; charset=utf-8',
			'content-disposition': `attachment; filename="${course.slug}-questions.gift"`,
			'cache-control': 'private, no-store'
		}
	});
};
