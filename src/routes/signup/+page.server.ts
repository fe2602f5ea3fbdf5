import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { handleForm } from '#lib/server/http/forms.ts';
import { signUpSchema } from '#lib/server/features/accounts/accounts.schemas.ts';
import { signUp } from '#lib/server/features/accounts/accounts.service.ts';
import { applyAuthCookies } from '#lib/server/http/session.ts';
import { clientMeta } from '#lib/server/http/client.ts';
import { PASSWORD_MIN } from '#lib/server/features/accounts/auth.ts';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/');
	return { passwordMin: PASSWORD_MIN };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		return handleForm(form, signUpSchema, async (input) => {
			const { headers } = await signUp(event.locals.app, input, clientMeta(event));
			applyAuthCookies(event, headers);
			redirect(303, '/account?welcome=1');
		});
	}
};
