import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { FormError, parseForm } from '#lib/server/http/forms.ts';
import type { Actor } from '../authz/policy.ts';
import { courseSchema } from './courses.schemas.ts';
import { createCourse, getCourseBySlug, setCourseStatus, updateCourse } from './courses.service.ts';
import type { CourseRow } from './courses.table.ts';
import { editionSchema, parisToUtc, utcToParis } from './editions.schemas.ts';
import {
	contentAccess,
	createEdition,
	deleteEdition,
	enrolInEdition,
	listEditions,
	updateEdition
} from './editions.service.ts';
import { isEnrolled, unenrol } from './learning.service.ts';
import { eq } from 'drizzle-orm';
import { courses } from './courses.table.ts';
import { courseEditions } from './enrolment.table.ts';

let t: TestApp;
let admin: Actor;
let course: CourseRow;
const DAY = 86_400_000;
const now = Date.now();
const at = (days: number) => new Date(now + days * DAY);
const edition = (over: Partial<{ startsAt: Date; endsAt: Date; seats: number | null; enrolUntil: Date }> = {}) => ({
	title: '',
	startsAt: at(7),
	endsAt: at(37),
	seats: null,
	...over
});

beforeAll(async () => {
	t = await createTestApp();
	const a = await createAdmin(t.app);
	admin = { id: a.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
	const input = courseSchema.parse({ title: 'Cours en sessions', slug: 'sessions', enrolmentMode: 'session' });
	const c = await createCourse(t.app, admin, input);
	await setCourseStatus(t.app, admin, c, 'published');
	course = (await getCourseBySlug(t.app.db, 'sessions'))!;
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

const form = (o: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(o)) f.set(k, v);
	return f;
};

describe('edition form', () => {
	it('reads Paris wall-clock times, summer and winter, and writes them back', () => {
		expect(parisToUtc('2027-07-01T10:00')?.toISOString()).toBe('2027-07-01T08:00:00.000Z');
		expect(parisToUtc('2027-01-15T10:00')?.toISOString()).toBe('2027-01-15T09:00:00.000Z');
		expect(utcToParis(new Date('2027-01-15T09:00:00Z'))).toBe('2027-01-15T10:00');
		expect(parisToUtc('2027-02-30T10:00')).toBeUndefined();
		expect(parisToUtc('demain')).toBeUndefined();
	});

	it('refuses missing or malformed dates, an end before the start, a deadline after the end, bad seats', () => {
		const errors = (o: Record<string, string>) => {
			const r = parseForm(editionSchema, form(o));
			return 'errors' in r ? Object.fromEntries(Object.entries(r.errors).map(([k, v]) => [k, v.key])) : {};
		};
		expect(errors({})).toMatchObject({ startsAt: 'errors.required', endsAt: 'errors.required' });
		expect(errors({ startsAt: '2027-13-01T10:00', endsAt: '2027-03-01T10:00' })).toMatchObject({
			startsAt: 'editions.errors.date'
		});
		expect(errors({ startsAt: '2027-03-02T10:00', endsAt: '2027-03-01T10:00' })).toEqual({
			endsAt: 'editions.errors.endBeforeStart'
		});
		expect(
			errors({ startsAt: '2027-03-01T10:00', endsAt: '2027-03-02T10:00', enrolUntil: '2027-03-03T10:00' })
		).toEqual({ enrolUntil: 'editions.errors.deadlineAfterEnd' });
		for (const seats of ['0', '-3', '2.5', 'dix', '1000001'])
			expect(errors({ startsAt: '2027-03-01T10:00', endsAt: '2027-03-02T10:00', seats })).toEqual({
				seats: 'editions.errors.seats'
			});
		expect(errors({ title: 'x'.repeat(121), startsAt: '2027-03-01T10:00', endsAt: '2027-03-02T10:00' })).toEqual({
			title: 'errors.tooLong'
		});
		const ok = parseForm(
			editionSchema,
			form({ startsAt: '2027-03-01T10:00', endsAt: '2027-03-02T10:00', seats: '12' })
		);
		expect('data' in ok && ok.data.seats).toBe(12);
	});
});

describe('editions', () => {
	it('enrols in one click, counts learners per edition, and refuses full, closed and finished editions', async () => {
		const open = await createEdition(t.app, admin, course, edition({ seats: 1 }));
		const closed = await createEdition(t.app, admin, course, edition({ enrolUntil: at(-1) }));
		const finished = await createEdition(t.app, admin, course, edition({ startsAt: at(-30), endsAt: at(-2) }));
		const [a, b] = [await createUser(t.app), await createUser(t.app)];
		expect(await enrolInEdition(t.app, a.id, course, open)).toBe(true);
		expect(await isEnrolled(t.app.db, a.id, course.id)).toBe(true);
		// Same click again: nothing changes.
		expect(await enrolInEdition(t.app, a.id, course, open)).toBe(false);
		expect((await refusal(enrolInEdition(t.app, b.id, course, open))).errors._form?.key).toBe('editions.errors.full');
		expect((await refusal(enrolInEdition(t.app, b.id, course, closed))).errors._form?.key).toBe(
			'editions.errors.closed'
		);
		expect((await refusal(enrolInEdition(t.app, b.id, course, finished))).errors._form?.key).toBe(
			'editions.errors.finished'
		);
		// Another edition while enrolled in one: refused, unenrol first.
		expect((await refusal(enrolInEdition(t.app, a.id, course, closed))).errors._form?.key).toBe(
			'editions.errors.alreadyEnrolled'
		);
		const list = await listEditions(t.app.db, course.id);
		expect(list.find((e) => e.id === open)).toMatchObject({ enrolled: 1, refusal: 'full', phase: 'upcoming' });
		expect(list.find((e) => e.id === finished)).toMatchObject({ phase: 'finished', refusal: 'finished' });
		// Unenrolling frees the seat.
		await unenrol(t.app, a.id, course.id);
		expect(await enrolInEdition(t.app, b.id, course, open)).toBe(true);
	});

	it('gives the last seat to exactly one of two concurrent enrolments', async () => {
		const id = await createEdition(t.app, admin, course, edition({ seats: 2 }));
		await enrolInEdition(t.app, (await createUser(t.app)).id, course, id);
		const [x, y] = [await createUser(t.app), await createUser(t.app)];
		const results = await Promise.allSettled([
			enrolInEdition(t.app, x.id, course, id),
			enrolInEdition(t.app, y.id, course, id)
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect((rejected.reason as FormError).errors._form?.key).toBe('editions.errors.full');
		expect((await listEditions(t.app.db, course.id)).find((e) => e.id === id)?.enrolled).toBe(2);
	});

	it('refuses seats below the learners already enrolled, and deleting an edition with learners', async () => {
		const id = await createEdition(t.app, admin, course, edition());
		const u = await createUser(t.app);
		await enrolInEdition(t.app, u.id, course, id);
		await updateEdition(t.app, admin, course, id, edition({ seats: 3 }));
		const u2 = await createUser(t.app);
		await enrolInEdition(t.app, u2.id, course, id);
		expect((await refusal(updateEdition(t.app, admin, course, id, edition({ seats: 1 })))).errors.seats?.key).toBe(
			'editions.errors.seatsBelowEnrolled'
		);
		expect((await refusal(deleteEdition(t.app, admin, course, id))).errors._form?.key).toBe(
			'editions.errors.hasLearners'
		);
		await unenrol(t.app, u.id, course.id);
		await unenrol(t.app, u2.id, course.id);
		await deleteEdition(t.app, admin, course, id);
		expect((await listEditions(t.app.db, course.id)).some((e) => e.id === id)).toBe(false);
	});

	it('refuses editors only: a learner may not plan editions', async () => {
		const u = await createUser(t.app);
		await expect(createEdition(t.app, { id: u.id, roles: [] }, course, edition())).rejects.toThrow();
	});

	it('refuses enrolment in an edition when the course is not in session mode', async () => {
		const id = await createEdition(t.app, admin, course, edition());
		const openCourse = { ...course, enrolmentMode: 'open' as const };
		const u = await createUser(t.app);
		expect((await refusal(enrolInEdition(t.app, u.id, openCourse, id))).errors._form?.key).toBe(
			'courses.errors.notOpen'
		);
	});

	it('shows the content from the start of the learner’s edition, and still after its end', async () => {
		const soon = await createEdition(t.app, admin, course, edition());
		const past = await createEdition(t.app, admin, course, edition({ startsAt: at(-10), endsAt: at(5) }));
		const [u, v] = [await createUser(t.app), await createUser(t.app)];
		await enrolInEdition(t.app, u.id, course, soon);
		await enrolInEdition(t.app, v.id, course, past);
		const reader = (id: string, enrolled = true) => ({ userId: id, enrolled, canEdit: false });
		expect(await contentAccess(t.app.db, course, reader(u.id))).toMatchObject({ ok: false, reason: 'notStarted' });
		expect(await contentAccess(t.app.db, course, reader(v.id))).toMatchObject({ ok: true, ended: false });
		expect(await contentAccess(t.app.db, course, reader(v.id), at(6))).toMatchObject({ ok: true, ended: true });
		expect(await contentAccess(t.app.db, course, { enrolled: false, canEdit: false })).toEqual({
			ok: false,
			reason: 'enrol'
		});
		expect(await contentAccess(t.app.db, course, { enrolled: false, canEdit: true })).toEqual({ ok: true });
		await updateCourse(t.app, admin, course, courseSchema.parse({ title: course.title, slug: 'sessions' }));
		const openNow = (await getCourseBySlug(t.app.db, 'sessions'))!;
		expect(await contentAccess(t.app.db, openNow, { enrolled: false, canEdit: false })).toEqual({ ok: true });
	});

	it('lets a course with sessions and learners be deleted (sessions and enrolments go with it)', async () => {
		const c = await createCourse(
			t.app,
			admin,
			courseSchema.parse({ title: 'À supprimer', slug: 'a-supprimer', enrolmentMode: 'session' })
		);
		await setCourseStatus(t.app, admin, c, 'published');
		const doomed = (await getCourseBySlug(t.app.db, 'a-supprimer'))!;
		const id = await createEdition(t.app, admin, doomed, edition());
		await enrolInEdition(t.app, (await createUser(t.app)).id, doomed, id);
		await t.app.db.delete(courses).where(eq(courses.id, doomed.id));
		expect(await t.app.db.select().from(courseEditions).where(eq(courseEditions.id, id))).toEqual([]);
	});
});
