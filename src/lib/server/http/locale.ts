import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { DEFAULT_LOCALE, fromAcceptLanguage, isLocale, type Locale } from '#lib/i18n/index.ts';

export const LOCALE_COOKIE = 'essaim_lang';
const YEAR = 60 * 60 * 24 * 365;

/**
 * This browser's choice (the cookie the header form and the profile set), then the account's
 * language (a new device), then the browser's Accept-Language, then French. The cookie comes
 * first so that two devices of one person, each with its language, do not switch each other.
 */
export function resolveLocale(event: Pick<RequestEvent, 'cookies' | 'request' | 'locals'>): Locale {
	const cookie = event.cookies.get(LOCALE_COOKIE);
	if (isLocale(cookie)) return cookie;
	const fromUser = event.locals.user?.locale;
	if (isLocale(fromUser)) return fromUser;
	return fromAcceptLanguage(event.request.headers.get('accept-language')) ?? DEFAULT_LOCALE;
}

/** Remembers a language on this browser for a year. */
export function rememberLocale(cookies: Pick<Cookies, 'set'>, locale: Locale, secure: boolean) {
	cookies.set(LOCALE_COOKIE, locale, { path: '/', maxAge: YEAR, httpOnly: true, sameSite: 'lax', secure });
}
