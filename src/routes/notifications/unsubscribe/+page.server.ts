/**
 * One-click unsubscribe from a notification mail, with no log-in: the signed token names the
 * person and the kind (or the digest); confirming, or a mail client's RFC 8058 POST, sets that
 * kind (every kind of the digest) to "app only".
 */
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { readUnsubscribeToken } from '#lib/server/features/notifications/notifications.mail.ts';
import { unsubscribe } from '#lib/server/features/notifications/notifications.service.ts';
import { users } from '#lib/server/features/accounts/accounts.table.ts';
import { eq } from 'drizzle-orm';

function read(event: { url: URL; locals: App.Locals }) {
	const token = event.url.searchParams.get('token') ?? '';
	return readUnsubscribeToken(event.locals.app.auth.options.secret!, token.slice(0, 300));
}

export const load: PageServerLoad = async (event) => {
	const target = read(event);
	return { kind: target?.kind ?? null, token: event.url.searchParams.get('token') ?? '' };
};

export const actions: Actions = {
	default: async (event) => {
		const target = read(event);
		if (!target) return fail(400, { done: false });
		const [user] = await event.locals.app.db.select({ id: users.id }).from(users).where(eq(users.id, target.userId));
		if (!user) return fail(400, { done: false });
		await unsubscribe(event.locals.app.db, target.userId, target.kind);
		return { done: true, kind: target.kind };
	}
};
