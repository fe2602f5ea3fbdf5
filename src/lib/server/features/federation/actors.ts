/**
 * People as ActivityPub `Person` actors at `/@{handle}`: the same URL as their profile page,
 * and their id forever. Content negotiation decides between this JSON-LD and the HTML page.
 */
import { sql } from 'drizzle-orm';
import type { Federation, RequestContext } from '@fedify/fedify';
import { Endpoints, Image, Person, Tombstone } from '@fedify/fedify/vocab';
import type { DbLike } from '../../db/client.ts';
import { users, type UserRow } from '../accounts/accounts.table.ts';
import { countFollowers, listFollowers } from './followers.ts';
import { actorKeyPairs } from './keys.ts';
import type { ContextData } from './federation.ts';

export const ACTOR_PATH = '/@{identifier}';
const HANDLE_RE = /^[a-z0-9_]{3,30}$/;

type ActorUser = Pick<
	UserRow,
	'id' | 'handle' | 'name' | 'bio' | 'avatarKey' | 'createdAt' | 'suspendedAt' | 'deletedAt'
>;

/** Handles are stored lower-case; `/@Camille` and `acct:Camille@host` find the same person. */
export async function findActorUser(db: DbLike, identifier: string): Promise<ActorUser | undefined> {
	const handle = identifier.toLowerCase();
	if (!HANDLE_RE.test(handle)) return undefined;
	const [row] = await db
		.select({
			id: users.id,
			handle: users.handle,
			name: users.name,
			bio: users.bio,
			avatarKey: users.avatarKey,
			createdAt: users.createdAt,
			suspendedAt: users.suspendedAt,
			deletedAt: users.deletedAt
		})
		.from(users)
		.where(sql`lower(${users.handle}) = ${handle}`);
	return row;
}

const escapeHtml = (s: string) =>
	s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The bio is plain text: escaped, paragraphs and line breaks kept, as Mastodon shows `summary`. */
export function bioToHtml(bio: string): string | null {
	const paragraphs = bio
		.trim()
		.split(/\n\s*\n/)
		.filter((p) => p.trim() !== '');
	if (paragraphs.length === 0) return null;
	return paragraphs.map((p) => `<p>${escapeHtml(p.trim()).replace(/\n/g, '<br>')}</p>`).join('');
}

export async function toPerson(ctx: RequestContext<ContextData>, user: ActorUser): Promise<Person> {
	const handle = user.handle;
	const keys = await ctx.getActorKeyPairs(handle);
	return new Person({
		id: ctx.getActorUri(handle),
		preferredUsername: handle,
		name: user.name,
		summary: bioToHtml(user.bio),
		url: ctx.getActorUri(handle),
		icon: user.avatarKey
			? new Image({ url: new URL(`/avatars/${user.avatarKey}.webp`, ctx.origin), mediaType: 'image/webp' })
			: null,
		inbox: ctx.getInboxUri(handle),
		endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
		outbox: ctx.getOutboxUri(handle),
		followers: ctx.getFollowersUri(handle),
		manuallyApprovesFollowers: false,
		publicKey: keys[0]?.cryptographicKey,
		assertionMethods: keys.map((k) => k.multikey)
	});
}

/** Actor, keys and WebFinger mapping for people. */
export function registerActors(federation: Federation<ContextData>) {
	federation
		.setActorDispatcher(ACTOR_PATH, async (ctx, identifier) => {
			const user = await findActorUser(ctx.data.db, identifier);
			if (!user || user.suspendedAt) return null;
			// The id stays reserved: a deleted person answers 410 Gone with a Tombstone.
			if (user.deletedAt) return new Tombstone({ id: ctx.getActorUri(user.handle) });
			return toPerson(ctx, user);
		})
		.setKeyPairsDispatcher(async (ctx, identifier) => {
			const user = await findActorUser(ctx.data.db, identifier);
			if (!user || user.deletedAt) return [];
			return actorKeyPairs(ctx.data.db, user.id);
		})
		.mapHandle(async (ctx, username) => {
			const user = await findActorUser(ctx.data.db, username);
			return user && !user.suspendedAt && !user.deletedAt ? user.handle : null;
		});
}

/** Outbox (empty until people publish federated content) and followers. */
export function registerCollections(federation: Federation<ContextData>) {
	federation
		.setOutboxDispatcher('/@{identifier}/outbox', async (ctx, identifier) => {
			const user = await findActorUser(ctx.data.db, identifier);
			return user && !user.suspendedAt && !user.deletedAt ? { items: [] } : null;
		})
		.setCounter(() => 0);
	federation
		.setFollowersDispatcher('/@{identifier}/followers', async (ctx, identifier) => {
			const user = await findActorUser(ctx.data.db, identifier);
			if (!user || user.suspendedAt || user.deletedAt) return null;
			return { items: await listFollowers(ctx.data.db, user.id) };
		})
		.setCounter(async (ctx, identifier) => {
			const user = await findActorUser(ctx.data.db, identifier);
			return user ? countFollowers(ctx.data.db, user.id) : null;
		});
}
