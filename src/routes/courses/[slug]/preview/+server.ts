import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { courseFromSlug } from '#lib/server/features/courses/access.ts';
import { LIMITS } from '#lib/server/features/courses/courses.schemas.ts';
import { renderMarkdown } from '#lib/server/features/courses/markdown.ts';
import { wikiAccess } from '#lib/server/features/wiki/settings.service.ts';

/** UTF-8 takes at most 4 bytes per character; JSON escaping at most 6 (\uXXXX) plus the wrapper. */
const MAX_BYTES = LIMITS.body * 6 + 1024;

/**
 * The lesson editor's live preview: POST `{ "body": "<Markdown>" }`, get `{ html }` rendered
 * and sanitised by the same `renderMarkdown` as a saved lesson, so the preview is exactly what
 * readers will see. For everyone who may edit the course's lessons or propose changes to them
 * (the wiki's rules, features/wiki/settings.service.ts): 403 otherwise, 404 for a draft one
 * cannot see; 413 beyond the lesson size limit. Nothing is stored.
 */
export const POST: RequestHandler = async (event) => {
	const actor = event.locals.actor ?? null;
	const { course } = await courseFromSlug(event.locals.app.db, actor, event.params.slug);
	const access = await wikiAccess(event.locals.app.db, actor, course.id);
	if (!actor || !(access.canEdit || access.canSuggest)) error(403, 'error.forbidden');
	if (Number(event.request.headers.get('content-length') ?? 0) > MAX_BYTES) error(413, 'errors.tooLong');
	const raw = await event.request.text();
	if (raw.length > MAX_BYTES) error(413, 'errors.tooLong');
	let body: unknown;
	try {
		body = (JSON.parse(raw) as { body?: unknown })?.body;
	} catch {
		error(400, 'errors.invalid');
	}
	if (typeof body !== 'string') error(400, 'errors.invalid');
	if (body.length > LIMITS.body) error(413, 'errors.tooLong');
	return json({ html: renderMarkdown(body) }, { headers: { 'cache-control': 'no-store' } });
};
