/**
 * Validation of a question, one zod schema per qtype (Moodle's rules): the editor form, the GIFT
 * import and the CLI all pass their `QuestionData` through `validateQuestion`. Errors are
 * catalogue keys tied to the editor's field names (`answer_2_fraction`, `sub_0_answer`…).
 */
import { z } from 'zod';
import { isMessageKey } from '#lib/i18n/index.ts';
import type { FieldErrors } from '../../http/forms.ts';
import { FormError } from '../../http/forms.ts';
import { QTYPES, TEXT_FORMATS, type QType, type QuestionData } from './question.types.ts';

export const QUESTION_LIMITS = {
	name: 255,
	text: 20_000,
	feedback: 5_000,
	answerText: 2_000,
	answers: 50,
	subquestions: 50,
	tags: 20,
	tag: 60,
	idnumber: 100,
	category: 255,
	/** GIFT text accepted by the import (also kept in the preview page's hidden field). */
	giftBytes: 1_000_000
} as const;
const L = QUESTION_LIMITS;

/** Moodle's grade choices, in percent (positive for every type, negative for multiple answers). */
export const FRACTION_CHOICES = [
	100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5,
	0
] as const;

/** Sums of fractions are compared as Moodle does: rounded to the hundredth of a point. */
const near = (a: number, b: number) => Math.abs(a - b) < 0.005;

const format = z.enum(TEXT_FORMATS);
const answer = z.object({
	text: z.string().max(L.answerText, 'errors.tooLong'),
	format: format.default('moodle'),
	fraction: z
		.number({ error: 'questions.errors.fraction' })
		.min(-1, 'questions.errors.fraction')
		.max(1, 'questions.errors.fraction'),
	feedback: z.string().max(L.feedback, 'errors.tooLong').default(''),
	feedbackformat: format.default('moodle'),
	tolerance: z.number({ error: 'questions.errors.tolerance' }).min(0, 'questions.errors.tolerance').optional()
});
const subquestion = z.object({
	text: z.string().max(L.answerText, 'errors.tooLong'),
	format: format.default('moodle'),
	answer: z.string().max(L.answerText, 'errors.tooLong')
});

const base = z.object({
	qtype: z.enum(QTYPES),
	name: z.string().trim().min(1, 'errors.required').max(L.name, 'errors.tooLong'),
	questiontext: z
		.string()
		.max(L.text, 'errors.tooLong')
		.refine((s) => s.trim() !== '', 'errors.required'),
	questiontextformat: format.default('moodle'),
	generalfeedback: z.string().max(L.feedback, 'errors.tooLong').default(''),
	generalfeedbackformat: format.default('moodle'),
	defaultmark: z
		.number({ error: 'questions.errors.mark' })
		.min(0, 'questions.errors.mark')
		.max(100, 'questions.errors.mark'),
	penalty: z
		.number({ error: 'questions.errors.penalty' })
		.min(0, 'questions.errors.penalty')
		.max(1, 'questions.errors.penalty'),
	single: z.boolean().optional(),
	shuffleanswers: z.boolean().optional(),
	usecase: z.boolean().optional(),
	answers: z.array(answer).max(L.answers, 'questions.errors.tooManyAnswers').default([]),
	subquestions: z.array(subquestion).max(L.subquestions, 'questions.errors.tooManyAnswers').default([]),
	tags: z.array(z.string().trim().min(1).max(L.tag, 'errors.tooLong')).max(L.tags, 'errors.invalid').default([]),
	idnumber: z.string().trim().max(L.idnumber, 'errors.tooLong').default(''),
	image: z
		.object({ key: z.string().max(200), alt: z.string().max(500) })
		.nullable()
		.optional()
});
type Base = z.infer<typeof base>;
type Check = (q: Base, ctx: z.core.$RefinementCtx) => void;

const issue = (ctx: z.core.$RefinementCtx, field: string, message: string) =>
	ctx.addIssue({ code: 'custom', path: [field], message });

const answerTexts: Check = (q, ctx) =>
	q.answers.forEach((a, i) => {
		if (!a.text.trim()) issue(ctx, `answer_${i}_text`, 'errors.required');
	});

const CHECKS: Record<QType, Check> = {
	multichoice: (q, ctx) => {
		answerTexts(q, ctx);
		if (q.answers.length < 2) return issue(ctx, 'answers', 'questions.errors.twoAnswers');
		const single = q.single ?? q.answers.some((a) => near(a.fraction, 1));
		if (single) {
			if (!q.answers.some((a) => near(a.fraction, 1))) issue(ctx, 'answers', 'questions.errors.oneFull');
		} else {
			const total = q.answers.reduce((s, a) => s + Math.max(0, a.fraction), 0);
			if (!near(total, 1)) issue(ctx, 'answers', 'questions.errors.sumFull');
		}
	},
	truefalse: (q, ctx) => {
		if (q.answers.length !== 2 || !q.answers.some((a) => near(a.fraction, 1)))
			issue(ctx, 'answers', 'questions.errors.trueFalse');
	},
	shortanswer: (q, ctx) => {
		answerTexts(q, ctx);
		if (!q.answers.length) return issue(ctx, 'answers', 'questions.errors.oneAnswer');
		if (!q.answers.some((a) => near(a.fraction, 1))) issue(ctx, 'answers', 'questions.errors.oneFull');
	},
	numerical: (q, ctx) => {
		if (!q.answers.length) return issue(ctx, 'answers', 'questions.errors.oneAnswer');
		q.answers.forEach((a, i) => {
			const text = a.text.trim();
			if (text !== '*' && (text === '' || !Number.isFinite(Number(text))))
				issue(ctx, `answer_${i}_text`, 'questions.errors.number');
		});
		if (!q.answers.some((a) => near(a.fraction, 1))) issue(ctx, 'answers', 'questions.errors.oneFull');
	},
	match: (q, ctx) => {
		const pairs = q.subquestions.filter((s) => s.text.trim());
		if (pairs.length < 2) issue(ctx, 'subquestions', 'questions.errors.twoPairs');
		q.subquestions.forEach((s, i) => {
			if (!s.answer.trim()) issue(ctx, `sub_${i}_answer`, 'errors.required');
		});
	},
	essay: () => {},
	description: () => {}
};

/** The zod schema of one qtype. */
export function questionSchema(qtype: QType) {
	return base.superRefine((q, ctx) => {
		if (q.qtype !== qtype) issue(ctx, 'qtype', 'errors.invalid');
		CHECKS[qtype](q, ctx);
	});
}
export const QUESTION_SCHEMAS = Object.fromEntries(QTYPES.map((t) => [t, questionSchema(t)])) as Record<
	QType,
	ReturnType<typeof questionSchema>
>;

/** Zod issues → field errors with the editor's names (answers[2].fraction → answer_2_fraction). */
export function questionErrors(error: z.ZodError): FieldErrors {
	const errors: FieldErrors = {};
	for (const i of error.issues) {
		const [head, index, leaf] = i.path;
		let field = String(head ?? '_form');
		if ((head === 'answers' || head === 'subquestions') && typeof index === 'number')
			field = `${head === 'answers' ? 'answer' : 'sub'}_${index}_${String(leaf ?? 'text')}`;
		const key = isMessageKey(i.message) ? i.message : 'errors.invalid';
		if (errors[field]) continue;
		errors[field] = key === 'errors.tooLong' && 'maximum' in i ? { key, params: { max: Number(i.maximum) } } : { key };
	}
	return errors;
}

/** A checked, normalised copy of the question, or a 400 FormError with the fields' messages. */
export function validateQuestion(data: unknown): QuestionData {
	const qtype = (data as { qtype?: unknown } | null)?.qtype;
	if (!QTYPES.includes(qtype as QType)) throw new FormError(400, { qtype: { key: 'errors.invalid' } });
	const parsed = QUESTION_SCHEMAS[qtype as QType].safeParse(data);
	if (!parsed.success) throw new FormError(400, questionErrors(parsed.error));
	const q = parsed.data;
	return {
		...q,
		name: q.name,
		idnumber: q.idnumber,
		image: q.image ?? null,
		tags: [...new Set(q.tags)]
	} as QuestionData;
}

/** Category forms. */
export const categorySchema = z.object({
	name: z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').max(L.category, 'errors.tooLong'),
	parentId: z
		.string()
		.uuid('errors.invalid')
		.optional()
		.or(z.literal('').transform(() => undefined))
});
export const idSchema = z.object({ id: z.string().uuid('errors.invalid') });
