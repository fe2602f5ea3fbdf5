/** For the wiki's routes: the course (and lesson) named in the URL, with what the actor may do. */
import { error } from '@sveltejs/kit';
import { UUID_RE } from '../../ids.ts';
import type { Actor } from '../authz/policy.ts';
import { courseFromSlug } from '../courses/access.ts';
import { getLesson } from '../courses/plan.service.ts';
import type { DbLike } from '../../db/client.ts';
import { wikiAccess, type WikiAccess } from './settings.service.ts';

type Need = keyof Pick<WikiAccess, 'canEdit' | 'canReview' | 'canViewHistory'>;

/** The course, or 404; then 403 unless the actor has `need` (anonymous people: 403 too). */
export async function wikiCourse(db: DbLike, actor: Actor | null, slug: string, need: Need) {
	const { course, canEdit: canEditCourse } = await courseFromSlug(db, actor, slug);
	const access = await wikiAccess(db, actor, course.id);
	if (!access[need]) error(403, 'error.forbidden');
	return { course, access, canEditCourse };
}

export async function wikiLesson(db: DbLike, actor: Actor | null, slug: string, id: string, need: Need) {
	if (!UUID_RE.test(id)) error(404, 'error.notFound');
	const found = await wikiCourse(db, actor, slug, need);
	const lesson = await getLesson(db, found.course.id, id);
	if (!lesson) error(404, 'error.notFound');
	return { ...found, lesson };
}
