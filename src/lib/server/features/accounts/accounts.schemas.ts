/** Input schemas for accounts, with their limits; messages are translation keys. */
import { z } from 'zod';
import { LOCALES } from '#lib/i18n/index.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from './auth.ts';

export const LIMITS = { email: 254, name: 80, handle: 30, bio: 500, town: 80 } as const;

export const RESERVED_HANDLES = new Set(
	'admin administrator root system essaim api auth login logout signup settings account accounts users user courses course badges meetups forum support help about static healthz metrics well-known inbox outbox deleted moderator nobody'.split(
		' '
	)
);

const trimmed = (max: number) => z.string({ error: 'errors.required' }).trim().max(max, 'errors.tooLong');

export const emailField = trimmed(LIMITS.email)
	.min(1, 'errors.required')
	.pipe(z.email('errors.email'))
	.transform((e) => e.toLowerCase());
export const passwordField = z
	.string({ error: 'errors.required' })
	.min(1, 'errors.required')
	.min(PASSWORD_MIN, 'errors.passwordShort')
	.max(PASSWORD_MAX, 'errors.passwordLong');
export const handleField = trimmed(LIMITS.handle)
	.min(1, 'errors.required')
	.transform((h) => h.toLowerCase())
	.pipe(z.string().regex(/^[a-z0-9_]{3,30}$/, 'errors.handle'));
export const nameField = trimmed(LIMITS.name).min(1, 'errors.required');
export const localeField = z.enum(LOCALES, { error: 'errors.locale' });

export const signUpSchema = z.object({
	name: nameField,
	handle: handleField,
	email: emailField,
	password: passwordField,
	locale: localeField.default('fr')
});
export const logInSchema = z.object({
	email: emailField,
	password: z.string({ error: 'errors.required' }).min(1, 'errors.required').max(PASSWORD_MAX, 'errors.passwordLong')
});
export const profileSchema = z.object({
	name: nameField,
	handle: handleField,
	locale: localeField,
	bio: trimmed(LIMITS.bio).default(''),
	town: trimmed(LIMITS.town).default('')
});
export const changePasswordSchema = z.object({
	currentPassword: z
		.string({ error: 'errors.required' })
		.min(1, 'errors.required')
		.max(PASSWORD_MAX, 'errors.passwordLong'),
	newPassword: passwordField
});
export const resetPasswordSchema = z.object({ token: z.string().min(1).max(200), newPassword: passwordField });
export const emailOnlySchema = z.object({ email: emailField });
