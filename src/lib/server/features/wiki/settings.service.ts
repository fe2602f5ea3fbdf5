/**
 * Who may edit a course's lessons: its editors only (the default), plus the members of named
 * partner structures, or plus every enrolled learner as suggestions (listed structures still
 * edit directly then). Stored in course_wiki_settings; read as a 'courseWiki' policy resource.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { rowsOf } from '../../db/rows.ts';
import { FormError } from '../../http/forms.ts';
import { can, type Actor, type Resource } from '../authz/policy.ts';
import { structures } from '../community/community.table.ts';
import { courseWikiSettings, WIKI_MODES, type WikiMode } from './wiki.table.ts';

export interface WikiSettings {
	mode: WikiMode;
	structureIds: string[];
}

export const MAX_STRUCTURES = 50;

export async function wikiSettings(db: DbLike, courseId: string): Promise<WikiSettings> {
	const [row] = await db.select().from(courseWikiSettings).where(eq(courseWikiSettings.courseId, courseId));
	return { mode: row?.mode ?? 'editors', structureIds: row?.structureIds ?? [] };
}

export function wikiResource(courseId: string, settings: WikiSettings): Resource {
	return { type: 'courseWiki', id: courseId, mode: settings.mode, structureIds: settings.structureIds };
}

/** What the actor may do with the course's content. */
export async function wikiAccess(db: DbLike, actor: Actor | null | undefined, courseId: string) {
	const settings = await wikiSettings(db, courseId);
	const resource = wikiResource(courseId, settings);
	const canEdit = can(actor, 'wiki.lesson.edit', resource);
	return {
		settings,
		canEdit,
		canSuggest: !canEdit && can(actor, 'wiki.lesson.suggest', resource),
		canReview: can(actor, 'wiki.suggestion.review', resource),
		canViewHistory: can(actor, 'wiki.history.view', resource)
	};
}
export type WikiAccess = Awaited<ReturnType<typeof wikiAccess>>;

/**
 * Structures that may be listed: every structure of the instance, and any structure id people
 * hold a role on (in case a structure has no row yet), by name.
 */
export async function structureChoices(db: DbLike): Promise<{ id: string; name: string }[]> {
	const named = await db.select({ id: structures.id, name: structures.name }).from(structures);
	const known = new Set(named.map((s) => s.id));
	const ids = rowsOf<{ id: string }>(
		await db.execute(
			sql`select distinct scope_id as id from role_assignments where scope_type = 'structure' and scope_id <> ''`
		)
	)
		.map((r) => r.id)
		.filter((id) => !known.has(id));
	return [...named, ...ids.map((id) => ({ id, name: id }))].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

export async function saveWikiSettings(
	db: DbLike,
	actor: Actor | null,
	courseId: string,
	input: { mode: string; structureIds: string[] }
) {
	if (!can(actor, 'course.edit', { type: 'course', id: courseId }))
		throw new FormError(403, { _form: { key: 'error.forbidden' } });
	if (!(WIKI_MODES as readonly string[]).includes(input.mode))
		throw new FormError(400, { mode: { key: 'errors.invalid' } });
	const wanted = [...new Set(input.structureIds.filter(Boolean))];
	if (wanted.length > MAX_STRUCTURES)
		throw new FormError(400, {
			structureIds: { key: 'wiki.errors.tooManyStructures', params: { max: MAX_STRUCTURES } }
		});
	const choices = new Set((await structureChoices(db)).map((s) => s.id));
	if (wanted.some((id) => !choices.has(id))) throw new FormError(400, { structureIds: { key: 'errors.invalid' } });
	if (input.mode === 'structures' && !wanted.length)
		throw new FormError(400, { structureIds: { key: 'wiki.errors.noStructure' } });
	const values = { mode: input.mode as WikiMode, structureIds: wanted, updatedBy: actor!.id, updatedAt: new Date() };
	await db
		.insert(courseWikiSettings)
		.values({ courseId, ...values })
		.onConflictDoUpdate({ target: courseWikiSettings.courseId, set: values });
}

/** Names of structures by id (unknown ids keep their id). */
export async function structureNames(db: DbLike, ids: string[]) {
	const rows = ids.length
		? await db.select({ id: structures.id, name: structures.name }).from(structures).where(inArray(structures.id, ids))
		: [];
	const byId = new Map(rows.map((r) => [r.id, r.name]));
	return ids.map((id) => ({ id, name: byId.get(id) ?? id }));
}
