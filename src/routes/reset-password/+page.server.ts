import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { handleForm } from '#lib/server/http/forms.ts';
import { resetPasswordSchema } from '#lib/server/features/accounts/accounts.schemas.ts';
import { resetPassword, resetTokenOwner } from '#lib/server/features/accounts/accounts.service.ts';
import { PASSWORD_MIN } from '#lib/server/features/accounts/auth.ts';

/**
 * The mailed link goes through better-auth (/api/auth/reset-password/<token>), which sends the
 * browser here with ?token=<token>, or ?error=INVALID_TOKEN when the token is unknown or expired.
 */
export const load: PageServerLoad = async ({ url, locals }) => {
	const token = url.searchParams.get('token') ?? '';
	const valid = !url.searchParams.has('error') && !!(await resetTokenOwner(locals.app, token));
	return { token: valid ? token : null, passwordMin: PASSWORD_MIN };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		return handleForm(
			form,
			resetPasswordSchema,
			async (input) => {
				await resetPassword(event.locals.app, input);
				redirect(303, '/login?reset=1');
			},
			['token']
		);
	}
};
