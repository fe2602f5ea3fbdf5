/**
 * Word-level differences between two texts, for the history pages: texts are cut into tokens
 * (words, runs of whitespace, single punctuation marks), interned as numbers, and compared with
 * Myers' O(ND) algorithm after trimming the common start and end. Pure, no I/O.
 */

export type OpType = 'equal' | 'insert' | 'delete';
export interface Segment {
	type: OpType;
	text: string;
}

/** Words (letters, digits, inner apostrophes and hyphens), whitespace runs, or one other character. */
const TOKEN = /[\p{L}\p{N}_]+(?:['’-][\p{L}\p{N}_]+)*|\s+|[^\p{L}\p{N}_\s]/gu;

export function tokenize(text: string): string[] {
	return text.match(TOKEN) ?? [];
}

/** Beyond this many differences, the middle is shown as one deletion and one insertion. */
const MAX_EDITS = 2000;

/**
 * The edit script from `a` to `b` as runs: [type, count] pairs, in order. `count` tokens of `a`
 * (equal/delete) or of `b` (insert).
 */
export function diffSequences<T>(a: readonly T[], b: readonly T[]): [OpType, number][] {
	let start = 0;
	while (start < a.length && start < b.length && a[start] === b[start]) start++;
	let endA = a.length;
	let endB = b.length;
	while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
		endA--;
		endB--;
	}
	const out: [OpType, number][] = [];
	const push = (type: OpType, n: number) => {
		if (n <= 0) return;
		const last = out[out.length - 1];
		if (last && last[0] === type) last[1] += n;
		else out.push([type, n]);
	};
	push('equal', start);
	for (const [type, n] of myers(a, b, start, endA, start, endB)) push(type, n);
	push('equal', a.length - endA);
	return out;
}

function myers<T>(a: readonly T[], b: readonly T[], a0: number, a1: number, b0: number, b1: number) {
	const n = a1 - a0;
	const m = b1 - b0;
	if (n === 0 || m === 0)
		return [
			['delete', n],
			['insert', m]
		] as [OpType, number][];
	const max = Math.min(n + m, MAX_EDITS);
	const offset = max + 1;
	const v = new Int32Array(2 * max + 3);
	const trace: Int32Array[] = [];
	let found = -1;
	outer: for (let d = 0; d <= max; d++) {
		// Keep only the diagonals step d can read: -(d+1)…(d+1).
		trace.push(v.slice(offset - d - 1, offset + d + 2));
		for (let k = -d; k <= d; k += 2) {
			let x =
				k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
			let y = x - k;
			while (x < n && y < m && a[a0 + x] === b[b0 + y]) {
				x++;
				y++;
			}
			v[offset + k] = x;
			if (x >= n && y >= m) {
				found = d;
				break outer;
			}
		}
	}
	if (found < 0)
		return [
			['delete', n],
			['insert', m]
		] as [OpType, number][];
	const ops: OpType[] = [];
	let x = n;
	let y = m;
	for (let d = found; d >= 0; d--) {
		const w = trace[d]!;
		const at = (k: number) => w[k + d + 1]!;
		const k = x - y;
		const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
		const prevX = d === 0 ? 0 : at(prevK);
		const prevY = d === 0 ? 0 : prevX - prevK;
		while (x > prevX && y > prevY) {
			ops.push('equal');
			x--;
			y--;
		}
		if (d > 0) ops.push(x === prevX ? 'insert' : 'delete');
		x = prevX;
		y = prevY;
	}
	const runs: [OpType, number][] = [];
	for (let i = ops.length - 1; i >= 0; i--) {
		const last = runs[runs.length - 1];
		if (last && last[0] === ops[i]) last[1]++;
		else runs.push([ops[i]!, 1]);
	}
	return runs;
}

/** Tokens as numbers (same text, same number), so comparisons are integer compares. */
function intern(a: string[], b: string[]): [number[], number[]] {
	const ids = new Map<string, number>();
	const id = (s: string) => {
		let n = ids.get(s);
		if (n === undefined) ids.set(s, (n = ids.size));
		return n;
	};
	return [a.map(id), b.map(id)];
}

/** Word-level differences from `from` to `to`, as segments of text. */
export function diffWords(from: string, to: string): Segment[] {
	const ta = tokenize(from);
	const tb = tokenize(to);
	const [a, b] = intern(ta, tb);
	const segments: Segment[] = [];
	let i = 0;
	let j = 0;
	for (const [type, n] of diffSequences(a, b)) {
		if (type === 'insert') {
			segments.push({ type, text: tb.slice(j, j + n).join('') });
			j += n;
		} else {
			segments.push({ type, text: ta.slice(i, i + n).join('') });
			i += n;
			if (type === 'equal') j += n;
		}
	}
	return cleanup(segments);
}

/**
 * Readability: a lone space (or punctuation mark) kept between two changes becomes part of them,
 * so "a b c" → "x y z" reads as one replacement instead of a patchwork. Deletions come first.
 */
function cleanup(segments: Segment[]): Segment[] {
	const out: Segment[] = [];
	let del = '';
	let ins = '';
	const flush = () => {
		if (del) out.push({ type: 'delete', text: del });
		if (ins) out.push({ type: 'insert', text: ins });
		del = ins = '';
	};
	for (let s = 0; s < segments.length; s++) {
		const seg = segments[s]!;
		if (seg.type === 'delete') del += seg.text;
		else if (seg.type === 'insert') ins += seg.text;
		else if ((del || ins) && s + 1 < segments.length && /^(\s+|[^\p{L}\p{N}_\s])$/u.test(seg.text)) {
			del += seg.text;
			ins += seg.text;
		} else {
			flush();
			out.push(seg);
		}
	}
	flush();
	return out;
}

/** The text a diff leads to (equal + inserted) or comes from (equal + deleted). */
export function sideOf(segments: Segment[], side: 'from' | 'to'): string {
	const skip: OpType = side === 'to' ? 'delete' : 'insert';
	return segments
		.filter((s) => s.type !== skip)
		.map((s) => s.text)
		.join('');
}

/** Characters added and removed, for "size change" columns. */
export function diffStats(segments: Segment[]) {
	let added = 0;
	let removed = 0;
	for (const s of segments) {
		if (s.type === 'insert') added += s.text.length;
		if (s.type === 'delete') removed += s.text.length;
	}
	return { added, removed };
}
