/**
 * Per-question statistics of a quiz's submitted attempts, as Moodle names them: the facility
 * index (mean fraction, in %), the discrimination index (correlation between the question's
 * fraction and the rest of the attempt's score, in %), and the distribution of the responses.
 * Pure: the caller loads attempts, answers and versions.
 */
import type { QuestionData } from '../questions/question.types.ts';
import { isGraded, type Response } from './grading.ts';
import type { AttemptItem } from './quizzes.table.ts';

export interface StatsAttempt {
	layout: AttemptItem[];
	/** By slot. */
	answers: Map<number, { response: Response; fraction: number | null }>;
}

export interface QuestionStats {
	questionId: string;
	name: string;
	qtype: string;
	count: number;
	/** Mean fraction in % (null without attempts). */
	facility: number | null;
	/** Pearson correlation × 100 with the rest of the score (null when undefined). */
	discrimination: number | null;
	/** Responses as text → how many times, most frequent first (at most 10). */
	distribution: { response: string; count: number }[];
}

export function pearson(xs: number[], ys: number[]): number | null {
	const n = xs.length;
	if (n < 2) return null;
	const mx = xs.reduce((a, b) => a + b, 0) / n;
	const my = ys.reduce((a, b) => a + b, 0) / n;
	let sxy = 0;
	let sxx = 0;
	let syy = 0;
	for (let i = 0; i < n; i++) {
		const dx = xs[i]! - mx;
		const dy = ys[i]! - my;
		sxy += dx * dy;
		sxx += dx * dx;
		syy += dy * dy;
	}
	if (sxx === 0 || syy === 0) return null;
	return sxy / Math.sqrt(sxx * syy);
}

/** A response in words, for the distribution. */
export function describeResponse(q: QuestionData, r: Response): string {
	if (r.choice !== undefined && r.choice !== null) return q.answers[r.choice]?.text ?? '';
	if (r.choices?.length) return r.choices.map((i) => q.answers[i]?.text ?? '').join(' ; ');
	if (r.pairs && Object.keys(r.pairs).length)
		return q.subquestions
			.map((s, i) => (s.text.trim() ? `${s.text} → ${r.pairs![String(i)] ?? '–'}` : ''))
			.filter(Boolean)
			.join(' ; ');
	return (r.text ?? '').trim();
}

const round1 = (n: number) => Math.round(n * 1000) / 10;

export function questionStats(attempts: StatsAttempt[], versions: Map<string, QuestionData>): QuestionStats[] {
	const byQuestion = new Map<
		string,
		{ name: string; qtype: string; rows: { f: number; rest: number; text: string }[] }
	>();
	for (const a of attempts) {
		const graded = a.layout.map((item, slot) => {
			const data = versions.get(item.versionId);
			const answer = a.answers.get(slot);
			return { item, slot, data, fraction: answer?.fraction ?? 0, response: answer?.response ?? {} };
		});
		const marked = graded.filter((g) => g.data && isGraded(g.data) && g.item.mark > 0);
		const total = marked.reduce((s, g) => s + g.fraction * g.item.mark, 0);
		const max = marked.reduce((s, g) => s + g.item.mark, 0);
		for (const g of marked) {
			const restMax = max - g.item.mark;
			const rest = restMax > 0 ? (total - g.fraction * g.item.mark) / restMax : 0;
			const entry = byQuestion.get(g.item.questionId) ?? { name: g.data!.name, qtype: g.data!.qtype, rows: [] };
			entry.rows.push({ f: g.fraction, rest, text: describeResponse(g.data!, g.response) });
			byQuestion.set(g.item.questionId, entry);
		}
	}
	return [...byQuestion].map(([questionId, e]) => {
		const counts = new Map<string, number>();
		for (const r of e.rows) counts.set(r.text, (counts.get(r.text) ?? 0) + 1);
		const corr = pearson(
			e.rows.map((r) => r.f),
			e.rows.map((r) => r.rest)
		);
		return {
			questionId,
			name: e.name,
			qtype: e.qtype,
			count: e.rows.length,
			facility: e.rows.length ? round1(e.rows.reduce((s, r) => s + r.f, 0) / e.rows.length) : null,
			discrimination: corr === null ? null : round1(corr),
			distribution: [...counts]
				.map(([response, count]) => ({ response, count }))
				.sort((a, b) => b.count - a.count || a.response.localeCompare(b.response))
				.slice(0, 10)
		};
	});
}

/** One CSV cell: quoted, and never read as a formula by a spreadsheet. */
export function csvCell(value: string | number | null | undefined): string {
	let s = value === null || value === undefined ? '' : String(value);
	if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
	return /[",;\n\r]/.test(s) || s.startsWith("'") ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (cells: (string | number | null | undefined)[]) => cells.map(csvCell).join(',');
