/**
 * The answer block of each GIFT question type, read as Moodle's readquestion() reads it (same
 * splitting on `~`, `=`, `#`, `->`, same defaults), with positions kept so every refusal says
 * where it is. Works on the decoded text (escaped characters are placeholders, see text.ts).
 */
import type { MatchSubquestion, QuestionAnswer, TextFormat } from '../question.types.ts';
import type { GiftErrorCode, GiftErrorParams } from './errors.ts';
import { isNumeric, phpNumber, phpTrim, post, splitFormat, trimSpan } from './text.ts';

export interface AnswerContext {
	/** The decoded question text. */
	s: string;
	/** Trimmed answer text (inside the braces, general feedback removed): [start, end). */
	start: number;
	end: number;
	/** Index of the opening brace, where question-wide errors point. */
	open: number;
	/** The question text's format, the default of every answer and feedback. */
	format: TextFormat;
	error(index: number, code: GiftErrorCode, params?: GiftErrorParams): void;
}

type Span = [number, number];
/** A part of the answer text: its trimmed span and where its marker (`~`, `=`) is. */
type Part = [number, number, number];

const EPSILON = 1e-7;

/** indexOf within [from, to) only: per-answer searches must not rescan the rest of a huge block. */
function indexIn(s: string, needle: string, from: number, to: number): number {
	const i = s.slice(from, to).indexOf(needle);
	return i === -1 ? -1 : from + i;
}

/** Moodle's explode on markers: `drop` markers vanish, a `keep` marker starts the next part. */
function split(ctx: AnswerContext, from: number, to: number, drop: string, keep = ''): Part[] {
	const parts: Part[] = [];
	let begin = from;
	let marker = from;
	for (let i = from; i < to; i++) {
		const c = ctx.s[i]!;
		if (drop.includes(c) || keep.includes(c)) {
			parts.push([...trimSpan(ctx.s, begin, i), marker]);
			begin = keep.includes(c) ? i : i + 1;
			marker = i;
		}
	}
	parts.push([...trimSpan(ctx.s, begin, to), marker]);
	if (parts[0]![0] === parts[0]![1]) parts.shift();
	return parts;
}

/** A text with its optional `[format]` prefix, as Moodle's parse_text_with_format. */
export function readText(ctx: Pick<AnswerContext, 's' | 'error'>, [from, to]: Span, format: TextFormat) {
	const [a, b] = trimSpan(ctx.s, from, to);
	const found = splitFormat(ctx.s.slice(a, b), format);
	if (found.unknown !== undefined) ctx.error(a, 'unknown_format', { format: found.unknown });
	return { text: phpTrim(post(found.text)), format: found.format, start: a + found.skip };
}

/** `answer#feedback` (Moodle's commentparser): the first `#` starts the feedback. */
function readAnswer(ctx: AnswerContext, [from, to]: Span) {
	const hash = indexIn(ctx.s, '#', from, to);
	const cut = hash === -1 ? to : hash;
	const answer = readText(ctx, [from, cut], ctx.format);
	const feedback = cut < to ? readText(ctx, [cut + 1, to], ctx.format) : { text: '', format: ctx.format };
	return { answer, feedback };
}

/**
 * A leading `%weight%`: null when there is none. Moodle reads `%-?[0-9]{1,2}.?[0-9]*%` and keeps
 * anything else as text; here a `%…%` that is not a number between -100 and 100, or a `%50`
 * without its closing `%`, is refused instead of silently becoming part of the answer.
 */
function readWeight(ctx: AnswerContext, [from, to]: Span): { fraction: number | null; next: number } {
	const s = ctx.s;
	if (s[from] !== '%') return { fraction: null, next: from };
	const close = indexIn(s, '%', from + 1, to);
	if (close === -1) {
		if (/[-+.,\d]/.test(s[from + 1] ?? '')) ctx.error(from, 'invalid_weight', { weight: s.slice(from, to) });
		return { fraction: null, next: from };
	}
	const raw = s.slice(from + 1, close);
	if (!/^-?(\d+\.?\d*|\.\d+)$/.test(raw)) {
		ctx.error(from, 'invalid_weight', { weight: post(s.slice(from, close + 1)) });
		return { fraction: null, next: close + 1 };
	}
	const percent = Number(raw);
	if (Math.abs(percent) > 100) ctx.error(from, 'weight_out_of_range', { weight: raw });
	return { fraction: (percent || 0) / 100, next: close + 1 };
}

function answerOf(a: ReturnType<typeof readAnswer>, fraction: number): QuestionAnswer {
	return {
		text: a.answer.text,
		format: a.answer.format,
		fraction,
		feedback: a.feedback.text,
		feedbackformat: a.feedback.format
	};
}

function tooFew(ctx: AnswerContext, parts: Part[], min: number) {
	if (parts.length >= min) return false;
	ctx.error(ctx.open, 'too_few_answers', { min, count: parts.length });
	return true;
}

export function multichoice(outer: AnswerContext): { answers: QuestionAnswer[]; single: boolean } {
	const { s } = outer;
	// The weights' sum is only worth checking when each weight could be read.
	let failed = false;
	const ctx: AnswerContext = { ...outer, error: (...args) => ((failed = true), outer.error(...args)) };
	const single = s.slice(ctx.start, ctx.end).includes('=');
	const parts = split(ctx, ctx.start, ctx.end, '~', '=');
	const answers: QuestionAnswer[] = [];
	if (tooFew(ctx, parts, 2)) return { answers, single };
	for (const [from, to, marker] of parts) {
		let fraction: number;
		let next: number;
		if (s[from] === '=') {
			fraction = 1;
			next = trimSpan(s, from + 1, to)[0];
			const w = /^%(-?\d+\.?\d*)%/.exec(s.slice(next, to));
			if (w) ctx.error(next, 'weight_after_equals', { weight: w[1]! });
		} else {
			const w = readWeight(ctx, [from, to]);
			fraction = w.fraction ?? 0;
			next = w.next;
		}
		const a = readAnswer(ctx, [next, to]);
		if (!a.answer.text) ctx.error(marker, 'empty_answer');
		answers.push(answerOf(a, fraction));
	}
	if (!single && !failed) {
		const total = Math.round(answers.reduce((sum, a) => sum + Math.max(0, a.fraction), 0) * 100) / 100;
		if (total !== 1) ctx.error(ctx.open, 'weights_sum', { total: phpNumber(total * 100) });
	}
	return { answers, single };
}

export function match(ctx: AnswerContext): MatchSubquestion[] {
	const { s } = ctx;
	const parts = split(ctx, ctx.start, ctx.end, '=');
	const subquestions: MatchSubquestion[] = [];
	if (tooFew(ctx, parts, 2)) return subquestions;
	for (const [from, to] of parts) {
		const arrow = indexIn(s, '->', from, to);
		if (arrow === -1) {
			ctx.error(from, 'match_without_arrow');
			continue;
		}
		const item = readText(ctx, [from, arrow], ctx.format);
		const answer = phpTrim(post(s.slice(arrow + 2, to)));
		if (!answer) ctx.error(arrow, 'empty_answer');
		subquestions.push({ text: item.text, format: item.format, answer });
	}
	// Items with an empty text are distractors (extra answers); there must be something to match.
	const items = subquestions.filter((q) => q.text !== '').length;
	if (subquestions.length === parts.length && items < 2)
		ctx.error(ctx.open, 'too_few_answers', { min: 2, count: items });
	return subquestions;
}

/** `{T#wrong#right}`: the first feedback is shown for the wrong choice, the second for the right one. */
export function truefalse(ctx: AnswerContext): QuestionAnswer[] {
	const { s, start, end } = ctx;
	const h1 = s.indexOf('#', start);
	const first = h1 !== -1 && h1 < end ? h1 : end;
	const h2 = first < end ? s.indexOf('#', first + 1) : -1;
	const second = h2 !== -1 && h2 < end ? h2 : end;
	const choice = phpTrim(s.slice(start, first));
	const none = { text: '', format: ctx.format };
	const wrong = first < end ? readText(ctx, [first + 1, second], ctx.format) : none;
	const right = second < end ? readText(ctx, [second + 1, end], ctx.format) : none;
	const correct = choice === 'T' || choice === 'TRUE';
	const [ft, ff] = correct ? [right, wrong] : [wrong, right];
	return [
		{ text: 'true', format: ctx.format, fraction: correct ? 1 : 0, feedback: ft.text, feedbackformat: ft.format },
		{ text: 'false', format: ctx.format, fraction: correct ? 0 : 1, feedback: ff.text, feedbackformat: ff.format }
	];
}

function needFull(ctx: AnswerContext, answers: QuestionAnswer[]) {
	if (answers.length && !answers.some((a) => a.fraction >= 1 - EPSILON)) ctx.error(ctx.open, 'no_full_answer');
}

export function shortanswer(ctx: AnswerContext): QuestionAnswer[] {
	const parts = split(ctx, ctx.start, ctx.end, '=');
	const answers: QuestionAnswer[] = [];
	if (tooFew(ctx, parts, 1)) return answers;
	for (const [from, to, marker] of parts) {
		const w = readWeight(ctx, [from, to]);
		const a = readAnswer(ctx, [w.next, to]);
		if (!a.answer.text) ctx.error(marker, 'empty_answer');
		answers.push(answerOf(a, w.fraction ?? 1));
	}
	needFull(ctx, answers);
	return answers;
}

/** A numerical answer: `n`, `n:tolerance` or `min..max` (midpoint ± half the width). */
function number(ctx: AnswerContext, text: string, at: number): { text: string; tolerance: number } | null {
	const bad = (value: string) => (ctx.error(at, 'bad_number', { value }), null);
	const dots = text.indexOf('..');
	if (dots > 0) {
		const min = phpTrim(text.slice(0, dots));
		const max = phpTrim(text.slice(dots + 2));
		if (!isNumeric(min)) return bad(min);
		if (!isNumeric(max)) return bad(max);
		if (Number(min) > Number(max)) return (ctx.error(at, 'bad_range', { min, max }), null);
		// Moodle keeps the binary noise ((3.141 + 3.142) / 2 = 3.1414999…); 12 digits drop it.
		const mid = Number(((Number(max) + Number(min)) / 2).toPrecision(12));
		return { text: phpNumber(mid), tolerance: Number((Number(max) - mid).toPrecision(12)) };
	}
	const colon = text.indexOf(':');
	const value = colon > 0 ? phpTrim(text.slice(0, colon)) : text;
	const tolerance = colon > 0 ? phpTrim(text.slice(colon + 1)) : '0';
	if (!isNumeric(value) && value !== '*') return bad(value);
	if (!isNumeric(tolerance)) return bad(tolerance);
	return { text: value, tolerance: Number(tolerance) };
}

/** `{#…}`; a `~#feedback` part adds Moodle's catch-all answer `*` worth 0. */
export function numerical(ctx: AnswerContext): QuestionAnswer[] {
	const { s, end } = ctx;
	const body = ctx.start + 1;
	const tilde = s.indexOf('~', body);
	const bodyEnd = tilde !== -1 && tilde < end ? tilde : end;
	const parts = split(ctx, body, bodyEnd, '=');
	const answers: QuestionAnswer[] = [];
	if (tooFew(ctx, parts, 1)) return answers;
	for (const [from, to, marker] of parts) {
		const w = readWeight(ctx, [from, to]);
		const a = readAnswer(ctx, [w.next, to]);
		if (!a.answer.text) {
			ctx.error(marker, 'empty_answer');
			continue;
		}
		const n = number(ctx, a.answer.text, a.answer.start);
		if (n) answers.push({ ...answerOf(a, w.fraction ?? 1), text: n.text, tolerance: n.tolerance });
	}
	needFull(ctx, answers);
	if (bodyEnd < end) {
		const hash = s.indexOf('#', bodyEnd);
		const feedback =
			hash !== -1 && hash < end ? readText(ctx, [hash + 1, end], ctx.format) : { text: '', format: ctx.format };
		answers.push({
			text: '*',
			format: ctx.format,
			fraction: 0,
			feedback: feedback.text,
			feedbackformat: feedback.format
		});
	}
	return answers;
}
