/** Remote followers of local people: just enough to deliver to them and to answer Undo. */
import { and, count, eq } from 'drizzle-orm';
import type { Recipient } from '@fedify/fedify/vocab';
import type { DbLike } from '../../db/client.ts';
import { federationFollowers } from './federation.table.ts';

export interface NewFollower {
	userId: string;
	actorId: string;
	inbox: string;
	sharedInbox: string | null;
	followId: string | null;
}

/** Following twice is following once; the latest Follow id and inboxes win. */
export async function addFollower(db: DbLike, f: NewFollower) {
	await db
		.insert(federationFollowers)
		.values(f)
		.onConflictDoUpdate({
			target: [federationFollowers.userId, federationFollowers.actorId],
			set: { inbox: f.inbox, sharedInbox: f.sharedInbox, followId: f.followId }
		});
}

export async function removeFollower(db: DbLike, userId: string, actorId: string) {
	const gone = await db
		.delete(federationFollowers)
		.where(and(eq(federationFollowers.userId, userId), eq(federationFollowers.actorId, actorId)))
		.returning({ actorId: federationFollowers.actorId });
	return gone.length > 0;
}

export async function listFollowers(db: DbLike, userId: string): Promise<Recipient[]> {
	const rows = await db
		.select()
		.from(federationFollowers)
		.where(eq(federationFollowers.userId, userId))
		.orderBy(federationFollowers.createdAt);
	return rows.map((r) => ({
		id: new URL(r.actorId),
		inboxId: new URL(r.inbox),
		endpoints: r.sharedInbox ? { sharedInbox: new URL(r.sharedInbox) } : null
	}));
}

export async function countFollowers(db: DbLike, userId: string): Promise<number> {
	const [row] = await db.select({ n: count() }).from(federationFollowers).where(eq(federationFollowers.userId, userId));
	return row?.n ?? 0;
}
