import { error } from '@sveltejs/kit';
import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from './$types';
import { registry } from '#lib/server/metrics.ts';

/** Prometheus text format; requires `Authorization: Bearer $METRICS_TOKEN`. Off (404) without a token. */
export const GET: RequestHandler = async ({ request, locals }) => {
	const token = locals.app.config.METRICS_TOKEN;
	if (!token) error(404, 'error.notFound');
	const given = Buffer.from(request.headers.get('authorization')?.replace(/^Bearer\s+/i, '') ?? '');
	const expected = Buffer.from(token);
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
		return new Response('unauthorized\n', { status: 401, headers: { 'www-authenticate': 'Bearer' } });
	}
	return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType } });
};
