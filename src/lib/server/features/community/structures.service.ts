/**
 * Partner structures (associations, schools, Canopé, companies): administrators create and edit
 * them and appoint their managers; managers add and remove members. Members and managers are
 * `structure` role assignments, so other features (e.g. the wiki's "members of these structures
 * may edit") read them like any role.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../app.ts';
import type { DbLike } from '../../db/client.ts';
import { FormError } from '../../http/forms.ts';
import { uuidv7 } from '../../ids.ts';
import { users } from '../accounts/accounts.table.ts';
import { can, type Actor } from '../authz/policy.ts';
import { grantRole, revokeRole } from '../authz/roles.service.ts';
import { roleAssignments } from '../authz/roles.table.ts';
import { courses } from '../courses/courses.table.ts';
import { slug as slugify } from '../courses/markdown.ts';
import { STRUCTURE_KINDS, structureCourses, structures, type StructureRow } from './community.table.ts';

type Ctx = Pick<App, 'db' | 'events'>;
export const STRUCTURE_ROLES = ['member', 'manager'] as const;

export const structureSchema = z.object({
	name: z.string().trim().min(1).max(120),
	slug: z
		.string()
		.trim()
		.toLowerCase()
		.max(60)
		.regex(/^([a-z0-9]+(-[a-z0-9]+)*)?$/, 'community.structures.errors.slug')
		.default(''),
	kind: z.enum(STRUCTURE_KINDS),
	description: z.string().trim().max(10_000).default(''),
	website: z
		.string()
		.trim()
		.max(300)
		.refine((v) => v === '' || /^https?:\/\/[^\s/]+\.[^\s]+$/i.test(v), 'community.structures.errors.website')
		.default('')
});
export type StructureInput = z.infer<typeof structureSchema>;

const forbidden = () => new FormError(403, { _form: { key: 'error.forbidden' } });
const resource = (id: string) => ({ type: 'structure', id }) as const;

export async function listStructures(db: DbLike) {
	return db.select().from(structures).orderBy(asc(structures.name));
}

export async function structureBySlug(db: DbLike, slug: string) {
	const [row] = await db
		.select()
		.from(structures)
		.where(sql`lower(${structures.slug}) = ${slug.toLowerCase()}`);
	return row;
}

export async function structureById(db: DbLike, id: string) {
	const [row] = await db.select().from(structures).where(eq(structures.id, id));
	return row;
}

async function slugTaken(db: DbLike, slug: string, exceptId?: string) {
	const found = await structureBySlug(db, slug);
	return !!found && found.id !== exceptId;
}

export async function createStructure(ctx: Ctx, actor: Actor | null, input: StructureInput): Promise<StructureRow> {
	if (!can(actor, 'structure.create')) throw forbidden();
	const slug = input.slug || slugify(input.name).slice(0, 60) || 'structure';
	if (await slugTaken(ctx.db, slug))
		throw new FormError(409, { slug: { key: 'community.structures.errors.slugTaken' } });
	const [row] = await ctx.db
		.insert(structures)
		.values({ id: uuidv7(), ...input, slug })
		.returning();
	return row!;
}

/** Administrators edit a structure (name, kind, description, website, address). */
export async function updateStructure(ctx: Ctx, actor: Actor | null, id: string, input: StructureInput) {
	if (!can(actor, 'structure.create')) throw forbidden();
	const slug = input.slug || slugify(input.name).slice(0, 60) || 'structure';
	if (await slugTaken(ctx.db, slug, id))
		throw new FormError(409, { slug: { key: 'community.structures.errors.slugTaken' } });
	const [row] = await ctx.db
		.update(structures)
		.set({ ...input, slug, updatedAt: new Date() })
		.where(eq(structures.id, id))
		.returning();
	if (!row) throw new FormError(404, { _form: { key: 'error.notFound' } });
	return row;
}

export async function structureMembers(db: DbLike, structureId: string) {
	return db
		.select({ userId: users.id, name: users.name, handle: users.handle, role: roleAssignments.role })
		.from(roleAssignments)
		.innerJoin(users, eq(users.id, roleAssignments.userId))
		.where(
			and(
				eq(roleAssignments.scopeType, 'structure'),
				eq(roleAssignments.scopeId, structureId),
				sql`${users.deletedAt} is null`
			)
		)
		.orderBy(asc(roleAssignments.role), asc(users.name));
}

/** Managers (and administrators) add members; only administrators appoint managers. */
function assertMayGrant(actor: Actor | null, structureId: string, role: string) {
	const action = role === 'manager' ? 'structure.appointManager' : 'structure.manage';
	if (!can(actor, action, resource(structureId))) throw forbidden();
}

export async function addStructureMember(
	ctx: Ctx,
	actor: Actor | null,
	structureId: string,
	input: { handle: string; role: (typeof STRUCTURE_ROLES)[number] }
) {
	assertMayGrant(actor, structureId, input.role);
	const handle = input.handle.trim().replace(/^@/, '').toLowerCase();
	const [person] = await ctx.db
		.select({ id: users.id })
		.from(users)
		.where(and(sql`lower(${users.handle}) = ${handle}`, sql`${users.deletedAt} is null`));
	if (!person) throw new FormError(404, { handle: { key: 'community.structures.errors.unknownPerson' } });
	await grantRole(
		{ ...ctx, actor },
		{ userId: person.id, role: input.role, scopeType: 'structure', scopeId: structureId }
	);
	return person.id;
}

export async function removeStructureMember(
	ctx: Ctx,
	actor: Actor | null,
	structureId: string,
	input: { userId: string; role: (typeof STRUCTURE_ROLES)[number] }
) {
	assertMayGrant(actor, structureId, input.role);
	try {
		await revokeRole({ ...ctx, actor }, { ...input, scopeType: 'structure', scopeId: structureId });
	} catch {
		throw new FormError(404, { _form: { key: 'error.notFound' } });
	}
}

/** Published courses the structure runs or supports (drafts only for the course's editors elsewhere). */
export async function coursesOfStructure(db: DbLike, structureId: string) {
	return db
		.select({ id: courses.id, slug: courses.slug, title: courses.title, summary: courses.summary })
		.from(structureCourses)
		.innerJoin(courses, eq(courses.id, structureCourses.courseId))
		.where(and(eq(structureCourses.structureId, structureId), eq(courses.status, 'published')))
		.orderBy(asc(courses.title));
}

export async function linkCourse(ctx: Ctx, actor: Actor | null, structureId: string, courseSlug: string) {
	if (!can(actor, 'structure.create')) throw forbidden();
	const [course] = await ctx.db
		.select({ id: courses.id })
		.from(courses)
		.where(sql`lower(${courses.slug}) = ${courseSlug.trim().toLowerCase()}`);
	if (!course) throw new FormError(404, { course: { key: 'community.structures.errors.unknownCourse' } });
	await ctx.db.insert(structureCourses).values({ structureId, courseId: course.id }).onConflictDoNothing();
}

export async function unlinkCourse(ctx: Ctx, actor: Actor | null, structureId: string, courseId: string) {
	if (!can(actor, 'structure.create')) throw forbidden();
	await ctx.db
		.delete(structureCourses)
		.where(and(eq(structureCourses.structureId, structureId), eq(structureCourses.courseId, courseId)));
}

/** Structures a person belongs to (for their pages and for other features). */
export async function structuresOf(db: DbLike, userId: string) {
	const ids = await db
		.select({ id: roleAssignments.scopeId })
		.from(roleAssignments)
		.where(and(eq(roleAssignments.userId, userId), eq(roleAssignments.scopeType, 'structure')));
	if (!ids.length) return [];
	return db
		.select()
		.from(structures)
		.where(
			inArray(
				structures.id,
				ids.map((i) => i.id)
			)
		);
}
