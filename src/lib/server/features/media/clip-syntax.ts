/**
 * The clip directive lessons use to show an extract of a course video, as a fenced block:
 *
 *     ```clip
 *     media=<media id> start=12.5 end=45
 *     An optional caption
 *     ```
 *
 * Markdown rendering (courses/markdown.ts) turns it into an inert placeholder whose only data is
 * the validated id and times; the lesson page swaps it for a player (clips.ts). Plain Markdown:
 * it survives sanitising and archives, and its media id is a UUID the import remaps.
 */
import { UUID_RE } from '../../ids.ts';
import { formatTimecode } from './timecode.ts';

export const CLIP_INFO = 'clip';
export const CLIP_CAPTION_MAX = 300;

export interface ClipSpec {
	mediaId: string;
	start: number;
	end: number;
	caption: string;
}

const NUMBER = /^\d{1,6}(?:\.\d{1,3})?$/;

/** The block's content, or null when it is not a well-formed clip. */
export function parseClipBlock(content: string): ClipSpec | null {
	const [first = '', ...rest] = content.replace(/\r\n?/g, '\n').trim().split('\n');
	const fields = new Map<string, string>();
	for (const part of first.trim().split(/\s+/)) {
		const eq = part.indexOf('=');
		if (eq <= 0) return null;
		fields.set(part.slice(0, eq), part.slice(eq + 1));
	}
	const mediaId = fields.get('media') ?? '';
	const start = fields.get('start') ?? '';
	const end = fields.get('end') ?? '';
	if (fields.size !== 3 || !UUID_RE.test(mediaId) || !NUMBER.test(start) || !NUMBER.test(end)) return null;
	if (Number(end) <= Number(start)) return null;
	const caption = rest.join(' ').replace(/\s+/g, ' ').trim().slice(0, CLIP_CAPTION_MAX);
	return { mediaId, start: Number(start), end: Number(end), caption };
}

const num = (n: number) => String(Math.round(n * 1000) / 1000);

/** The Markdown of a clip (what "insert an extract" appends to a lesson). */
export function clipBlock(spec: ClipSpec): string {
	const caption = spec.caption.replace(/\s+/g, ' ').trim().slice(0, CLIP_CAPTION_MAX).replace(/`/g, "'");
	return `\`\`\`${CLIP_INFO}\nmedia=${spec.mediaId} start=${num(spec.start)} end=${num(spec.end)}\n${caption ? `${caption}\n` : ''}\`\`\``;
}

/** The placeholder HTML of a clip block; `data-clip` holds only a UUID and two numbers. */
export function clipPlaceholder(spec: ClipSpec | null, escapeHtml: (s: string) => string): string {
	if (!spec) return '<figure class="clip" data-clip="invalid"></figure>\n';
	const data = `${spec.mediaId} ${num(spec.start)} ${num(spec.end)}`;
	const caption = spec.caption ? `<figcaption>${escapeHtml(spec.caption)}</figcaption>` : '';
	// What shows where no player replaces it (the editor's preview): the extract's times.
	const times = `<p>▶ ${formatTimecode(spec.start)} – ${formatTimecode(spec.end)}</p>`;
	return `<figure class="clip" data-clip="${data}">${times}${caption}</figure>\n`;
}

/** Reads a placeholder's `data-clip` again (the lesson page trusts nothing it did not check). */
export function parseClipData(data: string): Omit<ClipSpec, 'caption'> | null {
	const [mediaId = '', start = '', end = ''] = data.split(' ');
	if (!UUID_RE.test(mediaId) || !NUMBER.test(start) || !NUMBER.test(end) || Number(end) <= Number(start)) return null;
	return { mediaId, start: Number(start), end: Number(end) };
}
