/**
 * What the question editor's pages (new and edit) share: the form's values, the preview, the
 * "add rows" button, and saving with errors given back on the rows the person typed in.
 */
import { fail } from '@sveltejs/kit';
import { formValues, FormError } from '#lib/server/http/forms.ts';
import { FRACTION_CHOICES } from '#lib/server/features/questions/questions.schemas.ts';
import {
	ADD_ROWS,
	formToQuestion,
	rowCount,
	rowErrors,
	type FormQuestion
} from '#lib/server/features/questions/questions.form.ts';
import type { QType, QuestionData } from '#lib/server/features/questions/question.types.ts';
import { renderQuestionText } from '#lib/server/features/questions/render.ts';
import { publicQuestion } from '#lib/server/features/quizzes/public.ts';

export const editorLimits = { fractions: [...FRACTION_CHOICES] };

/** The preview shown under the form: the question as learners see it, and what it expects. */
export function previewOf(data: QuestionData) {
	try {
		return {
			question: publicQuestion(data),
			answers: data.answers.map((a) => ({
				html: renderQuestionText(a.text, a.format),
				fraction: Number.isFinite(a.fraction) ? Math.round(a.fraction * 10000) / 100 : 0,
				feedback: renderQuestionText(a.feedback, a.feedbackformat)
			})),
			pairs: data.subquestions.map((s) => ({ html: renderQuestionText(s.text, s.format), answer: s.answer })),
			generalfeedback: renderQuestionText(data.generalfeedback, data.generalfeedbackformat)
		};
	} catch {
		return null;
	}
}
export type Preview = NonNullable<ReturnType<typeof previewOf>>;

export function readEditor(qtype: QType, form: FormData) {
	const values = formValues(form);
	const parsed = formToQuestion(qtype, values);
	return { values, parsed };
}

export function previewAction(qtype: QType, form: FormData) {
	const { values, parsed } = readEditor(qtype, form);
	return { values, preview: previewOf(parsed.data) };
}

export function addRowsAction(qtype: QType, form: FormData) {
	const { values, parsed } = readEditor(qtype, form);
	const filled = Math.max(parsed.answerRows.at(-1) ?? -1, parsed.subRows.at(-1) ?? -1) + 1;
	values.rows = String(rowCount({ rows: String(Number(values.rows || 0) + ADD_ROWS) }, filled));
	return { values, added: true };
}

/** Runs a save; a refusal becomes a 4xx with the values and the errors on the right rows. */
export async function saveAction(form: FormData, parsed: FormQuestion, save: () => Promise<void>) {
	try {
		await save();
	} catch (err) {
		if (err instanceof FormError)
			return fail(err.status, {
				values: formValues(form),
				errors: rowErrors(err.errors, parsed),
				preview: previewOf(parsed.data)
			});
		throw err;
	}
}
