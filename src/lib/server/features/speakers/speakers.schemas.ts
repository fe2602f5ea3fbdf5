import { z } from 'zod';

export const SPEAKER_LIMITS = {
	name: 120,
	role: 120,
	bio: 5_000,
	photoAlt: 300,
	links: 5,
	linkLabel: 80,
	linkUrl: 500,
	/** Speakers per course. */
	speakers: 100,
	photoSize: 400
} as const;

const L = SPEAKER_LIMITS;
const text = (max: number) =>
	z
		.string()
		.max(max * 2, 'errors.tooLong')
		.default('');

/** The speaker form as posted; the service checks the values precisely (limits, links). */
export const speakerFormSchema = z.object({
	id: z
		.string()
		.uuid('errors.invalid')
		.optional()
		.or(z.literal('').transform(() => undefined)),
	name: text(L.name),
	role: text(L.role),
	bio: text(L.bio),
	links: text(L.links * (L.linkLabel + L.linkUrl + 4)),
	photoAlt: text(L.photoAlt),
	photo: z.unknown().optional(),
	removePhoto: z
		.string()
		.optional()
		.transform((v) => v === 'on' || v === '1')
});

export const speakerIdSchema = z.object({ id: z.string().uuid('errors.invalid') });

export const moveSpeakerSchema = z.object({
	id: z.string().uuid('errors.invalid'),
	direction: z.enum(['up', 'down'], { error: 'errors.invalid' })
});
