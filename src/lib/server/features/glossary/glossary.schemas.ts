import { z } from 'zod';

export const GLOSSARY_LIMITS = {
	term: 120,
	variants: 20,
	variant: 120,
	definition: 10_000,
	/** Terms per course: keeps the matcher small and the A–Z page readable. */
	terms: 2_000
} as const;

/** Variants are typed one per line (commas may belong to a synonym). */
export function splitVariants(text: string): string[] {
	return text
		.split(/\r?\n/)
		.map((v) => v.replace(/\s+/g, ' ').trim())
		.filter(Boolean);
}

export const termSchema = z.object({
	id: z
		.string()
		.uuid('errors.invalid')
		.optional()
		.or(z.literal('').transform(() => undefined)),
	term: z
		.string({ error: 'errors.required' })
		.trim()
		.min(1, 'errors.required')
		.max(GLOSSARY_LIMITS.term, 'errors.tooLong'),
	variants: z
		.string()
		.max(GLOSSARY_LIMITS.variants * (GLOSSARY_LIMITS.variant + 2) * 2, 'errors.tooLong')
		.default('')
		.transform(splitVariants),
	definition: z
		.string({ error: 'errors.required' })
		.trim()
		.min(1, 'errors.required')
		.max(GLOSSARY_LIMITS.definition, 'errors.tooLong')
});

export const termIdSchema = z.object({ id: z.string().uuid('errors.invalid') });

export const optoutsSchema = z.object({ lessonIds: z.array(z.string().uuid('errors.invalid')).max(5_000) });
