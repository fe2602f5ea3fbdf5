import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { formValues, type FieldErrors } from '#lib/server/http/forms.ts';
import { NOTIFICATION_KINDS } from '#lib/server/features/notifications/kinds.ts';
import { NOTIFICATION_CHANNELS } from '#lib/server/features/notifications/notifications.table.ts';
import { preferencesOf, setPreference } from '#lib/server/features/notifications/notifications.service.ts';

const channel = z.enum(NOTIFICATION_CHANNELS);

export const load: PageServerLoad = async (event) => {
	const { user } = requireUser(event);
	return {
		kinds: NOTIFICATION_KINDS,
		channels: NOTIFICATION_CHANNELS,
		preferences: await preferencesOf(event.locals.app.db, user.id)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { user } = requireUser(event);
		const form = await event.request.formData();
		const errors: FieldErrors = {};
		const chosen: [(typeof NOTIFICATION_KINDS)[number], z.infer<typeof channel>][] = [];
		for (const kind of NOTIFICATION_KINDS) {
			const value = form.get(kind);
			if (value === null) continue; // not sent: unchanged
			const parsed = channel.safeParse(value);
			if (parsed.success) chosen.push([kind, parsed.data]);
			else errors[kind] = { key: 'errors.invalid' };
		}
		if (Object.keys(errors).length) return fail(400, { values: formValues(form), errors });
		for (const [kind, value] of chosen) await setPreference(event.locals.app.db, user.id, kind, value);
		redirect(303, '/account/notifications?saved=1');
	}
};
