import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { UUID_RE } from '#lib/server/ids.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { handleForm } from '#lib/server/http/forms.ts';
import { can } from '#lib/server/features/authz/policy.ts';
import { renderMarkdown } from '#lib/server/features/courses/markdown.ts';
import {
	addStructureMember,
	coursesOfStructure,
	removeStructureMember,
	STRUCTURE_ROLES,
	structureBySlug,
	structureMembers
} from '#lib/server/features/community/structures.service.ts';

async function found(locals: App.Locals, slug: string) {
	const structure = await structureBySlug(locals.app.db, slug);
	if (!structure) error(404, 'error.notFound');
	return structure;
}

export const load: PageServerLoad = async ({ locals, params }) => {
	const s = await found(locals, params.slug);
	const resource = { type: 'structure', id: s.id } as const;
	const canManage = can(locals.actor, 'structure.manage', resource);
	const [courses, members] = await Promise.all([
		coursesOfStructure(locals.app.db, s.id),
		can(locals.actor, 'structure.view', resource) ? structureMembers(locals.app.db, s.id) : null
	]);
	return {
		structure: {
			name: s.name,
			slug: s.slug,
			kind: s.kind,
			website: s.website,
			html: renderMarkdown(s.description)
		},
		courses: courses.map((c) => ({ slug: c.slug, title: c.title, summary: c.summary })),
		members,
		canManage,
		roles: can(locals.actor, 'structure.appointManager') ? STRUCTURE_ROLES : (['member'] as const),
		isAdmin: can(locals.actor, 'structure.create')
	};
};

const addSchema = z.object({ handle: z.string().trim().min(1).max(60), role: z.enum(STRUCTURE_ROLES) });
const removeSchema = z.object({ userId: z.string().regex(UUID_RE), role: z.enum(STRUCTURE_ROLES) });

export const actions: Actions = {
	add: async (event) => {
		const { actor } = requireUser(event);
		const s = await found(event.locals, event.params.slug);
		const form = await event.request.formData();
		return handleForm(form, addSchema, async (input) => {
			await addStructureMember(event.locals.app, actor, s.id, input);
			redirect(303, `/structures/${s.slug}?added=1#members`);
		});
	},
	remove: async (event) => {
		const { actor } = requireUser(event);
		const s = await found(event.locals, event.params.slug);
		const form = await event.request.formData();
		return handleForm(form, removeSchema, async (input) => {
			await removeStructureMember(event.locals.app, actor, s.id, input);
			redirect(303, `/structures/${s.slug}?removed=1#members`);
		});
	}
};
