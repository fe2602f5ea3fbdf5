/**
 * The grading engine: pure functions from a question version (Moodle's shape, see
 * questions/question.types.ts) and a learner's response to a fraction (0..1), a state and the
 * feedback of the chosen answers. No database, no rendering: attempts, practice checks,
 * statistics and tests call the same code.
 */
import type { QuestionAnswer, QuestionData, TextFormat } from '../questions/question.types.ts';

/**
 * A learner's response, the same shape for every qtype (only the fields of its qtype are read):
 * - multichoice single, truefalse: `choice` (the answer's index in the version's `answers`)
 * - multichoice multiple: `choices` (indexes)
 * - shortanswer, numerical, essay: `text`
 * - match: `pairs` (subquestion index → the chosen answer text)
 */
export interface Response {
	choice?: number | null;
	choices?: number[];
	text?: string;
	pairs?: Record<string, string>;
}

export type GradeState = 'correct' | 'partial' | 'wrong' | 'needsGrading' | 'unanswered';

export interface Feedback {
	text: string;
	format: TextFormat;
}

export interface Grade {
	fraction: number;
	state: GradeState;
	/** Feedback of the answer(s) the learner chose, in order (general feedback is separate). */
	feedback: Feedback[];
}

const EPSILON = 1e-7;
export const BLANK = '_____';

export const clamp01 = (n: number) => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0);

function stateOf(fraction: number): GradeState {
	if (fraction >= 1 - EPSILON) return 'correct';
	if (fraction > EPSILON) return 'partial';
	return 'wrong';
}

function result(fraction: number, feedback: Feedback[] = []): Grade {
	const f = clamp01(fraction);
	return { fraction: f, state: stateOf(f), feedback };
}

const unanswered = (): Grade => ({ fraction: 0, state: 'unanswered', feedback: [] });

function feedbackOf(answer: QuestionAnswer | undefined): Feedback[] {
	return answer?.feedback?.trim() ? [{ text: answer.feedback, format: answer.feedbackformat }] : [];
}

/** Is this a multichoice question with one answer to choose? (GIFT: an `=` answer exists.) */
export function isSingle(q: QuestionData): boolean {
	if (q.single !== undefined) return q.single;
	return q.answers.some((a) => a.fraction >= 1 - EPSILON);
}

/** The answer index standing for "true" in a true/false question (Moodle keeps two answers). */
export function trueFalseIndex(q: QuestionData, value: boolean): number {
	const words = value ? ['true', 'vrai', 't', 'v'] : ['false', 'faux', 'f'];
	const i = q.answers.findIndex((a) => words.includes(a.text.trim().toLowerCase()));
	if (i >= 0) return i;
	return value ? 0 : 1;
}

function gradeChoice(q: QuestionData, r: Response): Grade {
	const i = r.choice;
	if (i === undefined || i === null || !Number.isInteger(i)) return unanswered();
	const answer = q.answers[i];
	if (!answer) return unanswered();
	return result(answer.fraction, feedbackOf(answer));
}

function gradeMultiple(q: QuestionData, r: Response): Grade {
	const chosen = [...new Set(r.choices ?? [])].filter((i) => Number.isInteger(i) && q.answers[i]).sort((a, b) => a - b);
	if (!chosen.length) return unanswered();
	const sum = chosen.reduce((s, i) => s + q.answers[i]!.fraction, 0);
	return result(
		sum,
		chosen.flatMap((i) => feedbackOf(q.answers[i]))
	);
}

function escapeRegExp(s: string) {
	return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** Moodle's short-answer comparison: `*` matches anything, the rest literally; trimmed. */
export function shortAnswerMatches(pattern: string, response: string, usecase: boolean): boolean {
	const p = pattern.trim();
	const re = new RegExp(`^${p.split('*').map(escapeRegExp).join('.*')}$`, usecase ? 'su' : 'siu');
	return re.test(response.trim());
}

function gradeShort(q: QuestionData, r: Response): Grade {
	const text = (r.text ?? '').trim();
	if (!text) return unanswered();
	const answer = q.answers.find((a) => shortAnswerMatches(a.text, text, !!q.usecase));
	return answer ? result(answer.fraction, feedbackOf(answer)) : result(0);
}

/** A number as people type it: "3,14", " 1 000.5", "-2e3"; null when it is not one. */
export function parseNumber(text: string): number | null {
	const s = text
		.trim()
		.replace(/[\s\u00a0\u202f]/g, '')
		.replace(',', '.');
	if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
	const n = Number(s);
	return Number.isFinite(n) ? n : null;
}

function gradeNumerical(q: QuestionData, r: Response): Grade {
	const text = (r.text ?? '').trim();
	if (!text) return unanswered();
	const value = parseNumber(text);
	const answer = q.answers.find((a) => {
		if (a.text.trim() === '*') return true;
		if (value === null) return false;
		const expected = parseNumber(a.text);
		if (expected === null) return false;
		// A tiny epsilon so 0.1 + 0.2 style rounding never refuses an exact answer.
		return Math.abs(value - expected) <= Math.abs(a.tolerance ?? 0) + 1e-9 * Math.max(1, Math.abs(expected));
	});
	return answer ? result(answer.fraction, feedbackOf(answer)) : result(0);
}

/** Subquestions to match (those with an empty text are distractor answers only). */
export function matchItems(q: QuestionData) {
	return q.subquestions.map((s, index) => ({ ...s, index })).filter((s) => s.text.trim() !== '');
}

function gradeMatch(q: QuestionData, r: Response): Grade {
	const items = matchItems(q);
	if (!items.length) return unanswered();
	const pairs = r.pairs ?? {};
	const given = items.filter((s) => (pairs[String(s.index)] ?? '').trim() !== '');
	if (!given.length) return unanswered();
	const right = items.filter((s) => (pairs[String(s.index)] ?? '').trim() === s.answer.trim()).length;
	return result(right / items.length);
}

export function grade(q: QuestionData, r: Response | null | undefined): Grade {
	const response = r ?? {};
	switch (q.qtype) {
		case 'multichoice':
			return isSingle(q) ? gradeChoice(q, response) : gradeMultiple(q, response);
		case 'truefalse':
			return gradeChoice(q, response);
		case 'shortanswer':
			return gradeShort(q, response);
		case 'numerical':
			return gradeNumerical(q, response);
		case 'match':
			return gradeMatch(q, response);
		case 'essay':
			return (response.text ?? '').trim() ? { fraction: 0, state: 'needsGrading', feedback: [] } : unanswered();
		case 'description':
			return unanswered();
	}
}

/** Does this question count toward the score? (Descriptions never do.) */
export const isGraded = (q: QuestionData) => q.qtype !== 'description';

/** The right answer in words, for the review (plain text; the page escapes it). */
export function rightAnswer(q: QuestionData): string {
	switch (q.qtype) {
		case 'multichoice': {
			if (isSingle(q)) {
				const best = [...q.answers].sort((a, b) => b.fraction - a.fraction)[0];
				return best?.text ?? '';
			}
			return q.answers
				.filter((a) => a.fraction > 0)
				.map((a) => a.text)
				.join(' ; ');
		}
		case 'truefalse':
			return q.answers[trueFalseIndex(q, true)]?.fraction === 1 ? 'true' : 'false';
		case 'shortanswer': {
			const best = q.answers.find((a) => a.fraction >= 1 - EPSILON) ?? q.answers[0];
			return best?.text ?? '';
		}
		case 'numerical': {
			const best = q.answers.find((a) => a.fraction >= 1 - EPSILON && a.text.trim() !== '*');
			if (!best) return '';
			return best.tolerance ? `${best.text} ± ${best.tolerance}` : best.text;
		}
		case 'match':
			return matchItems(q)
				.map((s) => `${s.text} → ${s.answer}`)
				.join(' ; ');
		default:
			return '';
	}
}
