/**
 * GIFT conformance against Moodle's own files (../shared/fixtures/gift/moodle, read where they
 * are): every single-question fixture must import with exactly the facts of moodle_expected.json
 * (Moodle's PHPUnit assertions for m01–m14, format.php's logic for m15 and e01–e15), the comment
 * tag cases must extract the same idnumber and tags, Moodle's export tests must come out byte for
 * byte, and Moodle's whole examples.txt and import fixture must read without an error.
 * Every key of the expected facts is either checked or listed in IGNORED with the reason.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { QuestionData, TextFormat } from '../question.types.ts';
import { exportQuestion, type ExportableQuestion } from './export.ts';
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
const FORMATS: TextFormat[] = ['moodle', 'html', 'plain', 'markdown'];

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

/** The questions of Moodle's export tests, rebuilt from giftformat_test.php's $qdata. */
function q(fields: Partial<ExportableQuestion>): ExportableQuestion {
	return {
		qtype: 'essay',
		name: 'Q8',
		questiontext: '',
		questiontextformat: 'moodle',
		generalfeedback: '',
		generalfeedbackformat: 'moodle',
		defaultmark: 1,
		penalty: 0.3333333,
		answers: [],
		subquestions: [],
		tags: [],
		idnumber: '',
		id: 666,
		...fields
	};
}
const ans = (
	text: string,
	fraction: number,
	feedback = '',
	format: TextFormat = 'moodle',
	feedbackformat: TextFormat = 'moodle',
	tolerance?: number
) => ({
	text,
	format,
	fraction,
	feedback,
	feedbackformat,
	...(tolerance === undefined ? {} : { tolerance })
});
const SPECTRUM = "What's between orange and green in the spectrum?";
const ANIMALS = [
	ans('Frog', 1, 'Good!'),
	ans('Cat', 0.5, 'What is it with Moodlers and cats?'),
	ans('*', 0, 'Completely wrong')
];

const EXPORT_INPUTS: Record<string, ExportableQuestion> = {
	test_export_essay: q({ questiontext: 'How are you?' }),
	test_export_match: q({
		qtype: 'match',
		name: 'Moodle activities',
		questiontext: 'Match the <b>activity</b> to the description.',
		questiontextformat: 'html',
		generalfeedbackformat: 'html',
		subquestions: [
			{
				text: '<div class="frog">An activity supporting asynchronous discussions.</div>',
				format: 'html',
				answer: 'Forum'
			},
			{
				text: 'A teacher asks a question and specifies a choice of multiple responses.',
				format: 'moodle',
				answer: 'Choice'
			},
			{ text: 'A bank of record entries which participants can add to.', format: 'plain', answer: 'Database' },
			{ text: 'A collection of web pages that anyone can add to or edit.', format: 'markdown', answer: 'Wiki' },
			{ text: '', format: 'markdown', answer: 'Chat' }
		]
	}),
	test_export_multichoice: q({
		qtype: 'multichoice',
		questiontext: SPECTRUM,
		single: true,
		answers: [
			ans('yellow', 1, 'right; good!'),
			ans('red', 0, "wrong, it's yellow", 'moodle', 'html'),
			ans('blue', 0, "wrong, it's yellow", 'plain')
		]
	}),
	test_export_multichoice_multi_tricky: q({
		qtype: 'multichoice',
		questiontext: SPECTRUM,
		single: false,
		answers: [
			ans('yellow', 1, 'right; good!'),
			ans('red', -0.5, "wrong, it's yellow"),
			ans('blue', -0.5, "wrong, it's yellow")
		]
	}),
	test_export_numerical: q({
		qtype: 'numerical',
		name: 'Q5',
		questiontext: 'What is a number from 1 to 5?',
		penalty: 1,
		answers: [ans('3', 1, '', 'moodle', 'moodle', 2), ans('*', 0, 'Completely wrong', 'moodle', 'moodle', 0)]
	}),
	test_export_shortanswer: q({
		qtype: 'shortanswer',
		name: 'Shortanswer',
		questiontext: 'Which is the best animal?',
		answers: ANIMALS
	}),
	test_export_shortanswer_with_general_feedback: q({
		qtype: 'shortanswer',
		name: 'Shortanswer',
		questiontext: 'Which is the best animal?',
		generalfeedback: 'Here is some general feedback!',
		generalfeedbackformat: 'html',
		answers: ANIMALS
	}),
	test_export_truefalse: q({
		qtype: 'truefalse',
		name: 'Q1',
		questiontext: '42 is the Absolute Answer to everything.',
		answers: [
			ans('true', 1, 'You gave the right answer.'),
			ans('false', 0, '42 is the Ultimate Answer.', 'moodle', 'html')
		]
	}),
	test_export_backslash: q({ name: 'backslash', questiontext: 'A \\ B \\\\ C' }),
	test_export_question_with_tags_and_idnumber: q({
		qtype: 'truefalse',
		id: 31,
		name: 'True/false question',
		questiontext: 'The answer is true.',
		questiontextformat: 'html',
		generalfeedback: 'You should have selected true.',
		generalfeedbackformat: 'html',
		idnumber: 'myid',
		tags: ['tag1', 'tag2'],
		answers: [
			ans('true', 1, 'This is the right answer.', 'html', 'html'),
			ans('false', 0, 'This is the wrong answer.', 'html', 'html')
		]
	})
};

describe("Moodle's export tests come out byte for byte", () => {
	for (const c of expected.export_cases.cases as Array<{
		moodle_test: string;
		expected_gift: string;
		input_questiontext?: string;
	}>) {
		it(c.moodle_test, () => {
			const input = EXPORT_INPUTS[c.moodle_test];
			expect(input, `no input for ${c.moodle_test}`).toBeDefined();
			if (c.input_questiontext) expect(input!.questiontext).toBe(c.input_questiontext);
			expect(exportQuestion(input!)).toBe(c.expected_gift.replace('{id}', String(input!.id)));
			// And each reads back as the question it came from.
			const back = parseGift(exportQuestion(input!));
			expect(back.errors).toEqual([]);
			expect(back.questions[0]!.questiontext).toBe(input!.questiontext);
		});
	}
	it('every format name is one Moodle writes', () => {
		expect(FORMATS.map((f) => exportQuestion(q({ questiontext: 'x', questiontextformat: f })).split('::')[2])).toEqual([
			'x{}\n\n',
			'[html]x{}\n\n',
			'[plain]x{}\n\n',
			'[markdown]x{}\n\n'
		]);
	});
});
