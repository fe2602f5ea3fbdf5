/**
 * Who may do what, on which scope: one table, read top to bottom. A role on a parent scope
 * does not leak to children unless a rule below says so. Tested as a matrix in policy.test.ts.
 */

export const INSTANCE_ROLES = ['admin', 'moderator', 'supportAgent'] as const;
export const SCOPED_ROLES = {
	course: ['editor', 'tutor', 'ambassador', 'learner'],
	structure: ['manager', 'member'],
	territory: ['coordinator'],
	localGroup: ['organiser', 'member'],
	themeGroup: ['organiser', 'member'],
	meetup: ['organiser']
} as const;

export type ScopeType = 'instance' | keyof typeof SCOPED_ROLES;
export const SCOPE_TYPES = ['instance', ...Object.keys(SCOPED_ROLES)] as ScopeType[];

export interface RoleGrant {
	role: string;
	scopeType: ScopeType | string;
	scopeId: string;
}

export interface Actor {
	id: string;
	roles: RoleGrant[];
	suspended?: boolean;
}

export type Resource =
	| { type: 'instance' }
	| { type: 'user'; id: string; isAdmin?: boolean }
	| { type: Exclude<ScopeType, 'instance'>; id: string }
	/** A course's content as a wiki, with who may edit it (features/wiki: course_wiki_settings). */
	| { type: 'courseWiki'; id: string; mode: 'editors' | 'structures' | 'learners'; structureIds: readonly string[] };

type Rule = (actor: Actor, resource: Resource) => boolean;

const hasInstanceRole =
	(...roles: string[]): Rule =>
	(a) =>
		a.roles.some((r) => r.scopeType === 'instance' && roles.includes(r.role));
const hasScopeRole =
	(...roles: string[]): Rule =>
	(a, res) =>
		'id' in res && a.roles.some((r) => r.scopeType === res.type && r.scopeId === res.id && roles.includes(r.role));
const isSelf: Rule = (a, res) => res.type === 'user' && res.id === a.id;
const targetNotAdmin: Rule = (_a, res) => !(res.type === 'user' && res.isAdmin);
const anyOf =
	(...rules: Rule[]): Rule =>
	(a, r) =>
		rules.some((rule) => rule(a, r));
const allOf =
	(...rules: Rule[]): Rule =>
	(a, r) =>
		rules.every((rule) => rule(a, r));
const staff = hasInstanceRole('admin', 'moderator');
const onInstance: Rule = (_a, res) => res.type === 'instance';

// Wiki: roles on the course named by a 'courseWiki' resource; members (or managers) of the partner
// structures the course lists, when its setting opens editing beyond its editors.
const wikiCourseRole =
	(...roles: string[]): Rule =>
	(a, res) =>
		res.type === 'courseWiki' &&
		a.roles.some((r) => r.scopeType === 'course' && r.scopeId === res.id && roles.includes(r.role));
const wikiStructureMember: Rule = (a, res) =>
	res.type === 'courseWiki' &&
	res.mode !== 'editors' &&
	a.roles.some(
		(r) =>
			r.scopeType === 'structure' &&
			(r.role === 'manager' || r.role === 'member') &&
			res.structureIds.includes(r.scopeId)
	);
const wikiOpenToLearners: Rule = (_a, res) => res.type === 'courseWiki' && res.mode === 'learners';

export const POLICY = {
	// Instance administration
	'admin.access': anyOf(staff, hasInstanceRole('supportAgent')),
	'instance.configure': hasInstanceRole('admin'),
	'user.list': anyOf(staff, hasInstanceRole('supportAgent')),
	// Moderators may suspend people, but never an administrator.
	'user.suspend': anyOf(hasInstanceRole('admin'), allOf(hasInstanceRole('moderator'), targetNotAdmin)),
	'role.grant.instance': hasInstanceRole('admin'),
	'role.grant.scoped': hasInstanceRole('admin'),
	// Own account
	'profile.edit': isSelf,
	'account.export': isSelf,
	'account.delete': anyOf(isSelf, hasInstanceRole('admin')),
	// Courses (used by the courses feature)
	'course.create': anyOf(hasInstanceRole('admin'), hasScopeRole('manager')),
	'course.edit': anyOf(hasInstanceRole('admin'), hasScopeRole('editor')),
	'course.manageRoles': anyOf(hasInstanceRole('admin'), hasScopeRole('editor')),
	'course.tutor': hasScopeRole('editor', 'tutor'),
	'course.follow': hasScopeRole('editor', 'tutor', 'ambassador', 'learner'),
	'course.moderate': anyOf(staff, hasScopeRole('editor', 'tutor')),
	// Structures and territories
	'structure.manage': anyOf(hasInstanceRole('admin'), hasScopeRole('manager')),
	'structure.view': anyOf(hasInstanceRole('admin'), hasScopeRole('manager', 'member')),
	'territory.coordinate': anyOf(hasInstanceRole('admin'), hasScopeRole('coordinator')),
	// Groups and meetups
	'group.manage': hasScopeRole('organiser'),
	'meetup.organise': hasScopeRole('organiser'),
	// Forums (a forum's scope is the instance, a course or a theme group). Anyone, even signed
	// out, reads the instance's forums (the forums feature allows that before asking here).
	'forum.read': anyOf(
		staff,
		onInstance,
		hasScopeRole('editor', 'tutor', 'ambassador', 'learner', 'organiser', 'member')
	),
	'forum.post': anyOf(
		staff,
		onInstance,
		hasScopeRole('editor', 'tutor', 'ambassador', 'learner', 'organiser', 'member')
	),
	'forum.moderate': anyOf(staff, hasScopeRole('editor', 'tutor', 'organiser')),
	'forum.manage': anyOf(hasInstanceRole('admin'), hasScopeRole('editor', 'organiser')),
	// Community: terms of use, structures, theme groups (features/community). Notifications are
	// always one's own: the notifications service checks that, not this table.
	// Instance terms by administrators, a course's terms by its editors (resource: instance or course).
	'terms.publish': anyOf(hasInstanceRole('admin'), hasScopeRole('editor')),
	'structure.create': hasInstanceRole('admin'),
	// Only administrators appoint a structure's managers; managers add and remove members (structure.manage).
	'structure.appointManager': hasInstanceRole('admin'),
	// Theme groups of a course (resource: the course): its people start and join them.
	'group.create': hasScopeRole('editor', 'tutor', 'ambassador', 'learner'),
	'group.join': hasScopeRole('editor', 'tutor', 'ambassador', 'learner'),
	// Wiki (features/wiki): edit lessons directly, propose a change, review proposals, read history
	'wiki.lesson.edit': anyOf(hasInstanceRole('admin'), wikiCourseRole('editor'), wikiStructureMember),
	'wiki.lesson.suggest': allOf(wikiOpenToLearners, wikiCourseRole('learner', 'tutor', 'ambassador')),
	'wiki.suggestion.review': anyOf(hasInstanceRole('admin'), wikiCourseRole('editor')),
	'wiki.history.view': anyOf(staff, wikiCourseRole('editor', 'tutor', 'ambassador', 'learner'), wikiStructureMember)
} satisfies Record<string, Rule>;

export type Action = keyof typeof POLICY;

/** May this actor do this action on this resource? Anonymous and suspended actors may do nothing here. */
export function can(
	actor: Actor | null | undefined,
	action: Action,
	resource: Resource = { type: 'instance' }
): boolean {
	if (!actor || actor.suspended) return false;
	return POLICY[action](actor, resource);
}

export function isValidRole(scopeType: string, role: string): boolean {
	if (scopeType === 'instance') return (INSTANCE_ROLES as readonly string[]).includes(role);
	const roles = SCOPED_ROLES[scopeType as keyof typeof SCOPED_ROLES] as readonly string[] | undefined;
	return !!roles?.includes(role);
}
