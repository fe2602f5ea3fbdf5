import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { isAvatarKey, readAvatar } from '#lib/server/features/accounts/avatar.ts';

/** `/avatars/<uuidv7>.webp`: a new key per upload, so the file never changes and caches for a year. */
export const GET: RequestHandler = async ({ params, locals }) => {
	if (!isAvatarKey(params.key)) error(404, 'error.notFound');
	const bytes = await readAvatar(locals.app.config.dataDir, params.key);
	if (!bytes) error(404, 'error.notFound');
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': 'image/webp',
			'content-length': String(bytes.length),
			'cache-control': 'public, max-age=31536000, immutable',
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'",
			'cross-origin-resource-policy': 'cross-origin'
		}
	});
};
