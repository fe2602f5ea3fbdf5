/**
 * GIFT conformance against Moodle's own files (../shared/fixtures/gift/moodle, read where they
 * are): every single-question fixture must import with exactly the facts of moodle_expected.json
 * (Moodle's PHPUnit assertions for m01–m14, format.php's logic for m15 and e01–e15), the comment
 * tag cases must extract the same idnumber and tags, and Moodle's whole examples.txt and import
 * fixture must read without an error (the export cases are in gift.export.test.ts).
 * Every key of the expected facts is either checked or listed in IGNORED with the reason.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { QuestionData, TextFormat } from '../question.types.ts';
import { parseGift, type ParsedQuestion } from './parse.ts';
import { extractIdnumberAndTags } from './text.ts';

const ROOT = fileURLToPath(new URL('../../../../../../../shared/fixtures/gift/moodle/', import.meta.url));
if (!existsSync(`${ROOT}moodle_expected.json`)) {
	throw new Error(`GIFT fixtures missing: expected ${ROOT} (the shared fixtures folder beside the checkout)`);
}
const read = (file: string) => readFileSync(`${ROOT}${file}`, 'utf8');
const expected = JSON.parse(read('moodle_expected.json'));

/** Moodle's fields that Essaim's question shape does not keep (they are Moodle's defaults or UI settings). */
const IGNORED = new Set([
	'responseformat', // essay: Moodle's editor settings
	'responsefieldlines',
	'attachments',
	'graderinfo',
	'answernumbering', // multichoice: a site setting in Moodle
	'combinedfeedback_format', // Essaim has no combined feedback
	'length' // 0 for descriptions: follows from qtype
]);

type Json = Record<string, unknown>;
type Text = { text: string; format: TextFormat };

function trueFalse(q: QuestionData) {
	const t = q.answers.find((a) => a.text === 'true')!;
	const f = q.answers.find((a) => a.text === 'false')!;
	return { t, f };
}

/** Compares one of Moodle's expected keys with the parsed question. */
function check(q: ParsedQuestion, key: string, value: unknown) {
	const texts = (list: Text[]) => list.map((x) => ({ text: x.text, format: x.format }));
	switch (key) {
		case 'qtype':
		case 'questiontext':
		case 'questiontextformat':
		case 'generalfeedback':
		case 'generalfeedbackformat':
		case 'defaultmark':
		case 'penalty':
		case 'idnumber':
		case 'tags':
		case 'category':
			return expect(q[key], key).toEqual(value);
		case 'name':
			// "(default: …)": Moodle's create_default_question_name (a short text is its own name).
			if (String(value).startsWith('(default')) return expect(q.name).toBe(q.questiontext);
			return expect(q.name).toBe(value);
		case 'single':
			return expect(q.single).toBe(value === 1);
		case 'shuffleanswers':
			return expect(q.shuffleanswers).toBe(value === '1');
		case 'answer':
			return (value as Array<string | Text>).forEach(
				(a, i) => {
					if (typeof a === 'string') expect(q.answers[i]!.text).toBe(a);
					else expect({ text: q.answers[i]!.text, format: q.answers[i]!.format }).toEqual(a);
				},
				expect(q.answers).toHaveLength((value as unknown[]).length)
			);
		case 'answer_texts':
			return expect(q.answers.map((a) => a.text)).toEqual(value);
		case 'fraction':
			return expect(q.answers.map((a) => a.fraction)).toEqual(value);
		case 'feedback':
			return expect(texts(q.answers.map((a) => ({ text: a.feedback, format: a.feedbackformat })))).toEqual(value);
		case 'feedback_texts':
			return expect(q.answers.map((a) => a.feedback)).toEqual(value);
		case 'feedback_texts_start':
			expect(q.answers).toHaveLength((value as string[]).length);
			return (value as string[]).forEach((start, i) => expect(q.answers[i]!.feedback.startsWith(start)).toBe(true));
		case 'tolerance':
			expect(q.answers).toHaveLength((value as unknown[]).length);
			return (value as Array<number | string>).forEach((t, i) => {
				const got = q.answers[i]!.tolerance;
				// Moodle's "" is the catch-all answer's tolerance: none.
				if (t === '') expect(got).toBeUndefined();
				else expect(got).toBeCloseTo(Number(t), 9);
			});
		case 'subquestions':
			return expect(texts(q.subquestions)).toEqual(value);
		case 'subquestion_texts':
			return expect(q.subquestions.map((s) => s.text)).toEqual(value);
		case 'subanswers':
			return expect(q.subquestions.map((s) => s.answer)).toEqual(value);
		case 'correctanswer':
			return expect(trueFalse(q).t.fraction).toBe(value === 1 ? 1 : 0);
		case 'feedbacktrue':
		case 'feedbackfalse': {
			const a = key === 'feedbacktrue' ? trueFalse(q).t : trueFalse(q).f;
			return expect({ text: a.feedback, format: a.feedbackformat }).toEqual(value);
		}
		default:
			if (!IGNORED.has(key)) throw new Error(`expected key "${key}" is neither checked nor ignored`);
	}
}

function checkAll(q: ParsedQuestion, facts: Json) {
	for (const [key, value] of Object.entries(facts)) {
		// Numerical answers given as numbers (a range's midpoint) compare as numbers.
		if (key === 'answer' && (value as unknown[]).every((v) => typeof v === 'number')) {
			(value as number[]).forEach((n, i) => expect(Number(q.answers[i]!.text)).toBeCloseTo(n, 9));
			continue;
		}
		check(q, key, value);
	}
}

describe('Moodle GIFT fixtures import with the expected facts', () => {
	for (const c of expected.cases as Array<{ file: string; expected?: Json; expected_sequence?: Json[] }>) {
		it(c.file, () => {
			const { questions, errors } = parseGift(read(c.file));
			expect(errors).toEqual([]);
			if (c.expected) {
				expect(questions).toHaveLength(1);
				checkAll(questions[0]!, c.expected);
				return;
			}
			// A sequence: category switches, then questions in that category.
			let category: string | null = null;
			const items = c.expected_sequence!.filter((item) => {
				if (item.qtype !== 'category') return true;
				category = item.category as string;
				return false;
			});
			expect(questions).toHaveLength(items.length);
			items.forEach((item, i) => checkAll(questions[i]!, { ...item, category }));
		});
	}
});

describe('[id:…] and [tag:…] in comments (Moodle test_extract_idnumber_and_tags_from_comment)', () => {
	for (const c of expected.comment_tag_cases.cases as Array<{
		name: string;
		comment: string;
		idnumber: string;
		tags: string[];
	}>) {
		it(c.name, () => {
			expect(extractIdnumberAndTags(c.comment)).toEqual({ idnumber: c.idnumber, tags: c.tags });
		});
	}
});

describe('whole Moodle files', () => {
	it('examples.txt parses without an error', () => {
		const { questions, errors } = parseGift(read('moodle_examples.txt'));
		expect(errors).toEqual([]);
		expect(questions).toHaveLength(43);
		expect(questions.every((q) => q.category === null)).toBe(true);
	});

	it('the import fixture gives Moodle\'s "Importing 9 questions from file", and exports to Moodle\'s size', () => {
		const { questions, errors } = parseGift(read('moodle_fixture_questions.gift.txt'));
		expect(errors).toEqual([]);
		expect(questions.map((q) => q.qtype)).toEqual([
			'essay',
			'match',
			'multichoice',
			'multichoice',
			'numerical',
			'shortanswer',
			'truefalse',
			'truefalse',
			'truefalse'
		]);
		// Two questions end with a stray `";` after the brace: missing-word questions.
		expect(questions[4]!.questiontext).toBe('What is a number from 1 to 5? _____";');
		expect(questions[6]!.generalfeedback).toBe("This is, of course, a Hitchiker's Guide to the Galaxy reference.");
		// (Behat also says Moodle's export of those 9 is 1650–1800 bytes; that depends on ids and a
		// category name the fixture does not give, so it is not asserted here.)
	});
});
