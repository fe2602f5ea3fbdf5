import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { handleForm } from '#lib/server/http/forms.ts';
import { renderMarkdown } from '#lib/server/features/courses/markdown.ts';
import {
	addGroupMember,
	groupAccess,
	groupForum,
	groupMembers
} from '#lib/server/features/community/groups.service.ts';
import { placeOfForum } from '#lib/server/features/forums/forums.access.ts';
import { listThreads } from '#lib/server/features/forums/reading.service.ts';
import { groupActions, groupOf } from '../group-actions.ts';

export const load: PageServerLoad = async (event) => {
	const { course, group } = await groupOf(event, event.params.id);
	const access = groupAccess(event.locals.actor, course.id, group);
	if (!access.read) {
		if (!event.locals.user)
			redirect(303, `/login?redirectTo=${encodeURIComponent(event.url.pathname + event.url.search)}`);
		error(403, 'community.groups.errors.enrolFirst');
	}
	const [members, forum] = await Promise.all([
		groupMembers(event.locals.app.db, group.id),
		groupForum(event.locals.app.db, group.id)
	]);
	// The group's latest threads, as the forums feature shows them to this reader.
	const place = forum
		? await placeOfForum(event.locals.app.db, event.locals.actor, { scopeType: 'themeGroup', scopeId: group.id })
		: undefined;
	const threads =
		forum && place
			? (await listThreads(event.locals.app.db, event.locals.actor?.id ?? null, place, forum.id, 1)).threads
			: [];
	const forumBase = `/courses/${course.slug}/forum`;
	return {
		threads: threads.slice(0, 10).map((th) => ({
			id: th.id,
			title: th.title,
			replies: th.replyCount,
			lastPostAt: th.lastPostAt.toISOString(),
			unread: th.unread
		})),
		threadBase: `${forumBase}/t`,
		course: { slug: course.slug, title: course.title },
		group: { id: group.id, name: group.name, isPrivate: group.isPrivate, html: renderMarkdown(group.description) },
		access,
		members: members.map((m) => ({ name: m.name, handle: m.handle, role: m.role as 'organiser' | 'member' })),
		forumUrl: forum ? `${forumBase}/f/${forum.id}` : null
	};
};

export const actions: Actions = {
	...groupActions('page'),
	add: async (event) => {
		const { actor } = requireUser(event);
		const { course, group } = await groupOf(event, event.params.id);
		const form = await event.request.formData();
		return handleForm(form, z.object({ handle: z.string().trim().min(1).max(60) }), async ({ handle }) => {
			await addGroupMember(event.locals.app, actor, course, group, handle);
			redirect(303, `/courses/${course.slug}/groups/${group.id}?added=1`);
		});
	}
};
