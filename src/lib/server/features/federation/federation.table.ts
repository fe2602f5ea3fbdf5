/**
 * Federation state that every app process must share: the actors' signing keys, Fedify's
 * key–value cache (remote documents, key caches, idempotence markers) and remote followers.
 */
import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from '../accounts/accounts.table.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const ACTOR_KEY_TYPES = ['RSASSA-PKCS1-v1_5', 'Ed25519'] as const;
export type ActorKeyType = (typeof ACTOR_KEY_TYPES)[number];

/**
 * One key pair per person and type, generated on first use. RSA signs HTTP requests for
 * Mastodon and friends (draft-cavage / RFC 9421); Ed25519 signs Object Integrity Proofs (FEP-8b32).
 */
export const actorKeys = pgTable(
	'actor_keys',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		type: text('type', { enum: ACTOR_KEY_TYPES }).notNull(),
		privateKey: jsonb('private_key').$type<JsonWebKey>().notNull(),
		publicKey: jsonb('public_key').$type<JsonWebKey>().notNull(),
		createdAt: ts('created_at').notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.userId, t.type] })]
);

/**
 * Backs Fedify's KvStore. The key is Fedify's key array as text[]; expired rows are ignored on
 * read and removed by `pruneFederationKv`.
 */
export const federationKv = pgTable(
	'federation_kv',
	{
		key: text('key').array().primaryKey(),
		value: jsonb('value').notNull(),
		expiresAt: ts('expires_at'),
		updatedAt: ts('updated_at').notNull().defaultNow()
	},
	(t) => [
		index('federation_kv_expires_idx')
			.on(t.expiresAt)
			.where(sql`${t.expiresAt} is not null`)
	]
);

/** Remote actors following a local person: who they are and where to deliver to them. */
export const federationFollowers = pgTable(
	'federation_followers',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** The follower's actor id (IRI). */
		actorId: text('actor_id').notNull(),
		inbox: text('inbox').notNull(),
		sharedInbox: text('shared_inbox'),
		/** The Follow activity's id, so an Undo can be matched to it. */
		followId: text('follow_id'),
		createdAt: ts('created_at').notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.userId, t.actorId] }), index('federation_followers_actor_idx').on(t.actorId)]
);

export type ActorKeyRow = typeof actorKeys.$inferSelect;
export type FederationFollowerRow = typeof federationFollowers.$inferSelect;
