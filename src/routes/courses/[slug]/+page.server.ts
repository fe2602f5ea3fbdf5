import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '#lib/server/http/guards.ts';
import { invalid, FormError } from '#lib/server/http/forms.ts';
import { courseFromSlug } from '#lib/server/features/courses/access.ts';
import { coverUrl } from '#lib/server/features/courses/cover.ts';
import { listSpeakers, speakerView } from '#lib/server/features/speakers/speakers.service.ts';
import { cachedPlan } from '#lib/server/features/courses/plan.cache.ts';
import { flatten } from '#lib/server/features/courses/plan.service.ts';
import { coursePageFacts, enrol, unenrol } from '#lib/server/features/courses/learning.service.ts';
import { pendingTerms } from '#lib/server/features/community/terms.service.ts';
// Sessions, codes and the learner preview (features/courses/editions*.ts, invitations*.ts).
import { enrolInEdition, enrolmentView } from '#lib/server/features/courses/editions.service.ts';
import { enrolWithCode } from '#lib/server/features/courses/invitations.service.ts';
import { isPreviewing, previewLearner } from '#lib/server/features/courses/editions.preview.ts';

export const load: PageServerLoad = async ({ locals, params, cookies, url }) => {
	const { db } = locals.app;
	const found = await courseFromSlug(db, locals.actor, params.slug);
	const { course } = found;
	// An editor previewing as a learner sees a fresh learner's page, and nothing is recorded.
	const preview = isPreviewing(cookies, course.id, found.canEdit);
	const canEdit = found.canEdit && !preview;
	const user = locals.user;
	// The authors, the learner's state and whether there are speakers or course terms at all: one query.
	const [plan, facts] = await Promise.all([
		cachedPlan(db, course),
		coursePageFacts(db, preview ? undefined : user?.id, course.id)
	]);
	const speakers = facts.hasSpeakers ? await listSpeakers(db, course.id) : [];
	const lessons = flatten(plan);
	const { enrolled, done, lastLessonId: resume, completedAt: completed } = preview ? previewLearner() : facts;
	// A learner is asked to accept a new version of the course's terms of use when opening it.
	if (
		user &&
		enrolled &&
		!preview &&
		facts.hasTerms &&
		(await pendingTerms(db, user.id, { scopeType: 'course', scopeId: course.id }))
	)
		redirect(303, `/courses/${course.slug}/terms/accept`);
	const next = lessons.find((l) => !done.has(l.id)) ?? lessons[0];
	return {
		course,
		cover: coverUrl(course.coverKey),
		speakers: speakers
			.map(speakerView)
			.map(({ id, name, role, photo, photoAlt }) => ({ id, name, role, photo, photoAlt })),
		canEdit,
		plan,
		authors: facts.authors,
		enrolled,
		done: [...done],
		total: lessons.length,
		resumeId: resume ?? next?.id,
		started: done.size > 0 || !!resume,
		completedAt: completed,
		preview,
		previewBack: url.pathname,
		enrolment: await enrolmentView(db, course, { userId: user?.id, enrolled: enrolled && !preview, canEdit })
	};
};

export const actions: Actions = {
	enrol: async (event) => {
		const { user } = requireUser(event);
		const { course } = await courseFromSlug(event.locals.app.db, event.locals.actor, event.params.slug);
		// A course with its own terms of use asks for them first (the accept page then enrols).
		if (await pendingTerms(event.locals.app.db, user.id, { scopeType: 'course', scopeId: course.id }))
			redirect(303, `/courses/${course.slug}/terms/accept?enrol=1`);
		try {
			await enrol(event.locals.app, user.id, course);
		} catch (err) {
			if (err instanceof FormError) return invalid(err.status, new FormData(), err.errors);
			throw err;
		}
		redirect(303, `/courses/${course.slug}?enrolled=1`);
	},
	enrolEdition: async (event) => {
		const { user } = requireUser(event);
		const { course } = await courseFromSlug(event.locals.app.db, event.locals.actor, event.params.slug);
		const form = await event.request.formData();
		if (await pendingTerms(event.locals.app.db, user.id, { scopeType: 'course', scopeId: course.id }))
			redirect(303, `/courses/${course.slug}/terms/accept`);
		try {
			await enrolInEdition(event.locals.app, user.id, course, String(form.get('editionId') ?? ''));
		} catch (err) {
			if (err instanceof FormError) return invalid(err.status, form, err.errors);
			throw err;
		}
		redirect(303, `/courses/${course.slug}?enrolled=1`);
	},
	join: async (event) => {
		const { user } = requireUser(event);
		const { course } = await courseFromSlug(event.locals.app.db, event.locals.actor, event.params.slug);
		const form = await event.request.formData();
		if (await pendingTerms(event.locals.app.db, user.id, { scopeType: 'course', scopeId: course.id }))
			redirect(303, `/courses/${course.slug}/terms/accept`);
		try {
			await enrolWithCode(event.locals.app, user.id, course, String(form.get('code') ?? ''));
		} catch (err) {
			if (err instanceof FormError) return invalid(err.status, form, err.errors);
			throw err;
		}
		redirect(303, `/courses/${course.slug}?enrolled=1`);
	},
	unenrol: async (event) => {
		const { user } = requireUser(event);
		const { course } = await courseFromSlug(event.locals.app.db, event.locals.actor, event.params.slug);
		await unenrol(event.locals.app, user.id, course.id);
		redirect(303, `/courses/${course.slug}`);
	}
};
