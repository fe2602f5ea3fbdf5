import { and, eq } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { uuidv7 } from '../../ids.ts';
import type { EventBus } from '../platform/events.ts';
import { auditLog } from '../platform/platform.table.ts';
import { type Actor, isValidRole, type RoleGrant } from './policy.ts';
import { roleAssignments } from './roles.table.ts';

export class RoleError extends Error {
	code: 'invalidRole' | 'notFound';
	constructor(code: 'invalidRole' | 'notFound') {
		super(code);
		this.code = code;
	}
}

export async function rolesOf(db: DbLike, userId: string): Promise<RoleGrant[]> {
	return db
		.select({ role: roleAssignments.role, scopeType: roleAssignments.scopeType, scopeId: roleAssignments.scopeId })
		.from(roleAssignments)
		.where(eq(roleAssignments.userId, userId));
}

/** Grants a role on a scope; granting a role already held changes nothing. */
export async function grantRole(
	ctx: { db: DbLike; events: EventBus; actor: Actor | null },
	input: { userId: string; role: string; scopeType: string; scopeId?: string }
) {
	const scopeId = input.scopeType === 'instance' ? '' : (input.scopeId ?? '');
	if (!isValidRole(input.scopeType, input.role) || (input.scopeType !== 'instance' && !scopeId))
		throw new RoleError('invalidRole');
	const inserted = await ctx.db
		.insert(roleAssignments)
		.values({
			id: uuidv7(),
			userId: input.userId,
			role: input.role,
			scopeType: input.scopeType,
			scopeId,
			grantedBy: ctx.actor?.id ?? null
		})
		.onConflictDoNothing()
		.returning({ id: roleAssignments.id });
	if (inserted.length) {
		await ctx.db.insert(auditLog).values({
			id: uuidv7(),
			actorId: ctx.actor?.id ?? null,
			action: 'role.grant',
			targetType: 'user',
			targetId: input.userId,
			details: { role: input.role, scopeType: input.scopeType, scopeId }
		});
		await ctx.events.emit('RoleGranted', {
			userId: input.userId,
			role: input.role,
			scopeType: input.scopeType,
			scopeId,
			by: ctx.actor?.id ?? null
		});
	}
	return inserted.length > 0;
}

export async function revokeRole(
	ctx: { db: DbLike; events: EventBus; actor: Actor | null },
	input: { userId: string; role: string; scopeType: string; scopeId?: string }
) {
	const scopeId = input.scopeType === 'instance' ? '' : (input.scopeId ?? '');
	const removed = await ctx.db
		.delete(roleAssignments)
		.where(
			and(
				eq(roleAssignments.userId, input.userId),
				eq(roleAssignments.role, input.role),
				eq(roleAssignments.scopeType, input.scopeType),
				eq(roleAssignments.scopeId, scopeId)
			)
		)
		.returning({ id: roleAssignments.id });
	if (!removed.length) throw new RoleError('notFound');
	await ctx.db.insert(auditLog).values({
		id: uuidv7(),
		actorId: ctx.actor?.id ?? null,
		action: 'role.revoke',
		targetType: 'user',
		targetId: input.userId,
		details: { role: input.role, scopeType: input.scopeType, scopeId }
	});
	await ctx.events.emit('RoleRevoked', {
		userId: input.userId,
		role: input.role,
		scopeType: input.scopeType,
		scopeId,
		by: ctx.actor?.id ?? null
	});
}
