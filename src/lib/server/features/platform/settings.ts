import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { instanceSettings } from './platform.table.ts';

export async function getSetting(db: DbLike, key: string): Promise<string | undefined> {
	const [row] = await db.select().from(instanceSettings).where(eq(instanceSettings.key, key));
	return row?.value;
}

export async function setSetting(db: DbLike, key: string, value: string) {
	await db
		.insert(instanceSettings)
		.values({ key, value })
		.onConflictDoUpdate({ target: instanceSettings.key, set: { value, updatedAt: sql`now()` } });
}

/**
 * The secret that signs session cookies and tokens. Generated on first start and kept in the
 * database, so every app process on the same PostgreSQL shares it and restarts keep sessions.
 */
export async function ensureSecret(db: DbLike): Promise<string> {
	const fresh = randomBytes(32).toString('base64url');
	await db.insert(instanceSettings).values({ key: 'auth.secret', value: fresh }).onConflictDoNothing();
	return (await getSetting(db, 'auth.secret'))!;
}
