/**
 * What an uploaded file really is, judged by its bytes (never its name or declared type):
 * images through sharp's decoder, PDF by its header and trailer, OpenDocument by the
 * `mimetype` entry of its ZIP container, ZIP by its local header, with every entry path
 * checked so an archive cannot write outside the folder it is extracted to.
 */
import { unzipSync, strFromU8 } from 'fflate';
import sharp from 'sharp';
import { FormError } from '../../http/forms.ts';

export const IMAGE_FORMATS = ['jpeg', 'png', 'webp', 'gif'] as const;
/** Longest side of a stored image. */
export const IMAGE_MAX_SIDE = 1600;
/** Larger pictures are refused before decoding (a small file can decode to a huge bitmap). */
const MAX_INPUT_PIXELS = 50_000_000;

export interface ProcessedImage {
	bytes: Buffer;
	width: number;
	height: number;
}

/**
 * Checks a picture and re-encodes it as WebP, at most IMAGE_MAX_SIDE px on its longest side,
 * without any metadata (sharp writes none unless asked). Unknown formats are 415; a picture
 * that claims a known format but cannot be decoded is 422.
 */
export async function processImage(input: Uint8Array, field = 'file'): Promise<ProcessedImage> {
	let format: string | undefined;
	try {
		const meta = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
		format = meta.format;
		if (meta.width && meta.height && meta.width * meta.height > MAX_INPUT_PIXELS)
			throw new FormError(413, { [field]: { key: 'files.errors.imageDimensions' } });
	} catch (err) {
		if (err instanceof FormError) throw err;
		throw new FormError(415, { [field]: { key: 'files.errors.imageType' } });
	}
	if (!(IMAGE_FORMATS as readonly string[]).includes(format ?? ''))
		throw new FormError(415, { [field]: { key: 'files.errors.imageType' } });
	try {
		// First frame of an animation only; rotate() applies the EXIF orientation before it is dropped.
		const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'truncated', pages: 1 })
			.rotate()
			.resize(IMAGE_MAX_SIDE, IMAGE_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
			.webp({ quality: 82, effort: 4 })
			.toBuffer({ resolveWithObject: true });
		return { bytes: data, width: info.width, height: info.height };
	} catch {
		throw new FormError(422, { [field]: { key: 'files.errors.corrupt' } });
	}
}

export interface AttachmentType {
	/** Storage key extension and the extension a downloaded name must end with. */
	ext: 'pdf' | 'odt' | 'ods' | 'odp' | 'zip';
	mime: string;
	/** Shown to readers: PDF, ODT… */
	label: string;
}

const ODF: Record<string, AttachmentType> = {
	'application/vnd.oasis.opendocument.text': {
		ext: 'odt',
		mime: 'application/vnd.oasis.opendocument.text',
		label: 'ODT'
	},
	'application/vnd.oasis.opendocument.spreadsheet': {
		ext: 'ods',
		mime: 'application/vnd.oasis.opendocument.spreadsheet',
		label: 'ODS'
	},
	'application/vnd.oasis.opendocument.presentation': {
		ext: 'odp',
		mime: 'application/vnd.oasis.opendocument.presentation',
		label: 'ODP'
	}
};
const PDF: AttachmentType = { ext: 'pdf', mime: 'application/pdf', label: 'PDF' };
const ZIP: AttachmentType = { ext: 'zip', mime: 'application/zip', label: 'ZIP' };

export const ATTACHMENT_MIMES = [PDF.mime, ...Object.keys(ODF), ZIP.mime];

/** The label for a stored MIME type (PDF, ODT, ODS, ODP, ZIP, WebP). */
export function typeLabel(mime: string): string {
	if (mime === 'image/webp') return 'WebP';
	return ODF[mime]?.label ?? (mime === PDF.mime ? PDF.label : ZIP.label);
}

const startsWith = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b);
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // PK\x03\x04

function isPdf(bytes: Uint8Array): boolean {
	if (!startsWith(bytes, PDF_MAGIC)) return false;
	// %PDF-1.7 / %PDF-2.0, and the end-of-file marker near the end (a truncated or fake file has none).
	const head = strFromU8(bytes.subarray(0, 16), true);
	if (!/^%PDF-\d\.\d/.test(head)) return false;
	const tail = strFromU8(bytes.subarray(Math.max(0, bytes.length - 4096)), true);
	return tail.includes('%%EOF');
}

/** An entry that would land outside the extraction folder: `../`, absolute, drive letter, NUL. */
export function unsafeEntryName(name: string): boolean {
	const n = name.replace(/\\/g, '/');
	if (n.startsWith('/') || /^[a-zA-Z]:/.test(n) || n.includes('\0')) return true;
	return n.split('/').some((part) => part === '..');
}

/**
 * PDF, ODT/ODS/ODP or ZIP, or a FormError: 415 for anything else, 422 for an archive that is
 * damaged or holds an unsafe path.
 */
export function detectAttachment(bytes: Uint8Array, field = 'file'): AttachmentType {
	if (isPdf(bytes)) return PDF;
	if (!startsWith(bytes, ZIP_MAGIC)) throw new FormError(415, { [field]: { key: 'files.errors.attachmentType' } });
	const names: string[] = [];
	let entries: Record<string, Uint8Array>;
	try {
		// Reads the central directory; only a small `mimetype` entry is ever decompressed.
		entries = unzipSync(bytes, {
			filter: (f) => {
				names.push(f.name);
				return f.name === 'mimetype' && f.originalSize < 256;
			}
		});
	} catch {
		throw new FormError(422, { [field]: { key: 'files.errors.corrupt' } });
	}
	if (names.some(unsafeEntryName)) throw new FormError(422, { [field]: { key: 'files.errors.zipUnsafe' } });
	const mimetype = entries.mimetype ? strFromU8(entries.mimetype, true).trim() : '';
	return ODF[mimetype] ?? ZIP;
}
