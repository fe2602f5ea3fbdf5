import { readFile } from 'node:fs/promises';
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { uploadPath } from '#lib/server/features/platform/storage.ts';
import { contentCacheIsPublic, mayReadContent } from '#lib/server/features/courses/access.ts';
import { attachmentDisposition, fileByKey } from '#lib/server/features/lesson-files/lesson-files.service.ts';

/**
 * `/files/<key>`: a lesson's image or attachment, only for readers who may read its course's
 * content (see mayReadContent); 404 otherwise, so drafts and closed courses do not reveal themselves.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const { app } = locals;
	const path = uploadPath(app.config.dataDir, 'files', params.key);
	if (!path) error(404, 'error.notFound');
	const found = await fileByKey(app.db, params.key);
	if (!found || !(await mayReadContent(app.db, locals.actor, found.course))) error(404, 'error.notFound');
	let bytes: Buffer;
	try {
		bytes = await readFile(path);
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === 'ENOENT') error(404, 'error.notFound');
		throw err;
	}
	const isPublic = contentCacheIsPublic(found.course);
	const headers: Record<string, string> = {
		'content-type': found.file.mimeType,
		'content-length': String(bytes.length),
		// A new key per upload: a published file never changes under its address.
		'cache-control': isPublic ? 'public, max-age=31536000, immutable' : 'private, no-cache',
		'x-content-type-options': 'nosniff',
		'content-security-policy': "default-src 'none'; sandbox",
		'cross-origin-resource-policy': isPublic ? 'cross-origin' : 'same-origin'
	};
	if (found.file.kind === 'attachment') headers['content-disposition'] = attachmentDisposition(found.file.fileName);
	else headers['content-disposition'] = 'inline';
	return new Response(new Uint8Array(bytes), { headers });
};
