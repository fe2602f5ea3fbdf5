/**
 * GIFT (Moodle's text format for questions) → questions in Moodle's shape. Follows Moodle's
 * qformat_gift::readquestion() so files written for Moodle import the same here (see
 * gift.conformance.test.ts), with two differences: input Moodle would silently misread (an
 * unclosed brace, a weight of 150 %, `3,14` as a number, a `[foo]` format…) is refused with the
 * line and column of the problem, and the indentation inside a question is kept.
 *
 * Questions are separated by blank lines; `//` lines are comments (their `[id:…]` and `[tag:…]`
 * set the question's idnumber and tags); `$CATEGORY: path` sets the category of the questions
 * that follow. A question with an error is left out, the others are returned. Never throws.
 */
import type { QType, QuestionData, TextFormat } from '../question.types.ts';
import * as read from './answers.ts';
import { giftError, type GiftError, type GiftErrorCode, type GiftErrorParams } from './errors.ts';
import {
	cleanQuestionName,
	decode,
	defaultQuestionName,
	extractIdnumberAndTags,
	phpTrim,
	post,
	splitFormat,
	trimSpan
} from './text.ts';

export type { GiftError } from './errors.ts';

export type ParsedQuestion = QuestionData & {
	/** The path of the last `$CATEGORY:` before the question, or null. */
	category: string | null;
	/** 1-based line where the question starts (its first line that is not a comment). */
	line: number;
};

export interface GiftParseResult {
	questions: ParsedQuestion[];
	errors: GiftError[];
}

interface Block {
	lines: string[];
	/** 1-based line number of each line. */
	numbers: number[];
}

/** Enough to fix a question; a question of 10,000 empty answers does not need 10,000 messages. */
const MAX_ERRORS_PER_QUESTION = 20;

const isComment = (line: string) => phpTrim(line).startsWith('//');
const isBlank = (line: string) => phpTrim(line) === '';

export function parseGift(text: string): GiftParseResult {
	const result: GiftParseResult = { questions: [], errors: [] };
	const lines = String(text ?? '')
		.replace(/^\uFEFF/, '')
		.split(/\r\n|\r|\n/);
	const state = { category: null as string | null };
	let block: Block = { lines: [], numbers: [] };
	const flush = () => {
		if (block.lines.length) readBlock(block, state, result);
		block = { lines: [], numbers: [] };
	};
	lines.forEach((line, i) => {
		if (isBlank(line)) flush();
		else {
			block.lines.push(line);
			block.numbers.push(i + 1);
		}
	});
	flush();
	return result;
}

function readBlock(block: Block, state: { category: string | null }, result: GiftParseResult) {
	const first = block.lines.findIndex((l) => !isComment(l));
	if (first === -1) return;
	const firstLine = block.numbers[first]!;
	try {
		const content = phpTrim(block.lines[first]!);
		if (content.startsWith('$CATEGORY:')) {
			const category = phpTrim(content.slice('$CATEGORY:'.length));
			const column = block.lines[first]!.indexOf('$CATEGORY:') + 1;
			if (category) state.category = category;
			else result.errors.push(giftError(firstLine, column, 'empty_category'));
			// Moodle would swallow the lines below into the category's name; read them as a question.
			const rest = { lines: block.lines.slice(first + 1), numbers: block.numbers.slice(first + 1) };
			if (rest.lines.length) readBlock(rest, state, result);
			return;
		}
		const found = readQuestion(block, firstLine);
		if (found.errors.length) result.errors.push(...found.errors);
		else if (found.question) result.questions.push({ ...found.question, category: state.category, line: firstLine });
	} catch {
		// Not expected (every path is tested with random input), but one question must never stop the file.
		result.errors.push(giftError(firstLine, 1, 'unreadable_question'));
	}
}

/** Moodle's readquestion() on one block of lines. */
function readQuestion(block: Block, firstLine: number): { question?: QuestionData; errors: GiftError[] } {
	let comments = '';
	const source = block.lines
		.map((line) => {
			if (!isComment(line)) return line;
			comments += `${phpTrim(line)}\n`;
			return ' ';
		})
		.join('\n');
	const starts = [0];
	for (let i = 0; i < source.length; i++) if (source[i] === '\n') starts.push(i + 1);
	const { s, pos } = decode(source);
	const errors: GiftError[] = [];
	const error = (index: number, code: GiftErrorCode, params: GiftErrorParams = {}) => {
		if (errors.length >= MAX_ERRORS_PER_QUESTION) return;
		const offset = index < pos.length ? pos[index]! : source.length;
		// The last line starting at or before the offset.
		let lo = 0;
		let hi = starts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (starts[mid]! <= offset) lo = mid;
			else hi = mid - 1;
		}
		errors.push(giftError(block.numbers[lo] ?? firstLine, offset - starts[lo]! + 1, code, params));
	};

	const trimmed = trimSpan(s, 0, s.length);
	const end = trimmed[1];
	let start = trimmed[0];
	let name: string | null = null;
	if (s.startsWith('::', start)) {
		const close = s.indexOf('::', start + 2);
		if (close === -1 || close >= end) {
			error(start, 'unclosed_name');
			start += 2;
		} else {
			name = cleanQuestionName(post(s.slice(start + 2, close)));
			start = trimSpan(s, close + 2, end)[0];
		}
	}

	// The answer block.
	const open = s.indexOf('{', start);
	const close = s.indexOf('}', start);
	const description = open === -1 && close === -1;
	if (!description) {
		if (open === -1 || (close !== -1 && close < open)) error(close, 'unopened_brace');
		else if (close === -1) error(open, 'unclosed_brace');
		else {
			const nested = s.indexOf('{', open + 1);
			if (nested !== -1 && nested < close) error(nested, 'nested_brace');
			else {
				const extra = [s.indexOf('{', close + 1), s.indexOf('}', close + 1)].filter((i) => i !== -1);
				if (extra.length) error(Math.min(...extra), 'extra_brace');
			}
		}
		if (errors.length) return { errors };
	}
	const atEnd = !description && close === end - 1;
	let questiontext = description
		? s.slice(start, end)
		: s.slice(start, open) + (atEnd ? '' : '_____') + s.slice(close + 1, end);

	let [aStart, aEnd] = description ? [0, 0] : trimSpan(s, open + 1, close);
	let generalfeedbackSpan: [number, number] | null = null;
	const gf = aEnd - aStart >= 4 ? s.lastIndexOf('####', aEnd - 4) : -1;
	if (gf >= aStart) {
		generalfeedbackSpan = [gf + 4, aEnd];
		[aStart, aEnd] = trimSpan(s, aStart, gf);
	}

	const qtext = splitFormat(phpTrim(questiontext), 'moodle');
	if (qtext.unknown !== undefined) error(start, 'unknown_format', { format: qtext.unknown });
	const format: TextFormat = qtext.format;
	questiontext = phpTrim(post(qtext.text));
	const generalfeedback = generalfeedbackSpan
		? read.readText({ s, error }, generalfeedbackSpan, format)
		: { text: '', format };

	const answertext = s.slice(aStart, aEnd);
	const qtype = typeOf(description, answertext);
	const { idnumber, tags } = extractIdnumberAndTags(comments);
	const question: QuestionData = {
		qtype,
		name: name ?? defaultQuestionName(questiontext),
		questiontext,
		questiontextformat: format,
		generalfeedback: generalfeedback.text,
		generalfeedbackformat: generalfeedback.format,
		defaultmark: qtype === 'description' ? 0 : 1,
		penalty: qtype === 'truefalse' ? 1 : 0.3333333,
		answers: [],
		subquestions: [],
		tags,
		idnumber
	};
	const ctx: read.AnswerContext = { s, start: aStart, end: aEnd, open, format, error };
	switch (qtype) {
		case 'essay':
			// `{}` in the middle of a sentence would make an essay with a blank in its text.
			if (!atEnd) error(open, 'empty_answer_block');
			break;
		case 'multichoice': {
			const { answers, single } = read.multichoice(ctx);
			Object.assign(question, { single, shuffleanswers: true, answers });
			break;
		}
		case 'match':
			Object.assign(question, { shuffleanswers: true, subquestions: read.match(ctx) });
			break;
		case 'truefalse':
			question.answers = read.truefalse(ctx);
			break;
		case 'shortanswer':
			Object.assign(question, { usecase: false, answers: read.shortanswer(ctx) });
			break;
		case 'numerical':
			question.answers = read.numerical(ctx);
			break;
	}
	return errors.length ? { errors } : { question, errors };
}

/** Moodle's order of tests: no braces, empty, `#`, `~`, `=` with `->`, T/F, else short answer. */
function typeOf(description: boolean, answertext: string): QType {
	if (description) return 'description';
	if (answertext === '') return 'essay';
	if (answertext[0] === '#') return 'numerical';
	if (answertext.includes('~')) return 'multichoice';
	if (answertext.includes('=') && answertext.includes('->')) return 'match';
	const hash = answertext.indexOf('#');
	const check = hash > 0 ? phpTrim(answertext.slice(0, hash)) : answertext;
	return ['T', 'TRUE', 'F', 'FALSE'].includes(check) ? 'truefalse' : 'shortanswer';
}
