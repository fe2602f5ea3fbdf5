import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { UUID_RE } from '#lib/server/ids.ts';
import { requirePermission } from '#lib/server/http/guards.ts';
import { handleForm } from '#lib/server/http/forms.ts';
import { STRUCTURE_KINDS, structureCourses } from '#lib/server/features/community/community.table.ts';
import { courses } from '#lib/server/features/courses/courses.table.ts';
import {
	linkCourse,
	structureById,
	structureMembers,
	structureSchema,
	unlinkCourse,
	updateStructure
} from '#lib/server/features/community/structures.service.ts';
import { eq } from 'drizzle-orm';

async function found(event: Parameters<PageServerLoad>[0] | Parameters<Actions[string]>[0]) {
	const who = requirePermission(event, 'structure.create');
	const id = event.params.id ?? '';
	const structure = UUID_RE.test(id) ? await structureById(event.locals.app.db, id) : undefined;
	if (!structure) error(404, 'error.notFound');
	return { ...who, structure };
}

export const load: PageServerLoad = async (event) => {
	const { structure } = await found(event);
	// Every linked course, drafts included (the public page shows published ones only).
	const linked = await event.locals.app.db
		.select({ id: courses.id, slug: courses.slug, title: courses.title })
		.from(structureCourses)
		.innerJoin(courses, eq(courses.id, structureCourses.courseId))
		.where(eq(structureCourses.structureId, structure.id));
	return {
		kinds: STRUCTURE_KINDS,
		structure: {
			id: structure.id,
			name: structure.name,
			slug: structure.slug,
			kind: structure.kind,
			description: structure.description,
			website: structure.website
		},
		courses: linked,
		members: (await structureMembers(event.locals.app.db, structure.id)).map((m) => ({
			name: m.name,
			handle: m.handle,
			role: m.role as 'member' | 'manager'
		}))
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { actor, structure } = await found(event);
		const form = await event.request.formData();
		return handleForm(form, structureSchema, async (input) => {
			await updateStructure(event.locals.app, actor, structure.id, input);
			redirect(303, `/admin/structures/${structure.id}?saved=1`);
		});
	},
	link: async (event) => {
		const { actor, structure } = await found(event);
		const form = await event.request.formData();
		return handleForm(form, z.object({ course: z.string().trim().min(1).max(100) }), async ({ course }) => {
			await linkCourse(event.locals.app, actor, structure.id, course);
			redirect(303, `/admin/structures/${structure.id}?saved=1#courses`);
		});
	},
	unlink: async (event) => {
		const { actor, structure } = await found(event);
		const form = await event.request.formData();
		return handleForm(form, z.object({ courseId: z.string().regex(UUID_RE) }), async ({ courseId }) => {
			await unlinkCourse(event.locals.app, actor, structure.id, courseId);
			redirect(303, `/admin/structures/${structure.id}?saved=1#courses`);
		});
	}
};
