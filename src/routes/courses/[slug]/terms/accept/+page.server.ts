import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { FormError, invalid } from '#lib/server/http/forms.ts';
import { courseFromSlug } from '#lib/server/features/courses/access.ts';
import { renderMarkdown } from '#lib/server/features/courses/markdown.ts';
import { enrol } from '#lib/server/features/courses/learning.service.ts';
import { acceptTerms, pendingTerms } from '#lib/server/features/community/terms.service.ts';

export const load: PageServerLoad = async (event) => {
	const { user } = requireUser(event);
	const { course } = await courseFromSlug(event.locals.app.db, event.locals.actor, event.params.slug);
	const pending = await pendingTerms(event.locals.app.db, user.id, { scopeType: 'course', scopeId: course.id });
	if (!pending) redirect(303, `/courses/${course.slug}`);
	return {
		course: { slug: course.slug, title: course.title },
		enrol: event.url.searchParams.get('enrol') === '1',
		terms: { id: pending.id, version: pending.version, html: renderMarkdown(pending.body) }
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { user } = requireUser(event);
		const { db } = event.locals.app;
		const { course } = await courseFromSlug(db, event.locals.actor, event.params.slug);
		const form = await event.request.formData();
		const pending = await pendingTerms(db, user.id, { scopeType: 'course', scopeId: course.id });
		if (pending) {
			if (form.get('accept') !== 'on' || form.get('termsId') !== pending.id)
				return invalid(400, form, { accept: { key: 'community.terms.errors.mustAccept' } });
			await acceptTerms(db, user.id, pending.id);
		}
		if (event.url.searchParams.get('enrol') === '1') {
			try {
				await enrol(event.locals.app, user.id, course);
			} catch (err) {
				if (err instanceof FormError) return invalid(err.status, form, err.errors);
				throw err;
			}
			redirect(303, `/courses/${course.slug}?enrolled=1`);
		}
		redirect(303, `/courses/${course.slug}`);
	}
};
