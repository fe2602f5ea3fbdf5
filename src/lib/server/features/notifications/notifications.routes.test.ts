import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { deleteAccount, exportUserData } from '../accounts/privacy.service.ts';
import { outcome, routeEvent } from '../community/route-harness.ts';
import { notify, preferencesOf, setPreference, unreadCount } from './notifications.service.ts';
import { unsubscribeToken } from './notifications.mail.ts';
import { notificationPreferences, notifications } from './notifications.table.ts';
import { eq } from 'drizzle-orm';
import * as centre from '../../../../routes/notifications/+page.server.ts';
import * as openOne from '../../../../routes/notifications/[id]/+server.ts';
import * as prefsPage from '../../../../routes/account/notifications/+page.server.ts';
import * as unsubscribePage from '../../../../routes/notifications/unsubscribe/+page.server.ts';

let t: TestApp;
let reader: Awaited<ReturnType<typeof createUser>>;
let other: Awaited<ReturnType<typeof createUser>>;
beforeAll(async () => {
	t = await createTestApp();
	reader = await createUser(t.app);
	other = await createUser(t.app);
});
afterAll(() => t?.close());

const send = (n: number) =>
	Promise.all(
		Array.from({ length: n }, (_, i) =>
			notify(t.app, {
				userIds: [reader.id],
				kind: 'group.joined',
				title: { key: 'community.notice.groupJoined', params: { name: `P${i}`, group: 'G' } },
				url: `/g/${i}`
			})
		)
	);

describe('notification centre', () => {
	it('sends signed-out visitors to log in', async () => {
		expect((await outcome(async () => centre.load(await routeEvent(t.app, null, '/notifications')))).location).toBe(
			'/login?redirectTo=%2Fnotifications'
		);
	});

	it('lists 20 a page in the reader’s language, marks one and all read, only one’s own', async () => {
		await send(25);
		const first = await outcome(async () => centre.load(await routeEvent(t.app, reader, '/notifications')));
		const data = first.data as { items: { id: string; title: string }[]; pages: number; page: number };
		expect([data.items.length, data.pages, data.page]).toEqual([20, 2, 1]);
		expect(data.items[0]!.title).toMatch(/a rejoint le groupe « G »/);
		const second = await outcome(async () => centre.load(await routeEvent(t.app, reader, '/notifications?page=2')));
		expect((second.data as { items: unknown[] }).items).toHaveLength(5);
		const bogus = await outcome(async () => centre.load(await routeEvent(t.app, reader, '/notifications?page=-3')));
		expect((bogus.data as { page: number }).page).toBe(1);

		const id = data.items[0]!.id;
		const read = (who: typeof reader, form: Record<string, string>) =>
			outcome(async () => centre.actions.read(await routeEvent(t.app, who, '/notifications?page=1', { form })));
		expect((await read(reader, { id: 'nope' })).status).toBe(400);
		expect((await read(other, { id })).status).toBe(404);
		expect(await read(reader, { id })).toMatchObject({ status: 303, location: '/notifications?page=1' });
		expect(await unreadCount(t.app.db, reader.id)).toBe(24);
		// Opening one marks it read and goes where it leads; someone else's is a 404.
		const next = data.items[1]!.id;
		const open = (who: typeof reader, id: string) =>
			outcome(async () => openOne.GET(await routeEvent(t.app, who, `/notifications/${id}`, { params: { id } })));
		expect((await open(other, next)).status).toBe(404);
		expect((await open(reader, 'x')).status).toBe(404);
		expect((await open(reader, next)).location).toMatch(/^\/g\/\d+$/);
		expect(await unreadCount(t.app.db, reader.id)).toBe(23);
		await outcome(async () => centre.actions.readAll(await routeEvent(t.app, reader, '/notifications', { form: {} })));
		expect(await unreadCount(t.app.db, reader.id)).toBe(0);
	});
});

describe('preferences', () => {
	it('saves a channel per kind and refuses unknown channels', async () => {
		const bad = await outcome(async () =>
			prefsPage.actions.default(
				await routeEvent(t.app, reader, '/account/notifications', {
					form: { 'forum.reply': 'pigeon', 'group.joined': 'none' }
				})
			)
		);
		expect(bad.status).toBe(400);
		expect(bad.errors?.['forum.reply']?.key).toBe('errors.invalid');
		expect((await preferencesOf(t.app.db, reader.id))['group.joined']).toBe('digest'); // nothing saved
		const ok = await outcome(async () =>
			prefsPage.actions.default(
				await routeEvent(t.app, reader, '/account/notifications', {
					form: { 'forum.reply': 'digest', 'group.joined': 'none' }
				})
			)
		);
		expect(ok.status).toBe(303);
		const prefs = await preferencesOf(t.app.db, reader.id);
		expect([prefs['forum.reply'], prefs['group.joined'], prefs['forum.mention']]).toEqual(['digest', 'none', 'email']);
	});
});

describe('unsubscribe link', () => {
	const secret = () => t.app.auth.options.secret!;
	it('sets the kind to app only without log-in; a tampered token changes nothing', async () => {
		await setPreference(t.app.db, reader.id, 'forum.mention', 'email');
		const token = unsubscribeToken(secret(), reader.id, 'forum.mention');
		const page = await outcome(async () =>
			unsubscribePage.load(
				await routeEvent(t.app, null, `/notifications/unsubscribe?token=${encodeURIComponent(token)}`)
			)
		);
		expect(page.data).toMatchObject({ kind: 'forum.mention' });
		expect((await preferencesOf(t.app.db, reader.id))['forum.mention']).toBe('email'); // reading the page changes nothing

		const tampered = token.replace(reader.id, other.id);
		const refused = await outcome(async () =>
			unsubscribePage.actions.default(
				await routeEvent(t.app, null, `/notifications/unsubscribe?token=${encodeURIComponent(tampered)}`, { form: {} })
			)
		);
		expect(refused.status).toBe(400);
		expect((await preferencesOf(t.app.db, other.id))['forum.mention']).toBe('email');

		// What a mail client sends for RFC 8058 one-click unsubscribe.
		const done = await outcome(async () =>
			unsubscribePage.actions.default(
				await routeEvent(t.app, null, `/notifications/unsubscribe?token=${encodeURIComponent(token)}`, {
					form: { 'List-Unsubscribe': 'One-Click' }
				})
			)
		);
		expect(done.data).toMatchObject({ done: true, kind: 'forum.mention' });
		expect((await preferencesOf(t.app.db, reader.id))['forum.mention']).toBe('app');

		// The digest's link: every kind sent in the digest becomes "app only"; others stay.
		await setPreference(t.app.db, other.id, 'wiki.lessonChanged', 'digest');
		const digest = unsubscribeToken(secret(), other.id, 'digest');
		await outcome(async () =>
			unsubscribePage.actions.default(
				await routeEvent(t.app, null, `/notifications/unsubscribe?token=${encodeURIComponent(digest)}`, { form: {} })
			)
		);
		const prefs = await preferencesOf(t.app.db, other.id);
		expect([prefs['wiki.lessonChanged'], prefs['terms.updated'], prefs['forum.reply']]).toEqual([
			'app',
			'app',
			'email'
		]);
	});
});

describe('privacy', () => {
	it('exports notifications, preferences and accepted terms, and erases notifications on deletion', async () => {
		const files = unzipSync(await exportUserData(t.app, reader.id));
		const data = JSON.parse(strFromU8(files['data.json']!));
		expect(data.notifications).toHaveLength(25);
		expect(data.notificationPreferences.length).toBeGreaterThan(0);
		expect(data.termsAccepted).toEqual([]);
		await deleteAccount(t.app, reader.id);
		expect(await t.app.db.select().from(notifications).where(eq(notifications.userId, reader.id))).toEqual([]);
		expect(
			await t.app.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, reader.id))
		).toEqual([]);
	});
});
