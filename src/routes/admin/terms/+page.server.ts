import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/http/guards.ts';
import { handleForm } from '#lib/server/http/forms.ts';
import {
	currentTerms,
	publishTerms,
	TERMS_BODY_MAX,
	termsHistory
} from '#lib/server/features/community/terms.service.ts';

const scope = { scopeType: 'instance' } as const;
const schema = z.object({ body: z.string().max(TERMS_BODY_MAX * 2) });

export const load: PageServerLoad = async (event) => {
	requirePermission(event, 'terms.publish');
	const [current, history] = await Promise.all([
		currentTerms(event.locals.app.db, scope),
		termsHistory(event.locals.app.db, scope)
	]);
	return {
		body: current?.body ?? '',
		max: TERMS_BODY_MAX,
		history: history.map((h) => ({ version: h.version, publishedAt: h.publishedAt.toISOString() }))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { actor } = requirePermission(event, 'terms.publish');
		const form = await event.request.formData();
		return handleForm(form, schema, async ({ body }) => {
			const row = await publishTerms(event.locals.app, actor, scope, { body });
			redirect(303, `/admin/terms?published=${row.version}`);
		});
	}
};
