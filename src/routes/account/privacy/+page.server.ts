import { redirect, type Cookies } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { handleForm } from '#lib/server/http/forms.ts';
import { requirePermission, requireUser } from '#lib/server/http/guards.ts';
import { PASSWORD_MAX } from '#lib/server/features/accounts/auth.ts';
import { confirmPassword, deleteAccount } from '#lib/server/features/accounts/privacy.service.ts';

const deleteSchema = z.object({
	password: z.string({ error: 'errors.required' }).min(1, 'errors.required').max(PASSWORD_MAX, 'errors.passwordLong')
});

/** The session is gone from the database; drop better-auth's cookies from the browser too. */
function clearSessionCookies(cookies: Cookies, secure: boolean) {
	for (const { name } of cookies.getAll()) {
		if (/^(__Secure-)?essaim\./.test(name))
			cookies.delete(name, { path: '/', secure: secure || name.startsWith('__Secure-'), httpOnly: true });
	}
}

export const load: PageServerLoad = async (event) => {
	const { user } = requireUser(event);
	requirePermission(event, 'account.export', { type: 'user', id: user.id });
	return { handle: user.handle };
};

export const actions: Actions = {
	delete: async (event) => {
		const { user } = requireUser(event);
		requirePermission(event, 'account.delete', { type: 'user', id: user.id });
		const { app } = event.locals;
		const form = await event.request.formData();
		return handleForm(form, deleteSchema, async ({ password }) => {
			await confirmPassword(app, user.id, password);
			await deleteAccount(app, user.id, { by: user.id });
			clearSessionCookies(event.cookies, app.config.secureCookies);
			redirect(303, '/?accountDeleted=1');
		});
	}
};
