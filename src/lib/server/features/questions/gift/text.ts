/**
 * Text helpers of the GIFT format, following Moodle's qformat_gift (question/format/gift/format.php)
 * and the bits of Moodle's core it relies on (PHP's trim and strip_tags, shorten_text,
 * clean_question_name). Pure functions, no I/O.
 */
import { TEXT_FORMATS, type TextFormat } from '../question.types.ts';

/**
 * Escaped control characters (`\:` `\#` `\=` `\{` `\}` `\~` `\n`) are replaced by placeholders
 * before the structure is read, as Moodle does, so they never count as syntax; `post` turns them
 * back into characters. Placeholders are private-use code points, one per character, so indexes
 * stay aligned with the source (see `decode`).
 */
const ESCAPES: Record<string, string> = {
	':': '\uE000',
	'#': '\uE001',
	'=': '\uE002',
	'{': '\uE003',
	'}': '\uE004',
	'~': '\uE005',
	n: '\uE006'
};
const PLACEHOLDER_CHARS: Record<string, string> = {
	'\uE000': ':',
	'\uE001': '#',
	'\uE002': '=',
	'\uE003': '{',
	'\uE004': '}',
	'\uE005': '~',
	'\uE006': '\n'
};

/** Text with escapes replaced by placeholders, and for each of its characters the source offset. */
export interface Decoded {
	s: string;
	pos: number[];
}

/** `\\` is one backslash; `\x` for a control character x is a placeholder; any other `\` stays. */
export function decode(source: string): Decoded {
	let s = '';
	const pos: number[] = [];
	for (let i = 0; i < source.length; i++) {
		const c = source[i]!;
		if (c === '\\' && i + 1 < source.length) {
			const next = source[i + 1]!;
			const placeholder = next === '\\' ? '\\' : ESCAPES[next];
			if (placeholder) {
				s += placeholder;
				pos.push(i);
				i++;
				continue;
			}
		}
		s += c;
		pos.push(i);
	}
	return { s, pos };
}

/** Placeholders back to the characters they stand for (Moodle's escapedchar_post). */
export function post(text: string): string {
	return text.replace(/[\uE000-\uE006]/g, (c) => PLACEHOLDER_CHARS[c]!);
}

/** Escapes for writing (Moodle's repchar): `\ # = ~ { } :` and newlines; carriage returns dropped. */
export function escapeText(text: string): string {
	return text.replace(/[\\#=~{}:\n\r]/g, (c) => (c === '\r' ? '' : c === '\n' ? '\\n' : `\\${c}`));
}

/** The characters PHP's trim() removes (not every Unicode space, unlike String.prototype.trim). */
const PHP_SPACE = ' \t\n\r\0\x0B';
export const isPhpSpace = (c: string | undefined) => c !== undefined && c !== '' && PHP_SPACE.includes(c);

export function phpTrim(text: string): string {
	let start = 0;
	let end = text.length;
	while (start < end && isPhpSpace(text[start])) start++;
	while (end > start && isPhpSpace(text[end - 1])) end--;
	return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** [start, end) of `s` narrowed to exclude PHP whitespace at both ends. */
export function trimSpan(s: string, start: number, end: number): [number, number] {
	while (start < end && isPhpSpace(s[start])) start++;
	while (end > start && isPhpSpace(s[end - 1])) end--;
	return [start, end];
}

export const isTextFormat = (v: string): v is TextFormat => (TEXT_FORMATS as readonly string[]).includes(v);

/**
 * A `[format]` prefix (Moodle's parse_text_with_format): `text` is already trimmed. Moodle keeps
 * an unknown `[word]` as text; `unknown` reports a bracketed word that looks like a format name
 * so the importer can refuse it (Moodle only knows the four lower-case names).
 */
export function splitFormat(
	text: string,
	defaultFormat: TextFormat
): { text: string; format: TextFormat; skip: number; unknown?: string } {
	if (text.startsWith('[')) {
		const end = text.indexOf(']');
		if (end > 0) {
			const name = text.slice(1, end);
			if (isTextFormat(name)) return { text: text.slice(end + 1), format: name, skip: end + 1 };
			if (/^[A-Za-z]+$/.test(name)) return { text, format: defaultFormat, skip: 0, unknown: name };
		}
	}
	return { text, format: defaultFormat, skip: 0 };
}

/** PHP's strip_tags, closely enough: tags and comments go, a `<` followed by a space stays. */
export function stripTags(text: string): string {
	return text.replace(/<!--[\s\S]*?(?:-->|$)/g, '').replace(/<(?![\s])[^>]*(?:>|$)/g, '');
}

const ENTITY = /&[0-9a-z]{2,8};|&#[0-9]{1,7};|&#x[0-9a-f]{1,6};/gi;
const cps = (s: string) => Array.from(s);

/**
 * Moodle's shorten_text($text, $ideal, exact = false, ending = '...'), without the closing tags
 * it appends (callers strip tags anyway). Lengths count code points, as mb_strlen does.
 */
export function shortenText(text: string, ideal: number): string {
	const ending = '...';
	if (cps(text.replace(/<.*?>/g, '')).length <= ideal) return text;
	let total = ending.length;
	let truncate = '';
	for (const m of text.matchAll(/(<.+?>)?([^<>]*)/gs)) {
		if (m[1]) truncate += m[1];
		const plain = m[2] ?? '';
		const length = cps(plain.replace(ENTITY, ' ')).length;
		if (total + length > ideal) {
			let left = ideal - total;
			let entitiesLength = 0;
			for (const e of plain.matchAll(ENTITY)) {
				if (e.index! + 1 - entitiesLength <= left) {
					left--;
					entitiesLength += cps(e[0]).length;
				} else break;
			}
			const chars = cps(plain);
			let breakpos = left + entitiesLength;
			for (; breakpos > 0; breakpos--) {
				const c = chars[breakpos];
				// PHP: `if ($char = mb_substr(...))`, so "0" and "" are skipped.
				if (c === undefined || c === '0') continue;
				if (c === '.' || c === ' ' || (c.codePointAt(0) ?? 0) >= 0x800) {
					breakpos += 1;
					break;
				}
			}
			if (breakpos === 0 || breakpos > left + entitiesLength) breakpos = left + entitiesLength;
			truncate += chars.slice(0, breakpos).join('');
			break;
		}
		truncate += plain;
		total += length;
		if (total >= ideal) break;
	}
	return truncate + ending;
}

/** Moodle's clean_question_name: tags stripped (PARAM_TEXT), trimmed, at most 255 characters. */
export function cleanQuestionName(name: string): string {
	let clean = phpTrim(stripTags(name));
	let trim = 251;
	while (cps(clean).length > 255 && trim > 0) {
		clean = shortenText(clean, trim);
		trim -= 10;
	}
	return clean;
}

/** Moodle's fallback when a question's name cannot be derived (get_string('questionname', 'question')). */
export const DEFAULT_QUESTION_NAME = 'Question name';

/** Moodle's create_default_question_name: the question text shortened to 80 characters, cleaned. */
export function defaultQuestionName(questiontext: string): string {
	return cleanQuestionName(shortenText(questiontext, 80)) || DEFAULT_QUESTION_NAME;
}

// PCRE's [:cntrl:] (C0 controls and DEL), as Moodle's patterns exclude it.
// eslint-disable-next-line no-control-regex
const ID = /\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]/;
// eslint-disable-next-line no-control-regex
const TAG = /\[tag:((?:\\\]|[^\]<>`\x00-\x1f\x7f])*)\]/g;

/**
 * `[id:…]` and `[tag:…]` in a question's comment lines (Moodle's
 * extract_idnumber_and_tags_from_comment): `\]` stands for `]`; no control characters; tags
 * also exclude `<`, `>` and backquotes. The first id wins; empty tags are ignored.
 */
export function extractIdnumberAndTags(comment: string): { idnumber: string; tags: string[] } {
	const id = ID.exec(comment);
	const idnumber = id ? phpTrim(id[1]!).replaceAll('\\]', ']') : '';
	const tags: string[] = [];
	for (const m of comment.matchAll(TAG)) {
		const tag = phpTrim(m[1]!).replaceAll('\\]', ']');
		if (tag) tags.push(tag);
	}
	return { idnumber, tags };
}

/** A PHP-style number string (precision 14), as Moodle prints floats: 0.1 * 3 → "0.3". */
export function phpNumber(n: number): string {
	if (!Number.isFinite(n)) return String(n);
	const v = Number(n.toPrecision(14));
	return Object.is(v, -0) ? '0' : String(v);
}

/** PHP's is_numeric for trimmed strings: decimal, optional sign, fraction and exponent. */
export const isNumeric = (s: string) => /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s);
