/**
 * Diff and merge benchmark: a 5,000-word lesson (paragraphs of Markdown) against a copy with
 * about 2 % of its words changed, inserted or deleted, and a three-way merge of two such edits.
 * Run: `node src/lib/server/features/wiki/wiki.bench.ts`; bench/run.ts runs it in a child
 * process (bench/wiki-diff.ts). The target is a word diff under 20 ms.
 */
import { diffWords } from './diff.ts';
import { merge3 } from './merge.ts';

function random(seed: number) {
	let s = seed;
	return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

const SYLLABLES = ['ré', 'seau', 'lo', 'gi', 'ciel', 'li', 'bre', 'ser', 'veur', 'don', 'née', 'cé', 'ta', 'mi'];

export function wikiCorpus(words = 5_000) {
	const rand = random(42);
	const word = () => {
		let w = '';
		for (let i = 2 + Math.floor(rand() * 3); i > 0; i--) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
		return w;
	};
	const paragraphs: string[][] = [];
	for (let n = 0; n < words; n += 50) paragraphs.push(Array.from({ length: 50 }, word));
	const text = (ps: string[][]) =>
		ps.map((p, i) => (i % 10 === 0 ? `## ${p.join(' ')}` : `${p.join(' ')}.`)).join('\n\n');
	const edited = (share: number, from: number, to: number) =>
		paragraphs.map((p, i) =>
			i < from || i >= to
				? p
				: p.flatMap((w) => {
						const r = rand();
						return r < share / 3 ? [] : r < (2 * share) / 3 ? [word()] : r < share ? [w, word()] : [w];
					})
		);
	return {
		base: text(paragraphs),
		changed: text(edited(0.02, 0, paragraphs.length)),
		first: text(edited(0.05, 0, 50)),
		second: text(edited(0.05, 50, paragraphs.length))
	};
}

function time(runs: number, f: () => unknown) {
	for (let i = 0; i < 5; i++) f();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		f();
		times.push(performance.now() - t);
	}
	times.sort((a, b) => a - b);
	return { medianMs: times[Math.floor(runs / 2)]!, p95Ms: times[Math.floor(runs * 0.95)]! };
}

export function runWikiBench(runs = 100) {
	const c = wikiCorpus();
	const segments = diffWords(c.base, c.changed).filter((s) => s.type !== 'equal').length;
	const merged = merge3(c.base, c.first, c.second);
	return {
		chars: c.base.length,
		changes: segments,
		mergeClean: merged.clean,
		diff: time(runs, () => diffWords(c.base, c.changed)),
		merge: time(runs, () => merge3(c.base, c.first, c.second))
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const r = runWikiBench();
	console.log(
		`5,000 words (${r.chars} chars), ${r.changes} changed runs: diff median ${r.diff.medianMs.toFixed(2)} ms, p95 ${r.diff.p95Ms.toFixed(2)} ms; ` +
			`three-way merge (${r.mergeClean ? 'clean' : 'conflicts'}) median ${r.merge.medianMs.toFixed(2)} ms, p95 ${r.merge.p95Ms.toFixed(2)} ms`
	);
}
