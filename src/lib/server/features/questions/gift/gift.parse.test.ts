/**
 * parseGift on hand-written input: each refusal with its line and column, what is still read
 * around an error, and the details Moodle's fixtures do not cover.
 */
import { describe, expect, it } from 'vitest';
import { makeTranslator, type Messages } from '#lib/i18n/core.ts';
import { gift as enGift } from '#lib/i18n/en/gift.ts';
import { gift as frGift } from '#lib/i18n/fr/gift.ts';
import { translateGiftError, type GiftErrorCode } from './errors.ts';
import { parseGift } from './parse.ts';
import { defaultQuestionName, shortenText } from './text.ts';

/** The single error of `input`: code, line, column (and params when given). */
function refuses(input: string, code: GiftErrorCode, line: number, column: number, params?: Record<string, unknown>) {
	const { questions, errors } = parseGift(input);
	expect(questions).toEqual([]);
	expect(errors.map((e) => ({ code: e.code, line: e.line, column: e.column }))).toEqual([{ code, line, column }]);
	if (params) expect(errors[0]!.params).toEqual(params);
	expect(errors[0]!.message).toMatch(/\S/);
}

describe('refusals, with line and column', () => {
	it('an unclosed brace, where it opens', () => {
		refuses('Who is buried here? {=no one =nobody', 'unclosed_brace', 1, 21);
		refuses('// a comment\nFirst line\n  and the {~a =b\n~c', 'unclosed_brace', 3, 11);
	});
	it('a closing brace without an opening one', () => {
		refuses('Text } more {=a}', 'unopened_brace', 1, 6);
		refuses('Text =a}', 'unopened_brace', 1, 8);
	});
	it('a brace opened inside an answer block', () => {
		refuses('Q1 {=a =b\nQ2 {=c}', 'nested_brace', 2, 4);
	});
	it('a second answer block', () => {
		refuses('Two {=a} blocks {=b}', 'extra_brace', 1, 17);
		refuses('Two {=a} blocks }', 'extra_brace', 1, 17);
	});
	it('a name without its closing ::', () => {
		refuses('::Name only {=a}', 'unclosed_name', 1, 1);
	});
	it('an unknown [format], in the text, an answer or a feedback', () => {
		refuses('[foo]Text{}', 'unknown_format', 1, 1, { format: 'foo' });
		refuses('::n:: [HTML]Text{}', 'unknown_format', 1, 7, { format: 'HTML' });
		refuses('Q{\n  =[htm]right\n  ~wrong}', 'unknown_format', 2, 4, { format: 'htm' });
		refuses('Q{=right#[text]good ~wrong}', 'unknown_format', 1, 10, { format: 'text' });
		// A bracket that is not a word is text, as in Moodle.
		expect(parseGift('[1] First{}').questions[0]!.questiontext).toBe('[1] First');
	});
	it('invalid weights', () => {
		refuses('Q{~%half%a ~%50%b =c}', 'invalid_weight', 1, 4, { weight: '%half%' });
		refuses('Q{\n~%33,3%a\n=b}', 'invalid_weight', 2, 2, { weight: '%33,3%' });
		refuses('Q{~%50a =b}', 'invalid_weight', 1, 4, { weight: '%50a' });
		refuses('Q{=%abc%Frog}', 'invalid_weight', 1, 4);
	});
	it('weights over 100 % (or under -100 %)', () => {
		refuses('Q{~%150%a ~b =c}', 'weight_out_of_range', 1, 4, { weight: '150' });
		refuses('Q{=Frog =%-101%Cat}', 'weight_out_of_range', 1, 10, { weight: '-101' });
	});
	it('a weight after = in a multiple-choice question', () => {
		refuses('Q{=%50%a ~b ~%50%c}', 'weight_after_equals', 1, 4, { weight: '50' });
	});
	it('multiple-answer weights that do not add up to 100 %', () => {
		refuses('Q{~%50%a ~b ~c}', 'weights_sum', 1, 2, { total: '50' });
		refuses('Q{~a ~b}', 'weights_sum', 1, 2, { total: '0' });
		refuses('Q{~%50%a ~%60%b ~c}', 'weights_sum', 1, 2, { total: '110' });
		// Thirds add up to 100 % at Moodle's precision.
		expect(parseGift('Q{~%33.33333%a ~%33.33333%b ~%33.33333%c ~d}').errors).toEqual([]);
	});
	it('no answer worth 100 % in a short-answer or numerical question', () => {
		refuses('Q{=%50%Cat}', 'no_full_answer', 1, 2);
		refuses('Q{#=%50%3:1}', 'no_full_answer', 1, 2);
	});
	it('bad numbers in numerical answers', () => {
		refuses('Pi?{#3,14}', 'bad_number', 1, 6, { value: '3,14' });
		refuses('Pi?{#three}', 'bad_number', 1, 6, { value: 'three' });
		refuses('Pi?{#3.14:a}', 'bad_number', 1, 6, { value: 'a' });
		refuses('Pi?{#\n  =3.14:0.01\n  =%50%3..x}', 'bad_number', 3, 8, { value: 'x' });
		refuses('Pi?{#4..3}', 'bad_range', 1, 6, { min: '4', max: '3' });
	});
	it('too few answers', () => {
		refuses('Q{~only one}', 'too_few_answers', 1, 2, { min: 2, count: 1 });
		refuses('Q{=a -> b}', 'too_few_answers', 1, 2, { min: 2, count: 1 });
		refuses('Q{#}', 'too_few_answers', 1, 2, { min: 1, count: 0 });
		refuses('Q{#~#wrong}', 'too_few_answers', 1, 2, { min: 1, count: 0 });
		// A match needs two items to match; empty items are only extra answers.
		refuses('Q{=a -> 1 = -> 2 = -> 3}', 'too_few_answers', 1, 2, { min: 2, count: 1 });
	});
	it('empty answers', () => {
		refuses('Q{=a ~}', 'empty_answer', 1, 6);
		refuses('Q{=a =}', 'empty_answer', 1, 6);
		refuses('Q{=a -> 1 =b -> }', 'empty_answer', 1, 14);
		refuses('Q{~#feedback only =a}', 'empty_answer', 1, 3);
	});
	it('an empty answer block in the middle of a text', () => {
		refuses("Grant is {} in Grant's tomb.", 'empty_answer_block', 1, 10);
	});
	it('a match pair without ->', () => {
		refuses('Match{=a -> 1 =b 2 =c -> 3}', 'match_without_arrow', 1, 16);
	});
	it('an empty $CATEGORY:', () => {
		const { errors } = parseGift('$CATEGORY:   \n\nQ{}');
		expect(errors.map((e) => [e.code, e.line, e.column])).toEqual([['empty_category', 1, 1]]);
	});
	it('several errors in one question are all reported', () => {
		const { errors } = parseGift('Q{\n~%150%a\n~[foo]b\n~%x%c}');
		expect(errors.map((e) => [e.code, e.line, e.column])).toEqual([
			['weight_out_of_range', 2, 2],
			['unknown_format', 3, 2],
			['invalid_weight', 4, 2]
		]);
	});
});

describe('a file with errors', () => {
	const file = [
		'// [tag:first]',
		'::One::First {=a ~b}',
		'',
		'::Two::Broken {=a ~b',
		'',
		'$CATEGORY: maths/numbers',
		'',
		'::Three::Pi? {#3,14}',
		'',
		'::Four::Pi? {#3.14:0.01}'
	].join('\r\n');
	it('keeps the valid questions, with their line and category', () => {
		const { questions, errors } = parseGift(file);
		expect(questions.map((q) => [q.name, q.line, q.category, q.tags])).toEqual([
			['One', 2, null, ['first']],
			['Four', 10, 'maths/numbers', []]
		]);
		expect(errors.map((e) => [e.code, e.line, e.column])).toEqual([
			['unclosed_brace', 4, 15],
			['bad_number', 8, 16]
		]);
		expect(errors[1]!.message).toBe('“3,14” is not a number (write 3.14, with a point).');
	});
	it('translates errors for the interface', () => {
		const { errors } = parseGift(file);
		// The gift catalogue alone (the others are not needed here).
		const fr = makeTranslator('fr', frGift as unknown as Messages);
		const en = makeTranslator('en', enGift as unknown as Messages);
		expect(translateGiftError(fr, errors[1]!)).toBe(
			'Ligne 8, colonne 16 : « 3,14 » n’est pas un nombre (écrivez 3.14, avec un point).'
		);
		expect(translateGiftError(en, errors[0]!, false)).toBe('the brace “{” is never closed by “}”.');
	});
});

describe('details', () => {
	it('reads a byte-order mark, old Mac line ends and a category followed by a question', () => {
		const { questions, errors } = parseGift('\uFEFF$CATEGORY: a/b\r::Q::Text{T}\r\r::R::x{F}');
		expect(errors).toEqual([]);
		expect(questions.map((q) => [q.name, q.line, q.category])).toEqual([
			['Q', 2, 'a/b'],
			['R', 4, 'a/b']
		]);
	});
	it('skips blocks of comments only, and keeps comments inside a question out of its text', () => {
		const { questions } = parseGift('// only\n// comments\n\nLine one\n// [id:x1]\nline two{}');
		expect(questions).toHaveLength(1);
		expect(questions[0]).toMatchObject({ questiontext: 'Line one\n \nline two', idnumber: 'x1', line: 4 });
	});
	it('escapes: \\n is a newline, \\\\ one backslash, other backslashes stay', () => {
		const { questions } = parseGift('::a\\:b::One\\ntwo \\\\{ \\d }');
		expect(questions[0]).toMatchObject({ name: 'a:b', questiontext: 'One\ntwo \\', qtype: 'shortanswer' });
		expect(questions[0]!.answers[0]!.text).toBe('\\d');
	});
	it('numerical: ranges become midpoint ± half-width; the catch-all answer', () => {
		const { questions } = parseGift('Q{#1..2 ~#No}');
		expect(questions[0]!.answers).toEqual([
			{ text: '1.5', format: 'moodle', fraction: 1, feedback: '', feedbackformat: 'moodle', tolerance: 0.5 },
			{ text: '*', format: 'moodle', fraction: 0, feedback: 'No', feedbackformat: 'moodle' }
		]);
	});
	it('true/false keeps two answers, "true" then "false"', () => {
		const { questions } = parseGift('Q{FALSE#wrong#right####general}');
		expect(questions[0]).toMatchObject({
			qtype: 'truefalse',
			penalty: 1,
			generalfeedback: 'general',
			answers: [
				{ text: 'true', fraction: 0, feedback: 'wrong' },
				{ text: 'false', fraction: 1, feedback: 'right' }
			]
		});
	});
	it("derives a missing name as Moodle's shorten_text(80) does", () => {
		const long = 'The American holiday of Thanksgiving is celebrated on the _____ Thursday of November.';
		expect(parseGift(`${long.replace('_____', '{~a =b}')}`).questions[0]!.name).toBe(
			'The American holiday of Thanksgiving is celebrated on the _____ Thursday of ...'
		);
		expect(defaultQuestionName('<p>Short <b>one</b></p>')).toBe('Short one');
		expect(defaultQuestionName('')).toBe('Question name');
		expect(shortenText('x'.repeat(100), 80)).toBe(`${'x'.repeat(77)}...`);
		expect(shortenText(`${'é'.repeat(90)}`, 80).length).toBe(80);
	});
	it('Moodle-like answers: an answer without marker, and T as true', () => {
		expect(parseGift('Capital?{Paris}').questions[0]!.answers.map((a) => [a.text, a.fraction])).toEqual([['Paris', 1]]);
		expect(parseGift('Q{T}').questions[0]!.answers[0]!.fraction).toBe(1);
	});
});
