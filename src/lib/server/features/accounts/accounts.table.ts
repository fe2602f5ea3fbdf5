/**
 * Accounts. `users`, `sessions`, `accounts` (credentials) and `verifications` are the tables
 * better-auth reads and writes (property names are its field names); the profile columns
 * (handle, locale, bio, town, avatar) and moderation columns are ours.
 */
import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const users = pgTable(
	'users',
	{
		id: text('id').primaryKey(),
		email: text('email').notNull(),
		emailVerified: boolean('email_verified').notNull().default(false),
		/** Display name. */
		name: text('name').notNull(),
		image: text('image'),
		handle: text('handle').notNull(),
		locale: text('locale').notNull().default('fr'),
		bio: text('bio').notNull().default(''),
		town: text('town').notNull().default(''),
		/** Storage key of the resized avatar under DATA_DIR/uploads, if any. */
		avatarKey: text('avatar_key'),
		suspendedAt: ts('suspended_at'),
		suspendedReason: text('suspended_reason'),
		/** Set when the account is deleted: personal data is erased, the row stays as "deleted user". */
		deletedAt: ts('deleted_at'),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
		uniqueIndex('users_handle_key').on(sql`lower(${t.handle})`),
		index('users_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`)
	]
);

export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		token: text('token').notNull().unique(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: ts('expires_at').notNull(),
		ipAddress: text('ip_address'),
		userAgent: text('user_agent'),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

export const accounts = pgTable(
	'accounts',
	{
		id: text('id').primaryKey(),
		accountId: text('account_id').notNull(),
		providerId: text('provider_id').notNull(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		accessToken: text('access_token'),
		refreshToken: text('refresh_token'),
		idToken: text('id_token'),
		accessTokenExpiresAt: ts('access_token_expires_at'),
		refreshTokenExpiresAt: ts('refresh_token_expires_at'),
		scope: text('scope'),
		password: text('password'),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [index('accounts_user_idx').on(t.userId)]
);

export const verifications = pgTable(
	'verifications',
	{
		id: text('id').primaryKey(),
		identifier: text('identifier').notNull(),
		value: text('value').notNull(),
		expiresAt: ts('expires_at').notNull(),
		createdAt: ts('created_at').notNull().defaultNow(),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [index('verifications_identifier_idx').on(t.identifier)]
);

export type UserRow = typeof users.$inferSelect;
