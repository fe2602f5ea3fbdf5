/**
 * The question editor's form ⇄ QuestionData. Answers are numbered rows (`answer_3_text`,
 * `answer_3_fraction` in percent, `answer_3_feedback`, `answer_3_tolerance`), match pairs are
 * `sub_N_text`/`sub_N_answer`; empty rows are dropped, and errors are given back on the row the
 * person typed in (not the index after dropping).
 */
import type { FieldErrors } from '../../http/forms.ts';
import { QTYPES, TEXT_FORMATS, type QType, type QuestionData, type TextFormat } from './question.types.ts';
import { QUESTION_LIMITS } from './questions.schemas.ts';

export const MIN_ROWS = 4;
export const ADD_ROWS = 3;

type Values = Record<string, string>;

const num = (s: string | undefined) => (s === undefined || s.trim() === '' ? NaN : Number(s.replace(',', '.')));
const fmt = (s: string | undefined): TextFormat =>
	(TEXT_FORMATS as readonly string[]).includes(s ?? '') ? (s as TextFormat) : 'markdown';

export function isQType(s: string | null | undefined): s is QType {
	return (QTYPES as readonly string[]).includes(s ?? '');
}

/** How many answer rows the form shows (at least MIN_ROWS and every filled row, plus "add rows"). */
export function rowCount(values: Values, filled: number): number {
	const asked = Math.trunc(num(values.rows));
	const n = Number.isFinite(asked) ? asked : 0;
	return Math.min(QUESTION_LIMITS.answers, Math.max(MIN_ROWS, filled + 1, n));
}

export interface FormQuestion {
	data: QuestionData;
	answerRows: number[];
	subRows: number[];
}

export function formToQuestion(qtype: QType, v: Values): FormQuestion {
	const format = fmt(v.questiontextformat);
	const rows = Math.min(QUESTION_LIMITS.answers, Math.max(0, Math.trunc(num(v.rows)) || MIN_ROWS));
	const answerRows: number[] = [];
	const subRows: number[] = [];
	let answers: QuestionData['answers'] = [];
	const subquestions: QuestionData['subquestions'] = [];
	if (qtype === 'truefalse') {
		const correct = v.correct;
		answers = ['true', 'false'].map((text) => ({
			text,
			format,
			fraction: correct === text ? 1 : 0,
			feedback: v[`feedback_${text}`] ?? '',
			feedbackformat: format
		}));
		if (correct !== 'true' && correct !== 'false') answers = [];
	} else if (qtype === 'match') {
		for (let i = 0; i < rows; i++) {
			const text = v[`sub_${i}_text`] ?? '';
			const answer = v[`sub_${i}_answer`] ?? '';
			if (!text.trim() && !answer.trim()) continue;
			subRows.push(i);
			subquestions.push({ text, format, answer });
		}
	} else if (['multichoice', 'shortanswer', 'numerical'].includes(qtype)) {
		for (let i = 0; i < rows; i++) {
			const text = v[`answer_${i}_text`] ?? '';
			const feedback = v[`answer_${i}_feedback`] ?? '';
			if (!text.trim() && !feedback.trim()) continue;
			answerRows.push(i);
			const fraction = num(v[`answer_${i}_fraction`] ?? '0') / 100;
			const a: QuestionData['answers'][number] = { text, format, fraction, feedback, feedbackformat: format };
			if (qtype === 'numerical') a.tolerance = v[`answer_${i}_tolerance`]?.trim() ? num(v[`answer_${i}_tolerance`]) : 0;
			answers.push(a);
		}
	}
	const data: QuestionData = {
		qtype,
		name: v.name ?? '',
		questiontext: v.questiontext ?? '',
		questiontextformat: format,
		generalfeedback: v.generalfeedback ?? '',
		generalfeedbackformat: format,
		defaultmark: qtype === 'description' ? 0 : num(v.defaultmark ?? '1'),
		penalty: qtype === 'truefalse' ? 1 : num(v.penalty ?? '0.3333333'),
		answers,
		subquestions,
		tags: (v.tags ?? '')
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean),
		idnumber: v.idnumber ?? ''
	};
	if (qtype === 'multichoice') {
		data.single = v.single !== '0';
		data.shuffleanswers = v.shuffleanswers === '1';
	}
	if (qtype === 'match') data.shuffleanswers = v.shuffleanswers === '1';
	if (qtype === 'shortanswer') data.usecase = v.usecase === '1';
	return { data, answerRows, subRows };
}

/** Errors on answers/pairs moved back to the rows the person typed in. */
export function rowErrors(errors: FieldErrors, f: FormQuestion): FieldErrors {
	const out: FieldErrors = {};
	for (const [field, err] of Object.entries(errors)) {
		const m = /^(answer|sub)_(\d+)_(\w+)$/.exec(field);
		if (!m) {
			out[field] = err;
			continue;
		}
		const rows = m[1] === 'answer' ? f.answerRows : f.subRows;
		out[`${m[1]}_${rows[Number(m[2])] ?? m[2]}_${m[3]}`] = err;
	}
	return out;
}

/** Percent as the form shows it: 100, 33.33333, -50 (no trailing zeros). */
export const percent = (fraction: number) => String(Math.round(fraction * 100 * 100000) / 100000);

/** The form's values for a saved question. */
export function questionToValues(q: QuestionData, categoryId: string): Values {
	const v: Values = {
		name: q.name,
		questiontext: q.questiontext,
		questiontextformat: q.questiontextformat,
		generalfeedback: q.generalfeedback,
		defaultmark: String(q.defaultmark),
		penalty: String(q.penalty),
		idnumber: q.idnumber,
		tags: q.tags.join(', '),
		categoryId,
		single: q.single === false ? '0' : '1',
		shuffleanswers: q.shuffleanswers ? '1' : '',
		usecase: q.usecase ? '1' : ''
	};
	if (q.qtype === 'truefalse') {
		for (const a of q.answers) {
			const key = /^(t|true|vrai|v)$/i.test(a.text.trim()) ? 'true' : 'false';
			v[`feedback_${key}`] = a.feedback;
			if (a.fraction >= 0.999) v.correct = key;
		}
	}
	q.answers.forEach((a, i) => {
		v[`answer_${i}_text`] = a.text;
		v[`answer_${i}_fraction`] = percent(a.fraction);
		v[`answer_${i}_feedback`] = a.feedback;
		if (a.tolerance !== undefined) v[`answer_${i}_tolerance`] = String(a.tolerance);
	});
	q.subquestions.forEach((s, i) => {
		v[`sub_${i}_text`] = s.text;
		v[`sub_${i}_answer`] = s.answer;
	});
	v.rows = String(Math.max(MIN_ROWS, q.answers.length + 1, q.subquestions.length + 1));
	return v;
}
