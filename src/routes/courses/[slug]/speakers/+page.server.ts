import type { PageServerLoad } from './$types';
import { courseFromSlug } from '#lib/server/features/courses/access.ts';
import { listSpeakers, speakerView } from '#lib/server/features/speakers/speakers.service.ts';
import { speakerAppearances } from '#lib/server/features/media/media-speakers.ts';
import { formatTimecode } from '#lib/server/features/media/timecode.ts';

export const load: PageServerLoad = async ({ locals, params }) => {
	const { db } = locals.app;
	const { course, canEdit } = await courseFromSlug(db, locals.actor, params.slug);
	const [speakers, appearances] = await Promise.all([listSpeakers(db, course.id), speakerAppearances(db, course.id)]);
	const lesson = (id: string) => `/courses/${course.slug}/lessons/${id}`;
	return {
		course: { slug: course.slug, title: course.title },
		canEdit,
		speakers: speakers.map((s) => {
			// rushes: the videos a speaker appears in, and (for editors) the annotations naming them
			const a = appearances.get(s.id);
			return {
				...speakerView(s),
				videos: (a?.videos ?? []).map((v) => ({
					href: `${lesson(v.lessonId)}#player-${v.mediaId}`,
					title: v.title || v.lessonTitle,
					lessonTitle: v.lessonTitle
				})),
				annotations: canEdit
					? (a?.annotations ?? []).map((n) => ({
							id: n.id,
							href: `${lesson(n.lessonId)}?load=${n.mediaId}&at=${Math.floor(n.start)}#player-${n.mediaId}`,
							start: formatTimecode(n.start),
							end: formatTimecode(n.end),
							note: n.note.split('\n')[0]!.slice(0, 200)
						}))
					: []
			};
		})
	};
};
