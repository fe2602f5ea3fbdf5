import { describe, expect, it } from 'vitest';
import { grade, parseNumber, rightAnswer, shortAnswerMatches } from './grading.ts';
import {
	answer,
	capital,
	description,
	essay,
	match,
	numerical,
	primes,
	question,
	shortAnswer,
	trueFalse
} from './quiz.fixtures.ts';

describe('multichoice, one answer', () => {
	it('grades the chosen answer with its feedback', () => {
		expect(grade(capital(), { choice: 0 })).toEqual({
			fraction: 1,
			state: 'correct',
			feedback: [{ text: 'Bravo, Paris.', format: 'moodle' }]
		});
		expect(grade(capital(), { choice: 1 })).toMatchObject({ fraction: 0, state: 'wrong' });
	});
	it('gives partial credit', () => {
		const q = question({ single: true, answers: [answer('a', 1), answer('b', 0.5), answer('c', 0)] });
		expect(grade(q, { choice: 1 })).toMatchObject({ fraction: 0.5, state: 'partial' });
	});
	it('treats no choice, an unknown index or a non-integer as unanswered', () => {
		for (const r of [{}, { choice: null }, { choice: 7 }, { choice: -1 }, { choice: 0.5 }])
			expect(grade(capital(), r).state).toBe('unanswered');
		expect(grade(capital(), null).state).toBe('unanswered');
	});
	it('clamps a fraction above 1 or below 0', () => {
		const q = question({ single: true, answers: [answer('a', 2), answer('b', -0.5)] });
		expect(grade(q, { choice: 0 }).fraction).toBe(1);
		expect(grade(q, { choice: 1 }).fraction).toBe(0);
	});
	it('guesses "single" from an answer worth 100 % when the flag is missing', () => {
		const q = question({ answers: [answer('a', 1), answer('b', 0)] });
		expect(grade(q, { choice: 0 }).state).toBe('correct');
	});
});

describe('multichoice, several answers', () => {
	it('sums the chosen weights', () => {
		expect(grade(primes(), { choices: [0, 1] })).toMatchObject({ fraction: 1, state: 'correct' });
		expect(grade(primes(), { choices: [0] })).toMatchObject({ fraction: 0.5, state: 'partial' });
	});
	it('lets negative weights lower the total, clamped to 0', () => {
		expect(grade(primes(), { choices: [0, 1, 2] })).toMatchObject({ fraction: 0, state: 'wrong' });
		expect(grade(primes(), { choices: [2] }).fraction).toBe(0);
	});
	it('clamps the sum to 1 and ignores repeated and unknown indexes', () => {
		const q = question({ single: false, answers: [answer('a', 0.75), answer('b', 0.75)] });
		expect(grade(q, { choices: [0, 1] }).fraction).toBe(1);
		expect(grade(primes(), { choices: [0, 0, 9] }).fraction).toBe(0.5);
	});
	it('returns the feedback of every chosen answer, in the author’s order', () => {
		expect(grade(primes(), { choices: [2, 0] }).feedback.map((f) => f.text)).toEqual(['Oui, 2.', 'Non, 4 = 2×2.']);
	});
	it('is unanswered with nothing chosen', () => {
		expect(grade(primes(), { choices: [] }).state).toBe('unanswered');
	});
});

describe('true/false', () => {
	it('grades the chosen side', () => {
		expect(grade(trueFalse(true), { choice: 0 })).toMatchObject({ fraction: 1, state: 'correct' });
		expect(grade(trueFalse(true), { choice: 1 })).toMatchObject({ fraction: 0, state: 'wrong' });
		expect(grade(trueFalse(false), { choice: 1 }).state).toBe('correct');
		expect(grade(trueFalse(), {}).state).toBe('unanswered');
	});
	it('tells the right answer', () => {
		expect(rightAnswer(trueFalse(true))).toBe('true');
		expect(rightAnswer(trueFalse(false))).toBe('false');
	});
});

describe('short answer', () => {
	it('takes the first matching answer in order, trimmed, case-insensitive by default', () => {
		expect(grade(shortAnswer(), { text: '  victor HUGO ' })).toMatchObject({ fraction: 1, state: 'correct' });
		expect(grade(shortAnswer(), { text: 'Hugo' })).toMatchObject({ fraction: 0.5, state: 'partial' });
		expect(grade(shortAnswer(), { text: 'Zola' })).toMatchObject({
			fraction: 0,
			state: 'wrong',
			feedback: [{ text: 'Non.', format: 'moodle' }]
		});
	});
	it('respects usecase', () => {
		const q = { ...shortAnswer(), usecase: true };
		expect(grade(q, { text: 'victor hugo' }).fraction).toBe(0);
		expect(grade(q, { text: 'Victor Hugo' }).fraction).toBe(1);
	});
	it('supports the * wildcard and treats other characters literally', () => {
		expect(shortAnswerMatches('Vic*Hugo', 'Victor Hugo', false)).toBe(true);
		expect(shortAnswerMatches('a.c', 'abc', false)).toBe(false);
		expect(shortAnswerMatches('a.c', 'a.c', false)).toBe(true);
		expect(shortAnswerMatches('(x)+[y]', '(x)+[y]', false)).toBe(true);
		expect(shortAnswerMatches('*', 'anything', false)).toBe(true);
		expect(shortAnswerMatches('Été', 'été', false)).toBe(true);
	});
	it('gives no mark when no answer matches and there is no catch-all', () => {
		const q = question({ qtype: 'shortanswer', answers: [answer('oui', 1)] });
		expect(grade(q, { text: 'non' })).toEqual({ fraction: 0, state: 'wrong', feedback: [] });
	});
	it('is unanswered when blank', () => {
		expect(grade(shortAnswer(), { text: '   ' }).state).toBe('unanswered');
	});
});

describe('numerical', () => {
	it('accepts values within the tolerance, with partial credit further away', () => {
		expect(grade(numerical(), { text: '3.14' }).fraction).toBe(1);
		expect(grade(numerical(), { text: '3,1415' }).fraction).toBe(1);
		expect(grade(numerical(), { text: '3.2' })).toMatchObject({ fraction: 0.5, state: 'partial' });
		expect(grade(numerical(), { text: '42' })).toMatchObject({ fraction: 0, state: 'wrong' });
	});
	it('uses an exact match when there is no tolerance', () => {
		const q = question({ qtype: 'numerical', answers: [answer('0.3', 1)] });
		expect(grade(q, { text: '0.3' }).fraction).toBe(1);
		expect(grade(q, { text: '0.31' }).fraction).toBe(0);
	});
	it('gives the catch-all feedback to a text that is not a number', () => {
		expect(grade(numerical(), { text: 'pi' })).toMatchObject({ fraction: 0, feedback: [{ text: 'Non.' }] });
	});
	it('parses numbers as people type them', () => {
		expect(parseNumber('1 000,5')).toBe(1000.5);
		expect(parseNumber('-2e3')).toBe(-2000);
		expect(parseNumber('.5')).toBe(0.5);
		expect(parseNumber('abc')).toBeNull();
		expect(parseNumber('1.2.3')).toBeNull();
		expect(parseNumber('')).toBeNull();
	});
	it('is unanswered when blank', () => {
		expect(grade(numerical(), { text: '' }).state).toBe('unanswered');
	});
});

describe('match', () => {
	it('counts correct pairs over pairs (distractors are not items)', () => {
		expect(grade(match(), { pairs: { 0: 'Paris', 1: 'Rome', 2: 'Madrid' } })).toMatchObject({
			fraction: 1,
			state: 'correct'
		});
		const two = grade(match(), { pairs: { 0: 'Paris', 1: 'Rome', 2: 'Lisbonne' } });
		expect(two.fraction).toBeCloseTo(2 / 3);
		expect(two.state).toBe('partial');
		expect(grade(match(), { pairs: { 0: 'Rome' } })).toMatchObject({ fraction: 0, state: 'wrong' });
	});
	it('ignores pairs for distractors or unknown items and is unanswered when empty', () => {
		expect(grade(match(), { pairs: { 3: 'Lisbonne', 9: 'x' } }).state).toBe('unanswered');
		expect(grade(match(), {}).state).toBe('unanswered');
	});
});

describe('essay and description', () => {
	it('essays need a person to grade them', () => {
		expect(grade(essay(), { text: 'Mon quartier…' })).toEqual({ fraction: 0, state: 'needsGrading', feedback: [] });
		expect(grade(essay(), { text: ' ' }).state).toBe('unanswered');
	});
	it('descriptions are not graded', () => {
		expect(grade(description(), {}).fraction).toBe(0);
	});
});

describe('right answers for the review', () => {
	it('names the best answers', () => {
		expect(rightAnswer(capital())).toBe('Paris');
		expect(rightAnswer(primes())).toBe('2 ; 3');
		expect(rightAnswer(shortAnswer())).toBe('Victor Hugo');
		expect(rightAnswer(numerical())).toBe('3.14 ± 0.005');
		expect(rightAnswer(match())).toBe('France → Paris ; Italie → Rome ; Espagne → Madrid');
		expect(rightAnswer(essay())).toBe('');
	});
});
