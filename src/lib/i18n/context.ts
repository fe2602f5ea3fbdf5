/**
 * The translator of a rendered page, set once by the root layout from its data (this page's
 * language and only its messages), read by every component with `i18n()`.
 */
import { getContext, setContext } from 'svelte';
import type { MessageKey } from './index.ts';
import { formatDate, formatNumber, makeTranslator, type Locale, type Messages, type Translate } from './core.ts';

const KEY = Symbol('i18n');

export interface I18n {
	locale: Locale;
	t: Translate;
	/** Whether a string is a message key (e.g. an error key sent by the server). */
	has: (key: unknown) => key is MessageKey;
	date: (d: Date | string, withTime?: boolean) => string;
	number: (n: number) => string;
}

export function setI18n(locale: Locale, messages: Messages): I18n {
	const i18n: I18n = {
		locale,
		t: makeTranslator(locale, messages),
		has: (key): key is MessageKey => typeof key === 'string' && Object.hasOwn(messages, key),
		date: (d, withTime) => formatDate(locale, d, withTime),
		number: (n) => formatNumber(locale, n)
	};
	return setContext(KEY, i18n);
}

export function i18n(): I18n {
	return getContext<I18n>(KEY);
}
