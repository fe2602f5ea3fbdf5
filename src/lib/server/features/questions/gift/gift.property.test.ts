/**
 * Property tests: for generated questions of every type, with awkward characters everywhere
 * (`{ } = ~ # : \` newlines, `[` and `%` at the start, tabs, accents, emoji) and every text format,
 * `parseGift(exportGift(qs))` gives back the same questions, in order, without an error. And no
 * input, however broken, makes parseGift throw.
 *
 * The generators keep to what GIFT can express (the exporter's doc says so): texts are trimmed
 * (Moodle trims them), an empty text has its question's format, names have no HTML tags (Moodle
 * strips them), a match item's text has no `->`, a short answer has no `->` in its answers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QuestionAnswer, QuestionData, TextFormat } from '../question.types.ts';
import { exportGift, type ExportableQuestion } from './export.ts';
import { parseGift } from './parse.ts';
import { phpTrim } from './text.ts';

const CHARS = [...'aZé _{}=~#:\\\n[]%->*./\t0١😀<&"', 'x', 'y', 'n'];
const raw = (max = 24) => fc.string({ unit: fc.constantFrom(...CHARS), maxLength: max });
const text = (max?: number) => raw(max).map(phpTrim);
const nonEmpty = (max?: number) => text(max).filter((t) => t !== '');
const format = fc.constantFrom<TextFormat>('moodle', 'html', 'plain', 'markdown');
/** Tags and idnumbers: what Moodle's [tag:…] pattern accepts, minus `[` and `\`. */
const word = fc
	.string({ unit: fc.constantFrom(...'abcXYZ-_ é]:'), minLength: 1, maxLength: 10 })
	.map(phpTrim)
	.filter((t) => t !== '');
const percent = (min: number, max: number) => fc.integer({ min, max }).map((p) => p / 100);

/** A text and its format; an empty text takes the default format (GIFT cannot say otherwise). */
const formatted = (def: TextFormat, t = text()) =>
	fc.tuple(t, format).map(([value, f]) => ({ text: value, format: value === '' ? def : f }));

function answer(fraction: number, value: string, answerFormat: TextFormat, fb: { text: string; format: TextFormat }) {
	return {
		text: value,
		format: answerFormat,
		fraction,
		feedback: fb.text,
		feedbackformat: fb.format
	} as QuestionAnswer;
}

type Body = Pick<QuestionData, 'answers' | 'subquestions'> & Partial<QuestionData>;

const bodies: Record<QuestionData['qtype'], (def: TextFormat) => fc.Arbitrary<Body>> = {
	description: () => fc.constant({ answers: [], subquestions: [], defaultmark: 0 }),
	essay: () => fc.constant({ answers: [], subquestions: [] }),
	truefalse: (def) =>
		fc.tuple(fc.boolean(), formatted(def), formatted(def)).map(([right, ft, ff]) => ({
			penalty: 1,
			subquestions: [],
			answers: [answer(right ? 1 : 0, 'true', def, ft), answer(right ? 0 : 1, 'false', def, ff)]
		})),
	multichoice: (def) =>
		fc
			.tuple(
				fc.boolean(),
				fc.array(fc.tuple(nonEmpty(), format, formatted(def)), { minLength: 2, maxLength: 5 }),
				fc.array(percent(-100, 99), { minLength: 5, maxLength: 5 }),
				fc.constantFrom([100], [50, 50], [25, 75], [30, 30, 40])
			)
			.map(([single, items, others, split]) => {
				// single: one answer worth 100 %; multiple: positive weights adding up to 100 %, the rest ≤ 0.
				const fractions = items.map((_, i) =>
					single ? (i === 0 ? 1 : others[i]!) : i < split.length ? split[i]! / 100 : -Math.abs(others[i]!) || 0
				);
				// A multiple-answer question needs at least as many answers as positive weights.
				const n = single ? items.length : Math.max(items.length, split.length);
				const all = Array.from({ length: n }, (_, i) => items[i % items.length]!);
				if (!single) for (let i = items.length; i < n; i++) fractions[i] = split[i]! / 100;
				return {
					single,
					shuffleanswers: true,
					subquestions: [],
					answers: all.map(([value, f, fb], i) => answer(fractions[i]!, value, f, fb))
				};
			}),
	shortanswer: (def) => {
		const noArrow = nonEmpty().filter((t) => !t.includes('->'));
		const fb = formatted(
			def,
			text().filter((t) => !t.includes('->'))
		);
		return fc
			.tuple(fc.array(fc.tuple(noArrow, fb, percent(-100, 100)), { minLength: 1, maxLength: 4 }), fc.nat())
			.map(([items, which]) => ({
				usecase: false,
				subquestions: [],
				answers: items.map(([value, f, p], i) => answer(i === which % items.length ? 1 : p, value, def, f))
			}));
	},
	numerical: (def) => {
		const num = fc.oneof(
			fc.integer({ min: -5000, max: 5000 }).map(String),
			fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String)
		);
		const tolerance = fc.oneof(
			fc.constant(0),
			fc.integer({ min: 0, max: 1000 }).map((n) => n / 100)
		);
		return fc
			.tuple(
				fc.array(fc.tuple(num, tolerance, formatted(def), percent(-100, 100)), { minLength: 1, maxLength: 3 }),
				fc.option(formatted(def))
			)
			.map(([items, catchAll]) => ({
				subquestions: [],
				answers: [
					...items.map(([value, tol, fb, p], i) => ({
						...answer(i === 0 ? 1 : p, value, def, fb),
						tolerance: tol
					})),
					...(catchAll ? [answer(0, '*', def, catchAll)] : [])
				]
			}));
	},
	match: (def) => {
		// Two items or more to match (no `->` in their text), then maybe distractors (no item text).
		const item = formatted(
			def,
			nonEmpty().filter((t) => !t.includes('->'))
		);
		return fc
			.tuple(
				fc.array(fc.tuple(item, nonEmpty()), { minLength: 2, maxLength: 4 }),
				fc.array(nonEmpty(), { maxLength: 2 })
			)
			.map(([items, distractors]) => ({
				shuffleanswers: true,
				answers: [],
				subquestions: [
					...items.map(([i, answerText]) => ({ text: i.text, format: i.format, answer: answerText })),
					...distractors.map((answerText) => ({ text: '', format: def, answer: answerText }))
				]
			}));
	}
};

const question: fc.Arbitrary<ExportableQuestion> = fc
	.tuple(
		fc.constantFrom(...(Object.keys(bodies) as QuestionData['qtype'][])),
		text(30).filter((t) => !t.includes('<')),
		formatted('moodle'),
		fc.option(fc.oneof(fc.nat(), fc.uuid())),
		fc.option(word),
		fc.array(word, { maxLength: 3 }),
		fc.option(word)
	)
	.chain(([qtype, name, qtext, id, idnumber, tags, category]) =>
		fc.tuple(bodies[qtype](qtext.format), formatted(qtext.format)).map(([body, gf]) => ({
			qtype,
			name,
			questiontext: qtext.text,
			questiontextformat: qtext.format,
			generalfeedback: qtype === 'description' ? '' : gf.text,
			generalfeedbackformat: qtype === 'description' ? qtext.format : gf.format,
			defaultmark: 1,
			penalty: 0.3333333,
			tags,
			idnumber: idnumber ?? '',
			...body,
			...(id === null ? {} : { id }),
			category
		}))
	);

describe('GIFT round trip', () => {
	it('parseGift(exportGift(questions)) gives back the questions', () => {
		fc.assert(
			fc.property(fc.array(question, { minLength: 1, maxLength: 6 }), (questions) => {
				const gift = exportGift(questions);
				const { questions: back, errors } = parseGift(gift);
				expect(errors).toEqual([]);
				let category: string | null = null;
				const expected = questions.map(({ id: _id, category: c, ...q }) => {
					if (c) category = c;
					return { ...q, category };
				});
				expect(back.map(({ line: _line, ...q }) => q)).toEqual(expected);
				// Each question's line is where its `::name::` is.
				for (const q of back) expect(gift.split('\n')[q.line - 1]!.startsWith('::')).toBe(true);
			}),
			{ numRuns: 300 }
		);
	});
});

describe('parseGift never throws', () => {
	const ok = (input: string) => {
		const { questions, errors } = parseGift(input);
		for (const e of errors) {
			expect(e.line).toBeGreaterThanOrEqual(1);
			expect(e.column).toBeGreaterThanOrEqual(1);
			expect(e.message).not.toBe('');
		}
		expect(Array.isArray(questions)).toBe(true);
	};
	it('on random text made of GIFT syntax', () => {
		fc.assert(fc.property(raw(200), ok), { numRuns: 1000 });
	});
	it('on any string', () => {
		fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 100 }), ok), { numRuns: 300 });
	});
	it('on exported questions with random damage', () => {
		fc.assert(
			fc.property(fc.array(question, { minLength: 1, maxLength: 3 }), fc.nat(), raw(5), (qs, at, junk) => {
				const gift = exportGift(qs);
				const i = at % (gift.length + 1);
				ok(gift.slice(0, i) + junk + gift.slice(i + 1));
			}),
			{ numRuns: 300 }
		);
	});
});
