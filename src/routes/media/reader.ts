import { error, type RequestEvent } from '@sveltejs/kit';
import { mediaForReader } from '#lib/server/features/media/media.service.ts';

/**
 * The media named in the URL, if the reader may view its course (drafts: editors only); 404
 * otherwise, so a draft's media cannot be told apart from a missing one.
 */
export async function readableMedia(event: Pick<RequestEvent, 'locals'> & { params: { id?: string } }) {
	const found = await mediaForReader(event.locals.app.db, event.locals.actor, event.params.id ?? '');
	if (!found) error(404, 'error.notFound');
	const cache = found.course.status === 'draft' ? 'private, no-store' : 'public, max-age=300';
	return { ...found, headers: { 'cache-control': cache, 'x-content-type-options': 'nosniff' } };
}
