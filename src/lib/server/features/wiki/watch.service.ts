/**
 * "Follow this lesson": people who follow a lesson are notified when it changes (through the
 * notifications feature), except the person who changed it.
 */
import { and, eq } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { courses, lessons } from '../courses/courses.table.ts';
import { notify } from '../notifications/notifications.service.ts';
import type { Actor } from '../authz/policy.ts';
import { wikiAccess } from './settings.service.ts';
import { wikiSuggestions, wikiWatches } from './wiki.table.ts';

export async function isWatching(db: DbLike, userId: string, lessonId: string) {
	const [row] = await db
		.select({ userId: wikiWatches.userId })
		.from(wikiWatches)
		.where(and(eq(wikiWatches.userId, userId), eq(wikiWatches.lessonId, lessonId)));
	return !!row;
}

export async function setWatching(db: DbLike, userId: string, courseId: string, lessonId: string, on: boolean) {
	if (on) await db.insert(wikiWatches).values({ userId, courseId, lessonId }).onConflictDoNothing();
	else await db.delete(wikiWatches).where(and(eq(wikiWatches.userId, userId), eq(wikiWatches.lessonId, lessonId)));
}

export async function watchers(db: DbLike, lessonId: string) {
	const rows = await db
		.select({ userId: wikiWatches.userId })
		.from(wikiWatches)
		.where(eq(wikiWatches.lessonId, lessonId));
	return rows.map((r) => r.userId);
}

/** Subscribes the watchlist to RevisionSaved, and tells proposers their proposal was accepted or declined. */
export function registerWikiHandlers(app: Pick<App, 'db' | 'events' | 'jobs'>) {
	app.events.on('RevisionSaved', async (e) => {
		if (e.target !== 'lesson') return;
		const userIds = await watchers(app.db, e.targetId);
		if (!userIds.length) return;
		const [lesson] = await app.db
			.select({ title: lessons.title, slug: courses.slug })
			.from(lessons)
			.innerJoin(courses, eq(courses.id, lessons.courseId))
			.where(eq(lessons.id, e.targetId));
		if (!lesson) return;
		await notify(app, {
			userIds,
			kind: 'wiki.lessonChanged',
			actorId: e.authorId,
			courseId: e.courseId,
			title: { key: 'wiki.notify.lessonChanged', params: { title: lesson.title } },
			url: `/courses/${lesson.slug}/lessons/${e.targetId}/history`
		});
	});
	app.events.on('SuggestionAccepted', async (e) => {
		if (!e.proposerId) return;
		const [row] = await app.db
			.select({ summary: wikiSuggestions.summary, slug: courses.slug })
			.from(wikiSuggestions)
			.innerJoin(courses, eq(courses.id, wikiSuggestions.courseId))
			.where(eq(wikiSuggestions.id, e.suggestionId));
		if (!row) return;
		await notify(app, {
			userIds: [e.proposerId],
			kind: 'wiki.suggestionReviewed',
			actorId: e.by,
			courseId: e.courseId,
			title: { key: 'wiki.notify.suggestionAccepted', params: { summary: row.summary } },
			url: `/courses/${row.slug}/suggestions/${e.suggestionId}`
		});
	});
	app.events.on('SuggestionDeclined', async (e) => {
		if (!e.proposerId) return;
		const [row] = await app.db
			.select({ summary: wikiSuggestions.summary, slug: courses.slug })
			.from(wikiSuggestions)
			.innerJoin(courses, eq(courses.id, wikiSuggestions.courseId))
			.where(eq(wikiSuggestions.id, e.suggestionId));
		if (!row) return;
		// The reason is cut to fit a notification line; the whole of it is on the suggestion's page.
		const reason = e.reason.length > 200 ? `${e.reason.slice(0, 199)}…` : e.reason;
		await notify(app, {
			userIds: [e.proposerId],
			kind: 'wiki.suggestionReviewed',
			actorId: e.by,
			courseId: e.courseId,
			title: { key: 'wiki.notify.suggestionDeclined', params: { summary: row.summary, reason } },
			url: `/courses/${row.slug}/suggestions/${e.suggestionId}`
		});
	});
}

/** What the lesson page shows of the wiki to a logged-in reader (two small queries). */
export async function lessonWikiState(db: DbLike, actor: Actor, courseId: string, lessonId: string) {
	const [access, watching] = await Promise.all([wikiAccess(db, actor, courseId), isWatching(db, actor.id, lessonId)]);
	return {
		canViewHistory: access.canViewHistory,
		canEdit: access.canEdit,
		canSuggest: access.canSuggest,
		watching
	};
}
