/**
 * Uploaded media files are recognised by their content (magic bytes), never by their name or
 * the type the browser declared. Posters are decoded with sharp and re-encoded as WebP, which
 * also strips every metadata (EXIF, GPS).
 */
import { open } from 'node:fs/promises';
import sharp from 'sharp';
import { FormError } from '../../http/forms.ts';

export interface MediaType {
	kind: 'video' | 'audio';
	mime: string;
	extension: string;
}

const ascii = (bytes: Uint8Array, start: number, length: number) =>
	String.fromCharCode(...bytes.subarray(start, start + length));

/** MP4/M4A/MOV brands that are audio only. */
const AUDIO_BRANDS = new Set(['M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B ']);
/** Brands of the ISO base media family that browsers play as MP4 video. */
const VIDEO_BRANDS =
	/^(isom|iso[2-9]|mp41|mp42|avc1|dash|M4V |M4VH|M4VP|mmp4|MSNV|NDAS|f4v |qt {2}|3gp[4-9]|3g2[a-c]|av01|cmfc)$/;

/** The media type of a file from its first bytes, or null when it is no audio or video we play. */
export function detectMediaType(bytes: Uint8Array): MediaType | null {
	if (bytes.length < 12) return null;
	if (ascii(bytes, 4, 4) === 'ftyp') {
		const brand = ascii(bytes, 8, 4);
		if (AUDIO_BRANDS.has(brand)) return { kind: 'audio', mime: 'audio/mp4', extension: 'm4a' };
		if (VIDEO_BRANDS.test(brand)) return { kind: 'video', mime: 'video/mp4', extension: 'mp4' };
		return null;
	}
	if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) {
		// EBML header: the DocType says webm or matroska; both play as WebM in browsers.
		const head = ascii(bytes, 0, Math.min(bytes.length, 64));
		if (head.includes('webm') || head.includes('matroska'))
			return { kind: 'video', mime: 'video/webm', extension: 'webm' };
		return null;
	}
	if (ascii(bytes, 0, 4) === 'OggS') {
		// The first page names the codec: Theora (or Dirac) means video, Vorbis/Opus/FLAC audio.
		const head = ascii(bytes, 0, Math.min(bytes.length, 128));
		if (/theora|dirac/i.test(head)) return { kind: 'video', mime: 'video/ogg', extension: 'ogv' };
		return { kind: 'audio', mime: 'audio/ogg', extension: 'ogg' };
	}
	if (ascii(bytes, 0, 3) === 'ID3') return { kind: 'audio', mime: 'audio/mpeg', extension: 'mp3' };
	// MPEG audio frame sync: 11 bits set, layer III, a valid bitrate and sampling rate.
	if (bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0 && (bytes[1]! & 0x06) === 0x02) {
		const bitrate = bytes[2]! >> 4;
		const rate = (bytes[2]! >> 2) & 0x03;
		if (bitrate !== 0 && bitrate !== 15 && rate !== 3) return { kind: 'audio', mime: 'audio/mpeg', extension: 'mp3' };
	}
	return null;
}

/** Posters are refused before decoding above this many pixels. */
const MAX_POSTER_PIXELS = 50_000_000;
export const POSTER_WIDTH = 1280;

/**
 * A JPEG, PNG or WebP poster re-encoded as WebP at most 1280 px wide. Other formats are 415;
 * a file that claims a known format but cannot be decoded is 422.
 */
export async function processPoster(bytes: Uint8Array): Promise<Buffer> {
	let format: string | undefined;
	try {
		format = (await sharp(bytes, { limitInputPixels: MAX_POSTER_PIXELS }).metadata()).format;
	} catch {
		throw new FormError(415, { poster: { key: 'media.errors.posterType' } });
	}
	if (!format || !['jpeg', 'png', 'webp'].includes(format))
		throw new FormError(415, { poster: { key: 'media.errors.posterType' } });
	try {
		return await sharp(bytes, { limitInputPixels: MAX_POSTER_PIXELS })
			.rotate()
			.resize({ width: POSTER_WIDTH, withoutEnlargement: true })
			.webp({ quality: 80 })
			.toBuffer();
	} catch {
		throw new FormError(422, { poster: { key: 'media.errors.posterBroken' } });
	}
}

/**
 * The duration (seconds) of a stored MP4/M4A file, read from its `moov/mvhd` box wherever the
 * box is (start or end of the file); null when it cannot be found. Only box headers are read.
 */
export async function mp4Duration(path: string): Promise<number | null> {
	const file = await open(path, 'r');
	try {
		const size = (await file.stat()).size;
		const head = Buffer.alloc(16);
		const box = async (at: number) => {
			const { bytesRead } = await file.read(head, 0, 16, at);
			if (bytesRead < 8) return null;
			let length = head.readUInt32BE(0);
			let header = 8;
			if (length === 1 && bytesRead >= 16) {
				length = Number(head.readBigUInt64BE(8));
				header = 16;
			} else if (length === 0) length = size - at;
			if (length < header) return null;
			return { type: head.toString('latin1', 4, 8), length, header };
		};
		for (let at = 0, boxes = 0; at + 8 <= size && boxes < 1000; boxes++) {
			const top = await box(at);
			if (!top) return null;
			if (top.type === 'moov') {
				const end = Math.min(size, at + top.length);
				for (let child = at + top.header; child + 8 <= end;) {
					const inner = await box(child);
					if (!inner) return null;
					if (inner.type === 'mvhd') {
						const body = Buffer.alloc(32);
						await file.read(body, 0, 32, child + inner.header);
						const v1 = body[0] === 1;
						const timescale = v1 ? body.readUInt32BE(20) : body.readUInt32BE(12);
						const duration = v1 ? Number(body.readBigUInt64BE(24)) : body.readUInt32BE(16);
						return timescale > 0 ? duration / timescale : null;
					}
					child += inner.length;
				}
				return null;
			}
			at += top.length;
		}
		return null;
	} finally {
		await file.close();
	}
}
