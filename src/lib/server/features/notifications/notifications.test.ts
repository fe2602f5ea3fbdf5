import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { jobs } from '../platform/platform.table.ts';
import { users } from '../accounts/accounts.table.ts';
import {
	listNotifications,
	markAllRead,
	markRead,
	notify,
	preferencesOf,
	setPreference,
	unreadCount
} from './notifications.service.ts';
import { readUnsubscribeToken, sendDigests, unsubscribeToken } from './notifications.mail.ts';
import { notifications } from './notifications.table.ts';
import { isOneClickUnsubscribe } from './one-click.ts';

let t: TestApp;
let alice: Awaited<ReturnType<typeof createUser>>;
let bob: Awaited<ReturnType<typeof createUser>>;
let carol: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
	t = await createTestApp();
	alice = await createUser(t.app, { name: 'Alice', locale: 'fr' });
	bob = await createUser(t.app, { name: 'Bob', locale: 'en' });
	carol = await createUser(t.app, { name: 'Carol' });
	await t.app.jobs.runDue(100);
});
afterAll(() => t.close());
beforeEach(async () => {
	await t.app.db.delete(notifications);
	await t.app.db.delete(jobs);
	t.mails.length = 0;
});

const reply = (userIds: string[], actorId?: string) =>
	notify(t.app, {
		userIds,
		kind: 'forum.reply',
		actorId,
		title: { key: 'community.notice.groupJoined', params: { name: 'Dana', group: 'Jardins' } },
		url: '/courses/x'
	});

describe('notify', () => {
	it('writes a row per person, never for the actor, and one mail job per immediate notification', async () => {
		const ids = await reply([alice.id, bob.id, bob.id, carol.id], carol.id);
		expect(ids).toHaveLength(2);
		const rows = await t.app.db.select().from(notifications);
		expect(rows.map((r) => r.userId).sort()).toEqual([alice.id, bob.id].sort());
		expect(rows.every((r) => r.delivery === 'email')).toBe(true);
		const queued = await t.app.db.select().from(jobs).where(eq(jobs.kind, 'notifications.email'));
		expect(queued).toHaveLength(2);
		expect(t.mails).toHaveLength(0); // never inline
	});

	it('sends immediate mail from the job, in the reader’s language, with one-click unsubscribe headers', async () => {
		await reply([alice.id, bob.id]);
		await t.app.jobs.runDue(100);
		expect(t.mails).toHaveLength(2);
		const toBob = t.mails.find((m) => m.to === bob.email)!;
		expect(toBob.subject).toContain('Dana joined the group “Jardins”');
		expect(toBob.text).toContain('http://localhost:3000/courses/x');
		expect(toBob.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
		expect(toBob.headers?.['List-Unsubscribe']).toMatch(
			/^<http:\/\/localhost:3000\/notifications\/unsubscribe\?token=/
		);
		const toAlice = t.mails.find((m) => m.to === alice.email)!;
		expect(toAlice.subject).toContain('Dana a rejoint le groupe « Jardins »');
		const rows = await t.app.db.select().from(notifications);
		expect(rows.every((r) => r.emailedAt)).toBe(true);
		// Running again sends nothing more.
		await t.app.jobs.runDue(100);
		expect(t.mails).toHaveLength(2);
	});

	it('follows preferences: none writes nothing, app writes without mail, digest waits for the digest', async () => {
		await setPreference(t.app.db, alice.id, 'forum.reply', 'none');
		await setPreference(t.app.db, bob.id, 'forum.reply', 'app');
		await setPreference(t.app.db, carol.id, 'forum.reply', 'digest');
		await reply([alice.id, bob.id, carol.id]);
		const rows = await t.app.db.select().from(notifications);
		expect(rows.map((r) => [r.userId, r.delivery]).sort()).toEqual(
			[
				[bob.id, 'app'],
				[carol.id, 'digest']
			].sort()
		);
		await t.app.jobs.runDue(100);
		expect(t.mails).toHaveLength(0);
		for (const u of [alice, bob, carol]) await setPreference(t.app.db, u.id, 'forum.reply', 'email');
	});

	it('defaults: mail at once for replies and mentions, digest for the rest', async () => {
		const prefs = await preferencesOf(t.app.db, carol.id);
		expect(prefs['forum.mention']).toBe('email');
		expect(prefs['wiki.lessonChanged']).toBe('digest');
		expect(prefs['group.joined']).toBe('digest');
	});

	it('refuses a url to another host', async () => {
		await expect(
			notify(t.app, {
				userIds: [alice.id],
				kind: 'group.joined',
				title: { key: 'community.title' },
				url: '//evil.example'
			})
		).rejects.toThrow();
	});
});

describe('digest', () => {
	it('gathers each person’s unsent digest notifications into one mail, once', async () => {
		const digest = (userIds: string[], group: string) =>
			notify(t.app, {
				userIds,
				kind: 'group.joined',
				title: { key: 'community.notice.groupJoined', params: { name: 'Eve', group } },
				url: `/g/${group}`
			});
		await digest([alice.id, bob.id], 'Un');
		await digest([alice.id], 'Deux');
		await t.app.db.update(users).set({ emailVerified: false }).where(eq(users.id, carol.id));
		await digest([carol.id], 'Trois');
		expect(await sendDigests(t.app)).toBe(2);
		await t.app.jobs.runDue(100);
		expect(t.mails).toHaveLength(2);
		const toAlice = t.mails.find((m) => m.to === alice.email)!;
		expect(toAlice.subject).toContain('2 notifications');
		expect(toAlice.text).toContain('« Un »');
		expect(toAlice.text).toContain('« Deux »');
		expect(toAlice.text).toContain('/account/notifications');
		expect(decodeURIComponent(toAlice.headers?.['List-Unsubscribe'] ?? '')).toContain('~digest~');
		expect(toAlice.text).toContain('Ne plus recevoir de courriel pour « Résumé quotidien »');
		expect(t.mails.find((m) => m.to === bob.email)!.subject).toContain('1 notification on');
		expect(await sendDigests(t.app)).toBe(0);
		await t.app.db.update(users).set({ emailVerified: true }).where(eq(users.id, carol.id));
	});

	it('is scheduled once a day through the job queue', async () => {
		await t.app.jobs.enqueueScheduled(Date.UTC(2026, 0, 1, 12));
		await t.app.jobs.enqueueScheduled(Date.UTC(2026, 0, 1, 18));
		const queued = await t.app.db.select().from(jobs).where(eq(jobs.kind, 'notifications.digest'));
		expect(queued).toHaveLength(1);
	});
});

describe('reader', () => {
	it('counts unread, marks one and all read, only the reader’s own, and pages', async () => {
		await reply([alice.id, bob.id]);
		await reply([alice.id]);
		expect(await unreadCount(t.app.db, alice.id)).toBe(2);
		const { items, total, pages } = await listNotifications(t.app.db, alice.id);
		expect([items.length, total, pages]).toEqual([2, 2, 1]);
		expect(await markRead(t.app.db, bob.id, items[0]!.id)).toBeUndefined();
		expect(await markRead(t.app.db, alice.id, items[0]!.id)).toBe('/courses/x');
		expect(await unreadCount(t.app.db, alice.id)).toBe(1);
		await markAllRead(t.app.db, alice.id);
		expect(await unreadCount(t.app.db, alice.id)).toBe(0);
		expect(await unreadCount(t.app.db, bob.id)).toBe(1);
	});
});

describe('unsubscribe token', () => {
	const secret = 'a-secret';
	it('reads back a valid token and refuses a tampered one', () => {
		const token = unsubscribeToken(secret, 'user-1', 'forum.reply');
		expect(readUnsubscribeToken(secret, token)).toEqual({ userId: 'user-1', kind: 'forum.reply' });
		expect(readUnsubscribeToken(secret, token.replace('user-1', 'user-2'))).toBeUndefined();
		expect(readUnsubscribeToken(secret, token.replace('forum.reply', 'forum.mention'))).toBeUndefined();
		expect(readUnsubscribeToken('other-secret', token)).toBeUndefined();
		expect(readUnsubscribeToken(secret, 'garbage')).toBeUndefined();
		const digest = unsubscribeToken(secret, 'user-1', 'digest');
		expect(readUnsubscribeToken(secret, digest)).toEqual({ userId: 'user-1', kind: 'digest' });
	});
});

describe('one-click unsubscribe (RFC 8058)', () => {
	it('lets a mail server’s POST without Origin reach the unsubscribe page only', () => {
		expect(isOneClickUnsubscribe('POST', '/notifications/unsubscribe?token=x', undefined)).toBe(true);
		expect(isOneClickUnsubscribe('POST', '/notifications/unsubscribe?token=x', 'https://evil.example')).toBe(false);
		expect(isOneClickUnsubscribe('GET', '/notifications/unsubscribe?token=x', undefined)).toBe(false);
		expect(isOneClickUnsubscribe('POST', '/notifications?/readAll', undefined)).toBe(false);
		expect(isOneClickUnsubscribe('POST', '/notifications/unsubscribe/../../account', undefined)).toBe(false);
	});
});
