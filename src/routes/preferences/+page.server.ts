import { redirect } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { Actions, PageServerLoad } from './$types';
import { isLocale } from '#lib/i18n/index.ts';
import { rememberLocale } from '#lib/server/http/locale.ts';
import { safeRedirect } from '#lib/server/http/client.ts';
import { users } from '#lib/server/db/schema.ts';

export const load: PageServerLoad = () => redirect(303, '/');

const YEAR = 60 * 60 * 24 * 365;

/** Language and theme, chosen from the header: a cookie for everyone, the profile too when logged in. */
export const actions: Actions = {
	default: async ({ request, cookies, locals }) => {
		const form = await request.formData();
		const locale = form.get('locale');
		const theme = form.get('theme');
		const secure = locals.app.config.secureCookies;
		if (isLocale(locale)) {
			rememberLocale(cookies, locale, secure);
			if (locals.user) await locals.app.db.update(users).set({ locale }).where(eq(users.id, locals.user.id));
		}
		if (theme === 'light' || theme === 'dark' || theme === 'auto') {
			cookies.set('essaim_theme', theme, { path: '/', maxAge: YEAR, httpOnly: true, sameSite: 'lax', secure });
		}
		redirect(303, safeRedirect(form.get('redirectTo')));
	}
};
