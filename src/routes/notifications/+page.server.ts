import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { UUID_RE } from '#lib/server/ids.ts';
import { listNotifications, markAllRead, markRead } from '#lib/server/features/notifications/notifications.service.ts';
import { titleOf } from '#lib/server/features/notifications/notifications.mail.ts';

const pageSchema = z.coerce.number().int().min(1).max(10_000).catch(1);

export const load: PageServerLoad = async (event) => {
	const { user } = requireUser(event);
	const page = pageSchema.parse(event.url.searchParams.get('page') ?? 1);
	const { items, total, pages } = await listNotifications(event.locals.app.db, user.id, page);
	return {
		page,
		pages,
		total,
		items: items.map((n) => ({
			id: n.id,
			kind: n.kind,
			title: titleOf(event.locals.locale, n),
			url: n.url,
			createdAt: n.createdAt.toISOString(),
			read: !!n.readAt
		}))
	};
};

export const actions: Actions = {
	read: async (event) => {
		const { user } = requireUser(event);
		const id = String((await event.request.formData()).get('id') ?? '');
		if (!UUID_RE.test(id)) error(400, 'errors.invalid');
		if (!(await markRead(event.locals.app.db, user.id, id))) error(404, 'error.notFound');
		redirect(303, `/notifications?page=${pageSchema.parse(event.url.searchParams.get('page') ?? 1)}`);
	},
	readAll: async (event) => {
		const { user } = requireUser(event);
		await markAllRead(event.locals.app.db, user.id);
		redirect(303, '/notifications?allRead=1');
	}
};
