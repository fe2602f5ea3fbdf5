/**
 * Three-way merge of two edits of a glossary term: the definition line by line (merge.ts), the
 * variants as a set (each side's additions and removals against the base are all kept), the
 * term itself as one value (changed by one side: that side wins; by both, differently: conflict).
 * Pure, no I/O.
 */
import { fold as key } from '../glossary/glossary.linker.ts';
import { merge3 } from './merge.ts';

export interface TermVersion {
	term: string;
	variants: string[];
	definition: string;
}

export type TermMerge = { clean: true; merged: TermVersion } | { clean: false; conflicts: number };

function mergeVariants(base: string[], theirs: string[], mine: string[]): string[] {
	const baseKeys = new Set(base.map(key));
	const mineKeys = new Set(mine.map(key));
	const removedByMe = new Set([...baseKeys].filter((k) => !mineKeys.has(k)));
	const out = new Map<string, string>();
	for (const v of theirs) if (!removedByMe.has(key(v))) out.set(key(v), v);
	// My additions come after theirs (variants are compared as the linker compares them).
	for (const v of mine) if (!baseKeys.has(key(v)) && !out.has(key(v))) out.set(key(v), v);
	return [...out.values()];
}

export function mergeTerm(base: TermVersion, theirs: TermVersion, mine: TermVersion): TermMerge {
	let conflicts = 0;
	let term = mine.term;
	if (mine.term === base.term) term = theirs.term;
	else if (theirs.term !== base.term && theirs.term !== mine.term) conflicts++;
	const definition = merge3(base.definition, theirs.definition, mine.definition);
	conflicts += definition.chunks.filter((c) => c.type === 'conflict').length;
	if (conflicts) return { clean: false, conflicts };
	return {
		clean: true,
		merged: {
			term,
			variants: mergeVariants(base.variants, theirs.variants, mine.variants),
			definition: definition.text
		}
	};
}
