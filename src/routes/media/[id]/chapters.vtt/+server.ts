import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { toWebVttChapters } from '#lib/server/features/media/chapters.ts';
import { chaptersEnd } from '#lib/server/features/media/media.service.ts';
import { readableMedia } from '../../reader.ts';

/** Chapters as WebVTT, for `<track kind="chapters">`. */
export const GET: RequestHandler = async (event) => {
	const { media, headers } = await readableMedia(event);
	if (!media.chapters.length) error(404, 'error.notFound');
	const vtt = toWebVttChapters(media.chapters, chaptersEnd(media));
	return new Response(vtt, { headers: { ...headers, 'content-type': 'text/vtt; charset=utf-8' } });
};
