/**
 * Suggestions: people who may not edit a course directly (enrolled learners, when the course
 * allows it) propose a new version of a lesson; its reviewers comment, accept (a revision
 * credited to the proposer, merged three-way if the lesson moved on) or decline with a reason.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError } from '../../http/forms.ts';
import { uuidv7 } from '../../ids.ts';
import type { Actor } from '../authz/policy.ts';
import { users } from '../accounts/accounts.table.ts';
import { lessons } from '../courses/courses.table.ts';
import { hasConflictMarkers } from './merge.ts';
import { announce, writeLesson, type SaveOutcome } from './revisions.service.ts';
import { wikiAccess } from './settings.service.ts';
import { wikiSuggestionComments, wikiSuggestions } from './wiki.table.ts';

type Ctx = Pick<App, 'db' | 'events'>;

const forbidden = () => new FormError(403, { _form: { key: 'error.forbidden' } });
const notFound = () => new FormError(404, { _form: { key: 'error.notFound' } });

export async function proposeSuggestion(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	lessonId: string,
	input: { title: string; body: string; summary: string; baseRevision: number }
) {
	const access = await wikiAccess(ctx.db, actor, courseId);
	if (!actor || !(access.canSuggest || access.canEdit)) throw forbidden();
	if (hasConflictMarkers(input.body)) throw new FormError(400, { body: { key: 'wiki.errors.markers' } });
	input = { ...input, body: input.body.replace(/\r\n?/g, '\n') };
	if (!input.summary.trim()) throw new FormError(400, { summary: { key: 'wiki.errors.summaryRequired' } });
	const [lesson] = await ctx.db
		.select({ revision: lessons.revision, body: lessons.body, title: lessons.title })
		.from(lessons)
		.where(and(eq(lessons.id, lessonId), eq(lessons.courseId, courseId)));
	if (!lesson) throw notFound();
	if (input.baseRevision < 1 || input.baseRevision > lesson.revision)
		throw new FormError(400, { _form: { key: 'wiki.errors.badRevision' } });
	if (input.baseRevision === lesson.revision && input.body === lesson.body && input.title === lesson.title)
		throw new FormError(400, { body: { key: 'wiki.errors.noChange' } });
	const id = uuidv7();
	await ctx.db.insert(wikiSuggestions).values({
		id,
		courseId,
		lessonId,
		proposerId: actor.id,
		baseNumber: input.baseRevision,
		title: input.title,
		body: input.body,
		summary: input.summary.trim()
	});
	return id;
}

const listColumns = {
	id: wikiSuggestions.id,
	lessonId: wikiSuggestions.lessonId,
	lessonTitle: lessons.title,
	summary: wikiSuggestions.summary,
	status: wikiSuggestions.status,
	reason: wikiSuggestions.reason,
	baseNumber: wikiSuggestions.baseNumber,
	revisionNumber: wikiSuggestions.revisionNumber,
	createdAt: wikiSuggestions.createdAt,
	proposerId: wikiSuggestions.proposerId,
	proposerName: users.name,
	proposerHandle: users.handle
};

/** The course's suggestions, open ones first, newest first. */
export async function listSuggestions(db: DbLike, courseId: string) {
	return db
		.select(listColumns)
		.from(wikiSuggestions)
		.innerJoin(lessons, eq(lessons.id, wikiSuggestions.lessonId))
		.leftJoin(users, eq(users.id, wikiSuggestions.proposerId))
		.where(eq(wikiSuggestions.courseId, courseId))
		.orderBy(sql`${wikiSuggestions.status} = 'open' desc`, desc(wikiSuggestions.createdAt))
		.limit(200);
}

export async function getSuggestion(db: DbLike, courseId: string, id: string) {
	const [row] = await db
		.select({ ...listColumns, title: wikiSuggestions.title, body: wikiSuggestions.body })
		.from(wikiSuggestions)
		.innerJoin(lessons, eq(lessons.id, wikiSuggestions.lessonId))
		.leftJoin(users, eq(users.id, wikiSuggestions.proposerId))
		.where(and(eq(wikiSuggestions.id, id), eq(wikiSuggestions.courseId, courseId)));
	if (!row) return undefined;
	const comments = await db
		.select({
			id: wikiSuggestionComments.id,
			body: wikiSuggestionComments.body,
			createdAt: wikiSuggestionComments.createdAt,
			authorName: users.name
		})
		.from(wikiSuggestionComments)
		.leftJoin(users, eq(users.id, wikiSuggestionComments.authorId))
		.where(eq(wikiSuggestionComments.suggestionId, id))
		.orderBy(asc(wikiSuggestionComments.createdAt));
	return { ...row, comments };
}
export type SuggestionDetail = NonNullable<Awaited<ReturnType<typeof getSuggestion>>>;

async function reviewable(ctx: Ctx, actor: Actor | null, courseId: string, id: string) {
	const access = await wikiAccess(ctx.db, actor, courseId);
	if (!actor || !access.canReview) throw forbidden();
	const s = await getSuggestion(ctx.db, courseId, id);
	if (!s) throw notFound();
	if (s.status !== 'open')
		throw new FormError(409, {
			_form: { key: s.status === 'accepted' ? 'wiki.errors.alreadyAccepted' : 'wiki.errors.alreadyDeclined' }
		});
	return { actor, s };
}

/** Reviewers and the proposer discuss a suggestion. */
export async function commentSuggestion(ctx: Ctx, actor: Actor | null, courseId: string, id: string, body: string) {
	const access = await wikiAccess(ctx.db, actor, courseId);
	const s = await getSuggestion(ctx.db, courseId, id);
	if (!s) throw notFound();
	if (!actor || !(access.canReview || s.proposerId === actor.id)) throw forbidden();
	const text = body.trim();
	if (!text) throw new FormError(400, { comment: { key: 'errors.required' } });
	if (text.length > 5000) throw new FormError(400, { comment: { key: 'errors.tooLong', params: { max: 5000 } } });
	await ctx.db
		.insert(wikiSuggestionComments)
		.values({ id: uuidv7(), suggestionId: id, authorId: actor.id, body: text });
}

/**
 * Accepts a suggestion: it becomes a revision credited to its proposer. When the lesson moved
 * on, the suggestion is merged three-way; on a conflict nothing is saved and the reviewer gets
 * the text with conflict markers, to resolve and send back as `resolved` (with its base).
 */
export async function acceptSuggestion(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	id: string,
	resolved?: { body: string; baseRevision: number }
): Promise<SaveOutcome> {
	const { actor: reviewer, s } = await reviewable(ctx, actor, courseId, id);
	const [lesson] = await ctx.db.select({ required: lessons.required }).from(lessons).where(eq(lessons.id, s.lessonId));
	if (!lesson) throw notFound();
	const result = await writeLesson(
		ctx.db,
		courseId,
		s.lessonId,
		{
			title: s.title,
			body: resolved?.body ?? s.body,
			required: lesson.required,
			summary: s.summary,
			baseRevision: resolved?.baseRevision ?? s.baseNumber
		},
		s.proposerId ?? reviewer.id,
		'suggestion'
	);
	if (result.outcome === 'conflict') return result;
	const number = result.number;
	const [updated] = await ctx.db
		.update(wikiSuggestions)
		.set({ status: 'accepted', reviewedBy: reviewer.id, reviewedAt: new Date(), revisionNumber: number })
		.where(and(eq(wikiSuggestions.id, id), eq(wikiSuggestions.status, 'open')))
		.returning({ id: wikiSuggestions.id });
	if (!updated) throw new FormError(409, { _form: { key: 'wiki.errors.alreadyAccepted' } });
	await announce(ctx, courseId, s.lessonId, s.proposerId ?? reviewer.id, result.revisionId);
	await ctx.events.emit('SuggestionAccepted', {
		suggestionId: id,
		courseId,
		proposerId: s.proposerId ?? '',
		by: reviewer.id
	});
	return result;
}

export async function declineSuggestion(ctx: Ctx, actor: Actor | null, courseId: string, id: string, reason: string) {
	const text = reason.trim();
	const { actor: reviewer, s } = await reviewable(ctx, actor, courseId, id);
	if (!text) throw new FormError(400, { reason: { key: 'wiki.errors.reasonRequired' } });
	if (text.length > 2000) throw new FormError(400, { reason: { key: 'errors.tooLong', params: { max: 2000 } } });
	const updated = await ctx.db
		.update(wikiSuggestions)
		.set({ status: 'declined', reason: text, reviewedBy: reviewer.id, reviewedAt: new Date() })
		.where(and(eq(wikiSuggestions.id, id), eq(wikiSuggestions.status, 'open')))
		.returning({ id: wikiSuggestions.id });
	if (!updated.length) throw new FormError(409, { _form: { key: 'wiki.errors.alreadyDeclined' } });
	// The proposer is told, with the reason (watch.service.ts).
	await ctx.events.emit('SuggestionDeclined', {
		suggestionId: id,
		courseId,
		proposerId: s.proposerId ?? '',
		by: reviewer.id,
		reason: text
	});
}

export async function openSuggestionCount(db: DbLike, courseId: string) {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(wikiSuggestions)
		.where(and(eq(wikiSuggestions.courseId, courseId), eq(wikiSuggestions.status, 'open')));
	return Number(row?.n ?? 0);
}
