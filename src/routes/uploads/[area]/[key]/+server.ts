import { readFile } from 'node:fs/promises';
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { IMAGE_AREAS, type ImageArea } from '#lib/server/features/courses/cover.ts';
import { uploadPath } from '#lib/server/features/platform/storage.ts';

const isImageArea = (v: string): v is ImageArea => (IMAGE_AREAS as readonly string[]).includes(v);

/**
 * `/uploads/covers/<uuidv7>.webp` and `/uploads/speakers/<uuidv7>.webp`: pictures re-encoded on
 * upload. A new key per upload, so a file never changes and caches for a year. Only generated
 * keys are accepted (uploadPath), so no path can leave the upload folder.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	if (!isImageArea(params.area) || !params.key.endsWith('.webp')) error(404, 'error.notFound');
	const path = uploadPath(locals.app.config.dataDir, params.area, params.key);
	if (!path) error(404, 'error.notFound');
	let bytes: Buffer;
	try {
		bytes = await readFile(path);
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === 'ENOENT') error(404, 'error.notFound');
		throw err;
	}
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': 'image/webp',
			'content-length': String(bytes.length),
			'cache-control': 'public, max-age=31536000, immutable',
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'",
			'cross-origin-resource-policy': 'cross-origin'
		}
	});
};
