/**
 * Writing one revision row: called by the services that save lessons (courses/plan.service.ts)
 * and glossary terms (glossary/glossary.service.ts), inside their write. Kept free of other
 * wiki imports so those services can call it without a cycle.
 */
import { sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { uuidv7 } from '../../ids.ts';
import { rowsOf } from '../../db/rows.ts';
import { contentRevisions, type RevisionKind, type RevisionTarget } from './wiki.table.ts';

export interface RevisionMeta {
	summary?: string;
	kind?: RevisionKind;
	baseNumber?: number | null;
}

export interface RevisionInput extends RevisionMeta {
	courseId: string;
	targetType: RevisionTarget;
	targetId: string;
	/** The lesson's new `revision`; omitted for glossary terms (the next number is taken). */
	number?: number;
	title: string;
	body: string;
	variants?: string[];
	authorId: string | null;
}

export const SUMMARY_MAX = 300;

export async function recordRevision(db: DbLike, input: RevisionInput) {
	const number =
		input.number ??
		Number(
			rowsOf<{ n: number }>(
				await db.execute(
					sql`select coalesce(max(number), 0) + 1 as n from content_revisions where target_type = ${input.targetType} and target_id = ${input.targetId}`
				)
			)[0]!.n
		);
	const id = uuidv7();
	await db.insert(contentRevisions).values({
		id,
		courseId: input.courseId,
		targetType: input.targetType,
		targetId: input.targetId,
		number,
		title: input.title,
		body: input.body,
		variants: input.variants ?? [],
		authorId: input.authorId,
		summary: (input.summary ?? '').trim().slice(0, SUMMARY_MAX),
		kind: input.kind ?? 'edit',
		baseNumber: input.baseNumber ?? null
	});
	return { id, number };
}

/** The first revision of every lesson and glossary term of a course just imported (kind 'import'). */
export async function recordImportRevisions(db: DbLike, courseId: string, authorId: string | null) {
	await db.execute(sql`
		insert into content_revisions (id, course_id, target_type, target_id, number, title, body, author_id, kind)
		select gen_random_uuid()::text, course_id, 'lesson', id, revision, title, body, ${authorId}, 'import'
		from lessons where course_id = ${courseId}
		on conflict do nothing`);
	await db.execute(sql`
		insert into content_revisions (id, course_id, target_type, target_id, number, title, body, variants, author_id, kind)
		select gen_random_uuid()::text, course_id, 'glossaryTerm', id, 1, term, definition, variants, ${authorId}, 'import'
		from glossary_terms where course_id = ${courseId}
		on conflict do nothing`);
}
