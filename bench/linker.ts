/**
 * The glossary linker alone, in its own process (no server competing): a 5,000-word lesson
 * against 1,000 terms, 200 runs, using the corpus of features/glossary/glossary.bench.ts.
 * `node bench/linker.ts [--runs 200]`; prints one JSON line (what run.ts reads).
 */
import { parseArgs } from 'node:util';
import { runBench } from '../src/lib/server/features/glossary/glossary.bench.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '200' } } });
const runs = Number(values.runs);
console.log(JSON.stringify({ runs, ...runBench(runs) }));
