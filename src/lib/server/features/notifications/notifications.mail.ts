/**
 * Notification mail, always from the job queue: one mail per immediate notification
 * ('notifications.email'), and once a day one digest per person of their unsent digest
 * notifications ('notifications.digest'). Every mail carries a signed one-click unsubscribe link
 * (RFC 8058 headers) that sets its kind to "app only" (for a digest: every kind in the digest),
 * with no log-in needed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { isMessageKey, translate, type MessageKey } from '#lib/i18n/index.ts';
import { isLocale, type Locale } from '#lib/i18n/core.ts';
import { users } from '../accounts/accounts.table.ts';
import type { Mail } from '../mail/mailer.ts';
import { enqueue } from '../platform/jobs.ts';
import { isNotificationKind, type NotificationKind } from './kinds.ts';
import { notifications, type NotificationRow } from './notifications.table.ts';
import { DIGEST_JOB, EMAIL_JOB } from './notifications.service.ts';

type Ctx = Pick<App, 'db' | 'config' | 'auth'>;

const sign = (secret: string, userId: string, kind: string) =>
	createHmac('sha256', secret).update(`unsubscribe:${userId}:${kind}`).digest('base64url');

/** What a link unsubscribes from: one kind, or the daily digest (every kind sent in it). */
export type UnsubscribeTarget = NotificationKind | 'digest';
const isTarget = (v: string): v is UnsubscribeTarget => v === 'digest' || isNotificationKind(v);

export function unsubscribeToken(secret: string, userId: string, kind: UnsubscribeTarget) {
	return `${userId}~${kind}~${sign(secret, userId, kind)}`;
}

/** The person and kind a token names, or undefined if it was not made by us. */
export function readUnsubscribeToken(secret: string, token: string) {
	const [userId = '', kind = '', signature = '', ...rest] = token.split('~');
	if (rest.length || !userId || !isTarget(kind)) return undefined;
	const given = Buffer.from(signature);
	const expected = Buffer.from(sign(secret, userId, kind));
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
	return { userId, kind };
}

export function unsubscribeUrl(ctx: Ctx, userId: string, kind: UnsubscribeTarget) {
	const url = new URL('/notifications/unsubscribe', ctx.config.publicUrl);
	url.searchParams.set('token', unsubscribeToken(ctx.auth.options.secret!, userId, kind));
	return url.href;
}

const escape = (s: string) =>
	s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function titleOf(locale: Locale, row: Pick<NotificationRow, 'titleKey' | 'titleParams'>) {
	return isMessageKey(row.titleKey) ? translate(locale, row.titleKey, row.titleParams) : row.titleKey;
}

interface Recipient {
	id: string;
	email: string;
	name: string;
	locale: string;
}

/** A mail listing notifications (one, or a digest when `kind` is null), with its unsubscribe link. */
function notificationMail(ctx: Ctx, to: Recipient, rows: NotificationRow[], kind: NotificationKind | null): Mail {
	const locale: Locale = isLocale(to.locale) ? to.locale : 'fr';
	const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
	const instance = ctx.config.INSTANCE_NAME;
	const items = rows.map((r) => ({ title: titleOf(locale, r), url: new URL(r.url, ctx.config.publicUrl).href }));
	const subject = kind
		? `${items[0]!.title} · ${instance}`
		: t('community.mail.digestSubject', { instance, count: rows.length });
	const prefs = new URL('/account/notifications', ctx.config.publicUrl).href;
	const unsubscribe = unsubscribeUrl(ctx, to.id, kind ?? 'digest');
	const hello = t('community.mail.hello', { name: to.name });
	const stop = t('community.mail.unsubscribe', { kind: t(`community.kind.${kind ?? 'digest'}`) });
	const choose = t('community.mail.preferences');
	return {
		to: to.email,
		subject: subject.slice(0, 200),
		text:
			`${hello}\n\n${items.map((i) => `- ${i.title}\n  ${i.url}`).join('\n')}\n\n--\n` +
			`${stop}\n${unsubscribe}\n${choose}\n${prefs}\n`,
		html:
			`<p>${escape(hello)}</p><ul>` +
			items.map((i) => `<li><a href="${escape(i.url)}">${escape(i.title)}</a></li>`).join('') +
			`</ul><p><a href="${escape(unsubscribe)}">${escape(stop)}</a> · <a href="${escape(prefs)}">${escape(choose)}</a></p>`,
		headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
	};
}

const recipientColumns = { id: users.id, email: users.email, name: users.name, locale: users.locale };
/** Mail goes only to confirmed addresses of active accounts. */
const mailable = sql`${users.emailVerified} and ${users.deletedAt} is null and ${users.suspendedAt} is null`;

/** Job: mails one immediate notification (once), unless already read or mailed. */
export async function sendNotificationEmail(ctx: Ctx, notificationId: string) {
	await ctx.db.transaction(async (tx) => {
		const [row] = await tx
			.select()
			.from(notifications)
			.where(and(eq(notifications.id, notificationId), isNull(notifications.emailedAt)))
			.for('update');
		if (!row || row.readAt || !isNotificationKind(row.kind)) return;
		const [to] = await tx
			.select(recipientColumns)
			.from(users)
			.where(and(eq(users.id, row.userId), mailable));
		if (to) await enqueue(tx, 'mail.send', notificationMail(ctx, to, [row], row.kind));
		await tx.update(notifications).set({ emailedAt: new Date() }).where(eq(notifications.id, row.id));
	});
}

/** Job: one mail per person gathering their unsent, unread digest notifications; returns mails queued. */
export async function sendDigests(ctx: Ctx, limitPerPerson = 50) {
	const pending = rowsOf<{ user_id: string }>(
		await ctx.db.execute(
			sql`select distinct user_id from notifications where delivery = 'digest' and emailed_at is null`
		)
	).map((r) => r.user_id);
	let sent = 0;
	for (const userId of pending) {
		const queued = await ctx.db.transaction(async (tx) => {
			const rows = await digestRows(tx, userId);
			if (!rows.length) return false;
			const unread = rows.filter((r) => !r.readAt).slice(0, limitPerPerson);
			const [to] = await tx
				.select(recipientColumns)
				.from(users)
				.where(and(eq(users.id, userId), mailable));
			if (to && unread.length) await enqueue(tx, 'mail.send', notificationMail(ctx, to, unread, null));
			await tx
				.update(notifications)
				.set({ emailedAt: new Date() })
				.where(
					inArray(
						notifications.id,
						rows.map((r) => r.id)
					)
				);
			return !!to && unread.length > 0;
		});
		if (queued) sent++;
	}
	return sent;
}

async function digestRows(db: DbLike, userId: string) {
	return db
		.select()
		.from(notifications)
		.where(and(eq(notifications.userId, userId), eq(notifications.delivery, 'digest'), isNull(notifications.emailedAt)))
		.orderBy(notifications.createdAt)
		.for('update');
}

export function registerNotificationJobs(app: Pick<App, 'db' | 'config' | 'auth' | 'jobs'>) {
	app.jobs.register(EMAIL_JOB, async (payload) => {
		const id = (payload as { notificationId?: unknown })?.notificationId;
		if (typeof id === 'string') await sendNotificationEmail(app, id);
	});
	app.jobs.register(DIGEST_JOB, async () => void (await sendDigests(app)));
	app.jobs.schedule(DIGEST_JOB, 24 * 60 * 60_000);
}
