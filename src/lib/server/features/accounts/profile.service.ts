/**
 * Profiles: what a person shows about themselves (name, language, bio, town, avatar) and the
 * public page `/@handle`. The handle is the person's address and never changes (DESIGN.md).
 */
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../app.ts';
import type { Translate } from '#lib/i18n/index.ts';
import { LIMITS, localeField, nameField } from './accounts.schemas.ts';
import { users } from './accounts.table.ts';

const optionalText = (max: number) =>
	z
		.string({ error: 'errors.invalid' })
		.default('')
		// Browsers send textarea line breaks as CRLF; keep LF so lengths count what people typed.
		.transform((s) => s.replace(/\r\n?/g, '\n').trim())
		.pipe(z.string().max(max, 'errors.tooLong'));

/** The profile form. The handle is not here: it cannot be changed. */
export const profileUpdateSchema = z.object({
	name: nameField,
	locale: localeField,
	bio: optionalText(LIMITS.bio),
	town: optionalText(LIMITS.town).transform((s) => s.replace(/\s+/g, ' '))
});
export type ProfileUpdate = z.infer<typeof profileUpdateSchema>;

export interface Profile {
	id: string;
	name: string;
	handle: string;
	locale: string;
	bio: string;
	town: string;
	avatarKey: string | null;
	createdAt: Date;
	deletedAt: Date | null;
}

const profileColumns = {
	id: users.id,
	name: users.name,
	handle: users.handle,
	locale: users.locale,
	bio: users.bio,
	town: users.town,
	avatarKey: users.avatarKey,
	createdAt: users.createdAt,
	deletedAt: users.deletedAt
};

export async function getProfile(ctx: Pick<App, 'db'>, userId: string): Promise<Profile | undefined> {
	const [row] = await ctx.db.select(profileColumns).from(users).where(eq(users.id, userId));
	return row;
}

export async function updateProfile(ctx: Pick<App, 'db'>, userId: string, input: ProfileUpdate) {
	await ctx.db
		.update(users)
		.set({ name: input.name, locale: input.locale, bio: input.bio, town: input.town, updatedAt: new Date() })
		.where(eq(users.id, userId));
}

export type PublicProfileLookup =
	{ status: 'found'; profile: Profile } | { status: 'deleted'; profile: Profile } | { status: 'missing' };

/** Finds the person behind `/@handle`, whatever the case of the handle. Suspended people stay visible. */
export async function findPublicProfile(ctx: Pick<App, 'db'>, handle: string): Promise<PublicProfileLookup> {
	if (!/^[A-Za-z0-9_]{1,40}$/.test(handle)) return { status: 'missing' };
	const [row] = await ctx.db
		.select(profileColumns)
		.from(users)
		.where(sql`lower(${users.handle}) = ${handle.toLowerCase()}`);
	if (!row) return { status: 'missing' };
	return row.deletedAt ? { status: 'deleted', profile: row } : { status: 'found', profile: row };
}

/** `@handle@host`, the address other instances know a person by. */
export function fediverseAddress(handle: string, publicUrl: URL) {
	return `@${handle}@${publicUrl.host}`;
}

/** The name to show for a person; deleted accounts read "Deleted user" in the reader's language. */
export function displayName(user: { name: string; deletedAt?: Date | null }, t: Translate): string {
	return user.deletedAt ? t('profile.deletedUser') : user.name;
}
