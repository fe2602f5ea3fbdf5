import { error } from '@sveltejs/kit';
import { UUID_RE } from '#lib/server/ids.ts';
import { requireUser } from '#lib/server/http/guards.ts';
import { courseFromSlug } from '#lib/server/features/courses/access.ts';
import { canGrade } from '#lib/server/features/quizzes/essays.service.ts';
import { getQuiz } from '#lib/server/features/quizzes/quizzes.service.ts';

/** The quiz in the URL, for its course's tutors and editors (403 otherwise). */
export async function resultsQuiz(event: { locals: App.Locals; url: URL; params: Record<string, string> }) {
	const { actor } = requireUser(event);
	if (!UUID_RE.test(event.params.quizId!)) error(404, 'error.notFound');
	const { course } = await courseFromSlug(event.locals.app.db, actor, event.params.slug!);
	if (!canGrade(actor, course.id)) error(403, 'error.forbidden');
	const quiz = await getQuiz(event.locals.app.db, course.id, event.params.quizId!);
	if (!quiz) error(404, 'error.notFound');
	return { course, quiz };
}
