import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { UUID_RE } from '#lib/server/ids.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { FormError, invalid } from '#lib/server/http/forms.ts';
import { courseFromSlug } from '#lib/server/features/courses/access.ts';
import { cachedPlan } from '#lib/server/features/courses/plan.cache.ts';
import { flatten, getLesson } from '#lib/server/features/courses/plan.service.ts';
import { markDone, markNotDone, recordVisit } from '#lib/server/features/courses/learning.service.ts';
// The lesson, its HTML with glossary links cached per revision + glossary version (features/courses/lesson.cache.ts)
import { lessonHtml, lessonToRead } from '#lib/server/features/courses/lesson.cache.ts';
import { lessonPlayers } from '#lib/server/features/media/media.service.ts';
import { lessonQuizzes } from '#lib/server/features/quizzes/quizzes.service.ts'; // quizzes
import { renderClips } from '#lib/server/features/media/clips.ts'; // rushes: clips in lessons
// Sessions and invitations gate the content; the learner preview records nothing (features/courses/editions*.ts).
import { contentAccess } from '#lib/server/features/courses/editions.service.ts';
import { isPreviewing, previewLearner } from '#lib/server/features/courses/editions.preview.ts';
// wiki: history link, proposals, "follow this lesson" (features/wiki/watch.service.ts)
import { lessonWikiState, setWatching } from '#lib/server/features/wiki/watch.service.ts';

async function lessonOf(locals: App.Locals, slug: string, id: string) {
	if (!UUID_RE.test(id)) error(404, 'error.notFound');
	const { course, canEdit } = await courseFromSlug(locals.app.db, locals.actor, slug);
	const lesson = await getLesson(locals.app.db, course.id, id);
	if (!lesson) error(404, 'error.notFound');
	return { course, canEdit, lesson };
}

export const load: PageServerLoad = async ({ locals, params, url, cookies }) => {
	const { db } = locals.app;
	if (!UUID_RE.test(params.id)) error(404, 'error.notFound');
	const found = await courseFromSlug(db, locals.actor, params.slug);
	const { course } = found;
	const preview = isPreviewing(cookies, course.id, found.canEdit);
	// With the learner's state (enrolment, done lessons, last visit) in the same query.
	const lesson = await lessonToRead(db, course.id, params.id, preview ? undefined : locals.user?.id);
	if (!lesson) error(404, 'error.notFound');
	const canEdit = found.canEdit && !preview;
	const order = flatten(await cachedPlan(db, course));
	const i = order.findIndex((l) => l.id === lesson.id);
	const user = locals.user;
	const { enrolled, done, lastLessonId } = preview ? previewLearner() : lesson.learner;
	const access = await contentAccess(db, course, { userId: user?.id, enrolled, canEdit: found.canEdit });
	// Not open to this reader (session not started, or not enrolled): the title and why, not the content.
	const locked = access.ok ? undefined : access;
	// Re-reading the lesson last visited writes nothing (recordVisit would not either).
	if (enrolled && user && !preview && !locked && lastLessonId !== lesson.id)
		await recordVisit(db, user.id, course.id, lesson.id);
	// media: players, tracks, chapters and transcript (features/media/media.service.ts)
	const players =
		locked || !lesson.hasMedia
			? []
			: await lessonPlayers(db, lesson.id, {
					query: url.searchParams.get('transcript') ?? '',
					load: url.searchParams.get('load') ?? '',
					at: Number(url.searchParams.get('at') ?? 0),
					speakersPage: `/courses/${course.slug}/speakers`
				});
	// rushes: ```clip blocks become players of the course's own media (features/media/clips.ts)
	const linked = locked ? '' : await lessonHtml(db, course, lesson);
	const { html, clips } = await renderClips(db, linked, {
		courseId: course.id,
		courseSlug: course.slug,
		locale: locals.locale
	});
	return {
		course: { slug: course.slug, title: course.title, licence: course.licence },
		// glossary: link the course's glossary terms in the lesson (features/glossary/glossary.links.ts)
		lesson: {
			id: lesson.id,
			title: lesson.title,
			html,
			required: lesson.required
		},
		players,
		// quizzes: the lesson's quizzes with the learner's state (features/quizzes/quizzes.service.ts)
		quizzes:
			locked || !lesson.hasQuizzes
				? []
				: await lessonQuizzes(db, lesson.id, preview ? undefined : user?.id, locals.locale),
		clips,
		locked,
		canEdit,
		wiki: locals.actor && !preview && !locked ? await lessonWikiState(db, locals.actor, course.id, lesson.id) : null,
		preview,
		enrolled,
		isDone: done.has(lesson.id),
		doneCount: done.size,
		position: i + 1,
		total: order.length,
		previous: order[i - 1],
		next: order[i + 1]
	};
};

export const actions: Actions = {
	done: async (event) => {
		const { user } = requireUser(event);
		const { course, lesson, canEdit } = await lessonOf(event.locals, event.params.slug, event.params.id);
		// Learner preview: move on as a learner would, without recording anything.
		const preview = isPreviewing(event.cookies, course.id, canEdit);
		// A session that has not started yet: nothing to mark done.
		const access = await contentAccess(event.locals.app.db, course, { userId: user.id, enrolled: true, canEdit });
		if (!access.ok) return invalid(403, new FormData(), { _form: { key: 'editions.locked' } });
		if (!preview)
			try {
				const { courseCompleted } = await markDone(event.locals.app, user.id, course.id, lesson.id);
				if (courseCompleted) redirect(303, `/courses/${course.slug}/completed`);
			} catch (err) {
				if (err instanceof FormError) return invalid(err.status, new FormData(), err.errors);
				throw err;
			}
		const order = flatten(await cachedPlan(event.locals.app.db, course));
		const next = order[order.findIndex((l) => l.id === lesson.id) + 1];
		redirect(303, next ? `/courses/${course.slug}/lessons/${next.id}` : `/courses/${course.slug}`);
	},
	/** Follow (or stop following) the lesson's changes (features/wiki). */
	watch: async (event) => {
		const { user } = requireUser(event);
		const { course, lesson } = await lessonOf(event.locals, event.params.slug, event.params.id);
		const on = (await event.request.formData()).get('on') === 'on';
		await setWatching(event.locals.app.db, user.id, course.id, lesson.id, on);
		redirect(303, `/courses/${course.slug}/lessons/${lesson.id}`);
	},
	undone: async (event) => {
		const { user } = requireUser(event);
		const { course, lesson } = await lessonOf(event.locals, event.params.slug, event.params.id);
		await markNotDone(event.locals.app, user.id, course.id, lesson.id);
		redirect(303, `/courses/${course.slug}/lessons/${lesson.id}`);
	}
};
