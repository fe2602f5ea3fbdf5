/**
 * Glossary terms of a course: create, edit, delete (editors only), list A–Z; and the lessons
 * where automatic links are disabled. A term and its variants must not be used by another term
 * of the course, compared as the linker compares them (ignoring case and accents).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError, type FieldErrors } from '../../http/forms.ts';
import { uuidv7 } from '../../ids.ts';
import { can, type Actor } from '../authz/policy.ts';
import { lessons } from '../courses/courses.table.ts';
import { renderMarkdown, slug as slugify } from '../courses/markdown.ts';
import { fold } from './glossary.linker.ts';
import { GLOSSARY_LIMITS as L } from './glossary.schemas.ts';
import { glossaryLessonOptouts, glossaryTerms, type GlossaryTermRow } from './glossary.table.ts';
import { recordRevision, type RevisionMeta } from '../wiki/revisions.record.ts';
import { reconcileTerm } from '../wiki/term.save.ts';

type Ctx = Pick<App, 'db'>;

export interface TermInput {
	term: string;
	variants: string[];
	definition: string;
}

/** Ids used by the page layout that a term's anchor must not take. */
const RESERVED_SLUGS = new Set(['main']);
const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

function assertEditor(actor: Actor | null, courseId: string) {
	if (!can(actor, 'course.edit', { type: 'course', id: courseId }))
		throw new FormError(403, { _form: { key: 'error.forbidden' } });
}

/** Trims, drops empty and repeated variants (and the term itself), then checks the limits. */
export function normaliseTerm(input: TermInput): TermInput {
	const term = input.term.replace(/\s+/g, ' ').trim();
	// Browsers send CRLF line ends: one convention in storage, so revisions diff and merge cleanly.
	const definition = input.definition.replace(/\r\n?/g, '\n').trim();
	const seen = new Set([fold(term)]);
	const variants: string[] = [];
	for (const raw of input.variants) {
		const v = raw.replace(/\s+/g, ' ').trim();
		const key = fold(v);
		if (!key || seen.has(key)) continue;
		seen.add(key);
		variants.push(v);
	}
	const errors: FieldErrors = {};
	if (!term) errors.term = { key: 'errors.required' };
	else if (term.length > L.term) errors.term = { key: 'errors.tooLong', params: { max: L.term } };
	if (variants.length > L.variants)
		errors.variants = { key: 'glossary.errors.tooManyVariants', params: { max: L.variants } };
	else if (variants.some((v) => v.length > L.variant))
		errors.variants = { key: 'glossary.errors.variantTooLong', params: { max: L.variant } };
	if (!definition) errors.definition = { key: 'errors.required' };
	else if (definition.length > L.definition)
		errors.definition = { key: 'errors.tooLong', params: { max: L.definition } };
	if (Object.keys(errors).length) throw new FormError(400, errors);
	return { term, variants, definition };
}

/**
 * The definition as safe HTML for the glossary page: headings become bold paragraphs (the page
 * owns the outline) and ids get the term's prefix, so footnotes of two definitions never clash.
 */
export function definitionToHtml(termSlug: string, markdown: string): string {
	return renderMarkdown(markdown)
		.replace(/<h[1-6](?: [^>]*)?>/g, '<p><strong>')
		.replace(/<\/h[1-6]>/g, '</strong></p>')
		.replace(/<[^>]+>/g, (tag) =>
			tag.replace(/ id="([^"]*)"/g, ` id="${termSlug}_$1"`).replace(/ href="#([^"]*)"/g, ` href="#${termSlug}_$1"`)
		);
}

async function courseTerms(db: DbLike, courseId: string) {
	return db
		.select({
			id: glossaryTerms.id,
			term: glossaryTerms.term,
			variants: glossaryTerms.variants,
			slug: glossaryTerms.slug
		})
		.from(glossaryTerms)
		.where(eq(glossaryTerms.courseId, courseId));
}

/** Refuses a term or variant already used by another term; returns a free anchor slug. */
async function checkConflicts(db: DbLike, courseId: string, input: TermInput, exceptId?: string) {
	const others = (await courseTerms(db, courseId)).filter((t) => t.id !== exceptId);
	if (!exceptId && others.length >= L.terms)
		throw new FormError(409, { _form: { key: 'glossary.errors.tooManyTerms', params: { max: L.terms } } });
	const owner = new Map<string, string>();
	for (const t of others) for (const form of [t.term, ...t.variants]) owner.set(fold(form), t.term);
	const errors: FieldErrors = {};
	const byTerm = owner.get(fold(input.term));
	if (byTerm) errors.term = { key: 'glossary.errors.termTaken', params: { term: byTerm } };
	for (const v of input.variants) {
		const other = owner.get(fold(v));
		if (other) {
			errors.variants = { key: 'glossary.errors.variantTaken', params: { variant: v, term: other } };
			break;
		}
	}
	if (Object.keys(errors).length) throw new FormError(409, errors);
	const taken = new Set([...RESERVED_SLUGS, ...others.map((t) => t.slug)]);
	const base = slugify(input.term) || 'terme';
	let slug = base;
	for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
	return slug;
}

/** A unique violation (two editors saving the same term at once) is the same 409. */
function isUniqueViolation(err: unknown): boolean {
	for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e)
		if (e.code === '23505') return true;
	return false;
}

async function guardedWrite<T>(write: () => Promise<T>): Promise<T> {
	try {
		return await write();
	} catch (err) {
		if (isUniqueViolation(err)) throw new FormError(409, { term: { key: 'glossary.errors.duplicate' } });
		throw err;
	}
}

export async function createTerm(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	raw: TermInput,
	meta: RevisionMeta = {}
) {
	assertEditor(actor, courseId);
	const input = normaliseTerm(raw);
	const slug = await checkConflicts(ctx.db, courseId, input);
	const [row] = await guardedWrite(() =>
		ctx.db
			.insert(glossaryTerms)
			.values({ id: uuidv7(), courseId, ...input, slug, definitionHtml: definitionToHtml(slug, input.definition) })
			.returning()
	);
	await termRevision(ctx.db, actor, courseId, row!.id, input, meta); // wiki: the term's history
	return row!;
}

export type TermSaveOutcome =
	| { outcome: 'saved' | 'unchanged' }
	| { outcome: 'merged'; mergedWith: { number: number; author: string } }
	| { outcome: 'conflict'; current: number; author: string; theirs: TermInput; conflicts: number };

/**
 * Saves a term. With `meta.baseNumber` (the revision the editor's form was loaded from), a save
 * made after another one landed is merged with it (wiki/term.save.ts), or comes back as a
 * conflict with nothing saved. The term's row is locked meanwhile, so two saves never both win.
 */
export async function updateTerm(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	termId: string,
	raw: TermInput,
	meta: RevisionMeta = {}
): Promise<TermSaveOutcome> {
	assertEditor(actor, courseId);
	let input = normaliseTerm(raw);
	return ctx.db.transaction(async (tx) => {
		const [current] = await tx
			.select()
			.from(glossaryTerms)
			.where(and(eq(glossaryTerms.id, termId), eq(glossaryTerms.courseId, courseId)))
			.for('update');
		if (!current) throw new FormError(404, { _form: { key: 'error.notFound' } });
		let mergedWith: { number: number; author: string } | undefined;
		if (typeof meta.baseNumber === 'number') {
			const theirs = { term: current.term, variants: current.variants, definition: current.definition };
			const r = await reconcileTerm(tx, termId, meta.baseNumber, theirs, input);
			if ('conflict' in r) return { outcome: 'conflict', ...r.conflict } as const;
			if (!r.fresh) {
				input = normaliseTerm(r.merged);
				mergedWith = r.mergedWith;
			}
		}
		if (
			input.term === current.term &&
			input.definition === current.definition &&
			input.variants.join('\n') === current.variants.join('\n')
		)
			return { outcome: 'unchanged' } as const;
		const fresh = await checkConflicts(tx, courseId, input, termId);
		// The anchor changes only when the term's own spelling does.
		const slug = slugify(input.term) === slugify(current.term) ? current.slug : fresh;
		await guardedWrite(() =>
			tx
				.update(glossaryTerms)
				.set({ ...input, slug, definitionHtml: definitionToHtml(slug, input.definition), updatedAt: new Date() })
				.where(and(eq(glossaryTerms.id, termId), eq(glossaryTerms.courseId, courseId)))
		);
		await termRevision(tx, actor, courseId, termId, input, meta); // wiki: the term's history
		return mergedWith ? ({ outcome: 'merged', mergedWith } as const) : ({ outcome: 'saved' } as const);
	});
}

/** Keeps a version of the term in its history (features/wiki). */
async function termRevision(
	db: DbLike,
	actor: Actor | null,
	courseId: string,
	termId: string,
	input: TermInput,
	meta: RevisionMeta
) {
	await recordRevision(db, {
		...meta,
		courseId,
		targetType: 'glossaryTerm',
		targetId: termId,
		title: input.term,
		body: input.definition,
		variants: input.variants,
		authorId: actor?.id ?? null
	});
}

export async function deleteTerm(ctx: Ctx, actor: Actor | null, courseId: string, termId: string) {
	assertEditor(actor, courseId);
	const deleted = await ctx.db
		.delete(glossaryTerms)
		.where(and(eq(glossaryTerms.id, termId), eq(glossaryTerms.courseId, courseId)))
		.returning({ id: glossaryTerms.id });
	if (!deleted.length) throw new FormError(404, { _form: { key: 'error.notFound' } });
}

export async function getTerm(db: DbLike, courseId: string, termId: string): Promise<GlossaryTermRow | undefined> {
	const [row] = await db
		.select()
		.from(glossaryTerms)
		.where(and(eq(glossaryTerms.id, termId), eq(glossaryTerms.courseId, courseId)));
	return row;
}

/** The course's terms, A–Z (French collation: accents and case ignored). */
export async function listTerms(db: DbLike, courseId: string): Promise<GlossaryTermRow[]> {
	const rows = await db.select().from(glossaryTerms).where(eq(glossaryTerms.courseId, courseId));
	return rows.sort((a, b) => collator.compare(a.term, b.term));
}

/** The letter a term is filed under: A–Z, or '#' for digits and symbols. */
export function letterOf(term: string): string {
	const c = fold(term).charAt(0).toUpperCase();
	return c >= 'A' && c <= 'Z' ? c : '#';
}

/** Ids of the course's lessons where glossary links are disabled. */
export async function lessonOptouts(db: DbLike, courseId: string): Promise<Set<string>> {
	const rows = await db
		.select({ id: glossaryLessonOptouts.lessonId })
		.from(glossaryLessonOptouts)
		.innerJoin(lessons, eq(lessons.id, glossaryLessonOptouts.lessonId))
		.where(eq(lessons.courseId, courseId));
	return new Set(rows.map((r) => r.id));
}

/** Replaces the course's opt-outs with the given lessons (ids of other courses are ignored). */
export async function setLessonOptouts(ctx: Ctx, actor: Actor | null, courseId: string, lessonIds: string[]) {
	assertEditor(actor, courseId);
	await ctx.db.transaction(async (tx) => {
		const own = lessonIds.length
			? await tx
					.select({ id: lessons.id })
					.from(lessons)
					.where(and(eq(lessons.courseId, courseId), inArray(lessons.id, lessonIds)))
			: [];
		await tx
			.delete(glossaryLessonOptouts)
			.where(
				inArray(
					glossaryLessonOptouts.lessonId,
					sql`(select ${lessons.id} from ${lessons} where ${lessons.courseId} = ${courseId})`
				)
			);
		if (own.length) await tx.insert(glossaryLessonOptouts).values(own.map((l) => ({ lessonId: l.id })));
	});
}
