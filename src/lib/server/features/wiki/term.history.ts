/**
 * A glossary term's history: the term named in the URL with what the actor may do, and putting
 * the term back as it was at an earlier revision (a new revision of kind 'revert', saved through
 * the glossary's own checks).
 */
import { error } from '@sveltejs/kit';
import { UUID_RE } from '../../ids.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError } from '../../http/forms.ts';
import type { Actor } from '../authz/policy.ts';
import { getTerm, updateTerm } from '../glossary/glossary.service.ts';
import type { App } from '../../app.ts';
import { wikiCourse } from './access.ts';
import { revisionAt } from './revisions.service.ts';
import { latestTermRevision } from './term.save.ts';

/** The course and term, or 404; 403 unless the actor may see the course's history. */
export async function wikiTerm(db: DbLike, actor: Actor | null, slug: string, termId: string) {
	if (!UUID_RE.test(termId)) error(404, 'error.notFound');
	const found = await wikiCourse(db, actor, slug, 'canViewHistory');
	const term = await getTerm(db, found.course.id, termId);
	if (!term) error(404, 'error.notFound');
	return { ...found, term, current: (await latestTermRevision(db, term.id)).number };
}

/** Returns the new revision's number. Course editors only (the glossary's rule). */
export async function revertTerm(
	ctx: Pick<App, 'db'>,
	actor: Actor | null,
	courseId: string,
	termId: string,
	number: number,
	summary: string
) {
	const target = await revisionAt(ctx.db, 'glossaryTerm', termId, number);
	if (!target || target.courseId !== courseId) throw new FormError(404, { _form: { key: 'error.notFound' } });
	const latest = await latestTermRevision(ctx.db, termId);
	if (number === latest.number) throw new FormError(400, { _form: { key: 'wiki.errors.revertCurrent' } });
	const r = await updateTerm(
		ctx,
		actor,
		courseId,
		termId,
		{ term: target.title, variants: target.variants, definition: target.body },
		{ summary, kind: 'revert', baseNumber: latest.number }
	);
	if (r.outcome === 'conflict') throw new FormError(409, { _form: { key: 'wiki.errors.moved' } });
	return (await latestTermRevision(ctx.db, termId)).number;
}
