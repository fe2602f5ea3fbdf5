import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { toPeerTubeHasPart } from '#lib/server/features/media/chapters.ts';
import { chaptersEnd } from '#lib/server/features/media/media.service.ts';
import { readableMedia } from '../../reader.ts';

/** Chapters as PeerTube federates them (`hasPart` of schema.org Clips). */
export const GET: RequestHandler = async (event) => {
	const { media, headers } = await readableMedia(event);
	return json({ hasPart: toPeerTubeHasPart(media.chapters, chaptersEnd(media)) }, { headers });
};
