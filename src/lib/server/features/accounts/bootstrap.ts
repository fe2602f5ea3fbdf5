import { randomBytes } from 'node:crypto';
import { eq, and } from 'drizzle-orm';
import type { App } from '../../app.ts';
import { log } from '../../log.ts';
import { roleAssignments } from '../authz/roles.table.ts';
import { grantRole } from '../authz/roles.service.ts';
import { createVerifiedAccount } from './accounts.service.ts';

/**
 * On first start, creates the instance administrator from ADMIN_EMAIL / ADMIN_PASSWORD, or
 * with a generated password printed once. Does nothing once an administrator exists.
 */
export async function ensureAdmin(app: App): Promise<{ created: boolean; userId: string; password?: string }> {
	const [existing] = await app.db
		.select({ userId: roleAssignments.userId })
		.from(roleAssignments)
		.where(and(eq(roleAssignments.scopeType, 'instance'), eq(roleAssignments.role, 'admin')))
		.limit(1);
	if (existing) return { created: false, userId: existing.userId };
	const generated = !app.config.ADMIN_PASSWORD;
	const password = app.config.ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
	const { userId } = await createVerifiedAccount(app, {
		email: app.config.ADMIN_EMAIL,
		password,
		name: 'Administration',
		handle: 'admin',
		locale: 'fr'
	});
	await grantRole({ db: app.db, events: app.events, actor: null }, { userId, role: 'admin', scopeType: 'instance' });
	if (generated) {
		// Printed once, on purpose, on standard output: the operator needs it to log in.
		console.log(`\n  Administrator created: ${app.config.ADMIN_EMAIL}\n  Password (shown only once): ${password}\n`);
	}
	log.info({ email: app.config.ADMIN_EMAIL }, 'administrator account created');
	return { created: true, userId, password: generated ? password : undefined };
}
