/** Opening a notification: marks it read, then goes where it leads (only one's own). */
import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { UUID_RE } from '#lib/server/ids.ts';
import { markRead } from '#lib/server/features/notifications/notifications.service.ts';

export const GET: RequestHandler = async (event) => {
	const { user } = requireUser(event);
	const url = UUID_RE.test(event.params.id) ? await markRead(event.locals.app.db, user.id, event.params.id) : undefined;
	if (!url) error(404, 'error.notFound');
	redirect(303, url);
};
