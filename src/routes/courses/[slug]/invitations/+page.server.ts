import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { handleForm } from '#lib/server/http/forms.ts';
import { editableCourse } from '#lib/server/features/courses/access.ts';
import { invitationIdSchema, inviteSchema, MAX_EMAILS } from '#lib/server/features/courses/invitations.schemas.ts';
import {
	invitationStatus,
	invite,
	joinCode,
	listInvitations,
	regenerateJoinCode,
	revokeInvitation
} from '#lib/server/features/courses/invitations.service.ts';

export const load: PageServerLoad = async (event) => {
	const { actor } = requireUser(event);
	const { db } = event.locals.app;
	const course = await editableCourse(db, actor, event.params.slug);
	const [code, invitations] = await Promise.all([joinCode(db, course.id), listInvitations(db, course.id)]);
	return {
		course: { slug: course.slug, title: course.title, enrolmentMode: course.enrolmentMode },
		code,
		invitations: invitations.map((i) => ({
			id: i.id,
			email: i.email,
			createdAt: i.createdAt,
			status: invitationStatus(i)
		})),
		maxEmails: MAX_EMAILS
	};
};

async function editorContext(event: Parameters<Actions[string]>[0]) {
	const { actor } = requireUser(event);
	const course = await editableCourse(event.locals.app.db, actor, event.params.slug!);
	return { actor, course, form: await event.request.formData() };
}

export const actions: Actions = {
	regenerate: async (event) => {
		const { actor, course } = await editorContext(event);
		await regenerateJoinCode(event.locals.app, actor, course);
		redirect(303, `/courses/${course.slug}/invitations?regenerated=1`);
	},
	invite: async (event) => {
		const { actor, course, form } = await editorContext(event);
		return handleForm(form, inviteSchema, async ({ emails }) => {
			const { sent } = await invite(event.locals.app, actor, course, emails);
			redirect(303, `/courses/${course.slug}/invitations?sent=${sent}`);
		});
	},
	revoke: async (event) => {
		const { actor, course, form } = await editorContext(event);
		return handleForm(form, invitationIdSchema, async ({ id }) => {
			await revokeInvitation(event.locals.app, actor, course, id);
			redirect(303, `/courses/${course.slug}/invitations?revoked=1`);
		});
	}
};
