/**
 * Versioned terms of use: the instance's (licence of contributions, moderation rules) and,
 * optionally, a course's (which may allow private theme groups). Publishing always makes a new
 * version; people accept the current version (at sign-up, at enrolment) and are asked again
 * when a new one is published. Every version stays public.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError, type FieldErrors } from '../../http/forms.ts';
import { uuidv7 } from '../../ids.ts';
import { can, type Actor } from '../authz/policy.ts';
import { roleAssignments } from '../authz/roles.table.ts';
import { courses } from '../courses/courses.table.ts';
import { notify } from '../notifications/notifications.service.ts';
import { termsAcceptances, termsVersions, type TermsVersionRow } from './community.table.ts';

export const TERMS_BODY_MAX = 50_000;
export type TermsScope = { scopeType: 'instance'; scopeId?: '' } | { scopeType: 'course'; scopeId: string };

const scopeWhere = (scope: TermsScope) =>
	and(eq(termsVersions.scopeType, scope.scopeType), eq(termsVersions.scopeId, scope.scopeId ?? ''));

/** The version in force (the latest), or undefined when none was ever published. */
export async function currentTerms(db: DbLike, scope: TermsScope): Promise<TermsVersionRow | undefined> {
	const [row] = await db
		.select()
		.from(termsVersions)
		.where(scopeWhere(scope))
		.orderBy(desc(termsVersions.version))
		.limit(1);
	return row;
}

export async function termsHistory(db: DbLike, scope: TermsScope) {
	return db
		.select({
			id: termsVersions.id,
			version: termsVersions.version,
			publishedAt: termsVersions.publishedAt,
			allowsPrivateGroups: termsVersions.allowsPrivateGroups
		})
		.from(termsVersions)
		.where(scopeWhere(scope))
		.orderBy(desc(termsVersions.version));
}

export async function termsVersion(db: DbLike, scope: TermsScope, version: number) {
	const [row] = await db
		.select()
		.from(termsVersions)
		.where(and(scopeWhere(scope), eq(termsVersions.version, version)));
	return row;
}

export interface PublishInput {
	body: string;
	allowsPrivateGroups?: boolean;
}

/**
 * Publishes a new version (instance: administrators; course: its editors). A course's learners
 * are notified; everyone is asked to accept it at their next visit.
 */
export async function publishTerms(
	ctx: Pick<App, 'db'>,
	actor: Actor | null,
	scope: TermsScope,
	input: PublishInput
): Promise<TermsVersionRow> {
	const resource =
		scope.scopeType === 'instance' ? ({ type: 'instance' } as const) : ({ type: 'course', id: scope.scopeId } as const);
	if (!can(actor, 'terms.publish', resource)) throw new FormError(403, { _form: { key: 'error.forbidden' } });
	const body = input.body.replace(/\r\n/g, '\n').trim();
	const errors: FieldErrors = {};
	if (!body) errors.body = { key: 'errors.required' };
	else if (body.length > TERMS_BODY_MAX) errors.body = { key: 'errors.tooLong', params: { max: TERMS_BODY_MAX } };
	if (Object.keys(errors).length) throw new FormError(400, errors);
	const row = await ctx.db.transaction(async (tx) => {
		// One publication at a time per scope: the row lock orders concurrent publishers.
		await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`terms:${scope.scopeType}:${scope.scopeId ?? ''}`}))`);
		const previous = await currentTerms(tx, scope);
		const [inserted] = await tx
			.insert(termsVersions)
			.values({
				id: uuidv7(),
				scopeType: scope.scopeType,
				scopeId: scope.scopeId ?? '',
				version: (previous?.version ?? 0) + 1,
				body,
				allowsPrivateGroups: scope.scopeType === 'course' && !!input.allowsPrivateGroups,
				publishedBy: actor!.id
			})
			.returning();
		// The person who publishes accepts their own version.
		await tx.insert(termsAcceptances).values({ userId: actor!.id, termsVersionId: inserted!.id }).onConflictDoNothing();
		if (scope.scopeType === 'course' && previous) {
			const [course] = await tx.select({ slug: courses.slug }).from(courses).where(eq(courses.id, scope.scopeId));
			const learners = await tx
				.select({ userId: roleAssignments.userId })
				.from(roleAssignments)
				.where(and(eq(roleAssignments.scopeType, 'course'), eq(roleAssignments.scopeId, scope.scopeId)));
			await notify(
				{ db: tx },
				{
					userIds: learners.map((l) => l.userId),
					kind: 'terms.updated',
					actorId: actor!.id,
					courseId: scope.scopeId,
					title: { key: 'community.notice.termsUpdated', params: { version: inserted!.version } },
					url: `/courses/${course?.slug ?? ''}/terms`
				}
			);
		}
		return inserted!;
	});
	return row;
}

export async function acceptTerms(db: DbLike, userId: string, termsVersionId: string) {
	await db.insert(termsAcceptances).values({ userId, termsVersionId }).onConflictDoNothing();
}

/** The scope's current version when the person has not accepted it yet (one query). */
export async function pendingTerms(db: DbLike, userId: string, scope: TermsScope) {
	const [row] = await db
		.select({ terms: termsVersions, acceptedAt: termsAcceptances.acceptedAt })
		.from(termsVersions)
		.leftJoin(
			termsAcceptances,
			and(eq(termsAcceptances.termsVersionId, termsVersions.id), eq(termsAcceptances.userId, userId))
		)
		.where(scopeWhere(scope))
		.orderBy(desc(termsVersions.version))
		.limit(1);
	return row && !row.acceptedAt ? row.terms : undefined;
}
