import { z } from 'zod';
import { COURSE_STATUSES, ENROLMENT_MODES, LICENCES } from './courses.table.ts';

export const LIMITS = {
	title: 160,
	slug: 80,
	summary: 2000,
	tags: 10,
	tag: 40,
	body: 200_000,
	planTitle: 160
} as const;

const text = (max: number) => z.string({ error: 'errors.required' }).trim().max(max, 'errors.tooLong');

export const courseSchema = z.object({
	title: text(LIMITS.title).min(1, 'errors.required'),
	slug: text(LIMITS.slug)
		.transform((s) => s.toLowerCase())
		.pipe(z.string().regex(/^([a-z0-9]+(-[a-z0-9]+)*)?$/, 'courses.errors.slug'))
		.default(''),
	summary: text(LIMITS.summary).default(''),
	language: z.enum(['fr', 'en'], { error: 'errors.locale' }).default('fr'),
	tags: text(LIMITS.tags * (LIMITS.tag + 2))
		.default('')
		.transform((s) =>
			[
				...new Set(
					s
						.split(',')
						.map((t) => t.trim().toLowerCase())
						.filter(Boolean)
				)
			].map((t) => t.slice(0, LIMITS.tag))
		)
		.pipe(z.array(z.string()).max(LIMITS.tags, 'courses.errors.tooManyTags')),
	licence: z.enum(LICENCES, { error: 'errors.invalid' }).default('CC-BY-SA-4.0'),
	enrolmentMode: z.enum(ENROLMENT_MODES, { error: 'errors.invalid' }).default('open')
});
export type CourseInput = z.infer<typeof courseSchema>;

export const statusSchema = z.object({ status: z.enum(COURSE_STATUSES, { error: 'errors.invalid' }) });

export const planTitleSchema = z.object({ title: text(LIMITS.planTitle).min(1, 'errors.required') });

export const lessonSchema = z.object({
	title: text(LIMITS.planTitle).min(1, 'errors.required'),
	body: z.string().max(LIMITS.body, 'errors.tooLong').default(''),
	required: z
		.string()
		.optional()
		.transform((v) => v === 'on' || v === 'true')
});

export const searchSchema = z.object({
	q: z.string().trim().max(200).catch(''),
	language: z.enum(['fr', 'en', '']).catch(''),
	tag: z.string().trim().max(LIMITS.tag).catch(''),
	mode: z.enum([...ENROLMENT_MODES, '']).catch(''),
	page: z.coerce.number().int().min(1).max(10_000).catch(1)
});
