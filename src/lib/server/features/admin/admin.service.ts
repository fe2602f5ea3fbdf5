/**
 * Instance administration: finding people, suspending and restoring accounts, the instance's
 * vital signs. Used by the /admin pages and by the `essaim` command line alike.
 * `actor: null` means the operator at the command line, who has the server's shell already.
 */
import { and, count, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DbLike } from '../../db/client.ts';
import { uuidv7, UUID_RE } from '../../ids.ts';
import { FormError } from '../../http/forms.ts';
import type { EventBus } from '../platform/events.ts';
import { auditLog, jobs } from '../platform/platform.table.ts';
import { sessions, users } from '../accounts/accounts.table.ts';
import { roleAssignments } from '../authz/roles.table.ts';
import { can, type Actor, type RoleGrant } from '../authz/policy.ts';

export const PAGE_SIZE = 50;
export const USER_FILTERS = ['all', 'suspended', 'staff', 'deleted'] as const;
export type UserFilter = (typeof USER_FILTERS)[number];

export interface AdminCtx {
	db: DbLike;
	events: EventBus;
	actor: Actor | null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const isStaff = sql`exists (select 1 from ${roleAssignments} ra where ra.user_id = ${users.id} and ra.scope_type = 'instance')`;

/**
 * People on this instance, 50 a page, newest first. `q` matches name, handle or email, ignoring
 * case and accents. 'all' is every account not deleted; 'deleted' lists only deleted ones.
 */
export async function listUsers(ctx: { db: DbLike }, opts: { q?: string; filter?: UserFilter; page?: number } = {}) {
	const q = opts.q?.trim() ?? '';
	const filter = opts.filter ?? 'all';
	const conditions: (SQL | undefined)[] = [filter === 'deleted' ? isNotNull(users.deletedAt) : isNull(users.deletedAt)];
	if (filter === 'suspended') conditions.push(isNotNull(users.suspendedAt));
	if (filter === 'staff') conditions.push(isStaff);
	if (q) {
		const pattern = `%${escapeLike(q)}%`;
		const like = (col: AnyPgColumn) => sql`unaccent(lower(${col})) like unaccent(lower(${pattern}))`;
		conditions.push(or(like(users.name), like(users.handle), like(users.email)));
	}
	const where = and(...conditions);
	const [{ total } = { total: 0 }] = await ctx.db.select({ total: count() }).from(users).where(where);
	const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
	const page = Math.min(Math.max(1, Math.floor(opts.page ?? 1)), pages);
	const rows = await ctx.db
		.select({
			id: users.id,
			name: users.name,
			handle: users.handle,
			email: users.email,
			createdAt: users.createdAt,
			suspendedAt: users.suspendedAt,
			deletedAt: users.deletedAt
		})
		.from(users)
		.where(where)
		.orderBy(desc(users.createdAt), desc(users.id))
		.limit(PAGE_SIZE)
		.offset((page - 1) * PAGE_SIZE);
	const roles = await rolesByUser(
		ctx.db,
		rows.map((r) => r.id)
	);
	return { users: rows.map((r) => ({ ...r, roles: roles.get(r.id) ?? [] })), total, page, pages };
}

async function rolesByUser(db: DbLike, ids: string[]) {
	const map = new Map<string, RoleGrant[]>();
	if (!ids.length) return map;
	const rows = await db
		.select({
			userId: roleAssignments.userId,
			role: roleAssignments.role,
			scopeType: roleAssignments.scopeType,
			scopeId: roleAssignments.scopeId
		})
		.from(roleAssignments)
		.where(inArray(roleAssignments.userId, ids))
		.orderBy(roleAssignments.scopeType, roleAssignments.role);
	for (const { userId, ...grant } of rows) map.set(userId, [...(map.get(userId) ?? []), grant]);
	return map;
}

/** Everything the administration page shows about one account, or undefined. */
export async function getUserDetail(ctx: { db: DbLike }, userId: string) {
	if (!UUID_RE.test(userId)) return undefined;
	const [user] = await ctx.db
		.select({
			id: users.id,
			name: users.name,
			handle: users.handle,
			email: users.email,
			emailVerified: users.emailVerified,
			locale: users.locale,
			createdAt: users.createdAt,
			suspendedAt: users.suspendedAt,
			suspendedReason: users.suspendedReason,
			deletedAt: users.deletedAt
		})
		.from(users)
		.where(eq(users.id, userId));
	if (!user) return undefined;
	const roles = await ctx.db
		.select({
			id: roleAssignments.id,
			role: roleAssignments.role,
			scopeType: roleAssignments.scopeType,
			scopeId: roleAssignments.scopeId,
			createdAt: roleAssignments.createdAt
		})
		.from(roleAssignments)
		.where(eq(roleAssignments.userId, userId))
		.orderBy(roleAssignments.scopeType, roleAssignments.role);
	const [{ activeSessions } = { activeSessions: 0 }] = await ctx.db
		.select({ activeSessions: count() })
		.from(sessions)
		.where(and(eq(sessions.userId, userId), sql`${sessions.expiresAt} > now()`));
	const audit = await ctx.db
		.select({
			id: auditLog.id,
			action: auditLog.action,
			details: auditLog.details,
			createdAt: auditLog.createdAt,
			actorHandle: sql<string | null>`(select a.handle from users a where a.id = ${auditLog.actorId})`
		})
		.from(auditLog)
		.where(and(eq(auditLog.targetType, 'user'), eq(auditLog.targetId, userId)))
		.orderBy(desc(auditLog.createdAt), desc(auditLog.id))
		.limit(20);
	return { user, roles, activeSessions, audit };
}

export async function findUserByHandle(ctx: { db: DbLike }, handle: string) {
	const [row] = await ctx.db
		.select({ id: users.id, handle: users.handle, email: users.email, name: users.name })
		.from(users)
		.where(sql`lower(${users.handle}) = ${handle.replace(/^@/, '').toLowerCase()}`);
	return row;
}

async function isInstanceAdmin(db: DbLike, userId: string) {
	const [row] = await db
		.select({ id: roleAssignments.id })
		.from(roleAssignments)
		.where(
			and(
				eq(roleAssignments.userId, userId),
				eq(roleAssignments.scopeType, 'instance'),
				eq(roleAssignments.role, 'admin')
			)
		);
	return !!row;
}

/** How many administrators the instance has (so the last one is not removed by mistake). */
export async function countAdmins(db: DbLike) {
	const [row] = await db
		.select({ n: count() })
		.from(roleAssignments)
		.where(and(eq(roleAssignments.scopeType, 'instance'), eq(roleAssignments.role, 'admin')));
	return row?.n ?? 0;
}

async function checkSuspendable(ctx: AdminCtx, userId: string) {
	if (ctx.actor && ctx.actor.id === userId) throw new FormError(409, { _form: { key: 'admin.error.suspendSelf' } });
	const [target] = await ctx.db
		.select({ id: users.id, suspendedAt: users.suspendedAt, deletedAt: users.deletedAt })
		.from(users)
		.where(eq(users.id, userId));
	if (!target || target.deletedAt) throw new FormError(404, { _form: { key: 'admin.error.userNotFound' } });
	const resource = { type: 'user' as const, id: userId, isAdmin: await isInstanceAdmin(ctx.db, userId) };
	if (ctx.actor && !can(ctx.actor, 'user.suspend', resource))
		throw new FormError(403, { _form: { key: 'admin.error.suspendForbidden' } });
	return target;
}

/**
 * Suspends an account: it cannot log in, its sessions end now, and the reason is kept in the
 * audit log. Moderators cannot suspend administrators; no one suspends themselves.
 */
export async function suspendUser(ctx: AdminCtx, input: { userId: string; reason: string }) {
	const reason = input.reason.trim();
	if (!reason) throw new FormError(400, { reason: { key: 'errors.required' } });
	if (reason.length > 500) throw new FormError(400, { reason: { key: 'errors.tooLong', params: { max: 500 } } });
	const target = await checkSuspendable(ctx, input.userId);
	if (target.suspendedAt) throw new FormError(409, { _form: { key: 'admin.error.alreadySuspended' } });
	const by = ctx.actor?.id ?? null;
	await ctx.db.transaction(async (tx) => {
		await tx
			.update(users)
			.set({ suspendedAt: new Date(), suspendedReason: reason, updatedAt: new Date() })
			.where(eq(users.id, input.userId));
		await tx.delete(sessions).where(eq(sessions.userId, input.userId));
		await tx.insert(auditLog).values({
			id: uuidv7(),
			actorId: by,
			action: 'user.suspend',
			targetType: 'user',
			targetId: input.userId,
			details: { reason }
		});
	});
	await ctx.events.emit('UserSuspended', { userId: input.userId, by, reason });
}

/** Lifts a suspension; the person can log in again. */
export async function unsuspendUser(ctx: AdminCtx, input: { userId: string }) {
	const target = await checkSuspendable(ctx, input.userId);
	if (!target.suspendedAt) throw new FormError(409, { _form: { key: 'admin.error.notSuspended' } });
	await ctx.db.transaction(async (tx) => {
		await tx
			.update(users)
			.set({ suspendedAt: null, suspendedReason: null, updatedAt: new Date() })
			.where(eq(users.id, input.userId));
		await tx.insert(auditLog).values({
			id: uuidv7(),
			actorId: ctx.actor?.id ?? null,
			action: 'user.unsuspend',
			targetType: 'user',
			targetId: input.userId,
			details: {}
		});
	});
}

/** The instance's vital signs for the administration home page. */
export async function instanceStats(ctx: { db: DbLike }) {
	const [u] = await ctx.db
		.select({
			users: sql<number>`count(*) filter (where ${users.deletedAt} is null)`.mapWith(Number),
			suspended:
				sql<number>`count(*) filter (where ${users.suspendedAt} is not null and ${users.deletedAt} is null)`.mapWith(
					Number
				)
		})
		.from(users);
	const [s] = await ctx.db
		.select({ n: count() })
		.from(sessions)
		.where(sql`${sessions.expiresAt} > now()`);
	const [j] = await ctx.db
		.select({
			pending: sql<number>`count(*) filter (where ${jobs.status} in ('pending', 'running'))`.mapWith(Number),
			failed: sql<number>`count(*) filter (where ${jobs.status} = 'failed')`.mapWith(Number)
		})
		.from(jobs);
	return {
		users: u?.users ?? 0,
		suspended: u?.suspended ?? 0,
		activeSessions: s?.n ?? 0,
		pendingJobs: j?.pending ?? 0,
		failedJobs: j?.failed ?? 0
	};
}
