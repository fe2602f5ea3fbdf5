import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { FormError, invalid } from '#lib/server/http/forms.ts';
import { isEnrolled } from '#lib/server/features/courses/learning.service.ts';
import {
	acceptInvitation,
	findInvitation,
	invitationStatus
} from '#lib/server/features/courses/invitations.service.ts';

/** A personal invitation link: who is invited to which course; accepting enrols the logged-in person. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const found = await findInvitation(locals.app.db, params.token);
	if (!found) return { state: 'invalid' as const, loginUrl: '', signupUrl: '', course: null, expiresAt: null };
	const { invitation, course } = found;
	let state: ReturnType<typeof invitationStatus> | 'enrolled' = invitationStatus(invitation);
	if (locals.user && (await isEnrolled(locals.app.db, locals.user.id, course.id))) state = 'enrolled';
	return {
		state,
		course: { slug: course.slug, title: course.title, summary: course.summary },
		expiresAt: invitation.expiresAt,
		loginUrl: `/login?redirectTo=${encodeURIComponent(url.pathname)}`,
		signupUrl: `/signup?redirectTo=${encodeURIComponent(url.pathname)}`
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { user } = requireUser(event);
		try {
			const { course } = await acceptInvitation(event.locals.app, user.id, event.params.token);
			redirect(303, `/courses/${course.slug}?enrolled=1`);
		} catch (err) {
			if (err instanceof FormError) return invalid(err.status, new FormData(), err.errors);
			throw err;
		}
	}
};
