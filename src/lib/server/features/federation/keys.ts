/**
 * Each person's signing keys, generated lazily the first time their actor is served or signs
 * something, then kept in `actor_keys` forever (remote servers cache them by key id).
 */
import { eq } from 'drizzle-orm';
import { exportJwk, generateCryptoKeyPair, importJwk } from '@fedify/fedify';
import type { DbLike } from '../../db/client.ts';
import { ACTOR_KEY_TYPES, actorKeys, type ActorKeyType } from './federation.table.ts';

/** The person's key pairs, RSA first (Fedify uses the first RSA key for `publicKey`). */
export async function actorKeyPairs(db: DbLike, userId: string): Promise<CryptoKeyPair[]> {
	let rows = await db.select().from(actorKeys).where(eq(actorKeys.userId, userId));
	const missing = ACTOR_KEY_TYPES.filter((type) => !rows.some((r) => r.type === type));
	if (missing.length > 0) {
		for (const type of missing) await createKeyPair(db, userId, type);
		// Two processes may have raced: whichever insert won is the key, so read back.
		rows = await db.select().from(actorKeys).where(eq(actorKeys.userId, userId));
	}
	return Promise.all(
		ACTOR_KEY_TYPES.flatMap((type) => rows.filter((r) => r.type === type)).map(async (r) => ({
			privateKey: await importJwk(r.privateKey, 'private'),
			publicKey: await importJwk(r.publicKey, 'public')
		}))
	);
}

async function createKeyPair(db: DbLike, userId: string, type: ActorKeyType) {
	const { privateKey, publicKey } = await generateCryptoKeyPair(type);
	await db
		.insert(actorKeys)
		.values({ userId, type, privateKey: await exportJwk(privateKey), publicKey: await exportJwk(publicKey) })
		.onConflictDoNothing({ target: [actorKeys.userId, actorKeys.type] });
}
