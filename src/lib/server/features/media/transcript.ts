/**
 * A readable transcript from captions, for a clickable text beside the video: consecutive cues
 * of the same speaker become one paragraph; search ignores case and accents and answers with
 * the time to jump to.
 */
import { cueSegments } from './cuetext.ts';
import type { Cue } from './vtt.ts';

/** Where a cue's words start in a paragraph's text, to jump to the right moment. */
export interface TranscriptPart {
	start: number;
	/** Offset of this part in the paragraph's `text`. */
	offset: number;
}

export interface Paragraph {
	start: number;
	end: number;
	speaker?: string;
	text: string;
	parts: TranscriptPart[];
}

export interface TranscriptOptions {
	/** A silence longer than this (seconds) starts a new paragraph. */
	maxGap?: number;
	/** A paragraph longer than this (characters) is closed after the current cue. */
	maxChars?: number;
}

function oneLine(text: string): string {
	return text.replace(/\s+/gu, ' ').trim();
}

/**
 * Paragraphs from cues (in time order): same speaker and no long silence → same paragraph.
 * A cue with several voices is split at each voice; a cue repeating the previous text (rolling
 * captions) is skipped.
 */
export function buildTranscript(
	cues: readonly Pick<Cue, 'start' | 'end' | 'text'>[],
	options: TranscriptOptions = {}
): Paragraph[] {
	const maxGap = options.maxGap ?? 5;
	const maxChars = options.maxChars ?? 800;
	const paragraphs: Paragraph[] = [];
	let lastText = '';
	const sorted = [...cues].sort((a, b) => a.start - b.start);
	for (const cue of sorted) {
		for (const segment of cueSegments(cue.text)) {
			const text = oneLine(segment.text);
			if (!text || text === lastText) continue;
			lastText = text;
			const last = paragraphs.at(-1);
			if (last && last.speaker === segment.speaker && cue.start - last.end <= maxGap && last.text.length < maxChars) {
				last.parts.push({ start: cue.start, offset: last.text.length + 1 });
				last.text += ` ${text}`;
				last.end = Math.max(last.end, cue.end);
			} else {
				paragraphs.push({
					start: cue.start,
					end: cue.end,
					...(segment.speaker === undefined ? {} : { speaker: segment.speaker }),
					text,
					parts: [{ start: cue.start, offset: 0 }]
				});
			}
		}
	}
	return paragraphs;
}

const FOLDED: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', đ: 'd', ł: 'l', '’': "'", ʼ: "'" };

/** Lower case without accents, with a map from each folded character to its source index. */
function fold(text: string): { folded: string; map: number[] } {
	let folded = '';
	const map: number[] = [];
	let index = 0;
	for (const char of text) {
		const lower = char.toLowerCase();
		const base = FOLDED[lower] ?? lower.normalize('NFD').replace(/\p{M}/gu, '');
		for (const c of base) {
			folded += c;
			map.push(index);
		}
		index += char.length;
	}
	map.push(index);
	return { folded, map };
}

export interface TranscriptMatch {
	/** Index of the paragraph. */
	paragraph: number;
	/** Time to jump to: the start of the cue where the match begins. */
	start: number;
	/** Position of the match in the paragraph's text, for highlighting. */
	offset: number;
	length: number;
}

/** Finds `query` in the transcript, ignoring case and accents (at most `limit` matches). */
export function searchTranscript(transcript: readonly Paragraph[], query: string, limit = 100): TranscriptMatch[] {
	const needle = fold(oneLine(query)).folded;
	if (!needle) return [];
	const matches: TranscriptMatch[] = [];
	for (const [p, paragraph] of transcript.entries()) {
		const { folded, map } = fold(paragraph.text);
		let from = 0;
		for (;;) {
			const at = folded.indexOf(needle, from);
			if (at < 0) break;
			const offset = map[at] ?? 0;
			const endOffset = map[at + needle.length] ?? paragraph.text.length;
			const part = paragraph.parts.findLast((x) => x.offset <= offset) ?? paragraph.parts[0];
			matches.push({ paragraph: p, start: part?.start ?? paragraph.start, offset, length: endOffset - offset });
			if (matches.length >= limit) return matches;
			from = at + needle.length;
		}
	}
	return matches;
}
