/**
 * Links glossary terms in a lesson's sanitised HTML: the first occurrence of each term (or of
 * one of its variants), whole words only, ignoring case and accents, never inside links, code,
 * preformatted text or headings; the longest term wins ("logiciel libre" before "logiciel").
 *
 * The matcher is a trie of folded term forms, built once per glossary version and reused for
 * every request; linking is one pass over the HTML (no DOM, no RegExp per term). The HTML is
 * the sanitiser's output, so `<` only ever opens a tag and text is escaped (`&amp;`, `&lt;`,
 * `&gt;`): terms are escaped the same way and matched against the escaped text directly.
 *
 * Each link gets a definition popover that works without JavaScript: a `role="tooltip"` span
 * shown by CSS on hover and keyboard focus (GlossaryStyles.svelte), tied to the link with
 * `aria-describedby`. Only fixed markup and escaped text are emitted, so the output stays safe.
 */

// ---- Folding: one UTF-16 unit → one unit (lower case, no accent, one kind of space and of apostrophe).

let FOLD: Uint16Array | undefined;
let WORD: Uint8Array | undefined;

function tables() {
	if (FOLD && WORD) return { fold: FOLD, word: WORD };
	const fold = new Uint16Array(65536);
	const word = new Uint8Array(65536);
	const isWord = /[\p{L}\p{N}\p{M}_]/u;
	const isSpace = /\s/;
	for (let c = 0; c < 65536; c++) {
		fold[c] = c;
		if (c >= 0xd800 && c <= 0xdfff) continue; // surrogates: kept as is, not word characters
		const ch = String.fromCharCode(c);
		if (isSpace.test(ch)) {
			fold[c] = 32;
		} else if (c < 128) {
			fold[c] = c >= 65 && c <= 90 ? c + 32 : c;
		} else if (c === 0x2019 || c === 0x2018 || c === 0x02bc) {
			fold[c] = 39;
		} else {
			const lower = (ch.normalize('NFD')[0] ?? ch).toLowerCase();
			if (lower.length === 1) fold[c] = lower.charCodeAt(0);
		}
		word[c] = isWord.test(ch) ? 1 : 0;
	}
	FOLD = fold;
	WORD = word;
	return { fold, word };
}

/** The folded form of a string, as compared by the linker (also used to detect duplicates). */
export function fold(text: string): string {
	const { fold } = tables();
	let out = '';
	for (let i = 0; i < text.length; i++) out += String.fromCharCode(fold[text.charCodeAt(i)]!);
	return out.replace(/ +/g, ' ').trim();
}

// ---- Escaping

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(s: string): string {
	return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
		if (e[0] !== '#') return ENTITIES[e.toLowerCase()] ?? m;
		const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
		return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
	});
}

/** A definition's rendered HTML as short plain text for the popover (cut at a word). */
export function plainSummary(html: string, max = 240): string {
	const text = decodeEntities(html.replace(/<[^>]*>/g, ' '))
		.replace(/\s+/g, ' ')
		.trim();
	if (text.length <= max) return text;
	const cut = text.slice(0, max);
	const space = cut.lastIndexOf(' ');
	return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

// ---- Matcher

interface Node {
	next: Map<number, Node>;
	/** Index of the term this node completes, or -1. */
	term: number;
}

export interface LinkableTerm {
	/** The anchor on the glossary page ([a-z0-9-], unique in the course). */
	slug: string;
	/** The term and its variants, as written. */
	forms: string[];
	/** Plain-text definition for the popover. */
	summary: string;
}

export interface Matcher {
	root: Node;
	/** Opening markup per term, up to the linked text. */
	open: string[];
	/** Closing markup per term, after the linked text. */
	close: string[];
}

export function buildMatcher(courseSlug: string, terms: LinkableTerm[]): Matcher {
	const { fold } = tables();
	const root: Node = { next: new Map(), term: -1 };
	const open: string[] = [];
	const close: string[] = [];
	terms.forEach((t, index) => {
		const id = `term_${t.slug}`;
		const href = `/courses/${encodeURIComponent(courseSlug)}/glossary#${encodeURIComponent(t.slug)}`;
		open.push(
			`<span class="term-ref"><a href="${escapeAttr(href)}" class="term" aria-describedby="${escapeAttr(id)}">`
		);
		close.push(
			`</a><span class="term-def" role="tooltip" id="${escapeAttr(id)}">${escapeText(t.summary)}</span></span>`
		);
		for (const form of t.forms) {
			const key = escapeText(form.replace(/\s+/g, ' ').trim());
			if (!key) continue;
			let node = root;
			for (let i = 0; i < key.length; i++) {
				const c = fold[key.charCodeAt(i)]!;
				let child = node.next.get(c);
				if (!child) node.next.set(c, (child = { next: new Map(), term: -1 }));
				node = child;
			}
			if (node.term < 0) node.term = index; // the first term keeps a form two terms share
		}
	});
	return { root, open, close };
}

/** Elements whose text is never linked. */
const SKIP = new Set(['a', 'code', 'pre', 'kbd', 'samp', 'abbr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const AMP = 38;
const SEMI = 59;

export function linkTerms(html: string, matcher: Matcher): string {
	if (!html || matcher.root.next.size === 0) return html;
	const { fold, word } = tables();
	const n = html.length;
	const f = new Uint16Array(n);
	for (let i = 0; i < n; i++) f[i] = fold[html.charCodeAt(i)]!;
	const linked = new Uint8Array(matcher.open.length);
	let remaining = matcher.open.length;
	let out = '';
	let copied = 0;
	let skipDepth = 0;
	let pos = 0;

	while (pos < n && remaining > 0) {
		if (html.charCodeAt(pos) === 60 /* < */) {
			const end = html.indexOf('>', pos);
			if (end < 0) break;
			const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)/.exec(html.slice(pos, Math.min(end + 1, pos + 16)));
			if (m && SKIP.has(m[2]!.toLowerCase()) && html.charCodeAt(end - 1) !== 47 /* / */)
				skipDepth = m[1] ? Math.max(0, skipDepth - 1) : skipDepth + 1;
			pos = end + 1;
			continue;
		}
		let end = html.indexOf('<', pos);
		if (end < 0) end = n;
		if (skipDepth > 0) {
			pos = end;
			continue;
		}
		// Scan one text run.
		let i = pos;
		while (i < end) {
			const c = f[i]!;
			if (word[c] && i > pos && word[f[i - 1]!]) {
				i++;
				continue;
			}
			let node = matcher.root.next.get(c);
			let best = -1;
			let bestEnd = i;
			let j = i + 1;
			while (node) {
				if (node.term >= 0 && (j >= end || !word[f[j - 1]!] || !word[f[j]!])) {
					best = node.term;
					bestEnd = j;
				}
				if (j >= end) break;
				node = node.next.get(f[j]!);
				j++;
			}
			if (best >= 0) {
				if (!linked[best]) {
					linked[best] = 1;
					remaining--;
					out += html.slice(copied, i) + matcher.open[best] + html.slice(i, bestEnd) + matcher.close[best];
					copied = bestEnd;
				}
				i = bestEnd;
			} else if (word[c]) {
				i++;
				while (i < end && word[f[i]!]) i++;
			} else if (c === AMP) {
				// An entity is one character: never match inside it.
				let k = i + 1;
				while (k < end && k - i < 12 && f[k] !== SEMI && f[k] !== AMP) k++;
				i = k < end && f[k] === SEMI ? k + 1 : i + 1;
			} else i++;
		}
		pos = end;
	}
	return copied === 0 ? html : out + html.slice(copied);
}
