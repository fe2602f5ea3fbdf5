import { describe, expect, it } from 'vitest';
import type { Response } from './grading.ts';
import { capital, shortAnswer } from './quiz.fixtures.ts';
import { csvCell, csvLine, pearson, questionStats, type StatsAttempt } from './stats.ts';

const versions = new Map([
	['v1', capital()],
	['v2', shortAnswer()]
]);
const layout = [
	{ questionId: 'q1', versionId: 'v1', mark: 1, seed: null },
	{ questionId: 'q2', versionId: 'v2', mark: 1, seed: null }
];
const attempt = (a: [Response, number], b: [Response, number]): StatsAttempt => ({
	layout,
	answers: new Map([
		[0, { response: a[0], fraction: a[1] }],
		[1, { response: b[0], fraction: b[1] }]
	])
});

describe('question statistics', () => {
	it('computes facility, discrimination and the distribution of responses', () => {
		const stats = questionStats(
			[
				attempt([{ choice: 0 }, 1], [{ text: 'Victor Hugo' }, 1]),
				attempt([{ choice: 0 }, 1], [{ text: 'Hugo' }, 0.5]),
				attempt([{ choice: 1 }, 0], [{ text: 'Zola' }, 0]),
				attempt([{ choice: 2 }, 0], [{ text: 'Zola' }, 0])
			],
			versions
		);
		const [q1, q2] = stats;
		expect(q1).toMatchObject({ questionId: 'q1', count: 4, facility: 50 });
		expect(q1!.distribution).toEqual([
			{ response: 'Paris', count: 2 },
			{ response: 'Lyon', count: 1 },
			{ response: 'Marseille', count: 1 }
		]);
		// Those who got q1 right did better on the rest: a positive discrimination.
		expect(q1!.discrimination).toBeGreaterThan(80);
		expect(q2).toMatchObject({ facility: 37.5 });
		expect(q2!.distribution[0]).toEqual({ response: 'Zola', count: 2 });
	});

	it('has no discrimination without variation', () => {
		expect(pearson([1, 1], [0, 1])).toBeNull();
		expect(pearson([1], [1])).toBeNull();
		const stats = questionStats([attempt([{ choice: 0 }, 1], [{}, 0])], versions);
		expect(stats[0]!.discrimination).toBeNull();
	});
});

describe('CSV', () => {
	it('quotes and defuses formulas', () => {
		expect(csvCell('=SUM(A1)')).toBe(`"'=SUM(A1)"`);
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell(null)).toBe('');
		expect(csvLine(['Zoé', 15, '-1'])).toBe(`Zoé,15,"'-1"`);
	});
});
