/**
 * "Preview as a learner": an editor sees the course and lesson pages as a freshly enrolled
 * learner would (no edit links, no progress), and nothing is recorded. Kept in a cookie scoped
 * to the course's pages, set and cleared by plain form posts, so it works without JavaScript.
 */
import type { Cookies } from '@sveltejs/kit';

export const PREVIEW_COOKIE = 'essaim_learner_preview';

/** Whether this request previews the course: only for people who may edit it. */
export function isPreviewing(cookies: Pick<Cookies, 'get'>, courseId: string, canEdit: boolean) {
	return canEdit && cookies.get(PREVIEW_COOKIE) === courseId;
}

/** A fresh learner's state, shown during a preview. */
export const previewLearner = () => ({
	enrolled: true,
	done: new Set<string>(),
	lastLessonId: undefined,
	completedAt: undefined
});
