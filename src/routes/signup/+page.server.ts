import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { handleForm } from '#lib/server/http/forms.ts';
import { signUpSchema } from '#lib/server/features/accounts/accounts.schemas.ts';
import { signUp } from '#lib/server/features/accounts/accounts.service.ts';
import { applyAuthCookies } from '#lib/server/http/session.ts';
import { clientMeta, safeRedirect } from '#lib/server/http/client.ts';
import { PASSWORD_MIN } from '#lib/server/features/accounts/auth.ts';
import { FormError } from '#lib/server/http/forms.ts';
import { acceptTerms, currentTerms } from '#lib/server/features/community/terms.service.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirect(url.searchParams.get('redirectTo')));
	const terms = await currentTerms(locals.app.db, { scopeType: 'instance' });
	return {
		passwordMin: PASSWORD_MIN,
		termsVersion: terms?.version ?? null,
		redirectTo: safeRedirect(url.searchParams.get('redirectTo'), '')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		// The instance's current terms of use, when there are some, must be accepted (recorded with their version).
		const terms = await currentTerms(event.locals.app.db, { scopeType: 'instance' });
		return handleForm(form, signUpSchema, async (input) => {
			if (terms && form.get('acceptTerms') !== 'on')
				throw new FormError(400, { acceptTerms: { key: 'community.terms.errors.mustAccept' } });
			const { userId, headers } = await signUp(event.locals.app, input, clientMeta(event));
			if (terms) await acceptTerms(event.locals.app.db, userId, terms.id);
			applyAuthCookies(event, headers);
			// Back where the person came from (e.g. an invitation link), or to their account.
			redirect(303, safeRedirect(form.get('redirectTo'), '/account?welcome=1'));
		});
	}
};
