import { createPublicKey, createPrivateKey, sign, verify, type JsonWebKey as NodeJsonWebKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { Person } from '@fedify/fedify/vocab';
import { createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { users } from '../accounts/accounts.table.ts';
import { actorKeys } from './federation.table.ts';
import { federationHandle, mayBeFederation } from './handle.ts';
import { offlineDocumentLoader } from './testing.ts';

let t: TestApp;
let camilleId: string;
beforeAll(async () => {
	t = await createTestApp();
	const camille = await createUser(t.app, { handle: 'camille', name: 'Camille Martin' });
	camilleId = camille.id;
	await t.app.db
		.update(users)
		.set({ bio: 'Formatrice <b>libre</b> & curieuse.\nLyon', avatarKey: 'abc123' })
		.where(eq(users.id, camille.id));
});
afterAll(() => t?.close());

const AP = 'application/activity+json';

interface ActorJson {
	[key: string]: unknown;
	id: string;
	publicKey: { id: string; owner: string; publicKeyPem: string };
	assertionMethod: { type: string; controller: string; publicKeyMultibase: string }[];
	endpoints: { sharedInbox: string };
}
const NOT_FEDIFY = new Response('the SvelteKit page', { status: 404, headers: { 'x-fallback': '1' } });

/** A request through the app's federation, as the hook makes it; `fallback` stands for SvelteKit. */
async function get(path: string, accept = AP) {
	const fallback = vi.fn(async () => NOT_FEDIFY.clone());
	const response = await t.app.federation.fetch(
		new Request(new URL(path, 'http://localhost:3000'), { headers: { accept } }),
		fallback
	);
	return { response, fellThrough: fallback.mock.calls.length > 0 };
}

async function person(handle = 'camille') {
	const { response } = await get(`/@${handle}`);
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toContain('application/activity+json');
	return (await response.json()) as ActorJson;
}

describe('WebFinger', () => {
	it('maps acct:handle@host to the actor, case-insensitively', async () => {
		for (const resource of ['acct:camille@localhost:3000', 'acct:Camille@localhost:3000']) {
			const { response } = await get(`/.well-known/webfinger?resource=${encodeURIComponent(resource)}`, '*/*');
			expect(response.status).toBe(200);
			expect(response.headers.get('content-type')).toContain('application/jrd+json');
			const jrd = (await response.json()) as {
				subject: string;
				links: { rel: string; type?: string; href?: string }[];
			};
			expect(jrd.subject).toBe(resource); // Fedify echoes the resource; the link is canonical
			expect(jrd.links).toContainEqual(
				expect.objectContaining({ rel: 'self', type: AP, href: 'http://localhost:3000/@camille' })
			);
		}
	});

	it('does not know unknown people', async () => {
		const { response, fellThrough } = await get(
			`/.well-known/webfinger?resource=${encodeURIComponent('acct:nobody@localhost:3000')}`,
			'*/*'
		);
		expect(response.status).toBe(404);
		expect(fellThrough).toBe(true);
	});
});

describe('Person actor', () => {
	it('has the stable id, inboxes, collections and profile', async () => {
		const json = await person();
		expect(json.id).toBe('http://localhost:3000/@camille');
		expect(json.type).toBe('Person');
		expect(json.preferredUsername).toBe('camille');
		expect(json.name).toBe('Camille Martin');
		expect(json.url).toBe('http://localhost:3000/@camille');
		expect(json.inbox).toBe('http://localhost:3000/@camille/inbox');
		expect(json.outbox).toBe('http://localhost:3000/@camille/outbox');
		expect(json.followers).toBe('http://localhost:3000/@camille/followers');
		expect(json.endpoints.sharedInbox).toBe('http://localhost:3000/inbox');
		expect(json.summary).toBe('<p>Formatrice &lt;b&gt;libre&lt;/b&gt; &amp; curieuse.<br>Lyon</p>');
		expect(json.icon).toMatchObject({ type: 'Image', url: 'http://localhost:3000/avatars/abc123.webp' });
	});

	it('finds /@Camille too, with the canonical lower-case id', async () => {
		expect((await person('Camille')).id).toBe('http://localhost:3000/@camille');
	});

	it('publishes an RSA key and an Ed25519 Multikey that verify our signatures', async () => {
		const json = await person();
		expect(json.publicKey.id).toBe('http://localhost:3000/@camille#main-key');
		expect(json.publicKey.owner).toBe('http://localhost:3000/@camille');
		expect(json.publicKey.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
		const methods = json.assertionMethod;
		expect(methods).toHaveLength(2);
		expect(methods[1]).toMatchObject({ type: 'Multikey', controller: 'http://localhost:3000/@camille' });
		expect(methods[1].publicKeyMultibase).toMatch(/^z6Mk/); // multicodec ed25519-pub

		const rows = await t.app.db.select().from(actorKeys).where(eq(actorKeys.userId, camilleId));
		expect(rows.map((r) => r.type).sort()).toEqual(['Ed25519', 'RSASSA-PKCS1-v1_5']);
		const rsa = rows.find((r) => r.type === 'RSASSA-PKCS1-v1_5')!;
		const data = Buffer.from('essaim');
		const signature = sign('sha256', data, createPrivateKey({ key: rsa.privateKey as NodeJsonWebKey, format: 'jwk' }));
		expect(verify('sha256', data, createPublicKey(json.publicKey.publicKeyPem), signature)).toBe(true);

		// And Fedify reads its own output back.
		const parsed = await Person.fromJsonLd(json, {
			documentLoader: offlineDocumentLoader,
			contextLoader: offlineDocumentLoader
		});
		expect(parsed.id?.href).toBe('http://localhost:3000/@camille');
		expect(
			(await parsed.getPublicKey({ documentLoader: offlineDocumentLoader, contextLoader: offlineDocumentLoader }))?.id
				?.href
		).toBe('http://localhost:3000/@camille#main-key');
	});

	it('keeps the same keys from one request to the next', async () => {
		const first = await person();
		const second = await person();
		expect(second.publicKey.publicKeyPem).toBe(first.publicKey.publicKeyPem);
		expect(second.assertionMethod).toEqual(first.assertionMethod);
		const rows = await t.app.db.select().from(actorKeys).where(eq(actorKeys.userId, camilleId));
		expect(rows).toHaveLength(2);
	});

	it('falls through for unknown handles, so the page answers 404', async () => {
		const { response, fellThrough } = await get('/@nobody');
		expect(fellThrough).toBe(true);
		expect(response.status).toBe(404);
	});

	it('falls through for HTML, so the profile page is served', async () => {
		const { response, fellThrough } = await get('/@camille', 'text/html,application/xhtml+xml');
		expect(fellThrough).toBe(true);
		expect(response.headers.get('x-fallback')).toBe('1');
	});

	it('hides suspended people and answers 410 with a Tombstone for deleted ones', async () => {
		const suspended = await createUser(t.app, { handle: 'suspendu' });
		await t.app.db.update(users).set({ suspendedAt: new Date() }).where(eq(users.id, suspended.id));
		expect((await get('/@suspendu')).fellThrough).toBe(true);

		const gone = await createUser(t.app, { handle: 'parti' });
		await t.app.db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, gone.id));
		const { response } = await get('/@parti');
		expect(response.status).toBe(410);
		expect(await response.json()).toMatchObject({ type: 'Tombstone', id: 'http://localhost:3000/@parti' });
	});

	it('serves empty outbox and followers collections', async () => {
		const outbox = (await (await get('/@camille/outbox')).response.json()) as Record<string, unknown>;
		expect(outbox).toMatchObject({ type: 'OrderedCollection', totalItems: 0 });
		const followers = (await (await get('/@camille/followers')).response.json()) as Record<string, unknown>;
		expect(followers).toMatchObject({ id: 'http://localhost:3000/@camille/followers', totalItems: 0 });
	});
});

describe('NodeInfo', () => {
	it('is linked from /.well-known/nodeinfo and reports software and users', async () => {
		const links = (await (await get('/.well-known/nodeinfo', 'application/json')).response.json()) as {
			links: { rel: string; href: string }[];
		};
		expect(links.links).toContainEqual(
			expect.objectContaining({
				rel: 'http://nodeinfo.diaspora.software/ns/schema/2.1',
				href: 'http://localhost:3000/nodeinfo/2.1'
			})
		);
		const { response } = await get('/nodeinfo/2.1', 'application/json');
		const info = (await response.json()) as {
			version: string;
			software: unknown;
			protocols: string[];
			openRegistrations: boolean;
			usage: { users: { total: number } };
		};
		const [row] = await t.app.db
			.execute<{ n: number }>(
				sql`select count(*)::int as n from users where deleted_at is null and suspended_at is null`
			)
			.then((r) => (Array.isArray(r) ? r : (r as unknown as { rows: { n: number }[] }).rows));
		expect(info.version).toBe('2.1');
		expect(info.software).toMatchObject({ name: 'essaim', version: '0.1.0' });
		expect(info.protocols).toEqual(['activitypub']);
		expect(info.openRegistrations).toBe(true);
		expect(info.usage.users.total).toBe(row!.n);
		expect(info.usage.users.total).toBeGreaterThanOrEqual(1);
	});
});

describe('the request hook', () => {
	const req = (method: string, accept: string) =>
		new Request('http://localhost:3000/', { method, headers: { accept } });
	it('sends only possible federation requests to Fedify', () => {
		const html = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';
		expect(mayBeFederation(req('GET', html), '/')).toBe(false);
		expect(mayBeFederation(req('GET', html), '/courses/intro')).toBe(false);
		expect(mayBeFederation(req('GET', html), '/@camille')).toBe(false);
		expect(mayBeFederation(req('GET', AP), '/@camille')).toBe(true);
		expect(
			mayBeFederation(
				req('GET', 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"'),
				'/@camille/outbox'
			)
		).toBe(true);
		expect(mayBeFederation(req('POST', 'application/activity+json'), '/@camille/inbox')).toBe(true);
		expect(mayBeFederation(req('POST', '*/*'), '/@camille/settings')).toBe(false);
		expect(mayBeFederation(req('GET', html), '/.well-known/webfinger')).toBe(true);
		expect(mayBeFederation(req('GET', html), '/nodeinfo/2.1')).toBe(true);
		expect(mayBeFederation(req('POST', '*/*'), '/inbox')).toBe(true);
	});

	it('serves the Person or resolves the page, and marks /@ responses as varying on Accept', async () => {
		const run = async (path: string, accept: string) => {
			const url = new URL(path, 'http://localhost:3000');
			const resolve = vi.fn(
				async () => new Response('<html>page</html>', { headers: { 'content-type': 'text/html' } })
			);
			const event = { url, request: new Request(url, { headers: { accept } }), locals: { app: t.app } };
			const response = await federationHandle({ event, resolve } as unknown as Parameters<typeof federationHandle>[0]);
			return { response, resolved: resolve.mock.calls.length };
		};
		const page = await run('/@camille', 'text/html');
		expect(page.resolved).toBe(1);
		expect(page.response.headers.get('vary')).toBe('Accept');
		const actor = await run('/@camille', AP);
		expect(actor.resolved).toBe(0);
		expect(((await actor.response.json()) as ActorJson).id).toBe('http://localhost:3000/@camille');
		const other = await run('/courses', AP);
		expect(other.resolved).toBe(1);
		expect(other.response.headers.get('vary')).toBeNull();
	});
});
