/**
 * Speakers of a course (intervenant·es): the people who appear in its videos. Editors add, edit,
 * delete and reorder them; whoever may view the course reads them. A bio is Markdown stored as
 * written with its sanitised HTML; a photo goes through the same pipeline as covers (checked by
 * content, 400×400 WebP, no metadata) into DATA_DIR/uploads/speakers. An empty photo alt means
 * "the speaker's name", so renaming someone keeps their photo described.
 */
import { and, asc, count, eq } from 'drizzle-orm';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError, type FieldErrors } from '../../http/forms.ts';
import { uuidv7 } from '../../ids.ts';
import { can, type Actor } from '../authz/policy.ts';
import { chosenFile, imageUrl, processImage, removeImage, storeImage, type UploadedFile } from '../courses/cover.ts';
import { renderMarkdown } from '../courses/markdown.ts';
import { SPEAKER_LIMITS as L } from './speakers.schemas.ts';
import { speakers } from './speakers.table.ts';

type Ctx = Pick<App, 'db' | 'config'>;

export type SpeakerRow = typeof speakers.$inferSelect;
export type SpeakerLink = { label: string; url: string };

export interface SpeakerInput {
	name: string;
	role?: string;
	bio?: string;
	/** One link per line, `label | https://url` (a bare URL is labelled with its host). */
	links?: string;
	photoAlt?: string;
}

export interface PhotoChange {
	photo?: unknown;
	removePhoto?: boolean;
}

function assertEditor(actor: Actor | null, courseId: string) {
	if (!can(actor, 'course.edit', { type: 'course', id: courseId }))
		throw new FormError(403, { _form: { key: 'error.forbidden' } });
}

const oneLine = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** Parses the links field; the first problem is reported with its line number. */
export function parseLinks(text: string): { links: SpeakerLink[]; error?: FieldErrors[string] } {
	const lines = text
		.split(/\r?\n/)
		.map((l, i) => ({ line: i + 1, text: l.trim() }))
		.filter((l) => l.text);
	if (lines.length > L.links)
		return { links: [], error: { key: 'speakers.errors.tooManyLinks', params: { max: L.links } } };
	const links: SpeakerLink[] = [];
	for (const { line, text: raw } of lines) {
		const bar = raw.lastIndexOf('|');
		const label = bar >= 0 ? oneLine(raw.slice(0, bar)) : '';
		const href = (bar >= 0 ? raw.slice(bar + 1) : raw).trim();
		let url: URL | undefined;
		try {
			url = new URL(href);
		} catch {
			url = undefined;
		}
		if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname || href.length > L.linkUrl)
			return { links: [], error: { key: 'speakers.errors.linkUrl', params: { line } } };
		if (bar >= 0 && !label) return { links: [], error: { key: 'speakers.errors.linkLabel', params: { line } } };
		if (label.length > L.linkLabel)
			return { links: [], error: { key: 'speakers.errors.linkLabelLong', params: { line, max: L.linkLabel } } };
		links.push({ label: label || url.hostname, url: url.href });
	}
	return { links };
}

export function formatLinks(links: SpeakerLink[]): string {
	return links.map((l) => `${l.label} | ${l.url}`).join('\n');
}

/**
 * The bio as safe HTML for a card: headings become bold paragraphs (the page owns the outline)
 * and ids get the speaker's prefix, so footnotes of two bios on one page never clash.
 */
export function bioToHtml(speakerId: string, markdown: string): string {
	if (!markdown) return '';
	const prefix = `s${speakerId.slice(-12)}`;
	return renderMarkdown(markdown)
		.replace(/<h[1-6](?: [^>]*)?>/g, '<p><strong>')
		.replace(/<\/h[1-6]>/g, '</strong></p>')
		.replace(/<[^>]+>/g, (tag) =>
			tag.replace(/ id="([^"]*)"/g, ` id="${prefix}_$1"`).replace(/ href="#([^"]*)"/g, ` href="#${prefix}_$1"`)
		);
}

/** Trims and checks every field; all problems at once, as a 400. */
export function normaliseSpeaker(input: SpeakerInput) {
	const errors: FieldErrors = {};
	const name = oneLine(input.name);
	const role = oneLine(input.role);
	const bio = (input.bio ?? '').trim();
	const photoAlt = oneLine(input.photoAlt);
	if (!name) errors.name = { key: 'errors.required' };
	else if (name.length > L.name) errors.name = { key: 'errors.tooLong', params: { max: L.name } };
	if (role.length > L.role) errors.role = { key: 'errors.tooLong', params: { max: L.role } };
	if (bio.length > L.bio) errors.bio = { key: 'errors.tooLong', params: { max: L.bio } };
	if (photoAlt.length > L.photoAlt) errors.photoAlt = { key: 'errors.tooLong', params: { max: L.photoAlt } };
	const { links, error } = parseLinks(input.links ?? '');
	if (error) errors.links = error;
	if (Object.keys(errors).length) throw new FormError(400, errors);
	return { name, role, bio, photoAlt: photoAlt === name ? '' : photoAlt, links };
}

export async function listSpeakers(db: DbLike, courseId: string) {
	return db
		.select()
		.from(speakers)
		.where(eq(speakers.courseId, courseId))
		.orderBy(asc(speakers.position), asc(speakers.id));
}

export async function countSpeakers(db: DbLike, courseId: string) {
	const [row] = await db.select({ n: count() }).from(speakers).where(eq(speakers.courseId, courseId));
	return Number(row?.n ?? 0);
}

export async function getSpeaker(db: DbLike, courseId: string, id: string) {
	const [row] = await db
		.select()
		.from(speakers)
		.where(and(eq(speakers.courseId, courseId), eq(speakers.id, id)));
	return row;
}

/** What a page shows of a speaker: the photo's address and its text alternative resolved. */
export function speakerView(s: SpeakerRow) {
	return {
		id: s.id,
		name: s.name,
		role: s.role,
		bioHtml: s.bioHtml,
		links: s.links,
		photo: imageUrl('speakers', s.photoKey),
		photoAlt: s.photoAlt || s.name
	};
}

async function processPhoto(ctx: Ctx, file: UploadedFile) {
	const webp = await processImage(file, {
		field: 'photo',
		width: L.photoSize,
		height: L.photoSize,
		maxBytes: ctx.config.AVATAR_MAX_BYTES
	});
	return storeImage(ctx.config.dataDir, 'speakers', webp);
}

export async function createSpeaker(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	input: SpeakerInput,
	change: PhotoChange = {}
): Promise<SpeakerRow> {
	assertEditor(actor, courseId);
	const values = normaliseSpeaker(input);
	if ((await countSpeakers(ctx.db, courseId)) >= L.speakers)
		throw new FormError(409, { _form: { key: 'speakers.errors.tooMany', params: { max: L.speakers } } });
	const file = chosenFile(change.photo);
	const photoKey = file ? await processPhoto(ctx, file) : null;
	try {
		return await ctx.db.transaction(async (tx) => {
			// Locking the course's speakers keeps two concurrent additions from sharing a position.
			const all = await tx
				.select({ position: speakers.position })
				.from(speakers)
				.where(eq(speakers.courseId, courseId))
				.for('update');
			const position = Math.max(0, ...all.map((r) => r.position)) + 1;
			const id = uuidv7();
			const [row] = await tx
				.insert(speakers)
				.values({ id, courseId, ...values, bioHtml: bioToHtml(id, values.bio), photoKey, position })
				.returning();
			return row!;
		});
	} catch (err) {
		await removeImage(ctx.config.dataDir, 'speakers', photoKey);
		throw err;
	}
}

export async function updateSpeaker(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	id: string,
	input: SpeakerInput,
	change: PhotoChange = {}
) {
	assertEditor(actor, courseId);
	const values = normaliseSpeaker(input);
	const existing = await getSpeaker(ctx.db, courseId, id);
	if (!existing) throw new FormError(404, { _form: { key: 'speakers.errors.notFound' } });
	const file = chosenFile(change.photo);
	const photoKey = file ? await processPhoto(ctx, file) : change.removePhoto ? null : existing.photoKey;
	let previous: string | null;
	try {
		previous = await ctx.db.transaction(async (tx) => {
			const [row] = await tx
				.select({ photoKey: speakers.photoKey })
				.from(speakers)
				.where(and(eq(speakers.courseId, courseId), eq(speakers.id, id)))
				.for('update');
			if (!row) throw new FormError(404, { _form: { key: 'speakers.errors.notFound' } });
			await tx
				.update(speakers)
				.set({ ...values, bioHtml: bioToHtml(id, values.bio), photoKey, updatedAt: new Date() })
				.where(eq(speakers.id, id));
			return row.photoKey !== photoKey ? row.photoKey : null;
		});
	} catch (err) {
		if (file) await removeImage(ctx.config.dataDir, 'speakers', photoKey);
		throw err;
	}
	await removeImage(ctx.config.dataDir, 'speakers', previous);
}

export async function deleteSpeaker(ctx: Ctx, actor: Actor | null, courseId: string, id: string) {
	assertEditor(actor, courseId);
	const [row] = await ctx.db
		.delete(speakers)
		.where(and(eq(speakers.courseId, courseId), eq(speakers.id, id)))
		.returning({ photoKey: speakers.photoKey });
	if (!row) throw new FormError(404, { _form: { key: 'speakers.errors.notFound' } });
	await removeImage(ctx.config.dataDir, 'speakers', row.photoKey);
}

/** Swaps a speaker with its neighbour; positions are renumbered 1…n on the way. */
export async function moveSpeaker(
	ctx: Ctx,
	actor: Actor | null,
	courseId: string,
	id: string,
	direction: 'up' | 'down'
) {
	assertEditor(actor, courseId);
	await ctx.db.transaction(async (tx) => {
		const rows = await tx
			.select({ id: speakers.id })
			.from(speakers)
			.where(eq(speakers.courseId, courseId))
			.orderBy(asc(speakers.position), asc(speakers.id))
			.for('update');
		const i = rows.findIndex((r) => r.id === id);
		if (i < 0) throw new FormError(404, { _form: { key: 'speakers.errors.notFound' } });
		const j = direction === 'up' ? i - 1 : i + 1;
		if (j < 0 || j >= rows.length) return;
		[rows[i], rows[j]] = [rows[j]!, rows[i]!];
		for (const [n, r] of rows.entries())
			await tx
				.update(speakers)
				.set({ position: n + 1 })
				.where(eq(speakers.id, r.id));
	});
}
