/**
 * GIFT import errors: where (1-based line and column of the source), what (`code` + `params`, for
 * a translated message from the `gift` catalogue: key `gift.error.<code>`), and an English
 * `message` for the command line.
 */
import type { Translate } from '#lib/i18n/core.ts';
import type { MessageKey } from '#lib/i18n/index.ts';
import { gift as en } from '#lib/i18n/en/gift.ts';

export const GIFT_ERROR_CODES = [
	'unclosed_brace',
	'unopened_brace',
	'nested_brace',
	'extra_brace',
	'unclosed_name',
	'empty_category',
	'unknown_format',
	'invalid_weight',
	'weight_out_of_range',
	'weight_after_equals',
	'weights_sum',
	'no_full_answer',
	'bad_number',
	'bad_range',
	'too_few_answers',
	'empty_answer',
	'empty_answer_block',
	'match_without_arrow',
	'unreadable_question'
] as const;
export type GiftErrorCode = (typeof GIFT_ERROR_CODES)[number];

export type GiftErrorParams = Record<string, string | number>;

export interface GiftError {
	line: number;
	column: number;
	code: GiftErrorCode;
	params: GiftErrorParams;
	message: string;
}

const fill = (text: string, params: GiftErrorParams) =>
	text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));

export function giftError(line: number, column: number, code: GiftErrorCode, params: GiftErrorParams = {}): GiftError {
	return { line, column, code, params, message: fill(en[`gift.error.${code}`], params) };
}

/** The error in the reader's language, e.g. "Ligne 3, colonne 7 : accolade « { » jamais fermée." */
export function translateGiftError(t: Translate, error: GiftError, withPosition = true): string {
	const text = t(`gift.error.${error.code}` as MessageKey, error.params);
	return withPosition ? t('gift.error.at', { line: error.line, column: error.column, message: text }) : text;
}
