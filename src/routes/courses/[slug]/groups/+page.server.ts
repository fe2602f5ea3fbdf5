import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { handleForm } from '#lib/server/http/forms.ts';
import { can } from '#lib/server/features/authz/policy.ts';
import { courseFromSlug } from '#lib/server/features/courses/access.ts';
import {
	createGroup,
	groupSchema,
	listGroups,
	privateGroupsAllowed,
	runsCourse
} from '#lib/server/features/community/groups.service.ts';
import { groupActions } from './group-actions.ts';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { course } = await courseFromSlug(locals.app.db, locals.actor, params.slug);
	const res = { type: 'course', id: course.id } as const;
	const inCourse = can(locals.actor, 'group.join', res) || runsCourse(locals.actor, course.id);
	const [groups, privateAllowed] = await Promise.all([
		inCourse ? listGroups(locals.app.db, locals.actor, course.id) : [],
		privateGroupsAllowed(locals.app.db, course.id)
	]);
	return {
		course: { slug: course.slug, title: course.title },
		inCourse,
		canCreate: can(locals.actor, 'group.create', res),
		privateAllowed,
		groups: groups.map((g) => ({
			id: g.id,
			name: g.name,
			isPrivate: g.isPrivate,
			members: g.members,
			member: g.access.member,
			join: g.access.join
		}))
	};
};

export const actions: Actions = {
	create: async (event) => {
		const { actor } = requireUser(event);
		const { course } = await courseFromSlug(event.locals.app.db, actor, event.params.slug);
		const form = await event.request.formData();
		return handleForm(form, groupSchema, async (input) => {
			const group = await createGroup(event.locals.app, actor, course, input);
			redirect(303, `/courses/${course.slug}/groups/${group.id}?created=1`);
		});
	},
	...groupActions('list')
};
