import type { RequestEvent } from '@sveltejs/kit';
import { DEFAULT_LOCALE, fromAcceptLanguage, isLocale, type Locale } from '#lib/i18n/index.ts';

export const LOCALE_COOKIE = 'essaim_lang';

/** The person's choice, then the language cookie, then the browser's Accept-Language, then French. */
export function resolveLocale(event: RequestEvent): Locale {
	const fromUser = event.locals.user?.locale;
	if (isLocale(fromUser)) return fromUser;
	const cookie = event.cookies.get(LOCALE_COOKIE);
	if (isLocale(cookie)) return cookie;
	return fromAcceptLanguage(event.request.headers.get('accept-language')) ?? DEFAULT_LOCALE;
}
