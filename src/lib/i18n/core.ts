/**
 * What translating needs in the browser too: locales, formatting, a translator over one
 * language's messages. No catalogue is imported here, so pages that ship JavaScript receive
 * only their language's messages (through the root layout's data), not every catalogue.
 */
import type { MessageKey } from './index.ts';

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr';

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;
export type Messages = Record<MessageKey, string>;

const plurals = { fr: new Intl.PluralRules('fr'), en: new Intl.PluralRules('en') };

/** A message with its `{placeholders}` filled; `one|other` forms chosen by `{count}`. */
export function format(locale: Locale, messages: Messages, key: MessageKey, params?: Params): string {
	let text: string = messages[key] ?? key;
	if (text.includes('|') && params && typeof params.count === 'number') {
		const [one, other] = text.split('|');
		text = (plurals[locale].select(params.count) === 'one' ? one : other) ?? text;
	}
	if (params) text = text.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m));
	return text;
}

export function makeTranslator(locale: Locale, messages: Messages): Translate {
	return (key, params) => format(locale, messages, key, params);
}

/** Picks the best supported language from an Accept-Language header. */
export function fromAcceptLanguage(header: string | null): Locale | undefined {
	if (!header) return undefined;
	const ranked = header
		.split(',')
		.map((part) => {
			const [tag = '', ...rest] = part.trim().split(';');
			const q = rest.find((r) => r.trim().startsWith('q='));
			return { lang: tag.toLowerCase().split('-')[0], q: q ? Number(q.trim().slice(2)) : 1 };
		})
		.filter((r) => r.q > 0)
		.sort((a, b) => b.q - a.q);
	return ranked.map((r) => r.lang).find(isLocale);
}

export const TIME_ZONE = 'Europe/Paris';

export function formatDate(locale: Locale, date: Date | string, withTime = false): string {
	return new Intl.DateTimeFormat(locale, {
		dateStyle: 'long',
		timeStyle: withTime ? 'short' : undefined,
		timeZone: TIME_ZONE
	}).format(new Date(date));
}

export function formatNumber(locale: Locale, n: number): string {
	return new Intl.NumberFormat(locale).format(n);
}
