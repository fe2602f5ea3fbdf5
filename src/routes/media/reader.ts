import { error, type RequestEvent } from '@sveltejs/kit';
import { mediaForReader } from '#lib/server/features/media/media.service.ts';
import { contentCacheIsPublic } from '#lib/server/features/courses/access.ts';

/**
 * The media named in the URL, if the reader may read its course's content; 404 otherwise, so a
 * draft's or a closed course's media cannot be told apart from a missing one.
 */
export async function readableMedia(event: Pick<RequestEvent, 'locals'> & { params: { id?: string } }) {
	const found = await mediaForReader(event.locals.app.db, event.locals.actor, event.params.id ?? '');
	if (!found) error(404, 'error.notFound');
	const cache = contentCacheIsPublic(found.course) ? 'public, max-age=300' : 'private, no-store';
	return { ...found, headers: { 'cache-control': cache, 'x-content-type-options': 'nosniff' } };
}
