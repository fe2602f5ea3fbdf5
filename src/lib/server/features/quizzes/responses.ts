/**
 * Reading an attempt's form (or the save script's post, the same fields): each question shown
 * declares itself with a hidden `slot` = "{index}:{versionId}"; its controls are named `q{index}`
 * (choice, choices or text) and `q{index}.{item}` (match). Anything not declared, or declared
 * with another version than the attempt froze, is refused rather than ignored.
 */
import { FormError } from '../../http/forms.ts';
import type { QuestionData } from '../questions/question.types.ts';
import { isSingle, matchItems, type Response } from './grading.ts';
import { QUIZ_LIMITS } from './quizzes.schemas.ts';
import type { AttemptItem } from './quizzes.table.ts';

export type FormEntries = Iterable<[string, FormDataEntryValue]>;

const refuse = (key: 'quizzes.errors.unknownQuestion' | 'quizzes.errors.tampered' | 'quizzes.errors.badAnswer') =>
	new FormError(400, { _form: { key } });

function asIndex(v: string | undefined, max: number): number {
	if (v === undefined || !/^\d{1,4}$/.test(v)) throw refuse('quizzes.errors.badAnswer');
	const n = Number(v);
	if (n >= max) throw refuse('quizzes.errors.badAnswer');
	return n;
}

/** One question's response from its fields, checked against the version (indexes, lengths). */
export function responseFrom(q: QuestionData, values: string[], pairs: Map<string, string>): Response {
	switch (q.qtype) {
		case 'multichoice':
		case 'truefalse': {
			const given = values.filter((v) => v !== '');
			if (q.qtype === 'truefalse' || isSingle(q)) {
				if (given.length > 1) throw refuse('quizzes.errors.badAnswer');
				return { choice: given.length ? asIndex(given[0], q.answers.length) : null };
			}
			return { choices: [...new Set(given.map((v) => asIndex(v, q.answers.length)))].sort((a, b) => a - b) };
		}
		case 'shortanswer':
		case 'numerical':
		case 'essay': {
			if (values.length > 1) throw refuse('quizzes.errors.badAnswer');
			const text = values[0] ?? '';
			if (text.length > QUIZ_LIMITS.text) throw new FormError(413, { _form: { key: 'quizzes.errors.tooLong' } });
			return { text };
		}
		case 'match': {
			const items = new Set(matchItems(q).map((s) => String(s.index)));
			const options = new Set(q.subquestions.map((s) => s.answer.trim()));
			const out: Record<string, string> = {};
			for (const [item, value] of pairs) {
				if (!items.has(item)) throw refuse('quizzes.errors.badAnswer');
				if (value === '') continue;
				if (!options.has(value)) throw refuse('quizzes.errors.badAnswer');
				out[item] = value;
			}
			return { pairs: out };
		}
		case 'description':
			return {};
	}
}

/**
 * The responses a form carries, by slot. `questions` maps a version id to its data. Throws a
 * FormError for undeclared or tampered slots and impossible answers.
 */
export function readResponses(
	entries: FormEntries,
	layout: AttemptItem[],
	questions: Map<string, QuestionData>
): Map<number, Response> {
	const declared = new Map<number, QuestionData>();
	const values = new Map<number, string[]>();
	const pairs = new Map<number, Map<string, string>>();
	const list = [...entries].filter((e): e is [string, string] => typeof e[1] === 'string');
	for (const [name, value] of list) {
		if (name !== 'slot') continue;
		const m = /^(\d{1,4}):([0-9a-f-]{36})$/.exec(value);
		if (!m) throw refuse('quizzes.errors.tampered');
		const index = Number(m[1]);
		const item = layout[index];
		if (!item) throw refuse('quizzes.errors.unknownQuestion');
		if (item.versionId !== m[2]) throw refuse('quizzes.errors.tampered');
		const data = questions.get(item.versionId);
		if (!data) throw refuse('quizzes.errors.unknownQuestion');
		declared.set(index, data);
	}
	for (const [name, value] of list) {
		const m = /^q(\d{1,4})(?:\.(\d{1,4}))?$/.exec(name);
		if (!m) continue;
		const index = Number(m[1]);
		if (!declared.has(index)) throw refuse('quizzes.errors.unknownQuestion');
		if (m[2] !== undefined) {
			const map = pairs.get(index) ?? new Map<string, string>();
			map.set(m[2], value.trim());
			pairs.set(index, map);
		} else values.set(index, [...(values.get(index) ?? []), value]);
	}
	const out = new Map<number, Response>();
	for (const [index, data] of declared)
		out.set(index, responseFrom(data, values.get(index) ?? [], pairs.get(index) ?? new Map()));
	return out;
}
