/**
 * What the browser may see of a question before the attempt is submitted: texts as safe HTML
 * and the choices to pick from — never fractions, feedback, the accepted answers or which
 * match goes with which. Answer orders are shuffled from a seed stored in the attempt, so a
 * resumed attempt shows the same order.
 */
import type { QType, QuestionData } from '../questions/question.types.ts';
import { BLANK, isSingle, matchItems, trueFalseIndex } from './grading.ts';
import { renderInline, renderText } from './render.ts';

export interface PublicChoice {
	/** The answer's index in the version (what the form posts back). */
	value: number;
	html: string;
	/** The answer as plain text (for a drop-down list in a missing-word question). */
	text: string;
}

export interface PublicQuestion {
	qtype: QType;
	/** The question text; for a missing-word question, the text around the blank instead. */
	html: string;
	blank: { before: string; after: string } | null;
	image: { src: string; alt: string } | null;
	/** Multichoice: one answer (radios) or several (checkboxes). */
	single: boolean;
	/** Multichoice and true/false (true/false: the component labels them). */
	choices: PublicChoice[];
	/** Match: the items to pair, and the possible answers (shuffled or sorted, never paired). */
	items: { index: number; html: string }[];
	options: string[];
	/** Marks this question is worth in the quiz. */
	mark: number;
}

/** mulberry32: a small deterministic generator (shuffles only, nothing secret). */
export function seededRandom(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function shuffled<T>(list: readonly T[], seed: number): T[] {
	const out = [...list];
	const random = seededRandom(seed);
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out;
}

/** Missing-word questions: multichoice (single) or short answer whose text holds `_____`. */
export function hasBlank(q: QuestionData): boolean {
	return ((q.qtype === 'multichoice' && isSingle(q)) || q.qtype === 'shortanswer') && q.questiontext.includes(BLANK);
}

export interface PublicOptions {
	/** Seed of this attempt's answer order; null keeps the author's order. */
	shuffleSeed?: number | null;
	mark?: number;
}

export function publicQuestion(q: QuestionData, opts: PublicOptions = {}): PublicQuestion {
	const seed = opts.shuffleSeed ?? null;
	const blank = hasBlank(q);
	let blankParts: PublicQuestion['blank'] = null;
	if (blank) {
		const at = q.questiontext.indexOf(BLANK);
		blankParts = {
			before: renderInline(q.questiontext.slice(0, at), q.questiontextformat),
			after: renderInline(q.questiontext.slice(at + BLANK.length), q.questiontextformat)
		};
	}
	let choices: PublicChoice[] = [];
	if (q.qtype === 'multichoice') {
		choices = q.answers.map((a, value) => ({ value, html: renderInline(a.text, a.format), text: a.text }));
		if (seed !== null && q.shuffleanswers !== false) choices = shuffled(choices, seed);
	} else if (q.qtype === 'truefalse') {
		choices = [
			{ value: trueFalseIndex(q, true), html: '', text: '' },
			{ value: trueFalseIndex(q, false), html: '', text: '' }
		];
	}
	let items: PublicQuestion['items'] = [];
	let options: string[] = [];
	if (q.qtype === 'match') {
		items = matchItems(q).map((s) => ({ index: s.index, html: renderInline(s.text, s.format) }));
		const unique = [...new Set(q.subquestions.map((s) => s.answer.trim()).filter(Boolean))];
		options = seed !== null ? shuffled(unique, seed) : unique.sort((a, b) => a.localeCompare(b));
	}
	return {
		qtype: q.qtype,
		html: blank ? '' : renderText(q.questiontext, q.questiontextformat),
		blank: blankParts,
		image: q.image?.key ? { src: `/files/${encodeURIComponent(q.image.key)}`, alt: q.image.alt } : null,
		single: q.qtype === 'truefalse' || (q.qtype === 'multichoice' && isSingle(q)),
		choices,
		items,
		options,
		mark: opts.mark ?? q.defaultmark
	};
}
