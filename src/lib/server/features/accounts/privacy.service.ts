/**
 * A person's rights over their data (DESIGN.md: "personal data is minimal and exportable;
 * deleting an account erases it"): a ZIP export, and deletion that erases personal data while
 * keeping the row, so that later contributions can still read "Deleted user".
 * Both take a user id and no request, so administrators and the CLI reuse them.
 */
import { verify } from '@node-rs/argon2';
import { and, asc, eq, sql } from 'drizzle-orm';
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { App } from '../../app.ts';
import { FormError } from '../../http/forms.ts';
import { uuidv7 } from '../../ids.ts';
import { roleAssignments } from '../authz/roles.table.ts';
import { auditLog } from '../platform/platform.table.ts';
import { hit, RATE_RULES } from '../platform/rate-limit.ts';
import { accounts, sessions, users, verifications } from './accounts.table.ts';
import { deleteAvatarFile, readAvatar } from './avatar.ts';
import { fediverseAddress } from './profile.service.ts';
import { communityDataOf, eraseCommunityData } from '../notifications/notifications.privacy.ts';
import { eraseForumData, forumDataOf } from '../forums/forums.privacy.ts';
import { eraseQuizData, quizDataOf } from '../quizzes/quizzes.privacy.ts';

export const EXPORT_FORMAT_VERSION = 1;

/** `essaim-<handle>-<YYYY-MM-DD>.zip` */
export function exportFileName(handle: string, now = new Date()) {
	return `essaim-${handle.replace(/[^a-z0-9_]/gi, '')}-${now.toISOString().slice(0, 10)}.zip`;
}

/**
 * Everything the instance holds about a person, as a ZIP: `data.json` and, if any, `avatar.webp`.
 * Session tokens and password hashes are secrets, not personal data, and are left out.
 */
export async function exportUserData(ctx: Pick<App, 'db' | 'config'>, userId: string): Promise<Uint8Array> {
	const [user] = await ctx.db.select().from(users).where(eq(users.id, userId));
	if (!user) throw new Error(`no user ${userId}`);
	const roles = await ctx.db
		.select({
			role: roleAssignments.role,
			scopeType: roleAssignments.scopeType,
			scopeId: roleAssignments.scopeId,
			grantedAt: roleAssignments.createdAt
		})
		.from(roleAssignments)
		.where(eq(roleAssignments.userId, userId))
		.orderBy(asc(roleAssignments.createdAt));
	const sessionRows = await ctx.db
		.select({
			ipAddress: sessions.ipAddress,
			userAgent: sessions.userAgent,
			createdAt: sessions.createdAt,
			lastSeenAt: sessions.updatedAt,
			expiresAt: sessions.expiresAt
		})
		.from(sessions)
		.where(eq(sessions.userId, userId))
		.orderBy(asc(sessions.createdAt));
	const logins = await ctx.db
		.select({ provider: accounts.providerId, createdAt: accounts.createdAt, updatedAt: accounts.updatedAt })
		.from(accounts)
		.where(eq(accounts.userId, userId));
	const audit = await ctx.db
		.select({
			action: auditLog.action,
			actorId: auditLog.actorId,
			details: auditLog.details,
			createdAt: auditLog.createdAt
		})
		.from(auditLog)
		.where(and(eq(auditLog.targetType, 'user'), eq(auditLog.targetId, userId)))
		.orderBy(asc(auditLog.createdAt));
	const avatar = user.avatarKey ? await readAvatar(ctx.config.dataDir, user.avatarKey) : null;
	const community = await communityDataOf(ctx.db, userId);
	const forums = await forumDataOf(ctx.db, userId);
	const quizData = await quizDataOf(ctx.db, userId);

	const data = {
		format: 'essaim-user-export',
		version: EXPORT_FORMAT_VERSION,
		exportedAt: new Date().toISOString(),
		instance: ctx.config.publicUrl.origin,
		account: {
			id: user.id,
			email: user.email,
			emailVerified: user.emailVerified,
			name: user.name,
			handle: user.handle,
			address: fediverseAddress(user.handle, ctx.config.publicUrl),
			profileUrl: new URL(`/@${user.handle}`, ctx.config.publicUrl).href,
			locale: user.locale,
			bio: user.bio,
			town: user.town,
			avatar: avatar ? 'avatar.webp' : null,
			createdAt: user.createdAt,
			updatedAt: user.updatedAt,
			suspendedAt: user.suspendedAt,
			suspendedReason: user.suspendedReason,
			deletedAt: user.deletedAt
		},
		logins,
		roles,
		sessions: sessionRows,
		auditLog: audit,
		...community,
		...forums,
		...quizData
	};
	const files: Zippable = { 'data.json': strToU8(JSON.stringify(data, null, 2)) };
	// A WebP is already compressed: store it as is.
	if (avatar) files['avatar.webp'] = [new Uint8Array(avatar), { level: 0 }];
	return zipSync(files, { level: 6, mtime: new Date() });
}

/**
 * Checks the password a person typed to confirm a sensitive step (here: deleting their account).
 * Attempts are rate-limited per account; a wrong password is an error next to the field.
 */
export async function confirmPassword(
	ctx: Pick<App, 'db' | 'config'>,
	userId: string,
	password: string,
	field = 'password'
) {
	if (ctx.config.RATE_LIMITS) {
		const d = await hit(ctx.db, `confirm-password:${userId}`, RATE_RULES.logInAccount);
		if (!d.allowed)
			throw new FormError(429, { _form: { key: 'error.tooMany', params: { seconds: d.retryAfterSeconds } } });
	}
	const [row] = await ctx.db
		.select({ hash: accounts.password })
		.from(accounts)
		.where(and(eq(accounts.userId, userId), eq(accounts.providerId, 'credential')));
	let ok = false;
	if (row?.hash) {
		try {
			ok = await verify(row.hash, password);
		} catch {
			ok = false;
		}
	}
	if (!ok) throw new FormError(400, { [field]: { key: 'auth.wrongPassword' } });
}

/**
 * Deletes an account: personal data is erased in one transaction (the row stays as "deleted
 * user"). The handle is kept: `/@handle` is the person's ActivityPub id, which now serves a
 * Tombstone and must never name someone else (DESIGN.md: ids are forever). Sessions, credentials, roles and pending verifications go; then the avatar file is
 * removed and UserDeleted is emitted. No password check here: callers decide who may do this.
 * Returns false when the account was already deleted or does not exist.
 */
export async function deleteAccount(
	ctx: Pick<App, 'db' | 'config' | 'events'>,
	userId: string,
	opts: { by?: string | null } = {}
): Promise<boolean> {
	const erased = await ctx.db.transaction(async (tx) => {
		const [user] = await tx
			.select({ email: users.email, avatarKey: users.avatarKey, deletedAt: users.deletedAt })
			.from(users)
			.where(eq(users.id, userId))
			.for('update');
		if (!user || user.deletedAt) return null;
		const now = new Date();
		await tx
			.update(users)
			.set({
				email: `deleted-${userId}@deleted.invalid`,
				emailVerified: false,
				name: '',
				image: null,
				bio: '',
				town: '',
				avatarKey: null,
				suspendedReason: null,
				deletedAt: now,
				updatedAt: now
			})
			.where(eq(users.id, userId));
		await tx.delete(sessions).where(eq(sessions.userId, userId));
		await tx.delete(accounts).where(eq(accounts.userId, userId));
		await tx.delete(roleAssignments).where(eq(roleAssignments.userId, userId));
		await eraseCommunityData(tx, userId);
		await eraseForumData(tx, userId);
		await eraseQuizData(tx, userId);
		// Reset tokens hold the user id as value; other flows key their rows by address.
		const email = user.email.toLowerCase();
		await tx.delete(verifications).where(
			sql`${verifications.value} = ${userId} or lower(${verifications.identifier}) = ${email}
					or right(lower(${verifications.identifier}), ${email.length + 1}) in (${`-${email}`}, ${`:${email}`})`
		);
		await tx.insert(auditLog).values({
			id: uuidv7(),
			actorId: opts.by === undefined ? userId : opts.by,
			action: 'account.delete',
			targetType: 'user',
			targetId: userId,
			details: {}
		});
		return user;
	});
	if (!erased) return false;
	await deleteAvatarFile(ctx.config.dataDir, erased.avatarKey);
	await ctx.events.emit('UserDeleted', { userId });
	return true;
}
