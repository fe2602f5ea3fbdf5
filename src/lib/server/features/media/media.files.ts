/**
 * Uploaded media files are recognised by their content (magic bytes), never by their name or
 * the type the browser declared. Posters are decoded with sharp and re-encoded as WebP, which
 * also strips every metadata (EXIF, GPS).
 */
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
