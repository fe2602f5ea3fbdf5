import { z } from 'zod';
import { GRADING_METHODS, REVIEW_WHEN, SCORE_DISPLAYS } from './quizzes.table.ts';

export const QUIZ_LIMITS = {
	title: 200,
	intro: 10_000,
	attempts: 100,
	/** Minutes. */
	timeLimit: 24 * 60,
	perPage: 100,
	slots: 200,
	randomCount: 100,
	/** Characters of a text answer. */
	text: 20_000,
	/** Seconds accepted after the deadline (network, a slow click). */
	graceSeconds: 30
} as const;

const checkbox = z
	.string()
	.optional()
	.transform((v) => v === 'on' || v === 'true' || v === '1');

const intIn = (min: number, max: number) =>
	z
		.string()
		.trim()
		.default('0')
		.transform((v) => (v === '' ? 0 : Number(v)))
		.pipe(
			z.number({ error: 'errors.invalid' }).int('errors.invalid').min(min, 'errors.invalid').max(max, 'errors.invalid')
		);

/** A date and time typed in a `datetime-local` field, read in the reader's time zone (Europe/Paris). */
export function parseLocalDateTime(value: string, timeZone = 'Europe/Paris'): Date | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
	if (!m) return null;
	const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
	const asUtc = Date.UTC(y, mo - 1, d, h, mi);
	if (Number.isNaN(asUtc)) return null;
	// The zone's offset at that moment, found by formatting the UTC guess in the zone.
	const parts = new Intl.DateTimeFormat('en-GB', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit'
	}).formatToParts(new Date(asUtc));
	const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
	const shown = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
	return new Date(asUtc - (shown - asUtc));
}

/** The same date as a `datetime-local` value in the zone. */
export function toLocalDateTime(date: Date | null, timeZone = 'Europe/Paris'): string {
	if (!date) return '';
	const parts = new Intl.DateTimeFormat('sv-SE', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit'
	}).format(date);
	return parts.replace(' ', 'T');
}

const localDate = z
	.string()
	.trim()
	.default('')
	.transform((v, ctx) => {
		if (!v) return null;
		const d = parseLocalDateTime(v);
		if (!d) ctx.addIssue({ code: 'custom', message: 'errors.invalid' });
		return d;
	});

export const quizSchema = z
	.object({
		title: z
			.string({ error: 'errors.required' })
			.trim()
			.min(1, 'errors.required')
			.max(QUIZ_LIMITS.title, 'errors.tooLong'),
		intro: z.string().trim().max(QUIZ_LIMITS.intro, 'errors.tooLong').default(''),
		attemptsAllowed: intIn(0, QUIZ_LIMITS.attempts),
		timeLimit: intIn(0, QUIZ_LIMITS.timeLimit),
		perPage: intIn(0, QUIZ_LIMITS.perPage),
		opensAt: localDate,
		closesAt: localDate,
		shuffleQuestions: checkbox,
		shuffleAnswers: checkbox,
		gradingMethod: z.enum(GRADING_METHODS, { error: 'errors.invalid' }).default('highest'),
		passMark: intIn(0, 100),
		reviewAnswers: z.enum(REVIEW_WHEN, { error: 'errors.invalid' }).default('immediately'),
		reviewFeedback: z.enum(REVIEW_WHEN, { error: 'errors.invalid' }).default('immediately'),
		scoreDisplay: z.enum(SCORE_DISPLAYS, { error: 'errors.invalid' }).default('outOf20'),
		practice: checkbox,
		required: checkbox
	})
	.superRefine((v, ctx) => {
		if (v.opensAt && v.closesAt && v.closesAt <= v.opensAt)
			ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'quizzes.errors.closesBeforeOpens' });
		if (v.practice && v.required)
			ctx.addIssue({ code: 'custom', path: ['required'], message: 'quizzes.errors.practiceRequired' });
	});

export type QuizInput = z.infer<typeof quizSchema>;

const uuid = z.string().uuid('errors.invalid');

export const addQuestionsSchema = z.object({
	questionIds: z.array(uuid).min(1, 'quizzes.errors.pickQuestions').max(QUIZ_LIMITS.slots, 'errors.invalid')
});

export const addRandomSchema = z.object({
	categoryId: uuid,
	count: z.coerce
		.number({ error: 'errors.invalid' })
		.int('errors.invalid')
		.min(1, 'errors.invalid')
		.max(QUIZ_LIMITS.randomCount, 'errors.invalid')
});

export const slotSchema = z.object({ slotId: uuid });
export const moveSlotSchema = z.object({ slotId: uuid, direction: z.enum(['up', 'down']) });

export const deleteQuizSchema = z.object({
	confirm: z.literal('on', { error: 'quizzes.errors.confirmDelete' })
});
