import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { mediaFilePath } from '#lib/server/features/media/media.service.ts';
import { fileResponse } from '#lib/server/features/media/media.range.ts';
import { readableMedia } from '../../reader.ts';

/** The uploaded video or audio, with range requests so players can seek. */
export const GET: RequestHandler = async (event) => {
	const { media, headers } = await readableMedia(event);
	const path = mediaFilePath(event.locals.app.config.dataDir, media);
	if (!path || !media.mimeType) error(404, 'error.notFound');
	const response = await fileResponse(path, media.mimeType, event.request.headers.get('range'), {
		...headers,
		'content-security-policy': "default-src 'none'"
	});
	if (!response) error(404, 'error.notFound');
	return response;
};
