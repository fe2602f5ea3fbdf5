/** NodeInfo 2.1 at /nodeinfo/2.1 (linked from /.well-known/nodeinfo by Fedify). */
import { and, count, isNull } from 'drizzle-orm';
import type { Federation } from '@fedify/fedify';
import { users } from '../accounts/accounts.table.ts';
import type { ContextData } from './federation.ts';

/** Kept in step with package.json by hand; NodeInfo wants a semantic version. */
export const SOFTWARE_VERSION = '0.1.0';

export function registerNodeInfo(federation: Federation<ContextData>) {
	federation.setNodeInfoDispatcher('/nodeinfo/2.1', async (ctx) => {
		const [row] = await ctx.data.db
			.select({ n: count() })
			.from(users)
			.where(and(isNull(users.deletedAt), isNull(users.suspendedAt)));
		return {
			software: { name: 'essaim', version: SOFTWARE_VERSION },
			protocols: ['activitypub'],
			openRegistrations: true,
			usage: { users: { total: row?.n ?? 0 }, localPosts: 0, localComments: 0 },
			metadata: { nodeName: ctx.data.instanceName }
		};
	});
}
