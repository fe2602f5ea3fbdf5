import { describe, expect, it } from 'vitest';
import { hasBlank, publicQuestion, shuffled } from './public.ts';
import { answer, capital, match, numerical, question, shortAnswer, trueFalse } from './quiz.fixtures.ts';

const secrets = (json: string) =>
	['fraction', 'feedback', 'Bravo', 'tolerance', '"answer"'].filter((s) => json.includes(s));

describe('publicQuestion', () => {
	it('keeps no fraction, feedback or accepted answer', () => {
		for (const q of [capital(), shortAnswer(), numerical(), match(), trueFalse()]) {
			const json = JSON.stringify(publicQuestion(q, { shuffleSeed: 7 }));
			expect(secrets(json)).toEqual([]);
		}
		const short = JSON.stringify(publicQuestion(shortAnswer()));
		expect(short).not.toContain('Victor');
		expect(JSON.stringify(publicQuestion(numerical()))).not.toContain('3.14');
	});
	it('shuffles choices from the seed, the same way every time', () => {
		const q = question({ single: true, answers: 'abcdefgh'.split('').map((c, i) => answer(c, i === 0 ? 1 : 0)) });
		const a = publicQuestion(q, { shuffleSeed: 42 }).choices.map((c) => c.value);
		expect(publicQuestion(q, { shuffleSeed: 42 }).choices.map((c) => c.value)).toEqual(a);
		expect(a).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
		expect([...a].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
		expect(publicQuestion(q).choices.map((c) => c.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
	});
	it('keeps the author’s order when the question says not to shuffle', () => {
		const q = { ...capital(), shuffleanswers: false };
		expect(publicQuestion(q, { shuffleSeed: 3 }).choices.map((c) => c.value)).toEqual([0, 1, 2]);
	});
	it('lists match answers unpaired, with distractors, sorted without a seed', () => {
		const p = publicQuestion(match());
		expect(p.items.map((i) => i.html)).toEqual(['France', 'Italie', 'Espagne']);
		expect(p.options).toEqual(['Lisbonne', 'Madrid', 'Paris', 'Rome']);
		expect([...publicQuestion(match(), { shuffleSeed: 9 }).options].sort()).toEqual(p.options);
	});
	it('splits a missing-word question around its blank', () => {
		const q = question({
			qtype: 'shortanswer',
			questiontext: 'Le *chat* _____ la souris.',
			answers: [answer('mange', 1)]
		});
		expect(hasBlank(q)).toBe(true);
		const p = publicQuestion(q);
		expect(p.blank).toEqual({ before: 'Le <em>chat</em>', after: 'la souris.' });
		expect(p.html).toBe('');
	});
	it('sanitises the texts', () => {
		const q = question({
			questiontext: '<script>alert(1)</script><b onclick="x()">Hi</b>',
			questiontextformat: 'html'
		});
		const html = publicQuestion(q).html;
		expect(html).not.toContain('script');
		expect(html).not.toContain('onclick');
		const plain = publicQuestion(question({ questiontext: '<i>a</i>', questiontextformat: 'plain' })).html;
		expect(plain).toBe('<p>&#60;i&#62;a&#60;/i&#62;</p>');
	});
	it('offers true and false as the version’s answer indexes', () => {
		expect(publicQuestion(trueFalse()).choices.map((c) => c.value)).toEqual([0, 1]);
		expect(publicQuestion(trueFalse()).single).toBe(true);
	});
	it('shuffles a list as a permutation', () => {
		expect(shuffled([1, 2, 3, 4], 1).sort()).toEqual([1, 2, 3, 4]);
	});
});
