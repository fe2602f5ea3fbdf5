import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { handleForm } from '#lib/server/http/forms.ts';
import { logInSchema } from '#lib/server/features/accounts/accounts.schemas.ts';
import { logIn } from '#lib/server/features/accounts/accounts.service.ts';
import { applyAuthCookies } from '#lib/server/http/session.ts';
import { clientMeta, safeRedirect } from '#lib/server/http/client.ts';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirect(url.searchParams.get('redirectTo')));
	const notice =
		url.searchParams.get('reset') === '1'
			? ('auth.login.resetDone' as const)
			: url.searchParams.get('loggedOut') === 'everywhere'
				? ('auth.login.loggedOutEverywhere' as const)
				: undefined;
	return { redirectTo: safeRedirect(url.searchParams.get('redirectTo')), notice };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		return handleForm(form, logInSchema, async (input) => {
			const { headers } = await logIn(event.locals.app, input, clientMeta(event));
			applyAuthCookies(event, headers);
			redirect(303, safeRedirect(form.get('redirectTo')));
		});
	}
};
