import type { Actions, PageServerLoad } from './$types';
import { handleForm } from '#lib/server/http/forms.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { clientMeta } from '#lib/server/http/client.ts';
import { emailOnlySchema } from '#lib/server/features/accounts/accounts.schemas.ts';
import { changeEmail, sendVerification } from '#lib/server/features/accounts/accounts.service.ts';
import { z } from 'zod';

/** Messages a link or a redirect can ask this page to show. */
const NOTICES = { welcome: 'welcome', verified: 'emailVerified', changed: 'emailChanged' } as const;

export const load: PageServerLoad = (event) => {
	const { user } = requireUser(event);
	const q = event.url.searchParams;
	// better-auth appends ?error=… (INVALID_TOKEN, TOKEN_EXPIRED, …) to the callback URL when a link fails.
	const linkInvalid = q.has('error');
	const notice = linkInvalid
		? null
		: q.get('welcome') === '1'
			? NOTICES.welcome
			: q.get('email') === 'verified'
				? NOTICES.verified
				: q.get('email') === 'changed'
					? NOTICES.changed
					: null;
	return { email: user.email, emailVerified: user.emailVerified, notice, linkInvalid };
};

export const actions: Actions = {
	resendVerification: async (event) => {
		const { user } = requireUser(event);
		const form = await event.request.formData();
		return handleForm(form, z.object({}), async () => {
			await sendVerification(event.locals.app, user);
			return { verificationSent: user.email };
		});
	},
	changeEmail: async (event) => {
		const { user } = requireUser(event);
		const form = await event.request.formData();
		return handleForm(form, emailOnlySchema, async ({ email }) => {
			const cookie = event.request.headers.get('cookie') ?? '';
			await changeEmail(event.locals.app, cookie, user.id, email, clientMeta(event));
			return { changeSent: email };
		});
	}
};
