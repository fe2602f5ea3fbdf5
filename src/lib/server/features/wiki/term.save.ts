/**
 * Saving a glossary term as a wiki: the editor's form carries the term's revision it started
 * from; when another revision landed meanwhile, the two edits are merged (term.merge.ts) or, when
 * they touch the same thing, sent back to the author beside the other version. Called by
 * glossary/glossary.service.ts inside its write, with the term's row locked.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { FormError } from '../../http/forms.ts';
import { users } from '../accounts/accounts.table.ts';
import { mergeTerm, type TermVersion } from './term.merge.ts';
import { contentRevisions } from './wiki.table.ts';

export type TermSave =
	| { fresh: true }
	| { fresh: false; merged: TermVersion; mergedWith: { number: number; author: string } }
	| { conflict: { current: number; author: string; theirs: TermVersion; conflicts: number } };

/** The term's latest revision number (0 when it has none) and its author's name. */
export async function latestTermRevision(db: DbLike, termId: string) {
	const [row] = await db
		.select({ number: contentRevisions.number, author: users.name })
		.from(contentRevisions)
		.leftJoin(users, eq(users.id, contentRevisions.authorId))
		.where(and(eq(contentRevisions.targetType, 'glossaryTerm'), eq(contentRevisions.targetId, termId)))
		.orderBy(desc(contentRevisions.number))
		.limit(1);
	return { number: row?.number ?? 0, author: row?.author ?? '' };
}

export async function reconcileTerm(
	db: DbLike,
	termId: string,
	baseNumber: number,
	current: TermVersion,
	mine: TermVersion
): Promise<TermSave> {
	const latest = await latestTermRevision(db, termId);
	if (!Number.isInteger(baseNumber) || baseNumber < 0 || baseNumber > latest.number)
		throw new FormError(400, { _form: { key: 'wiki.errors.badRevision' } });
	if (baseNumber === latest.number) return { fresh: true };
	const [base] = await db
		.select()
		.from(contentRevisions)
		.where(
			and(
				eq(contentRevisions.targetType, 'glossaryTerm'),
				eq(contentRevisions.targetId, termId),
				eq(contentRevisions.number, baseNumber)
			)
		);
	const result = mergeTerm(
		base
			? { term: base.title, variants: base.variants, definition: base.body }
			: { term: '', variants: [], definition: '' },
		current,
		mine
	);
	if (!result.clean)
		return {
			conflict: { current: latest.number, author: latest.author, theirs: current, conflicts: result.conflicts }
		};
	return { fresh: false, merged: result.merged, mergedWith: { number: latest.number, author: latest.author } };
}
