/**
 * The server's catalogues, registered once by hooks.server.ts. Components read them during
 * server rendering through i18n/context.ts; this module imports no catalogue itself, so the
 * browser bundle stays free of them (JS pages get their messages from their own load instead).
 */
import type { Locale, Messages } from './core.ts';

let registered: Record<Locale, Messages> | undefined;

export function provideCatalogues(catalogues: Record<Locale, Messages>) {
	registered = catalogues;
}

export function serverMessages(locale: Locale): Messages | undefined {
	return registered?.[locale];
}
