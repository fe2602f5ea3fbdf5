/**
 * The wiki's word diff and three-way merge alone, in their own process: a 5,000-word lesson,
 * using the corpus of features/wiki/wiki.bench.ts. `node bench/wiki-diff.ts [--runs 100]`;
 * prints one JSON line (what run.ts reads).
 */
import { parseArgs } from 'node:util';
import { runWikiBench } from '../src/lib/server/features/wiki/wiki.bench.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '100' } } });
const runs = Number(values.runs);
console.log(JSON.stringify({ runs, ...runWikiBench(runs) }));
