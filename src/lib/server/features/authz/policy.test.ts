/**
 * The authorisation matrix: who may do what. Rows are actors, columns are every action in
 * POLICY; ✓ = allowed, - = refused. Changing policy.ts means changing this table, so every
 * change to who may do what shows up as a readable diff in review.
 *
 * Each action is tried on a typical resource: the instance, another person's account, course
 * A, structure S, territory T, local group G, meetup M (see RESOURCES). Course creation is asked
 * of structure S (a structure's managers create its courses).
 */
import { describe, expect, it } from 'vitest';
import { can, isValidRole, POLICY, type Action, type Actor, type Resource, type RoleGrant } from './policy.ts';

const COLUMNS: Record<string, Action> = {
	'adm.acc': 'admin.access',
	'inst.cfg': 'instance.configure',
	'usr.list': 'user.list',
	'usr.susp': 'user.suspend',
	'role.inst': 'role.grant.instance',
	'role.scp': 'role.grant.scoped',
	'prof.edit': 'profile.edit',
	'acct.exp': 'account.export',
	'acct.del': 'account.delete',
	'crs.new': 'course.create',
	'crs.edit': 'course.edit',
	'crs.roles': 'course.manageRoles',
	'crs.tutor': 'course.tutor',
	'crs.follow': 'course.follow',
	'crs.mod': 'course.moderate',
	'str.mng': 'structure.manage',
	'str.view': 'structure.view',
	'terr.coord': 'territory.coordinate',
	'grp.mng': 'group.manage',
	'meet.org': 'meetup.organise',
	'frm.read': 'forum.read',
	'frm.post': 'forum.post',
	'frm.mod': 'forum.moderate',
	'frm.mng': 'forum.manage',
	'trm.pub': 'terms.publish',
	'str.new': 'structure.create',
	'str.appt': 'structure.appointManager',
	'grp.new': 'group.create',
	'grp.join': 'group.join',
	'wk.edit': 'wiki.lesson.edit',
	'wk.sugg': 'wiki.lesson.suggest',
	'wk.rev': 'wiki.suggestion.review',
	'wk.hist': 'wiki.history.view'
};

// prettier-ignore
const MATRIX = `
actor                      | adm.acc | inst.cfg | usr.list | usr.susp | role.inst | role.scp | prof.edit | acct.exp | acct.del | crs.new | crs.edit | crs.roles | crs.tutor | crs.follow | crs.mod | str.mng | str.view | terr.coord | grp.mng | meet.org | frm.read | frm.post | frm.mod  | frm.mng | trm.pub | str.new | str.appt | grp.new | grp.join | wk.edit | wk.sugg | wk.rev | wk.hist
anonymous                  | -       | -        | -        | -        | -         | -        | -         | -        | -        | -       | -        | -         | -         | -          | -       | -       | -        | -          | -       | - | -        | -        | -        | - | -       | -       | -        | -       | - | -       | -       | -      | -
plain user                 | -       | -        | -        | -        | -         | -        | -         | -        | -        | -       | -        | -         | -         | -          | -       | -       | -        | -          | -       | - | -        | -        | -        | - | -       | -       | -        | -       | - | -       | -       | -      | -
suspended admin            | -       | -        | -        | -        | -         | -        | -         | -        | -        | -       | -        | -         | -         | -          | -       | -       | -        | -          | -       | - | -        | -        | -        | - | -       | -       | -        | -       | - | -       | -       | -      | -
course learner             | -       | -        | -        | -        | -         | -        | -         | -        | -        | -       | -        | -         | -         | ✓          | -       | -       | -        | -          | -       | - | ✓        | ✓        | -        | - | -       | -       | -        | ✓       | ✓ | -       | ✓       | -      | ✓
course tutor               | -       | -        | -        | -        | -         | -        | -         | -        | -        | -       | -        | -         | ✓         | ✓          | ✓       | -       | -        | -          | -       | - | ✓        | ✓        | ✓        | - | -       | -       | -        | ✓       | ✓ | -       | ✓       | -      | ✓
course editor              | -       | -        | -        | -        | -         | -        | -         | -        | -        | -       | ✓        | ✓         | ✓         | ✓          | ✓       | -       | -        | -          | -       | - | ✓        | ✓        | ✓        | ✓ | ✓       | -       | -        | ✓       | ✓ | ✓       | -       | ✓      | ✓
editor of A on course B    | -       | -        | -        | -        | -         | -        | -         | -        | -        | -       | -        | -         | -         | -          | -       | -       | -        | -          | -       | - | -        | -        | -        | - | -       | -       | -        | -       | - | -       | -       | -      | -
structure member           | -       | -        | -        | -        | -         | -        | -         | -        | -        | -       | -        | -         | -         | -          | -       | -       | ✓        | -          | -       | - | -        | -        | -        | - | -       | -       | -        | -       | - | ✓       | -       | -      | ✓
structure manager          | -       | -        | -        | -        | -         | -        | -         | -        | -        | ✓       | -        | -         | -         | -          | -       | ✓       | ✓        | -          | -       | - | -        | -        | -        | - | -       | -       | -        | -       | - | ✓       | -       | -      | ✓
territory coordinator      | -       | -        | -        | -        | -         | -        | -         | -        | -        | -       | -        | -         | -         | -          | -       | -       | -        | ✓          | -       | - | -        | -        | -        | - | -       | -       | -        | -       | - | -       | -       | -      | -
group and meetup organiser | -       | -        | -        | -        | -         | -        | -         | -        | -        | -       | -        | -         | -         | -          | -       | -       | -        | -          | ✓       | ✓ | -        | -        | -        | - | -       | -       | -        | -       | - | -       | -       | -      | -
support agent              | ✓       | -        | ✓        | -        | -         | -        | -         | -        | -        | -       | -        | -         | -         | -          | -       | -       | -        | -          | -       | - | -        | -        | -        | - | -       | -       | -        | -       | - | -       | -       | -      | -
moderator                  | ✓       | -        | ✓        | ✓        | -         | -        | -         | -        | -        | -       | -        | -         | -         | -          | ✓       | -       | -        | -          | -       | - | ✓        | ✓        | ✓        | - | -       | -       | -        | -       | - | -       | -       | -      | ✓
admin                      | ✓       | ✓        | ✓        | ✓        | ✓         | ✓        | -         | -        | ✓        | ✓       | ✓        | ✓         | -         | -          | ✓       | ✓       | ✓        | ✓          | -       | - | ✓        | ✓        | ✓        | ✓ | ✓       | ✓       | ✓        | -       | - | ✓       | -       | ✓      | ✓
`;

const grant = (role: string, scopeType: string, scopeId = ''): RoleGrant => ({ role, scopeType, scopeId });
const ACTORS: Record<string, { actor: Actor | null; course?: string }> = {
	anonymous: { actor: null },
	'plain user': { actor: { id: 'me', roles: [] } },
	'suspended admin': { actor: { id: 'me', roles: [grant('admin', 'instance')], suspended: true } },
	'course learner': { actor: { id: 'me', roles: [grant('learner', 'course', 'A')] } },
	'course tutor': { actor: { id: 'me', roles: [grant('tutor', 'course', 'A')] } },
	'course editor': { actor: { id: 'me', roles: [grant('editor', 'course', 'A')] } },
	'editor of A on course B': { actor: { id: 'me', roles: [grant('editor', 'course', 'A')] }, course: 'B' },
	'structure member': { actor: { id: 'me', roles: [grant('member', 'structure', 'S')] } },
	'structure manager': { actor: { id: 'me', roles: [grant('manager', 'structure', 'S')] } },
	'territory coordinator': { actor: { id: 'me', roles: [grant('coordinator', 'territory', 'T')] } },
	'group and meetup organiser': {
		actor: { id: 'me', roles: [grant('organiser', 'localGroup', 'G'), grant('organiser', 'meetup', 'M')] }
	},
	'support agent': { actor: { id: 'me', roles: [grant('supportAgent', 'instance')] } },
	moderator: { actor: { id: 'me', roles: [grant('moderator', 'instance')] } },
	admin: { actor: { id: 'me', roles: [grant('admin', 'instance')] } }
};

/** The resource each action is tried on. */
function resourceFor(action: Action, course = 'A'): Resource {
	const [kind] = action.split('.');
	if (action === 'course.create') return { type: 'structure', id: 'S' };
	if (action === 'terms.publish' || action === 'group.create' || action === 'group.join')
		return { type: 'course', id: course };
	if (kind === 'course') return { type: 'course', id: course };
	if (kind === 'structure') return { type: 'structure', id: 'S' };
	if (kind === 'territory') return { type: 'territory', id: 'T' };
	if (kind === 'group') return { type: 'localGroup', id: 'G' };
	if (kind === 'meetup') return { type: 'meetup', id: 'M' };
	if (kind === 'forum') return { type: 'course', id: course };
	if (kind === 'wiki') return { type: 'courseWiki', id: course, mode: 'learners', structureIds: ['S'] };
	if (kind === 'user' && action !== 'user.list') return { type: 'user', id: 'someone-else' };
	if (kind === 'profile' || kind === 'account') return { type: 'user', id: 'someone-else' };
	return { type: 'instance' };
}

function parseMatrix() {
	const [header = '', ...rows] = MATRIX.trim().split('\n');
	const labels = header.split('|').map((s) => s.trim());
	return {
		labels: labels.slice(1),
		rows: rows.map((line) => {
			const [name = '', ...cells] = line.split('|').map((s) => s.trim());
			return { name, cells };
		})
	};
}

describe('authorisation matrix', () => {
	const { labels, rows } = parseMatrix();

	it('has one column per action in POLICY, and one row per actor', () => {
		expect(labels.map((l) => COLUMNS[l])).toEqual(Object.keys(POLICY));
		expect(rows.map((r) => r.name).sort()).toEqual(Object.keys(ACTORS).sort());
		for (const r of rows) expect(r.cells, r.name).toHaveLength(labels.length);
	});

	for (const { name, cells } of rows) {
		it(name, () => {
			const { actor, course } = ACTORS[name]!;
			const actual = labels.map((label) => {
				const action = COLUMNS[label]!;
				return can(actor, action, resourceFor(action, course)) ? '✓' : '-';
			});
			// Compared as whole rows, so a failure prints the row that changed.
			expect(Object.fromEntries(labels.map((l, i) => [l, actual[i]]))).toEqual(
				Object.fromEntries(labels.map((l, i) => [l, cells[i]]))
			);
		});
	}
});

describe('own account versus someone else’s', () => {
	const me: Actor = { id: 'me', roles: [] };
	const admin: Actor = { id: 'boss', roles: [grant('admin', 'instance')] };
	const self: Resource = { type: 'user', id: 'me' };
	const other: Resource = { type: 'user', id: 'other' };

	it('a person edits, exports and deletes their own account only', () => {
		for (const action of ['profile.edit', 'account.export', 'account.delete'] as const) {
			expect(can(me, action, self), action).toBe(true);
			expect(can(me, action, other), action).toBe(false);
		}
	});

	it('an admin may delete someone else’s account but not edit their profile or export their data', () => {
		expect(can(admin, 'account.delete', other)).toBe(true);
		expect(can(admin, 'profile.edit', other)).toBe(false);
		expect(can(admin, 'account.export', other)).toBe(false);
	});

	it('a suspended person cannot even edit their own profile', () => {
		expect(can({ ...me, suspended: true }, 'profile.edit', self)).toBe(false);
	});
});

describe('suspending', () => {
	const moderator: Actor = { id: 'mod', roles: [grant('moderator', 'instance')] };
	const admin: Actor = { id: 'boss', roles: [grant('admin', 'instance')] };

	it('a moderator suspends a person but never an administrator', () => {
		expect(can(moderator, 'user.suspend', { type: 'user', id: 'p' })).toBe(true);
		expect(can(moderator, 'user.suspend', { type: 'user', id: 'a', isAdmin: true })).toBe(false);
	});

	it('an administrator may suspend another administrator', () => {
		expect(can(admin, 'user.suspend', { type: 'user', id: 'a', isAdmin: true })).toBe(true);
	});
});

describe('roles on scopes', () => {
	it('accepts only the roles a scope has', () => {
		expect(isValidRole('instance', 'admin')).toBe(true);
		expect(isValidRole('course', 'learner')).toBe(true);
		expect(isValidRole('course', 'admin')).toBe(false);
		expect(isValidRole('instance', 'learner')).toBe(false);
		expect(isValidRole('planet', 'member')).toBe(false);
	});

	it('a role on one scope does not leak to another of the same type', () => {
		const manager: Actor = { id: 'm', roles: [grant('manager', 'structure', 'S')] };
		expect(can(manager, 'structure.manage', { type: 'structure', id: 'S2' })).toBe(false);
	});
});

describe('forums', () => {
	const learner: Actor = { id: 'me', roles: [grant('learner', 'course', 'A')] };
	const moderator: Actor = { id: 'me', roles: [grant('moderator', 'instance')] };
	const member: Actor = { id: 'me', roles: [grant('member', 'themeGroup', 'TG')] };
	const organiser: Actor = { id: 'me', roles: [grant('organiser', 'themeGroup', 'TG')] };
	const instance: Resource = { type: 'instance' };
	const group: Resource = { type: 'themeGroup', id: 'TG' };

	it('any signed-in person reads and posts in the instance forum; only staff moderate it, only admins manage it', () => {
		expect(can(learner, 'forum.read', instance)).toBe(true);
		expect(can(learner, 'forum.post', instance)).toBe(true);
		expect(can(learner, 'forum.moderate', instance)).toBe(false);
		expect(can(moderator, 'forum.moderate', instance)).toBe(true);
		expect(can(moderator, 'forum.manage', instance)).toBe(false);
		expect(can(null, 'forum.post', instance)).toBe(false);
	});

	it('theme group members post in its forums; its organisers moderate them', () => {
		expect(can(member, 'forum.post', group)).toBe(true);
		expect(can(member, 'forum.moderate', group)).toBe(false);
		expect(can(organiser, 'forum.moderate', group)).toBe(true);
		expect(can(learner, 'forum.post', group)).toBe(false);
	});
});

describe('wiki: who may edit a course depends on its setting', () => {
	const wiki = (mode: 'editors' | 'structures' | 'learners', structureIds = ['S']): Resource => ({
		type: 'courseWiki',
		id: 'A',
		mode,
		structureIds
	});
	const member: Actor = { id: 'm', roles: [grant('member', 'structure', 'S')] };
	const learner: Actor = { id: 'l', roles: [grant('learner', 'course', 'A')] };
	const editor: Actor = { id: 'e', roles: [grant('editor', 'course', 'A')] };

	it('editors only: structure members and learners may neither edit nor suggest', () => {
		expect(can(member, 'wiki.lesson.edit', wiki('editors'))).toBe(false);
		expect(can(member, 'wiki.history.view', wiki('editors'))).toBe(false);
		expect(can(learner, 'wiki.lesson.suggest', wiki('editors'))).toBe(false);
		expect(can(editor, 'wiki.lesson.edit', wiki('editors'))).toBe(true);
	});

	it('editors + structures: members of a listed structure edit; learners still may not suggest', () => {
		expect(can(member, 'wiki.lesson.edit', wiki('structures'))).toBe(true);
		expect(can(member, 'wiki.lesson.edit', wiki('structures', ['other']))).toBe(false);
		expect(can(learner, 'wiki.lesson.suggest', wiki('structures'))).toBe(false);
	});

	it('a role on another course or a plain course resource gives nothing', () => {
		expect(
			can(learner, 'wiki.lesson.suggest', { type: 'courseWiki', id: 'B', mode: 'learners', structureIds: ['S'] })
		).toBe(false);
		expect(can(editor, 'wiki.lesson.edit', { type: 'course', id: 'A' })).toBe(false);
	});
});
