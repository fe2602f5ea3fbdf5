/**
 * WebVTT captions: parse (after the W3C "WebVTT parser algorithm"), validate an upload, write
 * back. Errors are translation keys with 1-based line numbers; like browsers, the parser keeps
 * going after a bad cue so the valid ones are still returned. NOTE, STYLE and REGION blocks are
 * skipped (regions are kept only as the `region:` id a cue names).
 */
import type { MessageKey, Params } from '#lib/i18n/index.ts';
import { cuePlainText } from './cuetext.ts';
import {
	defaultSettings,
	formatSettings,
	formatTimestamp,
	parseSettings,
	readTimestamp,
	type CueSettings
} from './vtt.settings.ts';

export { formatTimestamp, parseTimestamp } from './vtt.settings.ts';
export type { CueSettings } from './vtt.settings.ts';

export interface Cue {
	/** The cue identifier ('' when none). */
	id: string;
	/** Seconds. */
	start: number;
	end: number;
	settings: CueSettings;
	/** The cue text as written (tags and character references kept). */
	text: string;
	/** The text a person reads: tags removed, character references decoded. */
	plain: string;
	/** The first voice (`<v Name>`) of the cue, if any. */
	speaker?: string;
	/** The line of the cue's timing line in the parsed file (1-based). */
	sourceLine?: number;
}

export interface VttError {
	line: number;
	key: MessageKey;
	params: Params;
}

export interface VttResult {
	cues: Cue[];
	errors: VttError[];
}

/** Cue text and identifiers shown in messages are cut to this many characters. */
const SHOWN_CHARS = 60;

function vttError(line: number, key: MessageKey, params: Params = {}): VttError {
	return { line, key, params: { line, ...params } };
}

function shown(s: string): string {
	return s.length > SHOWN_CHARS ? `${s.slice(0, SHOWN_CHARS - 1)}…` : s;
}

const WS = /^[\t\n\f\r ]+/;

/** "collect WebVTT cue timings and settings": null when the line is not a valid timing line. */
function parseTiming(line: string): { start: number; end: number; settings: CueSettings } | null {
	let rest = line.replace(WS, '');
	const start = readTimestamp(rest);
	if (!start) return null;
	rest = rest.slice(start.length).replace(WS, '');
	if (!rest.startsWith('-->')) return null;
	rest = rest.slice(3).replace(WS, '');
	const end = readTimestamp(rest);
	if (!end) return null;
	const settings = parseSettings(rest.slice(end.length), defaultSettings());
	return { start: start.seconds, end: end.seconds, settings };
}

/** First lines of the blocks that are not cues: comments, style sheets, regions. */
const SKIPPED_BLOCK = /^(?:NOTE(?:$|[ \t])|STYLE[\t\f\r ]*$|REGION[\t\f\r ]*$)/;

/**
 * Parses a WebVTT file. A file without the `WEBVTT` header gives no cues (as in browsers);
 * otherwise each bad block is reported and skipped.
 */
export function parseVtt(input: string): VttResult {
	const text = (input.startsWith('\ufeff') ? input.slice(1) : input).replace(/\0/g, '\ufffd').replace(/\r\n?/g, '\n');
	if (text.trim() === '') return { cues: [], errors: [vttError(1, 'media.vtt.emptyFile')] };
	if (!/^WEBVTT(?:$|[ \t\n])/.test(text)) {
		return {
			cues: [],
			errors: [vttError(1, 'media.vtt.missingHeader', { value: shown(text.split('\n')[0] ?? '') })]
		};
	}
	const lines = text.split('\n');
	const cues: Cue[] = [];
	const errors: VttError[] = [];
	let i = 1;

	/** "collect a WebVTT block", on lines: returns after the block's last line. */
	const collectBlock = (inHeader: boolean) => {
		const firstLine = i + 1;
		let lineCount = 0;
		let previous = i;
		let buffer = '';
		let seenArrow = false;
		let timing: ReturnType<typeof parseTiming> = null;
		let id = '';
		let timingLine = 0;
		while (i < lines.length) {
			const line = lines[i] ?? '';
			const lineNo = i + 1;
			i++;
			lineCount++;
			if (line.includes('-->')) {
				if (!inHeader && (lineCount === 1 || (lineCount === 2 && !seenArrow))) {
					seenArrow = true;
					previous = i;
					timing = parseTiming(line);
					timingLine = lineNo;
					if (timing) {
						id = buffer;
						buffer = '';
					} else {
						errors.push(vttError(lineNo, 'media.vtt.badTimestamp', { value: shown(line) }));
					}
				} else {
					i = previous;
					break;
				}
			} else if (line === '') {
				break;
			} else {
				buffer = buffer ? `${buffer}\n${line}` : line;
				previous = i;
			}
		}
		if (inHeader) return;
		if (timing) {
			const { start, end, settings } = timing;
			if (end < start) {
				errors.push(
					vttError(timingLine, 'media.vtt.endBeforeStart', {
						start: formatTimestamp(start),
						end: formatTimestamp(end)
					})
				);
				return;
			}
			cues.push({ id, start, end, settings, text: buffer, ...cuePlainText(buffer), sourceLine: timingLine });
		} else if (!seenArrow && buffer && !SKIPPED_BLOCK.test(buffer.split('\n')[0] ?? '')) {
			errors.push(vttError(firstLine, 'media.vtt.strayText', { value: shown(buffer.split('\n')[0] ?? '') }));
		}
	};

	if (i < lines.length && lines[i] !== '') collectBlock(true);
	while (i < lines.length) {
		while (i < lines.length && lines[i] === '') i++;
		if (i < lines.length) collectBlock(false);
	}
	return { cues, errors };
}

/** Writes cues as a WebVTT file that `parseVtt` reads back to the same cues. */
export function serializeVtt(cues: readonly Pick<Cue, 'id' | 'start' | 'end' | 'settings' | 'text'>[]): string {
	const blocks = cues.map((cue) => {
		const id = cue.id.replace(/[\r\n]+/g, ' ').replace(/-->/g, '->');
		const settings = formatSettings(cue.settings);
		const timing = `${formatTimestamp(cue.start)} --> ${formatTimestamp(cue.end)}${settings ? ` ${settings}` : ''}`;
		const text = cue.text
			.split(/\r\n?|\n/)
			.filter((l) => l.trim() !== '')
			.map((l) => l.replace(/-->/g, '--&gt;'));
		return [...(id ? [id] : []), timing, ...text].join('\n');
	});
	return ['WEBVTT', ...blocks].join('\n\n') + '\n';
}

export interface VttUploadLimits {
	maxBytes: number;
	/** The video's duration in seconds, when known: cues must fit in it. */
	durationSeconds?: number;
}

/** Index of the first C0 control character other than tab, LF, FF and CR (binary data), or -1. */
function firstControlChar(text: string): number {
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) return i;
	}
	return -1;
}

/** A cue may end this many seconds after the video without being refused (rounding, fades). */
export const DURATION_TOLERANCE = 1;

/**
 * Checks an uploaded captions file: size, UTF-8 text, WebVTT syntax, at least one cue, cues
 * within the video. `ok` is true only when there is no error at all.
 */
export function validateVtt(input: string | Uint8Array, limits: VttUploadLimits): VttResult & { ok: boolean } {
	const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
	const refuse = (error: VttError) => ({ ok: false, cues: [], errors: [error] });
	if (size > limits.maxBytes) {
		return refuse(
			vttError(1, 'media.vtt.tooLarge', {
				size: Math.ceil(size / 1024),
				max: Math.floor(limits.maxBytes / 1024)
			})
		);
	}
	let text: string;
	try {
		text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
	} catch {
		return refuse(vttError(1, 'media.vtt.notText'));
	}
	const binary = firstControlChar(text);
	if (binary >= 0) {
		const line = text.slice(0, binary).split(/\r\n?|\n/).length;
		return refuse(vttError(line, 'media.vtt.notText'));
	}
	const { cues, errors } = parseVtt(text);
	if (
		cues.length === 0 &&
		errors.every((e) => e.key !== 'media.vtt.emptyFile' && e.key !== 'media.vtt.missingHeader')
	) {
		errors.push(vttError(1, 'media.vtt.noCues'));
	}
	const duration = limits.durationSeconds;
	if (duration !== undefined) {
		for (const cue of cues) {
			if (cue.start >= duration || cue.end > duration + DURATION_TOLERANCE) {
				errors.push(
					vttError(cue.sourceLine ?? 1, 'media.vtt.beyondDuration', {
						start: formatTimestamp(cue.start),
						end: formatTimestamp(cue.end),
						duration: formatTimestamp(duration)
					})
				);
			}
		}
	}
	errors.sort((a, b) => a.line - b.line);
	return { ok: errors.length === 0, cues, errors };
}
