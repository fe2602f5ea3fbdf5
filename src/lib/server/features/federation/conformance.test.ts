/**
 * Real Mastodon output (shared fixtures) read with Fedify's vocabulary, offline: what our inbox
 * will see from the most common server.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Follow, Person, Undo } from '@fedify/fedify/vocab';
import { offlineDocumentLoader } from './testing.ts';

const MASTODON = resolve(process.cwd(), '../shared/fixtures/activitypub/mastodon');
const fixture = (name: string): unknown => JSON.parse(readFileSync(resolve(MASTODON, name), 'utf8'));
const offline = { documentLoader: offlineDocumentLoader, contextLoader: offlineDocumentLoader };

describe('Mastodon fixtures', () => {
	it('reads a Mastodon Person with its public key, endpoints and images', async () => {
		const person = await Person.fromJsonLd(fixture('mastodon-actor.json'), offline);
		expect(person.id?.href).toBe('https://framapiaf.org/users/peertube');
		expect(person.preferredUsername?.toString()).toBe('peertube');
		expect(person.name?.toString()).toBe('PeerTube');
		expect(person.summary?.toString()).toContain('PeerTube Software Official Account');
		expect(person.url).toBeInstanceOf(URL);
		expect((person.url as URL).href).toBe('https://framapiaf.org/@peertube');
		expect(person.inboxId?.href).toBe('https://framapiaf.org/users/peertube/inbox');
		expect(person.outboxId?.href).toBe('https://framapiaf.org/users/peertube/outbox');
		expect(person.followersId?.href).toBe('https://framapiaf.org/users/peertube/followers');
		expect(person.endpoints?.sharedInbox?.href).toBe('https://framapiaf.org/inbox');
		expect(person.manuallyApprovesFollowers).toBe(false);

		const key = await person.getPublicKey(offline);
		expect(key?.id?.href).toBe('https://framapiaf.org/users/peertube#main-key');
		expect(key?.ownerId?.href).toBe('https://framapiaf.org/users/peertube');
		expect(key?.publicKey?.algorithm.name).toBe('RSASSA-PKCS1-v1_5');

		const icon = await person.getIcon(offline);
		expect(icon?.mediaType).toBe('image/png');
		expect((icon?.url as URL | undefined)?.href).toMatch(/\/avatars\/.+\.png$/);
	});

	it('reads a Mastodon Follow', async () => {
		const follow = await Follow.fromJsonLd(fixture('mastodon-follow-activity.json'), offline);
		expect(follow.id?.href).toBe('https://social.tcit.fr/users/tcit#follows/2');
		expect(follow.actorId?.href).toBe('https://social.tcit.fr/users/tcit');
		expect(follow.objectId?.href).toBe('http://localtesting.pleroma.lol/users/lain');
	});

	it('reads a Mastodon Undo of a Follow with the Follow embedded', async () => {
		const undo = await Undo.fromJsonLd(fixture('mastodon-unfollow-activity.json'), offline);
		const object = await undo.getObject(offline);
		expect(object).toBeInstanceOf(Follow);
		expect(undo.actorId?.href).toBe((object as Follow).actorId?.href);
	});

	it('never fetches: the offline loader refuses unknown documents', async () => {
		await expect(offlineDocumentLoader('https://example.com/context.jsonld')).rejects.toThrow(/refusing/);
	});
});
