/**
 * Translations. French is the source catalogue; each English file is typed against it, so a
 * missing key fails `svelte-check`, and `scripts/check-i18n.ts` (run by `npm run check`) also
 * rejects extra or empty keys. Add a feature's messages as `fr/<feature>.ts` + `en/<feature>.ts`.
 */
import { common as frCommon } from './fr/common.ts';
import { common as enCommon } from './en/common.ts';
import { account as frAccount } from './fr/account.ts';
import { account as enAccount } from './en/account.ts';
import { admin as frAdmin } from './fr/admin.ts';
import { admin as enAdmin } from './en/admin.ts';
import { profile as frProfile } from './fr/profile.ts';
import { profile as enProfile } from './en/profile.ts';
import { courses as frCourses } from './fr/courses.ts';
import { courses as enCourses } from './en/courses.ts';
import { glossary as frGlossary } from './fr/glossary.ts';
import { glossary as enGlossary } from './en/glossary.ts';
import { media as frMedia } from './fr/media.ts';
import { media as enMedia } from './en/media.ts';
import { speakers as frSpeakers } from './fr/speakers.ts';
import { speakers as enSpeakers } from './en/speakers.ts';
import { files as frFiles } from './fr/files.ts';
import { files as enFiles } from './en/files.ts';
import { archive as frArchive } from './fr/archive.ts';
import { archive as enArchive } from './en/archive.ts';

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr';

const fr = {
	...frCommon,
	...frAccount,
	...frProfile,
	...frAdmin,
	...frCourses,
	...frGlossary,
	...frMedia,
	...frSpeakers,
	...frFiles,
	...frArchive
};
export type MessageKey = keyof typeof fr;
const en: Record<MessageKey, string> = {
	...enCommon,
	...enAccount,
	...enProfile,
	...enAdmin,
	...enCourses,
	...enGlossary,
	...enMedia,
	...enSpeakers,
	...enFiles,
	...enArchive
};

export const catalogues: Record<Locale, Record<MessageKey, string>> = { fr, en };

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function isMessageKey(value: unknown): value is MessageKey {
	return typeof value === 'string' && Object.hasOwn(fr, value);
}

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

const plurals = { fr: new Intl.PluralRules('fr'), en: new Intl.PluralRules('en') };

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
	let text: string = catalogues[locale][key] ?? key;
	if (text.includes('|') && params && typeof params.count === 'number') {
		const [one, other] = text.split('|');
		text = (plurals[locale].select(params.count) === 'one' ? one : other) ?? text;
	}
	if (params) text = text.replace(/\{(\w+)\}/g, (m, name: string) => String(params[name] ?? m));
	return text;
}

export function translator(locale: Locale): Translate {
	return (key, params) => translate(locale, key, params);
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
