/** `essaim role grant|revoke HANDLE ROLE [--scope TYPE:ID]`. */
import { grantRole, revokeRole, RoleError } from '#lib/server/features/authz/roles.service.ts';
import { SCOPE_TYPES } from '#lib/server/features/authz/policy.ts';
import { CliError, need, print, str, userByHandle, type Command, type Values } from '../context.ts';

function scopeOf(values: Values) {
	const scope = str(values, 'scope') ?? 'instance';
	const [scopeType = '', ...rest] = scope.split(':');
	const scopeId = rest.join(':');
	if (!SCOPE_TYPES.includes(scopeType as (typeof SCOPE_TYPES)[number]))
		throw new CliError(`unknown scope type: ${scopeType} (one of ${SCOPE_TYPES.join(', ')})`);
	if (scopeType !== 'instance' && !scopeId) throw new CliError(`--scope ${scopeType} needs an id: ${scopeType}:ID`);
	return { scopeType, scopeId: scopeType === 'instance' ? '' : scopeId };
}

const describe = (role: string, s: { scopeType: string; scopeId: string }) =>
	s.scopeType === 'instance' ? `${role} (instance)` : `${role} on ${s.scopeType}:${s.scopeId}`;

const grant: Command = {
	usage: 'role grant HANDLE ROLE [--scope TYPE:ID]',
	summary: 'Grant a role (on the instance unless --scope is given, e.g. --scope course:ID).',
	options: { scope: { type: 'string' } },
	needsApp: true,
	async run({ app, values, positionals }) {
		const user = await userByHandle(app, need(positionals, 0, 'HANDLE'));
		const role = need(positionals, 1, 'ROLE');
		const scope = scopeOf(values);
		try {
			const added = await grantRole({ ...app, actor: null }, { userId: user.id, role, ...scope });
			print(
				added
					? `Granted ${describe(role, scope)} to @${user.handle}.`
					: `@${user.handle} already has ${describe(role, scope)}.`
			);
		} catch (err) {
			if (err instanceof RoleError) throw new CliError(`invalid role for ${scope.scopeType}: ${role}`);
			throw err;
		}
	}
};

const revoke: Command = {
	usage: 'role revoke HANDLE ROLE [--scope TYPE:ID]',
	summary: 'Revoke a role.',
	options: { scope: { type: 'string' } },
	needsApp: true,
	async run({ app, values, positionals }) {
		const user = await userByHandle(app, need(positionals, 0, 'HANDLE'));
		const role = need(positionals, 1, 'ROLE');
		const scope = scopeOf(values);
		try {
			await revokeRole({ ...app, actor: null }, { userId: user.id, role, ...scope });
		} catch (err) {
			if (err instanceof RoleError) throw new CliError(`@${user.handle} does not have ${describe(role, scope)}`);
			throw err;
		}
		print(`Revoked ${describe(role, scope)} from @${user.handle}.`);
	}
};

export const roleCommands: Record<string, Command> = { 'role grant': grant, 'role revoke': revoke };
