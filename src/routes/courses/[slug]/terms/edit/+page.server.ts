import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { handleForm } from '#lib/server/http/forms.ts';
import { editableCourse } from '#lib/server/features/courses/access.ts';
import {
	currentTerms,
	publishTerms,
	TERMS_BODY_MAX,
	termsHistory
} from '#lib/server/features/community/terms.service.ts';

const schema = z.object({ body: z.string().max(TERMS_BODY_MAX * 2), allowsPrivateGroups: z.literal('on').optional() });

export const load: PageServerLoad = async (event) => {
	const { actor } = requireUser(event);
	const course = await editableCourse(event.locals.app.db, actor, event.params.slug);
	const scope = { scopeType: 'course', scopeId: course.id } as const;
	const [current, history] = await Promise.all([
		currentTerms(event.locals.app.db, scope),
		termsHistory(event.locals.app.db, scope)
	]);
	return {
		course: { slug: course.slug, title: course.title },
		body: current?.body ?? '',
		allowsPrivateGroups: current?.allowsPrivateGroups ?? false,
		max: TERMS_BODY_MAX,
		history: history.map((h) => ({ version: h.version, publishedAt: h.publishedAt.toISOString() }))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { actor } = requireUser(event);
		const course = await editableCourse(event.locals.app.db, actor, event.params.slug);
		const form = await event.request.formData();
		return handleForm(form, schema, async ({ body, allowsPrivateGroups }) => {
			const row = await publishTerms(
				event.locals.app,
				actor,
				{ scopeType: 'course', scopeId: course.id },
				{ body, allowsPrivateGroups: allowsPrivateGroups === 'on' }
			);
			redirect(303, `/courses/${course.slug}/terms/edit?published=${row.version}`);
		});
	}
};
