import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { UUID_RE } from '#lib/server/ids.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { handleForm } from '#lib/server/http/forms.ts';
import { editableCourse } from '#lib/server/features/courses/access.ts';
import {
	moveSpeakerSchema,
	SPEAKER_LIMITS,
	speakerFormSchema,
	speakerIdSchema
} from '#lib/server/features/speakers/speakers.schemas.ts';
import {
	createSpeaker,
	deleteSpeaker,
	formatLinks,
	listSpeakers,
	moveSpeaker,
	speakerView,
	updateSpeaker
} from '#lib/server/features/speakers/speakers.service.ts';

const DONE = ['added', 'saved', 'deleted', 'moved'] as const;

async function editor(event: RequestEvent) {
	const { actor } = requireUser(event);
	const course = await editableCourse(event.locals.app.db, actor, event.params.slug);
	return { actor, course };
}

export const load: PageServerLoad = async (event) => {
	const { course } = await editor(event);
	const rows = await listSpeakers(event.locals.app.db, course.id);
	const wanted = event.url.searchParams.get('speaker') ?? '';
	const editing = UUID_RE.test(wanted) ? rows.find((r) => r.id === wanted) : undefined;
	const done = event.url.searchParams.get('done');
	return {
		course: { slug: course.slug, title: course.title },
		speakers: rows.map(speakerView),
		editing: editing
			? {
					id: editing.id,
					name: editing.name,
					role: editing.role,
					bio: editing.bio,
					links: formatLinks(editing.links),
					photoAlt: editing.photoAlt,
					photo: speakerView(editing).photo
				}
			: null,
		limits: {
			name: SPEAKER_LIMITS.name,
			role: SPEAKER_LIMITS.role,
			bio: SPEAKER_LIMITS.bio,
			photoAlt: SPEAKER_LIMITS.photoAlt,
			links: SPEAKER_LIMITS.links
		},
		photoMaxMb: Math.max(1, Math.floor(event.locals.app.config.AVATAR_MAX_BYTES / 1024 / 1024)),
		done: DONE.find((d) => d === done) ?? null
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { actor, course } = await editor(event);
		const form = await event.request.formData();
		return handleForm(form, speakerFormSchema, async ({ id, photo, removePhoto, ...input }) => {
			if (id) await updateSpeaker(event.locals.app, actor, course.id, id, input, { photo, removePhoto });
			else await createSpeaker(event.locals.app, actor, course.id, input, { photo });
			redirect(303, `/courses/${course.slug}/speakers/edit?done=${id ? 'saved' : 'added'}`);
		});
	},
	delete: async (event) => {
		const { actor, course } = await editor(event);
		const form = await event.request.formData();
		return handleForm(form, speakerIdSchema, async ({ id }) => {
			await deleteSpeaker(event.locals.app, actor, course.id, id);
			redirect(303, `/courses/${course.slug}/speakers/edit?done=deleted`);
		});
	},
	move: async (event) => {
		const { actor, course } = await editor(event);
		const form = await event.request.formData();
		return handleForm(form, moveSpeakerSchema, async ({ id, direction }) => {
			await moveSpeaker(event.locals.app, actor, course.id, id, direction);
			redirect(303, `/courses/${course.slug}/speakers/edit?done=moved#s-${id}`);
		});
	}
};
