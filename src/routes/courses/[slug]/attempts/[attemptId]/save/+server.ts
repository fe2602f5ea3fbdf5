/**
 * The save endpoint of static/quiz.js: the attempt form's fields, posted as the learner answers.
 * Answers JSON: `{ ok: true, saved }` or `{ ok: false, message }` with the refusal's status.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { translate } from '#lib/i18n/index.ts';
import { UUID_RE } from '#lib/server/ids.ts';
import { FormError } from '#lib/server/http/forms.ts';
import { courseFromSlug } from '#lib/server/features/courses/access.ts';
import { saveAnswers } from '#lib/server/features/quizzes/attempts.service.ts';

export const POST: RequestHandler = async ({ locals, params, request }) => {
	const say = (status: number, key: Parameters<typeof translate>[1]) =>
		json({ ok: false, message: translate(locals.locale, key) }, { status });
	if (!locals.user || !locals.actor) return say(401, 'quizzes.errors.loginAgain');
	if (!UUID_RE.test(params.attemptId!)) return say(404, 'error.notFound');
	const { course } = await courseFromSlug(locals.app.db, locals.actor, params.slug!);
	let form: FormData;
	try {
		form = await request.formData();
	} catch {
		return say(400, 'errors.invalid');
	}
	try {
		const { saved } = await saveAnswers(locals.app, locals.actor, course.id, params.attemptId!, form.entries());
		return json({ ok: true, saved });
	} catch (err) {
		if (err instanceof FormError) return say(err.status, err.errors._form?.key ?? 'errors.invalid');
		throw err;
	}
};
