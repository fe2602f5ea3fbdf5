/**
 * Questions → GIFT, written as Moodle's qformat_gift::writequestion() writes them (byte for byte
 * on Moodle's own export tests), so Moodle imports our files. Where Moodle's output would not
 * read back as the same question, this writes a little more: a `[format]` prefix before a text
 * that starts with `[` (or, for a choice, `%`), which Moodle reads the same way.
 *
 * `parseGift(exportGift(qs))` gives back `qs` (see gift.property.test.ts) for questions GIFT can
 * express: texts trimmed, no carriage returns, a single-answer multichoice with a 100 % answer…
 *
 * A question's `image` is left out on purpose: GIFT is plain text with no way to carry a file
 * (Moodle's GIFT export drops embedded files too), so GIFT import gives `image: null`. The
 * portable course archive (features/archive) is the format that keeps question images.
 */
import type { QuestionAnswer, QuestionData, TextFormat } from '../question.types.ts';
import { escapeText, phpNumber } from './text.ts';

export type ExportableQuestion = QuestionData & { id?: string | number; category?: string | null };

const EPSILON = 1e-7;

/** Moodle's write_questiontext: `[format]` when it differs from the question's, then the escaped text. */
function text(value: string, format: TextFormat, defaultFormat: TextFormat, guardPercent = false): string {
	const prefix =
		(value !== '' && format !== defaultFormat) || value.startsWith('[') || (guardPercent && value.startsWith('%'));
	return (prefix ? `[${format}]` : '') + escapeText(value);
}

const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ');

/** The comment lines above a question: Moodle's `// question: id  name: …`, then `[id:…] [tag:…]`. */
function header(q: ExportableQuestion): string {
	let out = '';
	if (q.id !== undefined && q.id !== null && q.id !== '') {
		// The name is only a reminder here: keep it on one line and keep it from reading as a tag.
		out += `// question: ${q.id}  name: ${oneLine(q.name).replace(/\[(?=(?:id|tag):)/g, '[ ')}\n`;
	}
	const bits: string[] = [];
	if (q.idnumber) bits.push(`[id:${oneLine(q.idnumber).replaceAll(']', '\\]')}]`);
	for (const tag of q.tags ?? []) bits.push(`[tag:${oneLine(tag).replaceAll(']', '\\]')}]`);
	if (bits.length) out += `// ${bits.join(' ')}\n`;
	return out;
}

function generalFeedback(q: QuestionData, indent: string): string {
	const gf = text(q.generalfeedback ?? '', q.generalfeedbackformat, q.questiontextformat);
	if (!gf) return '';
	return indent ? `${indent}####${gf}\n` : `####${gf}`;
}

function trueFalse(q: QuestionData): string {
	const index = (word: string, fallback: number) => {
		const i = q.answers.findIndex((a) => a.text.trim().toLowerCase() === word);
		return i >= 0 ? i : fallback;
	};
	const t: QuestionAnswer | undefined = q.answers[index('true', 0)];
	const f: QuestionAnswer | undefined = q.answers[index('false', 1)];
	const fb = (a: QuestionAnswer | undefined) => (a ? text(a.feedback, a.feedbackformat, q.questiontextformat) : '');
	const isTrue = (t?.fraction ?? 0) >= 1 - EPSILON;
	const [right, wrong] = isTrue ? [fb(t), fb(f)] : [fb(f), fb(t)];
	let out = `{${isTrue ? 'TRUE' : 'FALSE'}`;
	if (wrong) out += `#${wrong}`;
	else if (right) out += '#';
	if (right) out += `#${right}`;
	return `${out}${generalFeedback(q, '')}}\n`;
}

function multichoice(q: QuestionData): string {
	const single = q.single ?? q.answers.some((a) => a.fraction >= 1 - EPSILON);
	let out = '{\n';
	for (const a of q.answers) {
		const mark =
			Math.abs(a.fraction - 1) < EPSILON && single ? '=' : a.fraction === 0 ? '~' : `~%${phpNumber(a.fraction * 100)}%`;
		out += `\t${mark}${text(a.text, a.format, q.questiontextformat, true)}`;
		if (a.feedback !== '') out += `#${text(a.feedback, a.feedbackformat, q.questiontextformat)}`;
		out += '\n';
	}
	return `${out}${generalFeedback(q, '\t')}}\n`;
}

/** Short answers: the answer's format means nothing to Moodle; it is written only when needed. */
function shortanswer(q: QuestionData): string {
	let out = '{\n';
	for (const a of q.answers) {
		const answer = a.text.startsWith('[') ? `[${q.questiontextformat}]${escapeText(a.text)}` : escapeText(a.text);
		out += `\t=%${phpNumber(a.fraction * 100)}%${answer}#${text(a.feedback, a.feedbackformat, q.questiontextformat)}\n`;
	}
	return `${out}${generalFeedback(q, '\t')}}\n`;
}

function numerical(q: QuestionData): string {
	let out = '{#\n';
	for (const a of q.answers) {
		const feedback = text(a.feedback, a.feedbackformat, q.questiontextformat);
		if (a.text !== '' && a.text !== '*') {
			out += `\t=%${phpNumber(a.fraction * 100)}%${a.text}:${phpNumber(Number(a.tolerance ?? 0))}#${feedback}\n`;
		} else out += `\t~#${feedback}\n`;
	}
	return `${out}${generalFeedback(q, '\t')}}\n`;
}

function match(q: QuestionData): string {
	let out = '{\n';
	for (const s of q.subquestions) {
		out += `\t=${text(s.text, s.format, q.questiontextformat)} -> ${escapeText(s.answer)}\n`;
	}
	return `${out}${generalFeedback(q, '\t')}}\n`;
}

/** One question, as Moodle writes it (ending with a blank line). */
export function exportQuestion(q: ExportableQuestion): string {
	let out = header(q);
	out += `::${escapeText(q.name)}::${text(q.questiontext, q.questiontextformat, 'moodle')}`;
	switch (q.qtype) {
		case 'description':
			out += '\n';
			break;
		case 'essay':
			out += `{${generalFeedback(q, '')}}\n`;
			break;
		case 'truefalse':
			out += trueFalse(q);
			break;
		case 'multichoice':
			out += multichoice(q);
			break;
		case 'shortanswer':
			out += shortanswer(q);
			break;
		case 'numerical':
			out += numerical(q);
			break;
		case 'match':
			out += match(q);
			break;
	}
	return `${out}\n`;
}

/** Questions → one GIFT file; `$CATEGORY:` lines where the category changes (null keeps the current one). */
export function exportGift(questions: ExportableQuestion[]): string {
	let out = '';
	let category: string | null = null;
	for (const q of questions) {
		if (q.category && q.category !== category) {
			category = q.category;
			// Moodle's own lines for a category switch.
			out += `// question: 0  name: Switch category to ${oneLine(category)}\n$CATEGORY: ${oneLine(category)}\n\n`;
		}
		out += exportQuestion(q);
	}
	return out;
}
