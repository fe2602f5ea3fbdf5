/** Join and leave, shared by the groups list and a group's page. */
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { UUID_RE } from '#lib/server/ids.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { FormError, invalid } from '#lib/server/http/forms.ts';
import { courseFromSlug } from '#lib/server/features/courses/access.ts';
import { getGroup, joinGroup, leaveGroup } from '#lib/server/features/community/groups.service.ts';

export async function groupOf(event: Pick<RequestEvent, 'locals' | 'params' | 'url'>, groupId: string) {
	const { course } = await courseFromSlug(
		event.locals.app.db,
		event.locals.actor,
		(event.params as { slug: string }).slug
	);
	const group = UUID_RE.test(groupId) ? await getGroup(event.locals.app.db, course.id, groupId) : undefined;
	if (!group) error(404, 'error.notFound');
	return { course, group };
}

export function groupActions(from: 'list' | 'page') {
	const run = (what: 'join' | 'leave') => async (event: RequestEvent) => {
		const { actor } = requireUser(event);
		const form = await event.request.formData();
		const id = from === 'page' ? (event.params as { id: string }).id : String(form.get('groupId') ?? '');
		const { course, group } = await groupOf(event, id);
		try {
			if (what === 'join') await joinGroup(event.locals.app, actor, course, group);
			else await leaveGroup(event.locals.app, actor, group.id);
		} catch (err) {
			if (err instanceof FormError) return invalid(err.status, form, err.errors);
			throw err;
		}
		const flag = what === 'join' ? 'joined' : 'left';
		redirect(
			303,
			from === 'page'
				? `/courses/${course.slug}/groups/${group.id}?${flag}=1`
				: `/courses/${course.slug}/groups?${flag}=1`
		);
	};
	return { join: run('join'), leave: run('leave') };
}
