/**
 * A post's attachment, for those who may read the post: pictures inline, PDFs as downloads, with
 * the cleaned name (RFC 5987) and no content sniffing.
 */
import { readFile } from 'node:fs/promises';
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { UUID_RE } from '#lib/server/ids.ts';
import { uploadPath } from '#lib/server/features/platform/storage.ts';
import { placeOfForum } from '#lib/server/features/forums/forums.access.ts';
import { getAttachment } from '#lib/server/features/forums/reading.service.ts';

export const GET: RequestHandler = async ({ locals, params }) => {
	const { db, config } = locals.app;
	const row = UUID_RE.test(params.id) ? await getAttachment(db, params.id) : undefined;
	const place = row && (await placeOfForum(db, locals.actor, row));
	if (!row || !place || !place.read || ((row.hidden || row.deletedAt) && !place.moderate)) error(404, 'error.notFound');
	const path = uploadPath(config.dataDir, 'forum', row.file.fileKey);
	const bytes = path ? await readFile(path).catch(() => undefined) : undefined;
	if (!bytes) error(404, 'error.notFound');
	const inline = row.file.mime.startsWith('image/');
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': row.file.mime,
			'content-length': String(bytes.length),
			'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(row.file.name)}`,
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, max-age=86400'
		}
	});
};
