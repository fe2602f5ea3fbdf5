/**
 * Linker benchmark: a 5,000-word lesson against a 1,000-term glossary (with variants, accents
 * and multi-word terms). Run: `node src/lib/server/features/glossary/glossary.bench.ts`.
 * The vitest in glossary.linker.test.ts measures the same corpus and prints the timings.
 */
import { renderMarkdown } from '../courses/markdown.ts';
import { buildMatcher, fold, linkTerms, type LinkableTerm } from './glossary.linker.ts';

const SYLLABLES = [
	'ré',
	'seau',
	'lo',
	'gi',
	'ciel',
	'li',
	'bre',
	'ser',
	'veur',
	'don',
	'née',
	'cé',
	'ta',
	'mi',
	'no',
	'pa'
];

/** Deterministic pseudo-random numbers (the same corpus on every run). */
function random(seed: number) {
	let s = seed;
	return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

function word(rand: () => number) {
	let w = '';
	const n = 2 + Math.floor(rand() * 3);
	for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
	return w;
}

export function benchCorpus(terms = 1_000, words = 5_000) {
	const rand = random(42);
	const glossary: LinkableTerm[] = [];
	const used = new Set<string>();
	while (glossary.length < terms) {
		const w = glossary.length % 4 === 0 ? `${word(rand)} ${word(rand)}` : word(rand);
		if (used.has(w)) continue;
		used.add(w);
		glossary.push({ slug: `t${glossary.length}`, forms: [w, `${w}s`], summary: `Définition de ${w}.` });
	}
	const paragraphs: string[] = [];
	let count = 0;
	while (count < words) {
		const sentence: string[] = [];
		for (let i = 0; i < 60; i++) {
			const r = rand();
			sentence.push(r < 0.05 ? glossary[Math.floor(rand() * terms)]!.forms[0]!.toUpperCase() : word(rand));
		}
		count += sentence.length;
		const n = paragraphs.length;
		paragraphs.push(
			n % 10 === 0
				? `## ${sentence.slice(0, 6).join(' ')}`
				: n % 7 === 0
					? `\`${sentence[0]}\` ${sentence.join(' ')}.`
					: `${sentence.join(' ')}.`
		);
	}
	return { glossary, html: renderMarkdown(paragraphs.join('\n\n')) };
}

export function runBench(runs = 200) {
	const { glossary, html } = benchCorpus();
	let t = performance.now();
	fold(''); // the folding tables, built once per process
	const tables = performance.now() - t;
	t = performance.now();
	const matcher = buildMatcher('cours', glossary);
	const build = performance.now() - t;
	for (let i = 0; i < 5; i++) linkTerms(html, matcher); // warm up the JIT
	const times: number[] = [];
	let out = '';
	for (let i = 0; i < runs; i++) {
		t = performance.now();
		out = linkTerms(html, matcher);
		times.push(performance.now() - t);
	}
	times.sort((a, b) => a - b);
	return {
		htmlChars: html.length,
		links: out.split('class="term"').length - 1,
		tablesMs: tables,
		buildMs: build,
		medianMs: times[Math.floor(runs / 2)]!,
		p95Ms: times[Math.floor(runs * 0.95)]!
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const r = runBench();
	console.log(
		`5,000 words (${r.htmlChars} chars of HTML), 1,000 terms: tables ${r.tablesMs.toFixed(1)} ms once, build ${r.buildMs.toFixed(1)} ms, link median ${r.medianMs.toFixed(2)} ms, p95 ${r.p95Ms.toFixed(2)} ms, ${r.links} links`
	);
}
