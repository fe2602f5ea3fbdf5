/**
 * Joining a course in 'invitation' mode: with the course's enrolment code (rate limited), or
 * with a personal link mailed to an address (once, within 30 days, revocable).
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { FormError } from '../../http/forms.ts';
import { uuidv7 } from '../../ids.ts';
import type { Locale } from '#lib/i18n/index.ts';
import { can, type Actor } from '../authz/policy.ts';
import { invitationMail } from '../mail/templates.ts';
import { enqueue } from '../platform/jobs.ts';
import { hit, type RateRule } from '../platform/rate-limit.ts';
import { CourseAccessError, getCourseBySlug } from './courses.service.ts';
import { courses, type CourseRow } from './courses.table.ts';
import { grantEnrolment } from './editions.service.ts';
import { parseEmails } from './invitations.schemas.ts';
import { courseInvitations, courseJoinCodes } from './enrolment.table.ts';

type Ctx = Pick<App, 'db' | 'events' | 'config'>;

export const INVITATION_DAYS = 30;
/** Wrong codes cost the same as right ones: ten tries per person per ten minutes. */
export const JOIN_CODE_RULE: RateRule = { max: 10, windowSeconds: 600 };

// No 0/O, 1/I/L: codes are read aloud and copied from a board.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
function newCode() {
	const c = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
	return `${c.slice(0, 4)}-${c.slice(4)}`;
}
/** What the person typed, compared without spaces, dashes or case. */
export const normaliseCode = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function mayEdit(actor: Actor, course: CourseRow) {
	if (!can(actor, 'course.edit', { type: 'course', id: course.id })) throw new CourseAccessError();
}

/** The course's code, made on first request. */
export async function joinCode(db: DbLike, courseId: string) {
	await db.insert(courseJoinCodes).values({ courseId, code: newCode() }).onConflictDoNothing();
	const [row] = await db.select().from(courseJoinCodes).where(eq(courseJoinCodes.courseId, courseId));
	return row!.code;
}

export async function regenerateJoinCode(ctx: Ctx, actor: Actor, course: CourseRow) {
	mayEdit(actor, course);
	const code = newCode();
	await ctx.db
		.insert(courseJoinCodes)
		.values({ courseId: course.id, code })
		.onConflictDoUpdate({ target: courseJoinCodes.courseId, set: { code, createdAt: new Date() } });
	return code;
}

function mustBeInvitationCourse(course: CourseRow) {
	if (course.status !== 'published' || course.enrolmentMode !== 'invitation')
		throw new FormError(409, { _form: { key: 'courses.errors.notOpen' } });
}

export async function enrolWithCode(ctx: Ctx, userId: string, course: CourseRow, typed: string) {
	mustBeInvitationCourse(course);
	if (ctx.config.RATE_LIMITS) {
		const decision = await hit(ctx.db, `joinCode:${userId}`, JOIN_CODE_RULE);
		if (!decision.allowed)
			throw new FormError(429, {
				code: { key: 'editions.errors.tooManyTries', params: { minutes: Math.ceil(decision.retryAfterSeconds / 60) } }
			});
	}
	const [row] = await ctx.db.select().from(courseJoinCodes).where(eq(courseJoinCodes.courseId, course.id));
	if (!row || !typed || normaliseCode(row.code) !== normaliseCode(typed))
		throw new FormError(400, { code: { key: 'editions.errors.wrongCode' } });
	const added = await grantEnrolment(ctx.db, userId, course.id, 'code');
	if (added) await ctx.events.emit('LearnerEnrolled', { userId, courseId: course.id });
	return added;
}

/**
 * Invites each address (one per line, checked, at most 200): one mail per new or
 * renewed invitation, through the job queue. Addresses already accepted are skipped.
 */
export async function invite(
	ctx: Ctx,
	actor: Actor & { name?: string },
	course: CourseRow,
	raw: string,
	now = new Date()
) {
	mayEdit(actor, course);
	const emails = parseEmails(raw);
	const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
	const locale: Locale = course.language === 'en' ? 'en' : 'fr';
	let sent = 0;
	await ctx.db.transaction(async (tx) => {
		for (const email of emails) {
			const token = randomBytes(24).toString('base64url');
			const tokenHash = hashToken(token);
			// Raw SQL: the conflict target is an expression (lower(email)); dates as ISO strings.
			const result = await tx.execute(sql`
				insert into course_invitations (id, course_id, email, token_hash, invited_by, created_at, expires_at)
				values (${uuidv7()}, ${course.id}, ${email}, ${tokenHash}, ${actor.id},
					${now.toISOString()}::timestamptz, ${expiresAt.toISOString()}::timestamptz)
				on conflict (course_id, lower(email)) do update set token_hash = excluded.token_hash,
					invited_by = excluded.invited_by, created_at = excluded.created_at,
					expires_at = excluded.expires_at, revoked_at = null
				where course_invitations.accepted_at is null
				returning id`);
			const rows = rowsOf<{ id: string }>(result);
			if (!rows.length) continue;
			const url = new URL(`/invitations/${token}`, ctx.config.publicUrl).href;
			await enqueue(
				tx,
				'mail.send',
				invitationMail(locale, { to: email, course: course.title, instance: ctx.config.INSTANCE_NAME, url })
			);
			sent++;
		}
	});
	return { sent, skipped: emails.length - sent };
}

export async function listInvitations(db: DbLike, courseId: string) {
	return db
		.select()
		.from(courseInvitations)
		.where(eq(courseInvitations.courseId, courseId))
		.orderBy(desc(courseInvitations.createdAt));
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';
export function invitationStatus(
	i: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
	now = new Date()
): InvitationStatus {
	return i.acceptedAt ? 'accepted' : i.revokedAt ? 'revoked' : i.expiresAt < now ? 'expired' : 'pending';
}

export async function revokeInvitation(ctx: Ctx, actor: Actor, course: CourseRow, id: string) {
	mayEdit(actor, course);
	const rows = await ctx.db
		.update(courseInvitations)
		.set({ revokedAt: new Date() })
		.where(
			and(eq(courseInvitations.id, id), eq(courseInvitations.courseId, course.id), isNull(courseInvitations.acceptedAt))
		)
		.returning({ id: courseInvitations.id });
	if (!rows.length) throw new FormError(404, { _form: { key: 'editions.errors.noSuchInvitation' } });
}

/** The invitation behind a link and its course, whatever its state (the page explains it). */
export async function findInvitation(db: DbLike, token: string) {
	if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return undefined;
	const [row] = await db
		.select({ invitation: courseInvitations, slug: courses.slug })
		.from(courseInvitations)
		.innerJoin(courses, eq(courses.id, courseInvitations.courseId))
		.where(eq(courseInvitations.tokenHash, hashToken(token)));
	if (!row) return undefined;
	const course = await getCourseBySlug(db, row.slug);
	return course && { invitation: row.invitation, course };
}

/** Accepts a link once: enrols the logged-in person and marks the invitation used. */
export async function acceptInvitation(ctx: Ctx, userId: string, token: string, now = new Date()) {
	const found = await findInvitation(ctx.db, token);
	if (!found) throw new FormError(404, { _form: { key: 'editions.errors.noSuchInvitation' } });
	const { invitation, course } = found;
	const status = invitationStatus(invitation, now);
	if (status === 'accepted' && invitation.acceptedBy === userId) return { course, added: false };
	if (status !== 'pending') throw new FormError(409, { _form: { key: `editions.invitation.${status}` } });
	if (course.status !== 'published') throw new FormError(409, { _form: { key: 'courses.errors.notOpen' } });
	const added = await ctx.db.transaction(async (tx) => {
		const claimed = await tx
			.update(courseInvitations)
			.set({ acceptedAt: now, acceptedBy: userId })
			.where(and(eq(courseInvitations.id, invitation.id), isNull(courseInvitations.acceptedAt)))
			.returning({ id: courseInvitations.id });
		if (!claimed.length) throw new FormError(409, { _form: { key: 'editions.invitation.accepted' } });
		return grantEnrolment(tx, userId, course.id, 'invitation');
	});
	if (added) await ctx.events.emit('LearnerEnrolled', { userId, courseId: course.id });
	return { course, added };
}
