import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getCaptions } from '#lib/server/features/media/media.service.ts';
import { readableMedia } from '../../../reader.ts';

/** The captions of one language, as validated and normalised WebVTT. */
export const GET: RequestHandler = async (event) => {
	const { media, headers } = await readableMedia(event);
	const captions = await getCaptions(event.locals.app.db, media.id, event.params.lang);
	if (!captions) error(404, 'error.notFound');
	return new Response(captions.vtt, { headers: { ...headers, 'content-type': 'text/vtt; charset=utf-8' } });
};
