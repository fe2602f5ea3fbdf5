import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { logOut } from '#lib/server/features/accounts/accounts.service.ts';
import { applyAuthCookies } from '#lib/server/http/session.ts';
import { clientMeta } from '#lib/server/http/client.ts';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async (event) => {
		const cookie = event.request.headers.get('cookie');
		if (cookie && event.locals.user) {
			applyAuthCookies(event, await logOut(event.locals.app, cookie, clientMeta(event)));
		}
		redirect(303, '/?loggedOut=1');
	}
};
