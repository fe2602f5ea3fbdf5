import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requirePermission, requireUser } from '#lib/server/http/guards.ts';
import { exportFileName, exportUserData } from '#lib/server/features/accounts/privacy.service.ts';

/** "Download my data" (a POST from /account/privacy, so it is never prefetched or cached). */
export const POST: RequestHandler = async (event) => {
	const { user } = requireUser(event);
	requirePermission(event, 'account.export', { type: 'user', id: user.id });
	const zip = await exportUserData(event.locals.app, user.id);
	return new Response(new Uint8Array(zip), {
		headers: {
			'content-type': 'application/zip',
			'content-length': String(zip.length),
			'content-disposition': `attachment; filename="${exportFileName(user.handle)}"`,
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};

/** Someone following an old link or the log-in redirect lands on the page with the button. */
export const GET: RequestHandler = (event) => {
	requireUser(event);
	redirect(303, '/account/privacy');
};
