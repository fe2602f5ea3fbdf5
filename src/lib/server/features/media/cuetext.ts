/**
 * WebVTT cue text → plain text. A tokenizer following the W3C "WebVTT cue text tokenizer"
 * (data, escape, tag, start tag, class, annotation, end tag and timestamp states); tags are
 * dropped (`<v>`, `<c>`, `<i>`, `<b>`, `<u>`, `<ruby>`, `<rt>`, `<lang>`, timestamps, unknown
 * ones), their text kept, so the result equals the DOM `textContent` a browser would build.
 * Character references need their `;` (as vtt.js; HTML's legacy `&nbsp` without `;` is kept).
 */

/** A run of cue text spoken by one voice (`<v Name>`), or by nobody in particular. */
export interface CueSegment {
	speaker?: string;
	text: string;
}

type Token =
	| { type: 'text'; value: string }
	| { type: 'start'; name: string; classes: string[]; annotation: string }
	| { type: 'end'; name: string }
	| { type: 'timestamp'; value: string };

const NAMED: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
	nbsp: '\u00a0',
	lrm: '\u200e',
	rlm: '\u200f'
};

const WS = new Set(['\t', '\n', '\f', ' ']);

/** Decodes the character reference starting at `&` in `s[i]`; returns the text and the next index. */
function charRef(s: string, i: number): [string, number] {
	const m = /^&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{0,31}));/.exec(s.slice(i, i + 40));
	if (m) {
		if (m[3] !== undefined) {
			const named = NAMED[m[3]];
			if (named !== undefined) return [named, i + m[0].length];
		} else {
			const code = m[1] !== undefined ? Number(m[1]) : parseInt(m[2] ?? '', 16);
			const ok = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
			return [ok ? String.fromCodePoint(code) : '\ufffd', i + m[0].length];
		}
	}
	return ['&', i + 1];
}

/** Splits cue text into tokens (W3C cue text tokenizer, simplified to what plain text needs). */
function tokenize(s: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < s.length) {
		if (s[i] !== '<') {
			let text = '';
			while (i < s.length && s[i] !== '<') {
				if (s[i] === '&') {
					const [out, next] = charRef(s, i);
					text += out;
					i = next;
				} else text += s[i++];
			}
			tokens.push({ type: 'text', value: text });
			continue;
		}
		i++; // past '<'
		const c = s[i];
		if (c === '/') {
			const close = s.indexOf('>', i);
			const endAt = close < 0 ? s.length : close;
			tokens.push({ type: 'end', name: s.slice(i + 1, endAt) });
			i = endAt + 1;
		} else if (c !== undefined && c >= '0' && c <= '9') {
			const close = s.indexOf('>', i);
			const endAt = close < 0 ? s.length : close;
			tokens.push({ type: 'timestamp', value: s.slice(i, endAt) });
			i = endAt + 1;
		} else {
			// Start tag: name, then .classes, then an annotation after whitespace.
			let name = '';
			const classes: string[] = [];
			let annotation = '';
			let state: 'name' | 'class' | 'annotation' = 'name';
			let cls = '';
			while (i < s.length && s[i] !== '>') {
				const ch = s[i] ?? '';
				if (state === 'annotation') {
					if (ch === '&') {
						const [out, next] = charRef(s, i);
						annotation += out;
						i = next;
						continue;
					}
					annotation += ch;
				} else if (WS.has(ch)) {
					if (state === 'class') classes.push(cls);
					state = 'annotation';
				} else if (ch === '.') {
					if (state === 'class') classes.push(cls);
					state = 'class';
					cls = '';
				} else if (state === 'class') cls += ch;
				else name += ch;
				i++;
			}
			if (state === 'class') classes.push(cls);
			i++; // past '>' (or beyond the end)
			tokens.push({
				type: 'start',
				name,
				classes: classes.filter(Boolean),
				annotation: annotation.trim().replace(/[\t\n\f ]+/g, ' ')
			});
		}
	}
	return tokens;
}

/** The cue text cut into runs by voice, tags removed and character references decoded. */
export function cueSegments(text: string): CueSegment[] {
	const segments: CueSegment[] = [];
	const voices: (string | undefined)[] = [];
	let current: CueSegment = { text: '' };
	const switchTo = (speaker: string | undefined) => {
		if (speaker === current.speaker) return;
		if (current.text) segments.push(current);
		current = speaker === undefined ? { text: '' } : { speaker, text: '' };
	};
	for (const token of tokenize(text)) {
		if (token.type === 'text') current.text += token.value;
		else if (token.type === 'start' && token.name === 'v') {
			voices.push(token.annotation || undefined);
			switchTo(token.annotation || undefined);
		} else if (token.type === 'end' && token.name === 'v' && voices.length) {
			voices.pop();
			switchTo(voices.at(-1));
		}
	}
	if (current.text || segments.length === 0) segments.push(current);
	return segments;
}

/** Plain text of a cue (like the DOM's `textContent`) and its first voice, if any. */
export function cuePlainText(text: string): { plain: string; speaker?: string } {
	const segments = cueSegments(text);
	const plain = segments.map((s) => s.text).join('');
	const voice = tokenize(text).find((t) => t.type === 'start' && t.name === 'v');
	const speaker = voice?.type === 'start' && voice.annotation ? voice.annotation : undefined;
	return speaker === undefined ? { plain } : { plain, speaker };
}

/** Escapes plain text so it can be written as WebVTT cue text (`&`, `<`, `>`). */
export function escapeCueText(plain: string): string {
	return plain.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
