/**
 * What an attempt page shows: each frozen question as its public projection with the saved
 * response, and — only after submission, as the quiz's review options allow, or for a question
 * checked in practice mode — the grade, the feedback and the right answer.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { translate, type Locale } from '#lib/i18n/index.ts';
import type { QuestionData } from '../questions/question.types.ts';
import { grade, rightAnswer, type GradeState, type Response } from './grading.ts';
import { publicQuestion, type PublicQuestion } from './public.ts';
import { escapeHtml, renderInline, renderText } from './render.ts';
import { quizAnswers, quizAttempts, quizSlots, type AttemptRow, type QuizRow } from './quizzes.table.ts';
import { loadVersions } from './attempts.service.ts';

export interface ItemReview {
	fraction: number;
	state: GradeState;
	feedback: string;
	rightAnswer: string;
}

export interface AttemptItemView {
	index: number;
	/** Form field prefix of the question's controls. */
	name: string;
	/** Hidden `slot` value declaring the question and its version. */
	slot: string;
	question: PublicQuestion;
	response: Response;
	review: ItemReview | null;
	comment: string;
}

type When = QuizRow['reviewAnswers'];
const allowed = (when: When, quiz: QuizRow, now: Date) =>
	when === 'immediately' || (when === 'afterClose' && !!quiz.closesAt && now >= quiz.closesAt);

/** What the review may show of a submitted attempt (editors see everything). */
export function reviewOptions(quiz: QuizRow, now: Date, isEditor = false) {
	if (isEditor) return { answers: true, feedback: true };
	return { answers: allowed(quiz.reviewAnswers, quiz, now), feedback: allowed(quiz.reviewFeedback, quiz, now) };
}

function feedbackHtml(data: QuestionData, feedback: { text: string; format: QuestionData['questiontextformat'] }[]) {
	const parts = feedback.map((f) => `<p>${renderInline(f.text, f.format)}</p>`);
	if (data.generalfeedback.trim()) parts.push(renderText(data.generalfeedback, data.generalfeedbackformat));
	return parts.join('');
}

function rightAnswerHtml(data: QuestionData, locale: Locale) {
	const right = rightAnswer(data);
	if (data.qtype === 'truefalse')
		return escapeHtml(translate(locale, right === 'true' ? 'quizzes.true' : 'quizzes.false'));
	return escapeHtml(right);
}

export async function attemptItems(
	db: DbLike,
	attempt: AttemptRow,
	opts: { locale: Locale; show: { answers: boolean; feedback: boolean } | null; indexes?: number[] }
): Promise<AttemptItemView[]> {
	const versions = await loadVersions(db, attempt.layout);
	const answers = new Map(
		(await db.select().from(quizAnswers).where(eq(quizAnswers.attemptId, attempt.id))).map((a) => [a.slot, a])
	);
	const indexes = opts.indexes ?? attempt.layout.map((_, i) => i);
	return indexes.flatMap((index) => {
		const item = attempt.layout[index];
		const data = item && versions.get(item.versionId);
		if (!item || !data) return [];
		const answer = answers.get(index);
		const response = answer?.response ?? {};
		const submitted = attempt.state === 'submitted';
		// In progress, only a practice check reveals anything, and then everything.
		const show = submitted ? opts.show : answer?.checked ? { answers: true, feedback: true } : null;
		let review: ItemReview | null = null;
		if (show) {
			const result = grade(data, response);
			review = {
				fraction: answer?.fraction ?? result.fraction,
				state: answer?.state ?? result.state,
				feedback: show.feedback ? feedbackHtml(data, result.feedback) : '',
				rightAnswer: show.answers ? rightAnswerHtml(data, opts.locale) : ''
			};
		}
		return [
			{
				index,
				name: `q${index}`,
				slot: `${index}:${item.versionId}`,
				question: publicQuestion(data, { shuffleSeed: item.seed, mark: item.mark }),
				response,
				review,
				comment: answer?.comment ?? ''
			}
		];
	});
}

/** The pages of an attempt: slot indexes per page (all on one page when perPage is 0). */
export function pagesOf(count: number, perPage: number): number[][] {
	const size = perPage > 0 ? perPage : Math.max(count, 1);
	const pages: number[][] = [];
	for (let i = 0; i < count; i += size) pages.push(Array.from({ length: Math.min(size, count - i) }, (_, k) => i + k));
	return pages.length ? pages : [[]];
}

/** A learner's attempts at a quiz, newest first. */
export async function listAttempts(db: DbLike, quizId: string, userId: string) {
	return db
		.select({
			id: quizAttempts.id,
			number: quizAttempts.number,
			state: quizAttempts.state,
			score: quizAttempts.score,
			needsGrading: quizAttempts.needsGrading,
			submittedAt: quizAttempts.submittedAt
		})
		.from(quizAttempts)
		.where(and(eq(quizAttempts.quizId, quizId), eq(quizAttempts.userId, userId)))
		.orderBy(desc(quizAttempts.number));
}

export async function countQuestions(db: DbLike, quizId: string) {
	const [row] = await db
		.select({
			n: sql<number>`coalesce(sum(case when ${quizSlots.kind} = 'random' then ${quizSlots.count} else 1 end), 0)::int`
		})
		.from(quizSlots)
		.where(eq(quizSlots.quizId, quizId));
	return Number(row?.n ?? 0);
}
