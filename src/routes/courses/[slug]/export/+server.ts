import type { RequestHandler } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { editableCourse } from '#lib/server/features/courses/access.ts';
import { archiveFileName, exportCourse } from '#lib/server/features/archive/export.service.ts';

/** The course as a portable archive (editors and administrators only). */
export const GET: RequestHandler = async (event) => {
	const { actor } = requireUser(event);
	const { app } = event.locals;
	const course = await editableCourse(app.db, actor, event.params.slug);
	const zip = await exportCourse(app, course.id);
	return new Response(new Uint8Array(zip), {
		headers: {
			'content-type': 'application/zip',
			'content-length': String(zip.length),
			'content-disposition': `attachment; filename="${archiveFileName(course.slug)}"`,
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
