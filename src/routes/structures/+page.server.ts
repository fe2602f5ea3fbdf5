import type { PageServerLoad } from './$types';
import { listStructures } from '#lib/server/features/community/structures.service.ts';

export const load: PageServerLoad = async ({ locals }) => ({
	structures: (await listStructures(locals.app.db)).map((s) => ({ slug: s.slug, name: s.name, kind: s.kind }))
});
