import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { handleForm } from '#lib/server/http/forms.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { clientMeta } from '#lib/server/http/client.ts';
import { applyAuthCookies } from '#lib/server/http/session.ts';
import { changePasswordSchema } from '#lib/server/features/accounts/accounts.schemas.ts';
import { PASSWORD_MIN } from '#lib/server/features/accounts/auth.ts';
import {
	changePassword,
	listSessions,
	logOutEverywhere,
	revokeSession
} from '#lib/server/features/accounts/accounts.service.ts';

const sessionSchema = z.object({ sessionId: z.string({ error: 'errors.required' }).min(1).max(100) });

export const load: PageServerLoad = async (event) => {
	const { user } = requireUser(event);
	const sessions = await listSessions(event.locals.app, user.id);
	return {
		passwordMin: PASSWORD_MIN,
		sessions: sessions.map((s) => ({
			id: s.id,
			device: s.device,
			ipAddress: s.ipAddress || null,
			createdAt: s.createdAt,
			updatedAt: s.updatedAt,
			current: s.id === event.locals.sessionId
		}))
	};
};

export const actions: Actions = {
	changePassword: async (event) => {
		const { user } = requireUser(event);
		const form = await event.request.formData();
		return handleForm(form, changePasswordSchema, async (input) => {
			const cookie = event.request.headers.get('cookie') ?? '';
			// better-auth ends every session and opens a new one for this device: keep its cookie.
			applyAuthCookies(event, await changePassword(event.locals.app, cookie, input, clientMeta(event), user));
			return { passwordChanged: true };
		});
	},
	revoke: async (event) => {
		const { user } = requireUser(event);
		const form = await event.request.formData();
		return handleForm(form, sessionSchema, async ({ sessionId }) => {
			await revokeSession(event.locals.app, user.id, sessionId, event.locals.sessionId);
			return { sessionRevoked: true };
		});
	},
	everywhere: async (event) => {
		const { user } = requireUser(event);
		const cookie = event.request.headers.get('cookie') ?? '';
		applyAuthCookies(event, await logOutEverywhere(event.locals.app, cookie, user.id, clientMeta(event)));
		redirect(303, '/login?loggedOut=everywhere');
	}
};
