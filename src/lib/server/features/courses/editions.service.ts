/**
 * Dated sessions ("editions") of a course in 'session' mode: editors plan them; a learner
 * enrols in one, in one click, while it is neither finished, closed nor full. Seats hold under
 * concurrency: the edition's row is locked (FOR UPDATE) while the seat is counted and taken.
 */
import { and, asc, count, eq } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError } from '../../http/forms.ts';
import { uuidv7 } from '../../ids.ts';
import { can, type Actor } from '../authz/policy.ts';
import { roleAssignments } from '../authz/roles.table.ts';
import { CourseAccessError } from './courses.service.ts';
import type { CourseRow } from './courses.table.ts';
import type { EditionInput } from './editions.schemas.ts';
import { courseEditions, courseEnrolments, type EditionRow } from './enrolment.table.ts';

type Ctx = Pick<App, 'db' | 'events'>;
type Tx = Parameters<Parameters<DbLike['transaction']>[0]>[0];

export type EditionPhase = 'upcoming' | 'running' | 'finished';
export type EditionRefusal = 'finished' | 'closed' | 'full';

export interface EditionView extends EditionRow {
	enrolled: number;
	phase: EditionPhase;
	/** Why enrolment is refused now, if it is. */
	refusal?: EditionRefusal;
}

export function phaseOf(e: Pick<EditionRow, 'startsAt' | 'endsAt'>, now = new Date()): EditionPhase {
	return now < e.startsAt ? 'upcoming' : now <= e.endsAt ? 'running' : 'finished';
}

export function refusalOf(e: EditionRow, enrolled: number, now = new Date()): EditionRefusal | undefined {
	if (now > e.endsAt) return 'finished';
	if (e.enrolUntil && now > e.enrolUntil) return 'closed';
	if (e.seats !== null && enrolled >= e.seats) return 'full';
	return undefined;
}

const view = (e: EditionRow, enrolled: number, now: Date): EditionView => ({
	...e,
	enrolled,
	phase: phaseOf(e, now),
	refusal: refusalOf(e, enrolled, now)
});

/** Every edition of a course, soonest first, with how many learners each has. */
export async function listEditions(db: DbLike, courseId: string, now = new Date()): Promise<EditionView[]> {
	const rows = await db
		.select({ edition: courseEditions, enrolled: count(courseEnrolments.userId) })
		.from(courseEditions)
		.leftJoin(courseEnrolments, eq(courseEnrolments.editionId, courseEditions.id))
		.where(eq(courseEditions.courseId, courseId))
		.groupBy(courseEditions.id)
		.orderBy(asc(courseEditions.startsAt));
	return rows.map((r) => view(r.edition, Number(r.enrolled), now));
}

export async function getEdition(db: DbLike, courseId: string, id: string) {
	const [row] = await db
		.select()
		.from(courseEditions)
		.where(and(eq(courseEditions.id, id), eq(courseEditions.courseId, courseId)));
	return row;
}

async function enrolledIn(db: DbLike | Tx, editionId: string) {
	const [row] = await db.select({ n: count() }).from(courseEnrolments).where(eq(courseEnrolments.editionId, editionId));
	return Number(row?.n ?? 0);
}

function mayEdit(actor: Actor, course: CourseRow) {
	if (!can(actor, 'course.edit', { type: 'course', id: course.id })) throw new CourseAccessError();
}

const columns = (input: EditionInput) => ({
	title: input.title,
	startsAt: input.startsAt,
	endsAt: input.endsAt,
	enrolUntil: input.enrolUntil ?? null,
	seats: input.seats
});

export async function createEdition(ctx: Ctx, actor: Actor, course: CourseRow, input: EditionInput) {
	mayEdit(actor, course);
	const id = uuidv7();
	await ctx.db.insert(courseEditions).values({ id, courseId: course.id, ...columns(input) });
	return id;
}

export async function updateEdition(ctx: Ctx, actor: Actor, course: CourseRow, id: string, input: EditionInput) {
	mayEdit(actor, course);
	if (!(await getEdition(ctx.db, course.id, id))) throw new FormError(404, { _form: { key: 'error.notFound' } });
	const enrolled = await enrolledIn(ctx.db, id);
	if (input.seats !== null && input.seats < enrolled)
		throw new FormError(409, { seats: { key: 'editions.errors.seatsBelowEnrolled', params: { count: enrolled } } });
	await ctx.db
		.update(courseEditions)
		.set({ ...columns(input), updatedAt: new Date() })
		.where(eq(courseEditions.id, id));
}

/** Only an edition nobody is enrolled in may be deleted. */
export async function deleteEdition(ctx: Ctx, actor: Actor, course: CourseRow, id: string) {
	mayEdit(actor, course);
	if (!(await getEdition(ctx.db, course.id, id))) throw new FormError(404, { _form: { key: 'error.notFound' } });
	if ((await enrolledIn(ctx.db, id)) > 0) throw new FormError(409, { _form: { key: 'editions.errors.hasLearners' } });
	await ctx.db.delete(courseEditions).where(eq(courseEditions.id, id));
}

/**
 * Records an enrolment inside a transaction: the learner role (what authorisation reads) and
 * how the person came. Returns whether the person was newly enrolled.
 */
export async function grantEnrolment(
	tx: DbLike | Tx,
	userId: string,
	courseId: string,
	via: (typeof courseEnrolments.$inferInsert)['via'],
	editionId: string | null = null
) {
	const inserted = await tx
		.insert(roleAssignments)
		.values({ id: uuidv7(), userId, role: 'learner', scopeType: 'course', scopeId: courseId, grantedBy: userId })
		.onConflictDoNothing()
		.returning({ id: roleAssignments.id });
	await tx
		.insert(courseEnrolments)
		.values({ userId, courseId, via, editionId })
		.onConflictDoUpdate({ target: [courseEnrolments.userId, courseEnrolments.courseId], set: { via, editionId } });
	return inserted.length > 0;
}

export const EDITION_ERRORS: Record<EditionRefusal | 'alreadyEnrolled' | 'notSession', string> = {
	finished: 'editions.errors.finished',
	closed: 'editions.errors.closed',
	full: 'editions.errors.full',
	alreadyEnrolled: 'editions.errors.alreadyEnrolled',
	notSession: 'courses.errors.notOpen'
};

/** One click: enrols the person in this edition, or refuses with a clear reason. */
export async function enrolInEdition(ctx: Ctx, userId: string, course: CourseRow, editionId: string, now = new Date()) {
	if (course.status !== 'published' || course.enrolmentMode !== 'session')
		throw new FormError(409, { _form: { key: 'courses.errors.notOpen' } });
	const added = await ctx.db.transaction(async (tx) => {
		const [edition] = await tx
			.select()
			.from(courseEditions)
			.where(and(eq(courseEditions.id, editionId), eq(courseEditions.courseId, course.id)))
			.for('update');
		if (!edition) throw new FormError(404, { _form: { key: 'error.notFound' } });
		const [current] = await tx
			.select({ editionId: courseEnrolments.editionId })
			.from(courseEnrolments)
			.innerJoin(
				roleAssignments,
				and(
					eq(roleAssignments.userId, courseEnrolments.userId),
					eq(roleAssignments.scopeType, 'course'),
					eq(roleAssignments.scopeId, courseEnrolments.courseId),
					eq(roleAssignments.role, 'learner')
				)
			)
			.where(and(eq(courseEnrolments.userId, userId), eq(courseEnrolments.courseId, course.id)));
		if (current?.editionId === editionId) return false;
		if (current) throw new FormError(409, { _form: { key: 'editions.errors.alreadyEnrolled' } });
		const refusal = refusalOf(edition, await enrolledIn(tx, editionId), now);
		if (refusal) throw new FormError(409, { _form: { key: EDITION_ERRORS[refusal] as 'editions.errors.full' } });
		return grantEnrolment(tx, userId, course.id, 'edition', editionId);
	});
	if (added) await ctx.events.emit('LearnerEnrolled', { userId, courseId: course.id });
	return added;
}

/** The edition a learner follows in this course, if any. */
export async function learnerEdition(db: DbLike, userId: string, courseId: string) {
	const [row] = await db
		.select({ edition: courseEditions })
		.from(courseEnrolments)
		.innerJoin(courseEditions, eq(courseEditions.id, courseEnrolments.editionId))
		.where(and(eq(courseEnrolments.userId, userId), eq(courseEnrolments.courseId, courseId)));
	return row?.edition;
}

/** Forgets how a person enrolled (their seat is free again); the learner role is removed by unenrol. */
export async function forgetEnrolment(db: DbLike, userId: string, courseId: string) {
	await db
		.delete(courseEnrolments)
		.where(and(eq(courseEnrolments.userId, userId), eq(courseEnrolments.courseId, courseId)));
}

export type ContentAccess =
	| { ok: true; edition?: EditionRow; ended?: boolean }
	| { ok: false; reason: 'enrol' }
	| { ok: false; reason: 'notStarted'; startsAt: Date };

/**
 * May this reader see the lessons' content? Open courses are read by anyone; courses by
 * session or invitation by their learners (and editors). A session's learners read from its
 * start and keep reading after its end.
 */
export async function contentAccess(
	db: DbLike,
	course: CourseRow,
	reader: { userId?: string; enrolled: boolean; canEdit: boolean },
	now = new Date()
): Promise<ContentAccess> {
	if (reader.canEdit || course.enrolmentMode === 'open') return { ok: true };
	if (!reader.enrolled || !reader.userId) return { ok: false, reason: 'enrol' };
	if (course.enrolmentMode !== 'session') return { ok: true };
	const edition = await learnerEdition(db, reader.userId, course.id);
	if (!edition) return { ok: true };
	if (now < edition.startsAt) return { ok: false, reason: 'notStarted', startsAt: edition.startsAt };
	return { ok: true, edition, ended: now > edition.endsAt };
}

/**
 * What the course page shows about joining: the sessions one may still join (session mode),
 * and, for an enrolled learner, whether the content is open yet.
 */
export async function enrolmentView(
	db: DbLike,
	course: CourseRow,
	reader: { userId?: string; enrolled: boolean; canEdit: boolean },
	now = new Date()
) {
	const editions =
		course.enrolmentMode === 'session'
			? (await listEditions(db, course.id, now))
					.filter((e) => e.phase !== 'finished')
					.map((e) => ({
						id: e.id,
						title: e.title,
						startsAt: e.startsAt,
						endsAt: e.endsAt,
						enrolUntil: e.enrolUntil,
						phase: e.phase,
						refusal: e.refusal,
						seatsLeft: e.seats === null ? null : Math.max(0, e.seats - e.enrolled)
					}))
			: [];
	const access = reader.enrolled ? await contentAccess(db, course, reader, now) : undefined;
	return {
		editions,
		startsAt: access && !access.ok && access.reason === 'notStarted' ? access.startsAt : undefined,
		endedAt: access?.ok && access.ended ? access.edition?.endsAt : undefined,
		mine:
			access?.ok && access.edition ? { startsAt: access.edition.startsAt, endsAt: access.edition.endsAt } : undefined
	};
}
