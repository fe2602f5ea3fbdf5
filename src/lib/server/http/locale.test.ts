import { describe, expect, it } from 'vitest';
import { LOCALE_COOKIE, resolveLocale } from './locale.ts';

const event = (o: { cookie?: string; user?: string; accept?: string }) =>
	({
		cookies: { get: (name: string) => (name === LOCALE_COOKIE ? o.cookie : undefined) },
		request: new Request('http://localhost/', { headers: o.accept ? { 'accept-language': o.accept } : {} }),
		locals: { user: o.user ? { locale: o.user } : null }
	}) as never;

describe('the language of a page', () => {
	it('is this browser’s choice first, so two devices of one person keep their own language', () => {
		expect(resolveLocale(event({ cookie: 'en', user: 'fr', accept: 'fr' }))).toBe('en');
	});
	it('is the account’s language on a browser that chose none', () => {
		expect(resolveLocale(event({ user: 'en', accept: 'fr-FR' }))).toBe('en');
	});
	it('then follows Accept-Language, then French', () => {
		expect(resolveLocale(event({ accept: 'en-GB,en;q=0.9' }))).toBe('en');
		expect(resolveLocale(event({ accept: 'de-DE' }))).toBe('fr');
		expect(resolveLocale(event({ cookie: 'xx' }))).toBe('fr');
	});
});
