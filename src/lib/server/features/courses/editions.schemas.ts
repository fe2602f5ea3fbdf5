/**
 * Edition (dated session) forms. Dates are typed in Europe/Paris time (datetime-local inputs)
 * and stored in UTC.
 */
import { z } from 'zod';
import { TIME_ZONE } from '#lib/i18n/core.ts';

export const EDITION_LIMITS = { title: 120, seats: 100_000 } as const;

const parts = (d: Date) =>
	Object.fromEntries(
		new Intl.DateTimeFormat('en-GB', {
			timeZone: TIME_ZONE,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit'
		})
			.formatToParts(d)
			.map((p) => [p.type, p.value])
	) as Record<string, string>;

/** "2026-05-04T09:30" as a wall-clock time in Paris → the UTC instant (undefined if malformed). */
export function parisToUtc(local: string): Date | undefined {
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
	if (!m) return undefined;
	const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
	const wall = Date.UTC(y, mo - 1, d, h, mi);
	if (new Date(wall).getUTCMonth() !== mo - 1 || new Date(wall).getUTCDate() !== d || h > 23 || mi > 59)
		return undefined;
	// Paris is UTC+1 or UTC+2: guess, then correct by the offset found at the guessed instant.
	let guess = wall - 60 * 60_000;
	for (let i = 0; i < 2; i++) {
		const p = parts(new Date(guess));
		const shown = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!);
		guess += wall - shown;
	}
	return new Date(guess);
}

/** The UTC instant as a datetime-local value in Paris time. */
export function utcToParis(d: Date): string {
	const p = parts(d);
	return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

const when = (required: boolean) =>
	z
		.string()
		.trim()
		.default('')
		.transform((s, ctx) => {
			if (!s) {
				if (required) ctx.addIssue({ code: 'custom', message: 'errors.required' });
				return undefined;
			}
			const d = parisToUtc(s);
			if (!d) ctx.addIssue({ code: 'custom', message: 'editions.errors.date' });
			return d;
		});

export const editionSchema = z
	.object({
		id: z
			.string()
			.uuid()
			.optional()
			.or(z.literal('').transform(() => undefined)),
		title: z.string().trim().max(EDITION_LIMITS.title, 'errors.tooLong').default(''),
		startsAt: when(true),
		endsAt: when(true),
		enrolUntil: when(false),
		seats: z
			.string()
			.trim()
			.default('')
			.transform((s, ctx) => {
				if (!s) return null;
				const n = Number(s);
				if (!Number.isInteger(n) || n < 1 || n > EDITION_LIMITS.seats) {
					ctx.addIssue({ code: 'custom', message: 'editions.errors.seats' });
					return null;
				}
				return n;
			})
	})
	.superRefine((v, ctx) => {
		if (v.startsAt && v.endsAt && v.endsAt <= v.startsAt)
			ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'editions.errors.endBeforeStart' });
		if (v.enrolUntil && v.endsAt && v.enrolUntil > v.endsAt)
			ctx.addIssue({ code: 'custom', path: ['enrolUntil'], message: 'editions.errors.deadlineAfterEnd' });
	});
export type EditionInput = { title: string; startsAt: Date; endsAt: Date; enrolUntil?: Date; seats: number | null };

export const editionIdSchema = z.object({ id: z.string().uuid({ error: 'errors.invalid' }) });
