import { getContext, setContext } from 'svelte';
import { formatDate, formatNumber, translator, type Locale, type Translate } from './index.ts';

const KEY = Symbol('i18n');

export interface I18n {
	locale: Locale;
	t: Translate;
	date: (d: Date | string, withTime?: boolean) => string;
	number: (n: number) => string;
}

export function setI18n(locale: Locale): I18n {
	const i18n: I18n = {
		locale,
		t: translator(locale),
		date: (d, withTime) => formatDate(locale, d, withTime),
		number: (n) => formatNumber(locale, n)
	};
	return setContext(KEY, i18n);
}

export function i18n(): I18n {
	return getContext<I18n>(KEY);
}
