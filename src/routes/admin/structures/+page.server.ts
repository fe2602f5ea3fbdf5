import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requirePermission } from '#lib/server/http/guards.ts';
import { handleForm } from '#lib/server/http/forms.ts';
import { STRUCTURE_KINDS } from '#lib/server/features/community/community.table.ts';
import { createStructure, listStructures, structureSchema } from '#lib/server/features/community/structures.service.ts';

export const load: PageServerLoad = async (event) => {
	requirePermission(event, 'structure.create');
	const rows = await listStructures(event.locals.app.db);
	return {
		kinds: STRUCTURE_KINDS,
		structures: rows.map((s) => ({ id: s.id, slug: s.slug, name: s.name, kind: s.kind }))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { actor } = requirePermission(event, 'structure.create');
		const form = await event.request.formData();
		return handleForm(form, structureSchema, async (input) => {
			const row = await createStructure(event.locals.app, actor, input);
			redirect(303, `/admin/structures/${row.id}?created=1`);
		});
	}
};
