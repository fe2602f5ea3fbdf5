/**
 * Video chapters: a list of `{ title, start }` (seconds); each ends where the next starts, the
 * last at the end of the video. Edited as lines of a textarea (`01:30 Introduction`), served as
 * a WebVTT file for `<track kind="chapters">`, federated as PeerTube's `hasPart`.
 */
import type { MessageKey, Params } from '#lib/i18n/index.ts';
import { escapeCueText } from './cuetext.ts';
import { parseVtt, serializeVtt, type VttError } from './vtt.ts';
import { defaultSettings } from './vtt.settings.ts';

export interface Chapter {
	title: string;
	/** Seconds from the start of the video. */
	start: number;
}

export interface ChapterError {
	line: number;
	key: MessageKey;
	params: Params;
}

export const MAX_CHAPTERS = 200;
export const MAX_CHAPTER_TITLE = 200;
/** PeerTube refuses chapter titles longer than this (CONSTRAINTS_FIELDS.VIDEO_CHAPTERS.TITLE). */
export const PEERTUBE_MAX_TITLE = 100;

/** `m:ss`, `mm:ss` or `h:mm:ss`, optionally with a fraction, then the title. */
const CHAPTER_LINE = /^(\d+(?::\d{2}){1,2}(?:[.,]\d{1,3})?)(?:\s+(?:[-–—|]\s+)?(.*))?$/u;

function error(line: number, key: MessageKey, params: Params = {}): ChapterError {
	return { line, key, params: { line, ...params } };
}

/** Parses `1:02:03`, `75:00` or `0:05.5` as seconds (null if a field is out of range). */
export function parseChapterTime(s: string): number | null {
	const m = /^(\d+)(?::(\d{2}))?:(\d{2})(?:[.,](\d{1,3}))?$/.exec(s);
	if (!m) return null;
	const [, a = '0', b, c = '0', frac = ''] = m;
	const [h, min] = b === undefined ? [0, Number(a)] : [Number(a), Number(b)];
	if (Number(c) > 59 || (b !== undefined && min > 59)) return null;
	const ms = ((h * 60 + min) * 60 + Number(c)) * 1000 + Number(frac.padEnd(3, '0'));
	return ms / 1000;
}

/** Writes seconds as a person types them: `1:05`, `1:02:03`, `0:05.500` when not whole. */
export function formatChapterTime(seconds: number): string {
	const ms = Math.max(0, Math.round(seconds * 1000));
	const h = Math.floor(ms / 3_600_000);
	const m = Math.floor(ms / 60_000) % 60;
	const s = Math.floor(ms / 1000) % 60;
	const frac = ms % 1000 ? `.${String(ms % 1000).padStart(3, '0')}` : '';
	const ss = `${String(s).padStart(2, '0')}${frac}`;
	return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Collapses the whitespace of a title (titles are one line). */
function cleanTitle(title: string): string {
	return title.replace(/\s+/gu, ' ').trim();
}

/**
 * Reads chapters typed one per line (`00:00 Introduction`); blank lines are ignored. Errors
 * carry the line number; `chapters` holds the lines that were valid.
 */
export function parseChapterLines(
	text: string,
	options: { duration?: number } = {}
): { chapters: Chapter[]; errors: ChapterError[] } {
	const chapters: Chapter[] = [];
	const errors: ChapterError[] = [];
	let previous: number | undefined;
	let count = 0;
	const lines = text.replace(/^\ufeff/, '').split(/\r\n?|\n/);
	for (const [index, raw] of lines.entries()) {
		const lineNo = index + 1;
		const line = raw.trim();
		if (!line) continue;
		count++;
		if (count === MAX_CHAPTERS + 1) errors.push(error(lineNo, 'media.chapters.tooMany', { max: MAX_CHAPTERS }));
		const m = CHAPTER_LINE.exec(line);
		const start = m?.[1] === undefined ? null : parseChapterTime(m[1]);
		if (!m || start === null) {
			errors.push(
				error(lineNo, 'media.chapters.badLine', { value: line.length > 60 ? `${line.slice(0, 59)}…` : line })
			);
			continue;
		}
		const title = cleanTitle(m[2] ?? '');
		const time = formatChapterTime(start);
		let ok = true;
		if (!title) {
			errors.push(error(lineNo, 'media.chapters.emptyTitle', { time }));
			ok = false;
		} else if (title.length > MAX_CHAPTER_TITLE) {
			errors.push(error(lineNo, 'media.chapters.titleTooLong', { max: MAX_CHAPTER_TITLE }));
			ok = false;
		}
		if (previous !== undefined && start === previous) {
			errors.push(error(lineNo, 'media.chapters.duplicateStart', { time }));
			ok = false;
		} else if (previous !== undefined && start < previous) {
			const before = formatChapterTime(previous);
			errors.push(error(lineNo, 'media.chapters.outOfOrder', { time, previous: before }));
			ok = false;
		} else if (options.duration !== undefined && start >= options.duration) {
			const duration = formatChapterTime(options.duration);
			errors.push(error(lineNo, 'media.chapters.beyondDuration', { time, duration }));
			ok = false;
		}
		if (previous === undefined || start > previous) previous = start;
		if (ok && count <= MAX_CHAPTERS) chapters.push({ title, start });
	}
	return { chapters, errors };
}

/** The textarea text for chapters (what `parseChapterLines` reads back). */
export function chaptersToLines(chapters: readonly Chapter[]): string {
	return chapters
		.map((c) => {
			const title = cleanTitle(c.title);
			// A title that itself starts like a separator gets one, so it is read back whole.
			return `${formatChapterTime(c.start)} ${/^[-–—|]\s/u.test(title) ? '- ' : ''}${title}`;
		})
		.join('\n');
}

/** The end of each chapter: the next one's start, or the video's duration for the last. */
export function chapterEnds(chapters: readonly Chapter[], duration: number): number[] {
	return chapters.map((c, i) => Math.max(c.start, chapters[i + 1]?.start ?? duration));
}

/** A WebVTT file for `<track kind="chapters">`: one cue per chapter, numbered from 1. */
export function toWebVttChapters(chapters: readonly Chapter[], duration: number): string {
	const ends = chapterEnds(chapters, duration);
	return serializeVtt(
		chapters.map((c, i) => ({
			id: String(i + 1),
			start: c.start,
			end: ends[i] ?? c.start,
			settings: defaultSettings(),
			text: escapeCueText(cleanTitle(c.title))
		}))
	);
}

/** Chapters read from a WebVTT chapters file (cue start and plain text), in time order. */
export function fromWebVttChapters(text: string): { chapters: Chapter[]; errors: VttError[] } {
	const { cues, errors } = parseVtt(text);
	const chapters = cues
		.map((cue) => ({ title: cleanTitle(cue.plain), start: cue.start }))
		.filter((c) => c.title !== '')
		.sort((a, b) => a.start - b.start);
	return { chapters, errors };
}

/** One chapter as PeerTube federates it (schema.org `Clip` in a Video's `hasPart`). */
export interface PeerTubeChapter {
	type: 'Clip';
	name: string;
	startOffset: number;
	endOffset: number;
}

/**
 * Chapters as PeerTube's `hasPart`: whole seconds (PeerTube stores integer timecodes, unique
 * per video, so a chapter falling in the same second as the previous one is dropped), titles
 * cut to 100 characters. PeerTube itself omits `type`; `Clip` is schema.org's and is ignored.
 */
export function toPeerTubeHasPart(chapters: readonly Chapter[], duration: number): PeerTubeChapter[] {
	const kept: { name: string; startOffset: number }[] = [];
	for (const c of chapters) {
		const startOffset = Math.floor(c.start);
		if (kept.length && startOffset <= (kept.at(-1)?.startOffset ?? -1)) continue;
		let name = cleanTitle(c.title);
		if (name.length > PEERTUBE_MAX_TITLE) name = `${name.slice(0, PEERTUBE_MAX_TITLE - 1)}…`;
		kept.push({ name, startOffset });
	}
	const end = Math.round(duration);
	return kept.map((c, i) => ({
		type: 'Clip',
		name: c.name,
		startOffset: c.startOffset,
		endOffset: Math.max(c.startOffset, kept[i + 1]?.startOffset ?? end)
	}));
}

/** Chapters from a remote PeerTube video's `hasPart` (invalid items are skipped). */
export function fromPeerTubeHasPart(parts: unknown): Chapter[] {
	if (!Array.isArray(parts)) return [];
	const chapters: Chapter[] = [];
	for (const part of parts as unknown[]) {
		if (typeof part !== 'object' || part === null) continue;
		const { name, startOffset } = part as Record<string, unknown>;
		if (typeof name !== 'string' || typeof startOffset !== 'number' || !(startOffset >= 0)) continue;
		const title = cleanTitle(name).slice(0, MAX_CHAPTER_TITLE);
		if (title) chapters.push({ title, start: startOffset });
	}
	return chapters.sort((a, b) => a.start - b.start).slice(0, MAX_CHAPTERS);
}
