import { redirect } from '@sveltejs/kit';
import { rememberLocale } from '#lib/server/http/locale.ts';
import { z } from 'zod';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { handleForm } from '#lib/server/http/forms.ts';
import { requirePermission, requireUser } from '#lib/server/http/guards.ts';
import { LIMITS } from '#lib/server/features/accounts/accounts.schemas.ts';
import {
	fediverseAddress,
	getProfile,
	profileUpdateSchema,
	updateProfile
} from '#lib/server/features/accounts/profile.service.ts';
import {
	avatarUrl,
	isUploadedFile,
	removeAvatar,
	setAvatar,
	type UploadedFile
} from '#lib/server/features/accounts/avatar.ts';

const avatarSchema = z.object({
	avatar: z.custom<UploadedFile>((v) => isUploadedFile(v) && v.size > 0, 'errors.avatarMissing')
});

const SAVED = ['profile', 'avatar', 'avatarRemoved'] as const;

function self(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const { user } = requireUser(event);
	requirePermission(event, 'profile.edit', { type: 'user', id: user.id });
	return user;
}

export const load: PageServerLoad = async (event) => {
	const user = self(event);
	const { app } = event.locals;
	const profile = await getProfile(app, user.id);
	if (!profile) redirect(303, '/login');
	const saved = event.url.searchParams.get('saved');
	return {
		profile: {
			name: profile.name,
			handle: profile.handle,
			locale: profile.locale,
			bio: profile.bio,
			town: profile.town,
			avatar: avatarUrl(profile.avatarKey)
		},
		address: fediverseAddress(profile.handle, app.config.publicUrl),
		limits: { name: LIMITS.name, bio: LIMITS.bio, town: LIMITS.town },
		avatarMaxMb: Math.max(1, Math.floor(app.config.AVATAR_MAX_BYTES / 1024 / 1024)),
		saved: SAVED.find((s) => s === saved) ?? null
	};
};

export const actions: Actions = {
	save: async (event) => {
		const user = self(event);
		const form = await event.request.formData();
		return handleForm(form, profileUpdateSchema, async (input) => {
			await updateProfile(event.locals.app, user.id, input);
			// The language chosen here is this browser's too (the cookie comes first, see locale.ts).
			rememberLocale(event.cookies, input.locale, event.locals.app.config.secureCookies);
			redirect(303, '/account/profile?saved=profile');
		});
	},
	avatar: async (event) => {
		const user = self(event);
		const form = await event.request.formData();
		return handleForm(form, avatarSchema, async ({ avatar }) => {
			await setAvatar(event.locals.app, user.id, avatar);
			redirect(303, '/account/profile?saved=avatar');
		});
	},
	removeAvatar: async (event) => {
		const user = self(event);
		await removeAvatar(event.locals.app, user.id);
		redirect(303, '/account/profile?saved=avatarRemoved');
	}
};
