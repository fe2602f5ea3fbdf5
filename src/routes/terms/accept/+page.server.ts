import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { invalid } from '#lib/server/http/forms.ts';
import { safeRedirect } from '#lib/server/http/client.ts';
import { renderMarkdown } from '#lib/server/features/courses/markdown.ts';
import { acceptTerms, pendingTerms } from '#lib/server/features/community/terms.service.ts';

const scope = { scopeType: 'instance' } as const;

export const load: PageServerLoad = async (event) => {
	const { user } = requireUser(event);
	const next = safeRedirect(event.url.searchParams.get('next'));
	const pending = await pendingTerms(event.locals.app.db, user.id, scope);
	if (!pending) redirect(303, next);
	return {
		next,
		terms: { id: pending.id, version: pending.version, html: renderMarkdown(pending.body) }
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { user } = requireUser(event);
		const form = await event.request.formData();
		const next = safeRedirect(form.get('next'));
		const pending = await pendingTerms(event.locals.app.db, user.id, scope);
		if (!pending) redirect(303, next);
		// The version shown must still be the current one (a newer one may have been published meanwhile).
		if (form.get('accept') !== 'on' || form.get('termsId') !== pending.id)
			return invalid(400, form, { accept: { key: 'community.terms.errors.mustAccept' } });
		await acceptTerms(event.locals.app.db, user.id, pending.id);
		redirect(303, next);
	}
};
