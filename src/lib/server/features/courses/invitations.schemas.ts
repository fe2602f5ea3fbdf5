import { z } from 'zod';
import { FormError } from '../../http/forms.ts';

export const MAX_EMAILS = 200;
const email = z.email();

export const inviteSchema = z.object({
	emails: z
		.string()
		.max(MAX_EMAILS * 320, 'errors.tooLong')
		.default('')
});

/**
 * Addresses one per line (commas and semicolons also separate), trimmed, lower-cased,
 * deduplicated; the first bad one is named in the error.
 */
export function parseEmails(raw: string): string[] {
	const list = [
		...new Set(
			raw
				.split(/[\n,;]+/)
				.map((e) => e.trim().toLowerCase())
				.filter(Boolean)
		)
	];
	if (!list.length) throw new FormError(400, { emails: { key: 'errors.required' } });
	if (list.length > MAX_EMAILS)
		throw new FormError(400, { emails: { key: 'editions.errors.tooManyEmails', params: { max: MAX_EMAILS } } });
	const bad = list.find((e) => e.length > 254 || !email.safeParse(e).success);
	if (bad) throw new FormError(400, { emails: { key: 'editions.errors.badEmail', params: { email: bad } } });
	return list;
}

export const codeSchema = z.object({ code: z.string().trim().max(40, 'editions.errors.wrongCode').default('') });
export const invitationIdSchema = z.object({ id: z.string().uuid({ error: 'errors.invalid' }) });
