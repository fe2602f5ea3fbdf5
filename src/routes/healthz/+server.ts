import { json } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import type { RequestHandler } from './$types';

/** Liveness for load balancers: 200 when the database answers, 503 otherwise. */
export const GET: RequestHandler = async ({ locals }) => {
	try {
		await locals.app.db.execute(sql`select 1`);
		return json({ status: 'ok', database: locals.app.database.kind }, { headers: { 'cache-control': 'no-store' } });
	} catch {
		return json({ status: 'unavailable' }, { status: 503, headers: { 'cache-control': 'no-store' } });
	}
};
