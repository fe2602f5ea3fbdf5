/**
 * The rushes log as CSV (RFC 4180, UTF-8 with a BOM so spreadsheets read the accents), for the
 * editors who kept their logs in a spreadsheet. Cells that a spreadsheet would run as a formula
 * (starting with = + - @, tab or carriage return) are prefixed with an apostrophe.
 */
import type { Locale } from '#lib/i18n/core.ts';
import { translate } from '#lib/i18n/index.ts';
import type { searchAnnotations } from './annotations.service.ts';
import { formatTimecode } from './timecode.ts';

type Row = Awaited<ReturnType<typeof searchAnnotations>>['rows'][number];

export function csvCell(value: string): string {
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function annotationsCsv(rows: Row[], locale: Locale): string {
	const header = (
		[
			'rushes.clip.lesson',
			'rushes.csv.media',
			'rushes.editor.start',
			'rushes.editor.end',
			'rushes.csv.startSeconds',
			'rushes.csv.endSeconds',
			'rushes.editor.note',
			'rushes.editor.tags',
			'rushes.editor.speaker'
		] as const
	).map((key) => translate(locale, key));
	const lines = rows.map(({ annotation: a, media, lesson, speaker }) => [
		lesson.title,
		media.title,
		formatTimecode(a.start),
		formatTimecode(a.end),
		String(a.start),
		String(a.end),
		a.note,
		a.tags.join(', '),
		speaker?.name ?? ''
	]);
	return `\uFEFF${[header, ...lines].map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
