import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { fediverseAddress, findPublicProfile } from '#lib/server/features/accounts/profile.service.ts';
import { avatarUrl } from '#lib/server/features/accounts/avatar.ts';

/** `/@handle`: a person's public page, and (by content negotiation, elsewhere) their ActivityPub actor. */
export const load: PageServerLoad = async ({ params, locals, setHeaders }) => {
	const { app } = locals;
	const found = await findPublicProfile(app, params.handle);
	if (found.status === 'missing') error(404, 'error.notFound');
	if (found.status === 'deleted') error(410, 'profile.gone');
	const p = found.profile;
	// One address per person: other spellings of the handle lead to it.
	if (p.handle !== params.handle) redirect(301, `/@${p.handle}`);
	setHeaders({ vary: 'Accept, Cookie' });
	return {
		person: {
			name: p.name,
			handle: p.handle,
			address: fediverseAddress(p.handle, app.config.publicUrl),
			bio: p.bio,
			town: p.town,
			avatar: avatarUrl(p.avatarKey),
			memberSince: p.createdAt
		},
		url: new URL(`/@${p.handle}`, app.config.publicUrl).href,
		isSelf: locals.user?.id === p.id
	};
};
