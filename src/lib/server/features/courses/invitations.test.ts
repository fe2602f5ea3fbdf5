import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '#lib/server/http/forms.ts';
import type { Actor } from '../authz/policy.ts';
import { courseSchema } from './courses.schemas.ts';
import { createCourse, getCourseBySlug, setCourseStatus } from './courses.service.ts';
import type { CourseRow } from './courses.table.ts';
import { courseEnrolments, courseInvitations } from './enrolment.table.ts';
import {
	acceptInvitation,
	enrolWithCode,
	invitationStatus,
	invite,
	joinCode,
	listInvitations,
	regenerateJoinCode,
	revokeInvitation
} from './invitations.service.ts';
import { isEnrolled, unenrol } from './learning.service.ts';

let t: TestApp;
let admin: Actor;
let course: CourseRow;

beforeAll(async () => {
	t = await createTestApp();
	const a = await createAdmin(t.app);
	admin = { id: a.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
	const input = courseSchema.parse({ title: 'Cours fermé', slug: 'ferme', enrolmentMode: 'invitation' });
	await setCourseStatus(t.app, admin, await createCourse(t.app, admin, input), 'published');
	course = (await getCourseBySlug(t.app.db, 'ferme'))!;
});
afterAll(() => t?.close());

async function refusal(p: Promise<unknown>) {
	try {
		await p;
	} catch (err) {
		if (err instanceof FormError) return err;
		throw err;
	}
	throw new Error('expected a FormError');
}

/** The token is only in the mailed link. */
const tokenIn = (text: string) => /\/invitations\/([A-Za-z0-9_-]+)/.exec(text)![1]!;

describe('enrolment code', () => {
	it('enrols with the code typed loosely, refuses a wrong or empty code, and a regenerated code replaces the old', async () => {
		const code = await joinCode(t.app.db, course.id);
		expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		expect(await joinCode(t.app.db, course.id)).toBe(code);
		const u = await createUser(t.app);
		expect((await refusal(enrolWithCode(t.app, u.id, course, 'NOPE-NOPE'))).errors.code?.key).toBe(
			'editions.errors.wrongCode'
		);
		expect((await refusal(enrolWithCode(t.app, u.id, course, ''))).errors.code?.key).toBe('editions.errors.wrongCode');
		expect(await enrolWithCode(t.app, u.id, course, ` ${code.toLowerCase().replace('-', ' ')} `)).toBe(true);
		expect(await isEnrolled(t.app.db, u.id, course.id)).toBe(true);
		const fresh = await regenerateJoinCode(t.app, admin, course);
		expect(fresh).not.toBe(code);
		const v = await createUser(t.app);
		await refusal(enrolWithCode(t.app, v.id, course, code));
		expect(await enrolWithCode(t.app, v.id, course, fresh)).toBe(true);
	});

	it('is rate limited per person', async () => {
		const u = await createUser(t.app);
		for (let i = 0; i < 10; i++) await refusal(enrolWithCode(t.app, u.id, course, 'AAAA-AAAA'));
		const err = await refusal(enrolWithCode(t.app, u.id, course, await joinCode(t.app.db, course.id)));
		expect(err.status).toBe(429);
		expect(err.errors.code?.key).toBe('editions.errors.tooManyTries');
	});

	it('works only for a published course in invitation mode', async () => {
		const u = await createUser(t.app);
		const code = await joinCode(t.app.db, course.id);
		const open = { ...course, enrolmentMode: 'open' as const };
		expect((await refusal(enrolWithCode(t.app, u.id, open, code))).errors._form?.key).toBe('courses.errors.notOpen');
	});

	it('lets only editors regenerate the code', async () => {
		const u = await createUser(t.app);
		await expect(regenerateJoinCode(t.app, { id: u.id, roles: [] }, course)).rejects.toThrow();
	});
});

describe('invitations', () => {
	it('mails one link per address through the job queue; the link enrols once; editors see the states', async () => {
		const before = t.mails.length;
		const r = await invite(t.app, admin, course, 'Ana@Example.org\n\nbob@example.org, ana@example.org');
		expect(r).toEqual({ sent: 2, skipped: 0 });
		await t.app.jobs.runDue();
		const mails = t.mails.slice(before).filter((m) => m.subject.startsWith('Invitation'));
		expect(mails.map((m) => m.to).sort()).toEqual(['ana@example.org', 'bob@example.org']);
		expect(mails[0]!.subject).toContain('Cours fermé');
		const token = tokenIn(mails.find((m) => m.to === 'ana@example.org')!.text);
		const ana = await createUser(t.app, { email: 'another-address@example.org' });
		const { added } = await acceptInvitation(t.app, ana.id, token);
		expect(added).toBe(true);
		expect(await isEnrolled(t.app.db, ana.id, course.id)).toBe(true);
		const [row] = await t.app.db.select().from(courseEnrolments).where(eq(courseEnrolments.userId, ana.id));
		expect(row?.via).toBe('invitation');
		// The same person opening the link again: nothing happens; someone else: refused.
		expect((await acceptInvitation(t.app, ana.id, token)).added).toBe(false);
		const eve = await createUser(t.app);
		expect((await refusal(acceptInvitation(t.app, eve.id, token))).errors._form?.key).toBe(
			'editions.invitation.accepted'
		);
		const states = (await listInvitations(t.app.db, course.id)).map((i) => [i.email, invitationStatus(i)]);
		expect(states).toEqual(
			expect.arrayContaining([
				['ana@example.org', 'accepted'],
				['bob@example.org', 'pending']
			])
		);
		// Re-inviting an accepted address sends nothing.
		expect(await invite(t.app, admin, course, 'ana@example.org')).toEqual({ sent: 0, skipped: 1 });
		// Unenrolling keeps working.
		await unenrol(t.app, ana.id, course.id);
		expect(await isEnrolled(t.app.db, ana.id, course.id)).toBe(false);
	});

	it('refuses a revoked, an expired or an unknown link', async () => {
		const before = t.mails.length;
		await invite(t.app, admin, course, 'carl@example.org\ndora@example.org');
		await t.app.jobs.runDue();
		const mails = t.mails.slice(before).filter((m) => m.subject.startsWith('Invitation'));
		const carl = tokenIn(mails.find((m) => m.to === 'carl@example.org')!.text);
		const dora = tokenIn(mails.find((m) => m.to === 'dora@example.org')!.text);
		const u = await createUser(t.app);
		const [inv] = await t.app.db
			.select()
			.from(courseInvitations)
			.where(eq(courseInvitations.email, 'carl@example.org'));
		await revokeInvitation(t.app, admin, course, inv!.id);
		expect((await refusal(acceptInvitation(t.app, u.id, carl))).errors._form?.key).toBe('editions.invitation.revoked');
		const later = new Date(Date.now() + 31 * 86_400_000);
		expect((await refusal(acceptInvitation(t.app, u.id, dora, later))).errors._form?.key).toBe(
			'editions.invitation.expired'
		);
		expect((await refusal(acceptInvitation(t.app, u.id, 'x'.repeat(32)))).errors._form?.key).toBe(
			'editions.errors.noSuchInvitation'
		);
		expect((await refusal(acceptInvitation(t.app, u.id, '../bad'))).status).toBe(404);
		// Inviting again renews a revoked invitation with a new link.
		await invite(t.app, admin, course, 'carl@example.org');
		const [renewed] = await t.app.db
			.select()
			.from(courseInvitations)
			.where(eq(courseInvitations.email, 'carl@example.org'));
		expect(invitationStatus(renewed!)).toBe('pending');
	});

	it('validates the addresses: required, each valid (named in the error), at most 200', async () => {
		const key = async (raw: string) => (await refusal(invite(t.app, admin, course, raw))).errors.emails;
		expect((await key(' \n ,'))?.key).toBe('errors.required');
		expect(await key('ok@example.org\npas-une-adresse')).toEqual({
			key: 'editions.errors.badEmail',
			params: { email: 'pas-une-adresse' }
		});
		const many = Array.from({ length: 201 }, (_, i) => `p${i}@example.org`).join('\n');
		expect((await key(many))?.key).toBe('editions.errors.tooManyEmails');
	});

	it('lets only editors invite and revoke', async () => {
		const u = await createUser(t.app);
		await expect(invite(t.app, { id: u.id, roles: [] }, course, 'x@example.org')).rejects.toThrow();
	});
});
