import { describe, expect, it } from 'vitest';
import { diffSequences, diffStats, diffWords, sideOf, tokenize } from './diff.ts';

/** A small deterministic generator, so the property checks are repeatable. */
function random(seed: number) {
	return () => {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;
		return seed / 0x7fffffff;
	};
}
const WORDS = ['le', 'la', 'libre', 'logiciel', 'été', "l'eau", 'co-édition', ',', '.', '\n\n', 'Essaim', '42'];
function text(rand: () => number, n: number) {
	return Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');
}
function mutate(rand: () => number, s: string) {
	const tokens = tokenize(s);
	for (let e = Math.floor(rand() * 6); e >= 0; e--) {
		const at = Math.floor(rand() * (tokens.length + 1));
		const r = rand();
		if (r < 0.4) tokens.splice(at, 1);
		else if (r < 0.7) tokens.splice(at, 0, WORDS[Math.floor(rand() * WORDS.length)]!, ' ');
		else tokens[at] = 'changé';
	}
	return tokens.join('');
}

describe('tokenize', () => {
	it('cuts words, whitespace and punctuation, and loses nothing', () => {
		expect(tokenize("L'été, le co-édition  libre!\n")).toEqual([
			"L'été",
			',',
			' ',
			'le',
			' ',
			'co-édition',
			'  ',
			'libre',
			'!',
			'\n'
		]);
		const s = '# Titre\n\n* un *mot* — 3,5 € [lien](https://x.org)';
		expect(tokenize(s).join('')).toBe(s);
	});
});

describe('diffSequences', () => {
	it('finds a shortest edit script', () => {
		const runs = diffSequences([...'ABCABBA'], [...'CBABAC']);
		const edits = runs.filter(([t]) => t !== 'equal').reduce((n, [, c]) => n + c, 0);
		expect(edits).toBe(5);
		expect(diffSequences([], [])).toEqual([]);
		expect(diffSequences([1, 2], [])).toEqual([['delete', 2]]);
		expect(diffSequences([], [1])).toEqual([['insert', 1]]);
		expect(diffSequences([1, 2, 3], [1, 2, 3])).toEqual([['equal', 3]]);
	});
});

describe('diffWords', () => {
	it('marks inserted and deleted words', () => {
		const d = diffWords('Le logiciel libre est partagé.', 'Le logiciel libre et gratuit est partagé.');
		expect(d).toEqual([
			{ type: 'equal', text: 'Le logiciel libre ' },
			{ type: 'insert', text: 'et gratuit ' },
			{ type: 'equal', text: 'est partagé.' }
		]);
		expect(diffStats(d)).toEqual({ added: 11, removed: 0 });
	});

	it('reads a replaced phrase as one replacement', () => {
		const d = diffWords('un deux trois quatre', 'un cinq six quatre');
		expect(d.filter((s) => s.type !== 'equal')).toEqual([
			{ type: 'delete', text: 'deux trois' },
			{ type: 'insert', text: 'cinq six' }
		]);
	});

	it('handles empty texts', () => {
		expect(diffWords('', '')).toEqual([]);
		expect(diffWords('', 'a b')).toEqual([{ type: 'insert', text: 'a b' }]);
		expect(diffWords('a b', '')).toEqual([{ type: 'delete', text: 'a b' }]);
	});

	it('property: both sides of the diff give back the two texts', () => {
		const rand = random(7);
		for (let i = 0; i < 300; i++) {
			const a = text(rand, Math.floor(rand() * 60));
			const b = rand() < 0.2 ? text(rand, Math.floor(rand() * 60)) : mutate(rand, a);
			const d = diffWords(a, b);
			expect(sideOf(d, 'from')).toBe(a);
			expect(sideOf(d, 'to')).toBe(b);
			// No empty segment, no two neighbours of the same type.
			for (let s = 0; s < d.length; s++) {
				expect(d[s]!.text).not.toBe('');
				if (s) expect(d[s]!.type === d[s - 1]!.type).toBe(false);
			}
		}
	});

	it('gives up gracefully on wholly different long texts (one deletion, one insertion)', () => {
		const a = Array.from({ length: 5000 }, (_, i) => `a${i}`).join(' ');
		const b = Array.from({ length: 5000 }, (_, i) => `b${i}`).join(' ');
		const d = diffWords(a, b);
		expect(sideOf(d, 'from')).toBe(a);
		expect(sideOf(d, 'to')).toBe(b);
	});
});
