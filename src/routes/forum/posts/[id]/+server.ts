/** A post's stable address: redirects to the page of its thread where it is, as the reader sees it. */
import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { UUID_RE } from '#lib/server/ids.ts';
import { placeOfForum } from '#lib/server/features/forums/forums.access.ts';
import { pageOfPost, scopeOfPost } from '#lib/server/features/forums/reading.service.ts';

export const GET: RequestHandler = async ({ locals, params }) => {
	const { db } = locals.app;
	const scope = UUID_RE.test(params.id) ? await scopeOfPost(db, params.id) : undefined;
	const place = scope && (await placeOfForum(db, locals.actor, scope));
	if (!scope || !place) error(404, 'error.notFound');
	const at = await pageOfPost(db, locals.actor?.id ?? null, place, params.id);
	redirect(303, `${place.base}/t/${scope.threadId}?page=${at?.page ?? 1}#post-${params.id}`);
};
