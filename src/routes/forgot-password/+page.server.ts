import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { handleForm } from '#lib/server/http/forms.ts';
import { clientMeta } from '#lib/server/http/client.ts';
import { emailOnlySchema } from '#lib/server/features/accounts/accounts.schemas.ts';
import { requestPasswordReset } from '#lib/server/features/accounts/accounts.service.ts';

export const load: PageServerLoad = ({ locals }) => {
	if (locals.user) redirect(303, '/account/security');
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		return handleForm(form, emailOnlySchema, async ({ email }) => {
			// The same answer whether or not an account uses this address.
			await requestPasswordReset(event.locals.app, email, clientMeta(event));
			return { sent: email };
		});
	}
};
