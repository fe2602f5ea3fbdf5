/**
 * GIFT timings (numbers only, never pass/fail): Moodle's examples.txt (43 questions; the target
 * is under 50 ms) parsed cold, then warm; a 2,150-question file (examples.txt × 50) parsed and
 * exported. Run: `node src/lib/server/features/questions/gift/gift.bench.ts [--runs 200] [--json]`
 * (bench/run.ts runs it in its own process and reads the JSON line).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { exportGift } from './export.ts';
import { parseGift } from './parse.ts';

const EXAMPLES = fileURLToPath(
	new URL('../../../../../../../shared/fixtures/gift/moodle/moodle_examples.txt', import.meta.url)
);

function times(runs: number, fn: () => unknown) {
	const all: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		fn();
		all.push(performance.now() - t);
	}
	all.sort((a, b) => a - b);
	return { medianMs: all[Math.floor(runs / 2)]!, p95Ms: all[Math.floor(runs * 0.95)]! };
}

export function runGiftBench(runs = 200) {
	const examples = readFileSync(EXAMPLES, 'utf8');
	let t = performance.now();
	const { questions } = parseGift(examples);
	const coldMs = performance.now() - t;
	const warm = times(runs, () => parseGift(examples));
	const big = Array.from({ length: 50 }, () => examples).join('\n\n');
	t = performance.now();
	const parsed = parseGift(big).questions;
	const bigParseMs = performance.now() - t;
	const bigExport = times(Math.max(5, Math.floor(runs / 20)), () => exportGift(parsed));
	return {
		examples: { chars: examples.length, questions: questions.length, coldMs, ...warm },
		big: { chars: big.length, questions: parsed.length, parseMs: bigParseMs, exportMedianMs: bigExport.medianMs }
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const { values } = parseArgs({ options: { runs: { type: 'string', default: '200' }, json: { type: 'boolean' } } });
	const runs = Number(values.runs);
	const r = runGiftBench(runs);
	if (values.json) console.log(JSON.stringify({ runs, ...r }));
	else
		console.log(
			`examples.txt (${r.examples.questions} questions): cold ${r.examples.coldMs.toFixed(2)} ms, ` +
				`median ${r.examples.medianMs.toFixed(3)} ms, p95 ${r.examples.p95Ms.toFixed(3)} ms; ` +
				`${r.big.questions} questions: parse ${r.big.parseMs.toFixed(1)} ms, export ${r.big.exportMedianMs.toFixed(1)} ms`
		);
}
