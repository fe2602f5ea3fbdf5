/**
 * Two servers, no network: a remote Fedify server at http://remote.test follows a local person.
 * `fetch` is replaced by a router between the two, so signatures, key fetching, the queue and
 * the Accept delivery all run for real.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFederation, generateCryptoKeyPair, MemoryKvStore, type Federation } from '@fedify/fedify';
import { Accept, Endpoints, Follow, Like, Person, Undo, type Activity } from '@fedify/fedify/vocab';
import { createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { createEssaimFederation, type EssaimFederation } from './federation.ts';
import { federationFollowers } from './federation.table.ts';

let t: TestApp;
let local: EssaimFederation;
let remote: Federation<void>;
const received: Activity[] = [];
const LOCAL_ACTOR = new URL('http://localhost:3000/@camille');

function remoteServer() {
	const federation = createFederation<void>({
		kv: new MemoryKvStore(),
		origin: 'http://remote.test',
		allowPrivateAddress: true
	});
	const keys = Promise.all([generateCryptoKeyPair('RSASSA-PKCS1-v1_5'), generateCryptoKeyPair('Ed25519')]);
	federation
		.setActorDispatcher('/users/{identifier}', async (ctx, identifier) => {
			if (identifier !== 'alice') return null;
			const pairs = await ctx.getActorKeyPairs(identifier);
			return new Person({
				id: ctx.getActorUri(identifier),
				preferredUsername: identifier,
				inbox: ctx.getInboxUri(identifier),
				endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
				publicKey: pairs[0]!.cryptographicKey,
				assertionMethods: pairs.map((p) => p.multikey)
			});
		})
		.setKeyPairsDispatcher(async (_ctx, identifier) => (identifier === 'alice' ? keys : []));
	federation
		.setInboxListeners('/users/{identifier}/inbox', '/inbox')
		.on(Accept, (_ctx, accept) => void received.push(accept));
	return federation;
}

/** Runs the local job queue until Fedify has nothing left to do (inbox, fan-out, delivery). */
async function drain() {
	while ((await t.app.jobs.runDue()) > 0);
}

beforeAll(async () => {
	t = await createTestApp();
	await createUser(t.app, { handle: 'camille' });
	// The app's own federation refuses private addresses; this one, on the same database and job
	// runner (it takes over the queue's job kind), may talk to the in-memory remote server.
	local = createEssaimFederation({
		db: t.app.db,
		jobs: t.app.jobs,
		publicUrl: t.config.publicUrl,
		instanceName: 'Test',
		allowPrivateAddress: true
	});
	remote = remoteServer();
	vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
		const request = new Request(input, init);
		const host = new URL(request.url).host;
		if (host === 'localhost:3000') return local.fetch(request, async () => new Response('not found', { status: 404 }));
		if (host === 'remote.test') return remote.fetch(request, { contextData: undefined });
		throw new Error(`test network: no route to ${request.url}`);
	});
});
afterAll(async () => {
	vi.unstubAllGlobals();
	local?.close();
	await t?.close();
});

const remoteContext = () => remote.createContext(new URL('http://remote.test/'), undefined);
const camille = { id: LOCAL_ACTOR, inboxId: new URL('http://localhost:3000/@camille/inbox') };
const followers = () => t.app.db.select().from(federationFollowers);

describe('inbox', () => {
	const followId = new URL('http://remote.test/users/alice#follows/1');
	const follow = () =>
		new Follow({ id: followId, actor: new URL('http://remote.test/users/alice'), object: LOCAL_ACTOR });

	it('accepts a Follow: stores the follower and delivers an Accept signed by the local person', async () => {
		await remoteContext().sendActivity({ identifier: 'alice' }, camille, follow());
		await drain();

		const rows = await followers();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			actorId: 'http://remote.test/users/alice',
			inbox: 'http://remote.test/users/alice/inbox',
			sharedInbox: 'http://remote.test/inbox',
			followId: followId.href
		});
		expect(received).toHaveLength(1);
		expect(received[0]!.actorId?.href).toBe(LOCAL_ACTOR.href);
		expect(received[0]!.objectId?.href).toBe(followId.href);

		const collection = await local.fetch(
			new Request('http://localhost:3000/@camille/followers', { headers: { accept: 'application/activity+json' } }),
			async () => new Response(null, { status: 404 })
		);
		expect(await collection.json()).toMatchObject({ totalItems: 1 });
	});

	it('forgets the follower on Undo(Follow)', async () => {
		const ctx = remoteContext();
		await ctx.sendActivity(
			{ identifier: 'alice' },
			camille,
			new Undo({
				id: new URL('http://remote.test/users/alice#undo/1'),
				actor: ctx.getActorUri('alice'),
				object: follow()
			})
		);
		await drain();
		expect(await followers()).toHaveLength(0);
	});

	it('ignores activities it does not handle yet, and Follows of unknown people', async () => {
		const ctx = remoteContext();
		const alice = ctx.getActorUri('alice');
		await ctx.sendActivity(
			{ identifier: 'alice' },
			camille,
			new Like({ id: new URL('http://remote.test/users/alice#likes/1'), actor: alice, object: LOCAL_ACTOR })
		);
		await ctx.sendActivity(
			{ identifier: 'alice' },
			{ id: new URL('http://localhost:3000/@nobody'), inboxId: new URL('http://localhost:3000/inbox') },
			new Follow({
				id: new URL('http://remote.test/users/alice#follows/2'),
				actor: alice,
				object: new URL('http://localhost:3000/@nobody')
			})
		);
		const before = received.length;
		await drain();
		expect(await followers()).toHaveLength(0);
		expect(received).toHaveLength(before);
	});
});
