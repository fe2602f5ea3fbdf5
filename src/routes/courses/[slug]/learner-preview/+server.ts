import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { courseFromSlug } from '#lib/server/features/courses/access.ts';
import { PREVIEW_COOKIE } from '#lib/server/features/courses/editions.preview.ts';

/** Starts (`preview=learner`) or leaves (`preview=off`) the learner preview, then goes back. */
export const POST: RequestHandler = async (event) => {
	const { actor } = requireUser(event);
	const { course, canEdit } = await courseFromSlug(event.locals.app.db, actor, event.params.slug);
	if (!canEdit) error(403, 'error.forbidden');
	const form = await event.request.formData();
	const path = `/courses/${course.slug}`;
	const back = String(form.get('back') ?? '');
	// Only back to one of this course's pages (never elsewhere), and never to an editor page.
	const target =
		(back === path || back.startsWith(`${path}/`)) && !/[\\\s]|\/\/|\/edit\b|\/media\b/.test(back) ? back : path;
	if (form.get('preview') === 'learner') {
		event.cookies.set(PREVIEW_COOKIE, course.id, {
			path,
			httpOnly: true,
			sameSite: 'lax',
			secure: event.locals.app.config.secureCookies,
			maxAge: 4 * 3600
		});
	} else {
		event.cookies.delete(PREVIEW_COOKIE, { path, secure: event.locals.app.config.secureCookies });
	}
	redirect(303, target);
};
