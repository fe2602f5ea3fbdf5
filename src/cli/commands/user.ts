/** `essaim user …`: create, list, suspend, unsuspend, reset-password. */
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '#lib/server/app.ts';
import { accounts, sessions } from '#lib/server/features/accounts/accounts.table.ts';
import { checkPasswordStrength, createVerifiedAccount } from '#lib/server/features/accounts/accounts.service.ts';
import { signUpSchema, passwordField } from '#lib/server/features/accounts/accounts.schemas.ts';
import { grantRole } from '#lib/server/features/authz/roles.service.ts';
import {
	listUsers,
	suspendUser,
	unsuspendUser,
	USER_FILTERS,
	type UserFilter
} from '#lib/server/features/admin/admin.service.ts';
import { FormError, zodErrors } from '#lib/server/http/forms.ts';
import { CliError, need, print, printJson, str, table, userByHandle, type Command } from '../context.ts';

const generatePassword = () => randomBytes(15).toString('base64url');

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
	const r = schema.safeParse(input);
	if (!r.success) throw new FormError(400, zodErrors(r.error));
	return r.data;
}

const create: Command = {
	usage: 'user create --email E --name N --handle H [--password P] [--locale fr|en] [--admin] [--json]',
	summary: 'Create a verified account (prints a generated password once if none is given).',
	options: {
		email: { type: 'string' },
		name: { type: 'string' },
		handle: { type: 'string' },
		password: { type: 'string' },
		locale: { type: 'string' },
		admin: { type: 'boolean' },
		json: { type: 'boolean' }
	},
	needsApp: true,
	async run({ app, values }) {
		const generated = !str(values, 'password');
		const input = parse(signUpSchema, {
			email: str(values, 'email'),
			name: str(values, 'name'),
			handle: str(values, 'handle'),
			password: str(values, 'password') ?? generatePassword(),
			locale: str(values, 'locale') ?? 'fr'
		});
		const { userId } = await createVerifiedAccount(app, input);
		if (values.admin) await grantRole({ ...app, actor: null }, { userId, role: 'admin', scopeType: 'instance' });
		const out = { id: userId, handle: input.handle, email: input.email, admin: !!values.admin };
		if (values.json) return printJson(generated ? { ...out, password: input.password } : out);
		print(`Created @${input.handle} <${input.email}> (${userId})${values.admin ? ' with the admin role' : ''}.`);
		if (generated) print(`Password (shown only once): ${input.password}`);
	}
};

const list: Command = {
	usage: `user list [--q TEXT] [--filter ${USER_FILTERS.join('|')}] [--page N] [--json]`,
	summary: 'List accounts, 50 a page, newest first; --q searches name, handle and email.',
	options: { q: { type: 'string' }, filter: { type: 'string' }, page: { type: 'string' }, json: { type: 'boolean' } },
	needsApp: true,
	async run({ app, values }) {
		const filter = str(values, 'filter') ?? 'all';
		if (!(USER_FILTERS as readonly string[]).includes(filter))
			throw new CliError(`unknown filter: ${filter} (one of ${USER_FILTERS.join(', ')})`);
		const page = Number(str(values, 'page') ?? 1);
		if (!Number.isInteger(page) || page < 1) throw new CliError('--page must be a positive whole number');
		const result = await listUsers(app, { q: str(values, 'q'), filter: filter as UserFilter, page });
		if (values.json) return printJson(result);
		if (!result.users.length) return print('No account matches.');
		print(
			table(
				result.users.map((u) => ({
					handle: `@${u.handle}`,
					name: u.name,
					email: u.email,
					roles: u.roles
						.map((r) => (r.scopeType === 'instance' ? r.role : `${r.role}@${r.scopeType}:${r.scopeId}`))
						.join(','),
					status: u.deletedAt ? 'deleted' : u.suspendedAt ? 'suspended' : 'active',
					joined: u.createdAt.toISOString().slice(0, 10)
				}))
			)
		);
		print(`${result.total} account(s), page ${result.page} of ${result.pages}.`);
	}
};

const suspend: Command = {
	usage: 'user suspend HANDLE --reason TEXT',
	summary: 'Suspend an account: its sessions end and it cannot log in.',
	options: { reason: { type: 'string' } },
	needsApp: true,
	async run({ app, values, positionals }) {
		const user = await userByHandle(app, need(positionals, 0, 'HANDLE'));
		const reason = str(values, 'reason');
		if (!reason?.trim()) throw new CliError('--reason is required');
		await suspendUser({ ...app, actor: null }, { userId: user.id, reason });
		print(`Suspended @${user.handle}.`);
	}
};

const unsuspend: Command = {
	usage: 'user unsuspend HANDLE',
	summary: 'Lift a suspension.',
	needsApp: true,
	async run({ app, positionals }) {
		const user = await userByHandle(app, need(positionals, 0, 'HANDLE'));
		await unsuspendUser({ ...app, actor: null }, { userId: user.id });
		print(`Lifted the suspension of @${user.handle}.`);
	}
};

/** Same argon2id hashing as log-in (auth.ts), through better-auth's own context. */
async function setPassword(app: App, userId: string, password: string) {
	const ctx = await app.auth.$context;
	const hash = await ctx.password.hash(password);
	const [credential] = await app.db
		.select({ id: accounts.id })
		.from(accounts)
		.where(and(eq(accounts.userId, userId), eq(accounts.providerId, 'credential')));
	if (credential) await ctx.internalAdapter.updatePassword(userId, hash);
	else await ctx.internalAdapter.linkAccount({ userId, providerId: 'credential', accountId: userId, password: hash });
	await app.db.delete(sessions).where(eq(sessions.userId, userId));
}

const resetPassword: Command = {
	usage: 'user reset-password HANDLE [--password P] [--json]',
	summary: 'Set a new password (generated and printed once if none is given) and end all sessions.',
	options: { password: { type: 'string' }, json: { type: 'boolean' } },
	needsApp: true,
	async run({ app, values, positionals }) {
		const user = await userByHandle(app, need(positionals, 0, 'HANDLE'));
		const given = str(values, 'password');
		const password = parse(passwordField, given ?? generatePassword());
		if (given) checkPasswordStrength(password, [user.email.split('@')[0]!, user.handle, user.name]);
		await setPassword(app, user.id, password);
		if (values.json) return printJson(given ? { handle: user.handle } : { handle: user.handle, password });
		print(`New password set for @${user.handle}; every session was ended.`);
		if (!given) print(`Password (shown only once): ${password}`);
	}
};

export const userCommands: Record<string, Command> = {
	'user create': create,
	'user list': list,
	'user suspend': suspend,
	'user unsuspend': unsuspend,
	'user reset-password': resetPassword
};
