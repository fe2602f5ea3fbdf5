/**
 * What the forum pages of a place share, for the instance (/forum) and a course
 * (/courses/<slug>/forum): finding the place, forum and thread named in the URL with the
 * reader's rights, and turning refusals into the right HTTP answer. Routes stay thin.
 */
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { UUID_RE } from '../../ids.ts';
import { courseFromSlug } from '../courses/access.ts';
import { coursePlace, instancePlace, placeOfForum, type Place } from './forums.access.ts';
import { getForum } from './forums.service.ts';
import { forums, forumThreads } from './forums.table.ts';
import { threadOfPlace } from './reading.service.ts';

type Event = Pick<RequestEvent, 'locals' | 'params' | 'url'>;

/** Sends a signed-out reader to log in, and refuses others with a page that says why. */
export function assertRead(event: Event, place: Place) {
	if (place.read) return;
	if (!event.locals.user)
		redirect(303, `/login?redirectTo=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	error(403, 'forums.errors.enrolToRead');
}

export function requireActor(event: Event) {
	const { actor } = event.locals;
	if (!actor) redirect(303, `/login?redirectTo=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	return actor;
}

/** The place of the URL: /forum (the instance) or /courses/<slug>/forum. */
export async function placeOf(event: Event): Promise<Place> {
	const slug = (event.params as { slug?: string }).slug;
	if (!slug) return instancePlace(event.locals.actor);
	const { course } = await courseFromSlug(event.locals.app.db, event.locals.actor, slug);
	return coursePlace(event.locals.actor, {
		id: course.id,
		slug: course.slug,
		title: course.title,
		language: course.language
	});
}

function samePlace(a: Place, url: Place) {
	return a.course?.id === url.course?.id;
}

/** The forum of the URL and its place (a theme group's forum shows under its course). */
export async function forumOf(event: Event) {
	const forumId = (event.params as { forumId?: string }).forumId ?? '';
	const urlPlace = await placeOf(event);
	const forum = UUID_RE.test(forumId) ? await getForum(event.locals.app.db, forumId) : undefined;
	const place = forum && (await placeOfForum(event.locals.app.db, event.locals.actor, forum));
	if (!forum || !place || !samePlace(place, urlPlace)) error(404, 'error.notFound');
	assertRead(event, place);
	return { forum, place };
}

/** The thread of the URL with its forum and place. */
export async function threadOf(event: Event) {
	const threadId = (event.params as { threadId?: string }).threadId ?? '';
	if (!UUID_RE.test(threadId)) error(404, 'error.notFound');
	const urlPlace = await placeOf(event);
	const db = event.locals.app.db;
	const userId = event.locals.actor?.id ?? null;
	// First as the URL's place; a theme group's thread is then looked up in its own place.
	let found = await threadOfPlace(db, userId, urlPlace, threadId);
	let place = urlPlace;
	if (!found && urlPlace.course) {
		const [row] = await db
			.select({ scopeType: forums.scopeType, scopeId: forums.scopeId })
			.from(forumThreads)
			.innerJoin(forums, eq(forums.id, forumThreads.forumId))
			.where(eq(forumThreads.id, threadId));
		const other = row?.scopeType === 'themeGroup' ? await placeOfForum(db, event.locals.actor, row) : undefined;
		if (other && samePlace(other, urlPlace)) {
			place = other;
			found = await threadOfPlace(db, userId, place, threadId);
		}
	}
	if (!found) error(404, 'error.notFound');
	assertRead(event, place);
	return { ...found, place };
}

export function pageParam(url: URL): number {
	const n = Number(url.searchParams.get('page') ?? '1');
	return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}

/** What pages show of a place. */
export function placeView(place: Place) {
	return {
		base: place.base,
		scopeType: place.scopeType,
		course: place.course && { slug: place.course.slug, title: place.course.title },
		read: place.read,
		post: place.post,
		moderate: place.moderate,
		manage: place.manage,
		tutor: place.tutor
	};
}
export type PlaceView = ReturnType<typeof placeView>;
