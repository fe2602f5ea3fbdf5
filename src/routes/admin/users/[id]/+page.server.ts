import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import type { MessageKey } from '#lib/i18n/index.ts';
import { countAdmins, getUserDetail, suspendUser, unsuspendUser } from '#lib/server/features/admin/admin.service.ts';
import { can, INSTANCE_ROLES, isValidRole, SCOPE_TYPES, SCOPED_ROLES } from '#lib/server/features/authz/policy.ts';
import { grantRole, revokeRole, RoleError } from '#lib/server/features/authz/roles.service.ts';
import { FormError, handleForm } from '#lib/server/http/forms.ts';
import { requirePermission } from '#lib/server/http/guards.ts';
import { UUID_RE } from '#lib/server/ids.ts';

const DONE: Record<string, MessageKey> = {
	suspend: 'admin.suspend.done',
	unsuspend: 'admin.unsuspend.done',
	grant: 'admin.grant.done',
	grantAlready: 'admin.grant.already',
	revoke: 'admin.roles.revoked'
};

const roleSchema = z.object({
	scopeType: z.enum(SCOPE_TYPES as [string, ...string[]], { error: 'errors.invalid' }),
	role: z.string({ error: 'errors.required' }).trim().min(1, 'errors.required').max(40),
	scopeId: z.string().trim().max(200).default('')
});
const suspendSchema = z.object({ reason: z.string({ error: 'errors.required' }).trim().min(1).max(500) });

/** The page's person, or 404; and the acting administrator. */
async function target(event: RequestEvent<{ id: string }>) {
	const who = requirePermission(event, 'user.list');
	if (!UUID_RE.test(event.params.id)) error(404, 'error.notFound');
	const detail = await getUserDetail(event.locals.app, event.params.id);
	if (!detail) error(404, 'error.notFound');
	return { ...who, detail, ctx: { ...event.locals.app, actor: who.actor } };
}

const back = (id: string, done: keyof typeof DONE) => redirect(303, `/admin/users/${id}?done=${done}`);

export const load: PageServerLoad = async (event) => {
	const { actor, detail } = await target(event);
	const isAdmin = detail.roles.some((r) => r.scopeType === 'instance' && r.role === 'admin');
	const done = event.url.searchParams.get('done');
	return {
		...detail,
		done: done && done in DONE ? DONE[done]! : null,
		isSelf: actor.id === detail.user.id,
		canSuspend: can(actor, 'user.suspend', { type: 'user', id: detail.user.id, isAdmin }),
		canGrantInstance: can(actor, 'role.grant.instance'),
		canGrantScoped: can(actor, 'role.grant.scoped'),
		scopes: [
			{ type: 'instance', roles: [...INSTANCE_ROLES] as string[] },
			...Object.entries(SCOPED_ROLES).map(([type, roles]) => ({ type, roles: [...roles] as string[] }))
		]
	};
};

export const actions: Actions = {
	suspend: async (event) => {
		const { detail, ctx } = await target(event);
		const form = await event.request.formData();
		return handleForm(form, suspendSchema, async ({ reason }) => {
			await suspendUser(ctx, { userId: detail.user.id, reason });
			back(detail.user.id, 'suspend');
		});
	},
	unsuspend: async (event) => {
		const { detail, ctx } = await target(event);
		const form = await event.request.formData();
		return handleForm(form, z.object({}), async () => {
			await unsuspendUser(ctx, { userId: detail.user.id });
			back(detail.user.id, 'unsuspend');
		});
	},
	grant: async (event) => {
		const { actor, detail, ctx } = await target(event);
		const form = await event.request.formData();
		return handleForm(form, roleSchema, async ({ scopeType, role, scopeId }) => {
			if (!can(actor, scopeType === 'instance' ? 'role.grant.instance' : 'role.grant.scoped'))
				throw new FormError(403, { _form: { key: 'admin.error.grantForbidden' } });
			if (!isValidRole(scopeType, role)) throw new FormError(422, { role: { key: 'admin.error.invalidRole' } });
			if (scopeType !== 'instance' && !scopeId)
				throw new FormError(422, { scopeId: { key: 'admin.error.scopeIdRequired' } });
			const added = await grantRole(ctx, { userId: detail.user.id, role, scopeType, scopeId });
			back(detail.user.id, added ? 'grant' : 'grantAlready');
		});
	},
	revoke: async (event) => {
		const { actor, detail, ctx } = await target(event);
		const form = await event.request.formData();
		return handleForm(form, roleSchema, async ({ scopeType, role, scopeId }) => {
			if (!can(actor, scopeType === 'instance' ? 'role.grant.instance' : 'role.grant.scoped'))
				throw new FormError(403, { _form: { key: 'admin.error.grantForbidden' } });
			if (scopeType === 'instance' && role === 'admin') {
				const held = detail.roles.some((r) => r.scopeType === 'instance' && r.role === 'admin');
				if (held && (await countAdmins(ctx.db)) <= 1)
					throw new FormError(409, { _form: { key: 'admin.error.lastAdmin' } });
			}
			try {
				await revokeRole(ctx, { userId: detail.user.id, role, scopeType, scopeId });
			} catch (err) {
				if (err instanceof RoleError) throw new FormError(404, { _form: { key: 'admin.error.roleNotFound' } });
				throw err;
			}
			back(detail.user.id, 'revoke');
		});
	}
};
