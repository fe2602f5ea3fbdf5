import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../accounts/accounts.table.ts';

/**
 * A role held by a user on a scope. Instance roles have scopeType 'instance' and scopeId ''.
 * A course learner role is an enrolment. See DESIGN.md "Roles are assignments on a scope".
 */
export const roleAssignments = pgTable(
	'role_assignments',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role').notNull(),
		scopeType: text('scope_type').notNull(),
		scopeId: text('scope_id').notNull().default(''),
		grantedBy: text('granted_by'),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('role_assignments_unique').on(t.userId, t.role, t.scopeType, t.scopeId),
		index('role_assignments_scope_idx').on(t.scopeType, t.scopeId),
		index('role_assignments_instance_idx')
			.on(t.role)
			.where(sql`${t.scopeType} = 'instance'`)
	]
);
