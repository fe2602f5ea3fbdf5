/**
 * Three-way merge of two edits of the same text, line by line (a paragraph of Markdown is a line
 * or a few): each side's changes against the common base are hunks of base lines replaced by new
 * lines. Hunks of one side only are applied; hunks of both sides that touch the same base lines
 * are a conflict unless both sides wrote the same thing. Pure, no I/O.
 */
import { diffSequences } from './diff.ts';

interface Hunk {
	/** Base lines [start, end) replaced by `lines`. */
	start: number;
	end: number;
	lines: string[];
	side: 'mine' | 'theirs';
}

export type MergeChunk =
	{ type: 'ok'; lines: string[] } | { type: 'conflict'; base: string[]; mine: string[]; theirs: string[] };

export interface MergeResult {
	clean: boolean;
	chunks: MergeChunk[];
	/** The merged text; with conflicts, each shows both versions between markers. */
	text: string;
}

export const MARKERS = { mine: '<<<<<<<', middle: '=======', theirs: '>>>>>>>' } as const;

function splitLines(text: string): string[] {
	return text.replace(/\r\n?/g, '\n').split('\n');
}

function hunks(base: string[], other: string[], side: Hunk['side']): Hunk[] {
	const ids = new Map<string, number>();
	const id = (s: string) => {
		let n = ids.get(s);
		if (n === undefined) ids.set(s, (n = ids.size));
		return n;
	};
	const a = base.map(id);
	const b = other.map(id);
	const out: Hunk[] = [];
	let i = 0;
	let j = 0;
	let current: Hunk | null = null;
	for (const [type, n] of diffSequences(a, b)) {
		if (type === 'equal') {
			if (current) out.push(current);
			current = null;
			i += n;
			j += n;
			continue;
		}
		current ??= { start: i, end: i, lines: [], side };
		if (type === 'delete') {
			i += n;
			current.end = i;
		} else {
			current.lines.push(...other.slice(j, j + n));
			j += n;
		}
	}
	if (current) out.push(current);
	return out;
}

/** Two hunks overlap when they replace common base lines, or insert at the same place. */
function touches(a: { start: number; end: number }, b: { start: number; end: number }) {
	if (a.start < b.end && b.start < a.end) return true;
	if (a.start === b.start) return true;
	if (a.start === a.end && a.start > b.start && a.start <= b.end) return true;
	if (b.start === b.end && b.start > a.start && b.start <= a.end) return true;
	return false;
}

/** One side's version of base lines [start, end), given its hunks inside that range. */
function sideText(base: string[], start: number, end: number, group: Hunk[]): string[] {
	const out: string[] = [];
	let at = start;
	for (const h of group) {
		out.push(...base.slice(at, h.start), ...h.lines);
		at = h.end;
	}
	out.push(...base.slice(at, end));
	return out;
}

export function merge3(baseText: string, theirsText: string, mineText: string, labels = { mine: '', theirs: '' }) {
	const base = splitLines(baseText);
	const all = [...hunks(base, splitLines(mineText), 'mine'), ...hunks(base, splitLines(theirsText), 'theirs')].sort(
		(x, y) => x.start - y.start || x.end - y.end
	);
	const chunks: MergeChunk[] = [];
	const ok = (lines: string[]) => {
		if (!lines.length) return;
		const last = chunks[chunks.length - 1];
		if (last?.type === 'ok') last.lines.push(...lines);
		else chunks.push({ type: 'ok', lines: [...lines] });
	};
	let at = 0;
	let clean = true;
	for (let g = 0; g < all.length;) {
		// A group: hunks chained by overlap.
		const group = [all[g]!];
		let range = { start: all[g]!.start, end: all[g]!.end };
		for (g++; g < all.length && touches(range, all[g]!); g++) {
			group.push(all[g]!);
			range = { start: range.start, end: Math.max(range.end, all[g]!.end) };
		}
		ok(base.slice(at, range.start));
		at = range.end;
		const mine = group.filter((h) => h.side === 'mine');
		const theirs = group.filter((h) => h.side === 'theirs');
		const mineLines = sideText(base, range.start, range.end, mine);
		const theirLines = sideText(base, range.start, range.end, theirs);
		if (!mine.length) ok(theirLines);
		else if (!theirs.length || mineLines.join('\n') === theirLines.join('\n')) ok(mineLines);
		else {
			// Lines both sides agree on, at either end, are not part of the conflict.
			let p = 0;
			while (p < mineLines.length && p < theirLines.length && mineLines[p] === theirLines[p]) p++;
			let q = 0;
			while (
				q < mineLines.length - p &&
				q < theirLines.length - p &&
				mineLines[mineLines.length - 1 - q] === theirLines[theirLines.length - 1 - q]
			)
				q++;
			clean = false;
			ok(mineLines.slice(0, p));
			chunks.push({
				type: 'conflict',
				base: base.slice(range.start, range.end),
				mine: mineLines.slice(p, mineLines.length - q),
				theirs: theirLines.slice(p, theirLines.length - q)
			});
			ok(mineLines.slice(mineLines.length - q));
		}
	}
	ok(base.slice(at));
	const lines = chunks.flatMap((c) =>
		c.type === 'ok'
			? c.lines
			: [
					`${MARKERS.mine} ${labels.mine}`.trimEnd(),
					...c.mine,
					MARKERS.middle,
					...c.theirs,
					`${MARKERS.theirs} ${labels.theirs}`.trimEnd()
				]
	);
	return { clean, chunks, text: lines.join('\n') } satisfies MergeResult;
}

/** Does a text still hold conflict markers (a line starting with <<<<<<< or >>>>>>>)? */
export function hasConflictMarkers(text: string): boolean {
	return /^(<{7}|>{7})(\s|$)/m.test(text);
}
