/**
 * The translator of a rendered page, set once by the root layout, read by every component with
 * `i18n()`. On the server it reads the catalogues registered by hooks.server.ts; in the browser (only on pages that
 * ship JavaScript) it uses the messages that page's load returned (`messagesFor`), so the
 * catalogues never reach a JavaScript bundle and JS-free pages serialise nothing.
 */
import { getContext, setContext } from 'svelte';
import type { MessageKey } from './index.ts';
import { serverMessages } from './registry.ts';
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

export function setI18n(locale: Locale, pageMessages: Messages | undefined): I18n {
	const messages = pageMessages ?? serverMessages(locale) ?? ({} as Messages);
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
