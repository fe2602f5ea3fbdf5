import type { PageServerLoad } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { editableCourse } from '#lib/server/features/courses/access.ts';
import { courseAnnotationTags, searchAnnotations } from '#lib/server/features/media/annotations.service.ts';
import { formatTimecode } from '#lib/server/features/media/timecode.ts';
import { listSpeakers } from '#lib/server/features/speakers/speakers.service.ts';
import { renderMarkdown } from '#lib/server/features/courses/markdown.ts';

/** The course's rushes log: every annotation, filtered by tag, speaker and text (GET form). */
export const load: PageServerLoad = async (event) => {
	const { actor } = requireUser(event);
	const { db } = event.locals.app;
	const course = await editableCourse(db, actor, event.params.slug);
	const q = event.url.searchParams;
	const filter = {
		tag: (q.get('tag') ?? '').slice(0, 40),
		speaker: (q.get('speaker') ?? '').slice(0, 40),
		q: (q.get('q') ?? '').slice(0, 200),
		page: Number(q.get('page') ?? 1) || 1
	};
	const [result, tags, speakers] = await Promise.all([
		searchAnnotations(db, course.id, filter),
		courseAnnotationTags(db, course.id),
		listSpeakers(db, course.id)
	]);
	const base = `/courses/${course.slug}`;
	const pageHref = (page: number) => {
		const params = new URLSearchParams();
		for (const key of ['tag', 'speaker', 'q'] as const) if (filter[key]) params.set(key, filter[key]);
		if (page > 1) params.set('page', String(page));
		const s = params.toString();
		return s ? `?${s}` : '?';
	};
	return {
		course: { slug: course.slug, title: course.title },
		filter,
		filtered: Boolean(filter.tag || filter.speaker || filter.q),
		/** The filters as a query string (for the CSV link). */
		query: pageHref(1) === '?' ? '' : pageHref(1),
		tags,
		speakers: speakers.map((s) => ({ id: s.id, name: s.name })),
		total: result.total,
		page: result.page,
		pages: result.pages,
		previous: result.page > 1 ? pageHref(result.page - 1) : null,
		next: result.page < result.pages ? pageHref(result.page + 1) : null,
		rows: result.rows.map(({ annotation: a, media, lesson, speaker }) => ({
			id: a.id,
			lessonTitle: lesson.title,
			mediaTitle: media.title,
			start: formatTimecode(a.start),
			end: formatTimecode(a.end),
			href: `${base}/lessons/${lesson.id}?load=${media.id}&at=${Math.floor(a.start)}#player-${media.id}`,
			editHref: `${base}/lessons/${lesson.id}/media#annotation-${a.id}`,
			clipHref: `${base}/lessons/${lesson.id}/media?clip=${a.id}#clip-${media.id}`,
			// A short note: Markdown through the sanitising renderer.
			noteHtml: renderMarkdown(a.note),
			tags: a.tags,
			speaker: speaker?.id ? { name: speaker.name, href: `${base}/speakers#speaker-${speaker.id}` } : null
		}))
	};
};
