/**
 * exportGift: Moodle's export tests byte for byte (export_cases of
 * ../shared/fixtures/gift/moodle/moodle_expected.json, inputs rebuilt from giftformat_test.php),
 * and what this exporter adds so that its output reads back as the same questions.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TextFormat } from '../question.types.ts';
import { exportGift, exportQuestion, type ExportableQuestion } from './export.ts';
import { parseGift } from './parse.ts';

const FILE = fileURLToPath(
	new URL('../../../../../../../shared/fixtures/gift/moodle/moodle_expected.json', import.meta.url)
);
if (!existsSync(FILE))
	throw new Error(`GIFT fixtures missing: expected ${FILE} (the shared fixtures folder beside the checkout)`);
const expected = JSON.parse(readFileSync(FILE, 'utf8'));
const FORMATS: TextFormat[] = ['moodle', 'html', 'plain', 'markdown'];

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

describe("what the exporter adds to Moodle's output", () => {
	it('$CATEGORY: lines where the category changes; null keeps the current one', () => {
		const gift = exportGift([
			q({ id: undefined, name: 'A', category: 'maths' }),
			q({ id: undefined, name: 'B', category: null }),
			q({ id: undefined, name: 'C', category: 'maths' }),
			q({ id: undefined, name: 'D', category: 'maths/algebra' })
		]);
		expect(gift.match(/^\$CATEGORY: .*$/gm)).toEqual(['$CATEGORY: maths', '$CATEGORY: maths/algebra']);
		expect(parseGift(gift).questions.map((x) => [x.name, x.category])).toEqual([
			['A', 'maths'],
			['B', 'maths'],
			['C', 'maths'],
			['D', 'maths/algebra']
		]);
	});
	it('idnumber and tags in a comment, `]` escaped; a name in the header never reads as a tag', () => {
		const out = exportQuestion(q({ id: 7, name: 'Odd [tag:x]\nname', idnumber: 'a]b', tags: ['t]1', 'two'] }));
		expect(out.split('\n').slice(0, 2)).toEqual([
			'// question: 7  name: Odd [ tag:x] name',
			'// [id:a\\]b] [tag:t\\]1] [tag:two]'
		]);
		expect(parseGift(out).questions[0]).toMatchObject({
			name: 'Odd [tag:x]\nname',
			idnumber: 'a]b',
			tags: ['t]1', 'two']
		});
	});
	it('a format before a text that starts with `[`, or a choice that starts with `%`', () => {
		const question = q({
			qtype: 'multichoice',
			questiontext: '[html] is not a format here',
			single: true,
			answers: [ans('%5 off', 1), ans('[b]', 0, '[x] feedback')]
		});
		const out = exportQuestion(question);
		expect(out).toContain('::Q8::[moodle][html] is not a format here{');
		expect(out).toContain('\t=[moodle]%5 off\n');
		expect(out).toContain('\t~[moodle][b]#[moodle][x] feedback\n');
		const back = parseGift(out);
		expect(back.errors).toEqual([]);
		expect(back.questions[0]).toMatchObject({
			questiontext: '[html] is not a format here',
			answers: [{ text: '%5 off' }, { text: '[b]', feedback: '[x] feedback' }]
		});
	});
	it('a description ends with a blank line, so the next question stays apart', () => {
		const out = exportGift([q({ qtype: 'description', name: 'D', questiontext: 'Read this.' }), q({ name: 'E' })]);
		expect(parseGift(out).questions.map((x) => [x.qtype, x.name])).toEqual([
			['description', 'D'],
			['essay', 'E']
		]);
	});
});
