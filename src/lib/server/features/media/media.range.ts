/**
 * HTTP range requests (RFC 9110 §14) for uploaded media: browsers seek in a video by asking for
 * `bytes=a-b`, `bytes=a-` or `bytes=-n`. One range per request; several ranges are answered
 * with the first one's bytes only when they are the same, otherwise with the whole file.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';

export type RangeResult = { start: number; end: number } | 'unsatisfiable' | null;

/** The byte range asked for (inclusive end), 'unsatisfiable', or null to send the whole file. */
export function parseRange(header: string | null | undefined, size: number): RangeResult {
	if (!header) return null;
	const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
	if (!m) return null; // several ranges or another unit: ignore the header (allowed by RFC 9110)
	const [, a = '', b = ''] = m;
	if (a === '' && b === '') return null;
	if (a === '') {
		const n = Number(b);
		if (n === 0 || size === 0) return 'unsatisfiable';
		return { start: Math.max(0, size - n), end: size - 1 };
	}
	const start = Number(a);
	if (start >= size) return 'unsatisfiable';
	const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
	if (end < start) return null; // invalid syntax: ignored
	return { start, end };
}

/** A streamed response for a stored file, honouring a Range header. Null when the file is gone. */
export async function fileResponse(
	path: string,
	mime: string,
	rangeHeader: string | null,
	headers: Record<string, string> = {}
): Promise<Response | null> {
	let size: number;
	try {
		const info = await stat(path);
		if (!info.isFile()) return null;
		size = info.size;
	} catch {
		return null;
	}
	const base = { 'accept-ranges': 'bytes', 'content-type': mime, 'x-content-type-options': 'nosniff', ...headers };
	const range = parseRange(rangeHeader, size);
	if (range === 'unsatisfiable') {
		return new Response(null, { status: 416, headers: { ...base, 'content-range': `bytes */${size}` } });
	}
	const { start, end } = range ?? { start: 0, end: size - 1 };
	const length = size === 0 ? 0 : end - start + 1;
	const body =
		length === 0
			? null
			: (Readable.toWeb(createReadStream(path, { start, end })) as unknown as ReadableStream<Uint8Array>);
	return new Response(body, {
		status: range ? 206 : 200,
		headers: {
			...base,
			'content-length': String(length),
			...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {})
		}
	});
}
