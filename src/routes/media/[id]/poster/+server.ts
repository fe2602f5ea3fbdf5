import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { posterPath } from '#lib/server/features/media/media.service.ts';
import { fileResponse } from '#lib/server/features/media/media.range.ts';
import { readableMedia } from '../../reader.ts';

export const GET: RequestHandler = async (event) => {
	const { media, headers } = await readableMedia(event);
	const path = posterPath(event.locals.app.config.dataDir, media);
	if (!path) error(404, 'error.notFound');
	const response = await fileResponse(path, 'image/webp', null, {
		...headers,
		'content-security-policy': "default-src 'none'"
	});
	if (!response) error(404, 'error.notFound');
	return response;
};
