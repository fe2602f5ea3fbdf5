/**
 * Files attached to a post: pictures (re-encoded to WebP without metadata) and PDFs, judged by
 * their bytes, never by their name or declared type. Checked before anything is written, stored
 * under uploads/forum with generated keys; the person's file name is cleaned and only shown.
 */
import { FormError } from '../../http/forms.ts';
import { newKey, removeUpload, storeUpload } from '../platform/storage.ts';
import { detectAttachment, processImage } from '../lesson-files/lesson-files.detect.ts';
import { FORUM_LIMITS as L } from './forums.schemas.ts';

export interface PreparedFile {
	fileKey: string;
	name: string;
	mime: string;
	size: number;
	width: number | null;
	height: number | null;
	bytes: Uint8Array;
}

/** A file name safe to show and to offer as a download name: no path, no control characters. */
export function cleanFileName(raw: string, ext: string): string {
	const base = (raw.split(/[/\\]/).pop() ?? '')
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
		.replace(/\s+/g, ' ')
		.trim();
	const stem = base.replace(/\.[^.]*$/, '').slice(0, L.fileName - ext.length - 1) || 'fichier';
	return `${stem}.${ext}`;
}

const looksLikeImage = (b: Uint8Array) =>
	(b[0] === 0xff && b[1] === 0xd8) || // JPEG
	(b[0] === 0x89 && b[1] === 0x50) || // PNG
	(b[0] === 0x47 && b[1] === 0x49) || // GIF
	(b[0] === 0x52 && b[1] === 0x49 && b[8] === 0x57); // RIFF….WEBP

/** Reads and checks the files of a form; empty file inputs are ignored. */
export async function prepareFiles(files: File[]): Promise<PreparedFile[]> {
	const real = files.filter((f) => f.size > 0);
	if (real.length > L.attachments)
		throw new FormError(413, { files: { key: 'forums.errors.tooManyFiles', params: { max: L.attachments } } });
	const out: PreparedFile[] = [];
	for (const file of real) {
		if (file.size > L.fileBytes)
			throw new FormError(413, {
				files: { key: 'forums.errors.fileTooLarge', params: { max: Math.round(L.fileBytes / 1024 / 1024) } }
			});
		const input = new Uint8Array(await file.arrayBuffer());
		if (looksLikeImage(input)) {
			const img = await processImage(input, 'files');
			out.push({
				fileKey: newKey('webp'),
				name: cleanFileName(file.name, 'webp'),
				mime: 'image/webp',
				size: img.bytes.length,
				width: img.width,
				height: img.height,
				bytes: img.bytes
			});
			continue;
		}
		let type: ReturnType<typeof detectAttachment> | undefined;
		try {
			type = detectAttachment(input, 'files');
		} catch (err) {
			if (!(err instanceof FormError) || err.status !== 415) throw err;
		}
		if (type?.ext !== 'pdf') throw new FormError(415, { files: { key: 'forums.errors.fileType' } });
		out.push({
			fileKey: newKey('pdf'),
			name: cleanFileName(file.name, 'pdf'),
			mime: type.mime,
			size: input.length,
			width: null,
			height: null,
			bytes: input
		});
	}
	return out;
}

export async function storeFiles(dataDir: string, files: PreparedFile[]) {
	for (const f of files) await storeUpload(dataDir, 'forum', f.fileKey, f.bytes);
}

export async function removeFiles(dataDir: string, keys: string[]) {
	for (const k of keys) await removeUpload(dataDir, 'forum', k);
}
