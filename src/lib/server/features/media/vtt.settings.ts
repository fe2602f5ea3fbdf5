/**
 * WebVTT timestamps and cue settings, after the W3C algorithms "collect a WebVTT timestamp"
 * and "parse the WebVTT cue settings" (current spec: `center`, `line-left`, `line-right`).
 */

export type Vertical = '' | 'rl' | 'lr';
export type LineAlign = 'start' | 'center' | 'end';
export type PositionAlign = 'line-left' | 'center' | 'line-right' | 'auto';
export type Align = 'start' | 'center' | 'end' | 'left' | 'right';

/** A cue's settings, with the spec's defaults when absent. */
export interface CueSettings {
	vertical: Vertical;
	/** A line number (snapToLines) or a percentage of the video, or `auto`. */
	line: number | 'auto';
	snapToLines: boolean;
	lineAlign: LineAlign;
	/** A percentage, or `auto`. */
	position: number | 'auto';
	positionAlign: PositionAlign;
	/** A percentage. */
	size: number;
	align: Align;
	/** The region id as written; regions themselves are not interpreted. */
	region: string;
}

/** The settings of a cue that has none. */
export function defaultSettings(): CueSettings {
	return {
		vertical: '',
		line: 'auto',
		snapToLines: true,
		lineAlign: 'start',
		position: 'auto',
		positionAlign: 'auto',
		size: 100,
		align: 'center',
		region: ''
	};
}

/**
 * Reads a WebVTT timestamp at the start of `s` ("collect a WebVTT timestamp": `mm:ss.ttt` or
 * `h…h:mm:ss.ttt`, hours of any length); returns the seconds and the characters used, or null.
 */
export function readTimestamp(s: string): { seconds: number; length: number } | null {
	let i = 0;
	const digits = () => {
		const from = i;
		while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
		return s.slice(from, i);
	};
	const first = digits();
	if (!first) return null;
	const hours = first.length !== 2 || Number(first) > 59;
	if (s[i++] !== ':') return null;
	const second = digits();
	if (second.length !== 2) return null;
	let h = 0;
	let m = Number(first);
	let sec = Number(second);
	if (hours || s[i] === ':') {
		if (s[i++] !== ':') return null;
		const third = digits();
		if (third.length !== 2) return null;
		[h, m, sec] = [Number(first), Number(second), Number(third)];
	}
	if (s[i++] !== '.') return null;
	const ms = digits();
	if (ms.length !== 3 || m > 59 || sec > 59) return null;
	return { seconds: (((h * 60 + m) * 60 + sec) * 1000 + Number(ms)) / 1000, length: i };
}

/** Parses a whole string as one timestamp (for timestamp tags and tests). */
export function parseTimestamp(s: string): number | null {
	const t = readTimestamp(s);
	return t && t.length === s.length ? t.seconds : null;
}

/** Writes seconds as `hh:mm:ss.ttt` (hours may exceed two digits). */
export function formatTimestamp(seconds: number): string {
	const ms = Math.max(0, Math.round(seconds * 1000));
	const h = Math.floor(ms / 3_600_000);
	const m = Math.floor(ms / 60_000) % 60;
	const s = Math.floor(ms / 1000) % 60;
	const pad = (n: number, w: number) => String(n).padStart(w, '0');
	return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(ms % 1000, 3)}`;
}

/** "parse a percentage string": digits, optional fraction, `%`, between 0 and 100. */
function percentage(value: string): number | null {
	if (!/^\d+(?:\.\d+)?%$/.test(value)) return null;
	const n = parseFloat(value);
	return n >= 0 && n <= 100 ? n : null;
}

/** A number as written by the spec's line syntax (`-`, digits, one inner `.`), or null. */
function lineNumber(value: string): number | null {
	if (!/^-?\d+(?:\.\d+)?$/.test(value)) return null;
	const n = parseFloat(value);
	return n === 0 ? 0 : n; // no -0
}

function split(value: string): [string, string | null] {
	const comma = value.indexOf(',');
	return comma < 0 ? [value, null] : [value.slice(0, comma), value.slice(comma + 1)];
}

/** Applies the settings in `input` (the rest of a timing line) over `settings`. */
export function parseSettings(input: string, settings: CueSettings): CueSettings {
	for (const setting of input.split(/[\t\n\f\r ]+/)) {
		const colon = setting.indexOf(':');
		if (colon <= 0 || colon === setting.length - 1) continue;
		const name = setting.slice(0, colon);
		const value = setting.slice(colon + 1);
		if (name === 'region') settings.region = value;
		else if (name === 'vertical') {
			if (value === 'rl' || value === 'lr') settings.vertical = value;
		} else if (name === 'line') {
			const [pos, align] = split(value);
			const isPercent = pos.endsWith('%');
			const n = isPercent ? percentage(pos) : lineNumber(pos);
			if (n === null) continue;
			if (align !== null && align !== 'start' && align !== 'center' && align !== 'end') continue;
			if (align !== null) settings.lineAlign = align;
			settings.line = n;
			settings.snapToLines = !isPercent;
		} else if (name === 'position') {
			const [pos, align] = split(value);
			const n = percentage(pos);
			if (n === null) continue;
			if (align !== null && align !== 'line-left' && align !== 'center' && align !== 'line-right') continue;
			if (align !== null) settings.positionAlign = align;
			settings.position = n;
		} else if (name === 'size') {
			const n = percentage(value);
			if (n !== null) settings.size = n;
		} else if (name === 'align') {
			if (['start', 'center', 'end', 'left', 'right'].includes(value)) settings.align = value as Align;
		}
	}
	return settings;
}

function num(n: number): string {
	return Number.isInteger(n) && Math.abs(n) >= 1e21 ? BigInt(n).toString() : String(n);
}

/** The settings that differ from the defaults, written back in WebVTT syntax. */
export function formatSettings(s: CueSettings): string {
	const out: string[] = [];
	if (s.region) out.push(`region:${s.region}`);
	if (s.vertical) out.push(`vertical:${s.vertical}`);
	if (s.line !== 'auto') {
		const align = s.lineAlign === 'start' ? '' : `,${s.lineAlign}`;
		out.push(`line:${num(s.line)}${s.snapToLines ? '' : '%'}${align}`);
	}
	if (s.position !== 'auto') {
		const align = s.positionAlign === 'auto' ? '' : `,${s.positionAlign}`;
		out.push(`position:${num(s.position)}%${align}`);
	}
	if (s.size !== 100) out.push(`size:${num(s.size)}%`);
	if (s.align !== 'center') out.push(`align:${s.align}`);
	return out.join(' ');
}

/**
 * The spec's "computed position alignment": the explicit one, else derived from `align`
 * (assuming left-to-right text for `start`/`end`).
 */
export function computedPositionAlign(s: CueSettings): Exclude<PositionAlign, 'auto'> {
	if (s.positionAlign !== 'auto') return s.positionAlign;
	if (s.align === 'left' || s.align === 'start') return 'line-left';
	if (s.align === 'right' || s.align === 'end') return 'line-right';
	return 'center';
}
