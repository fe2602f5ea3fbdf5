/**
 * better-auth, configured for Essaim: our tables (accounts.table.ts), UUIDv7 ids, argon2id
 * hashes, mail through the job queue, no telemetry. Routes never call better-auth directly:
 * they call accounts.service.ts, which calls `auth.api` with plain values.
 */
import { hash, verify } from '@node-rs/argon2';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import * as schema from '../../db/schema.ts';
import { uuidv7 } from '../../ids.ts';
import { isLocale } from '#lib/i18n/index.ts';
import { enqueue } from '../platform/jobs.ts';
import { linkMail } from '../mail/templates.ts';
import { users } from './accounts.table.ts';
import { log } from '../../log.ts';

/** OWASP's argon2id baseline (19 MiB, 2 passes): 16–64 ms per hash on this kind of machine. */
const ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1, algorithm: 2 } as const;

export const PASSWORD_MIN = 10;
/** A session is extended (and its cookie re-sent) at most once a day. */
export const SESSION_UPDATE_AGE_SECONDS = 60 * 60 * 24;
export const PASSWORD_MAX = 256;

export function createAuth(opts: {
	db: Db;
	secret: string;
	publicUrl: URL;
	instanceName: string;
	secureCookies: boolean;
}) {
	const { db } = opts;
	const mail = async (
		kind: 'verifyEmail' | 'resetPassword',
		user: { id: string; email: string; name: string },
		url: string
	) => {
		const [row] = await db
			.select({ locale: users.locale, email: users.email })
			.from(users)
			.where(eq(users.id, user.id));
		const locale = isLocale(row?.locale) ? row.locale : 'fr';
		// better-auth hides the request type in the token: a verification sent to an address
		// other than the account's current one is a change of address.
		const actual = kind === 'verifyEmail' && row && row.email !== user.email ? 'changeEmail' : kind;
		await enqueue(
			db,
			'mail.send',
			linkMail(actual, locale, { to: user.email, name: user.name, instance: opts.instanceName, url })
		);
	};
	return betterAuth({
		appName: opts.instanceName,
		baseURL: opts.publicUrl.origin,
		basePath: '/api/auth',
		secret: opts.secret,
		telemetry: { enabled: false },
		// better-auth warns on every wrong password; our service reports those, so keep its chatter at debug.
		logger: { log: (level, message) => log[level === 'error' ? 'error' : 'debug']({ source: 'better-auth' }, message) },
		database: drizzleAdapter(db, { provider: 'pg', schema, usePlural: true }),
		// Our own limiter (rate-limit.ts) guards the forms; better-auth's only sees HTTP calls.
		rateLimit: { enabled: false },
		advanced: {
			database: { generateId: () => uuidv7() },
			useSecureCookies: opts.secureCookies,
			cookiePrefix: 'essaim',
			defaultCookieAttributes: { sameSite: 'lax', httpOnly: true, secure: opts.secureCookies }
		},
		session: {
			expiresIn: 60 * 60 * 24 * 30,
			updateAge: SESSION_UPDATE_AGE_SECONDS
		},
		emailAndPassword: {
			enabled: true,
			minPasswordLength: PASSWORD_MIN,
			maxPasswordLength: PASSWORD_MAX,
			autoSignIn: true,
			revokeSessionsOnPasswordReset: true,
			resetPasswordTokenExpiresIn: 3600,
			password: {
				hash: (password) => hash(password, ARGON2),
				verify: ({ hash: digest, password }) => verify(digest, password)
			},
			sendResetPassword: ({ user, url }) => mail('resetPassword', user, url)
		},
		emailVerification: {
			sendOnSignUp: true,
			autoSignInAfterVerification: true,
			expiresIn: 60 * 60 * 24,
			sendVerificationEmail: ({ user, url }) => mail('verifyEmail', user, url)
		},
		user: {
			changeEmail: { enabled: true },
			additionalFields: {
				handle: { type: 'string', required: true, input: true },
				locale: { type: 'string', required: false, input: true, defaultValue: 'fr' },
				bio: { type: 'string', required: false, input: false, defaultValue: '' },
				town: { type: 'string', required: false, input: false, defaultValue: '' },
				avatarKey: { type: 'string', required: false, input: false },
				suspendedAt: { type: 'date', required: false, input: false },
				deletedAt: { type: 'date', required: false, input: false }
			}
		},
		databaseHooks: {
			session: {
				create: {
					// Suspended or deleted accounts cannot open a session.
					before: async (session) => {
						const [u] = await db
							.select({ suspendedAt: users.suspendedAt, deletedAt: users.deletedAt })
							.from(users)
							.where(eq(users.id, session.userId));
						if (!u || u.suspendedAt || u.deletedAt) return false;
						return { data: session };
					}
				}
			}
		}
	});
}

export type Auth = ReturnType<typeof createAuth>;
