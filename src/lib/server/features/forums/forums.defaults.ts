/**
 * The forums every scope starts with: a course gets "Questions sur le cours", "Entraide" and
 * "Signaler un problème" (with a template for reports); the instance gets "Entraide"; a theme
 * group one forum for its discussions. Titles are stored in the course's language (editors may
 * rename them). Made when the course is created, or on the first visit for scopes that have none
 * yet (courses from before the forums).
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { uuidv7 } from '../../ids.ts';
import { forums, type ForumScope } from './forums.table.ts';

type Default = Pick<typeof forums.$inferInsert, 'kind' | 'title' | 'description' | 'threadTemplate'>;

const FR: Default[] = [
	{
		kind: 'questions',
		title: 'Questions sur le cours',
		description: 'Posez vos questions sur le contenu du cours ; les tuteurs et les autres participants y répondent.',
		threadTemplate: ''
	},
	{
		kind: 'help',
		title: 'Entraide',
		description: 'Aidez-vous les uns les autres : méthodes, ressources, difficultés.',
		threadTemplate: ''
	},
	{
		kind: 'problems',
		title: 'Signaler un problème',
		description: 'Une erreur dans une leçon, un lien cassé, une vidéo qui ne se lit pas.',
		threadTemplate: '**Page concernée :** \n\n**Ce qui s’est passé :** \n\n**Ce qui était attendu :** \n'
	}
];
const EN: Default[] = [
	{
		kind: 'questions',
		title: 'Questions about the course',
		description: 'Ask about the course’s content; tutors and other learners answer.',
		threadTemplate: ''
	},
	{
		kind: 'help',
		title: 'Mutual help',
		description: 'Help each other: methods, resources, difficulties.',
		threadTemplate: ''
	},
	{
		kind: 'problems',
		title: 'Report a problem',
		description: 'A mistake in a lesson, a broken link, a video that does not play.',
		threadTemplate: '**Page:** \n\n**What happened:** \n\n**What you expected:** \n'
	}
];

/** A theme group gets one forum for its threads. */
const GROUP: Record<string, Default> = {
	fr: { kind: 'custom', title: 'Discussions du groupe', description: '', threadTemplate: '' },
	en: { kind: 'custom', title: 'Group discussions', description: '', threadTemplate: '' }
};

export function defaultForums(scopeType: ForumScope, language = 'fr'): Default[] {
	const list = language === 'en' ? EN : FR;
	if (scopeType === 'themeGroup') return [GROUP[language] ?? GROUP.fr!];
	return scopeType === 'instance' ? [list[1]!] : list;
}

/** Inserts the scope's default forums (no check: for a scope just created). */
export async function createDefaultForums(db: DbLike, scopeType: ForumScope, scopeId: string, language = 'fr') {
	await db
		.insert(forums)
		.values(
			defaultForums(scopeType, language).map((d, position) => ({ id: uuidv7(), scopeType, scopeId, position, ...d }))
		);
}

/** Makes the default forums of a scope that has none; safe when two first visits race. */
export async function ensureDefaultForums(db: DbLike, scopeType: ForumScope, scopeId: string, language = 'fr') {
	const scope = and(eq(forums.scopeType, scopeType), eq(forums.scopeId, scopeId));
	const [any] = await db.select({ id: forums.id }).from(forums).where(scope).limit(1);
	if (any) return;
	await db.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`forums:${scopeType}:${scopeId}`}))`);
		const [again] = await tx.select({ id: forums.id }).from(forums).where(scope).limit(1);
		if (!again) await createDefaultForums(tx, scopeType, scopeId, language);
	});
}

/**
 * The forum of a theme group (made on first use), for the groups feature to link to:
 * `/courses/<slug>/forum/f/<id>` shows it with the group's rights (see forums.access.ts).
 */
export async function themeGroupForumId(db: DbLike, groupId: string, language = 'fr'): Promise<string> {
	await ensureDefaultForums(db, 'themeGroup', groupId, language);
	const [forum] = await db
		.select({ id: forums.id })
		.from(forums)
		.where(and(eq(forums.scopeType, 'themeGroup'), eq(forums.scopeId, groupId)))
		.orderBy(asc(forums.position))
		.limit(1);
	return forum!.id;
}
