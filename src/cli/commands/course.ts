/** `essaim course export SLUG FILE` / `essaim course import FILE [--as HANDLE]`: portable course archives. */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { App } from '#lib/server/app.ts';
import { users } from '#lib/server/features/accounts/accounts.table.ts';
import type { Actor } from '#lib/server/features/authz/policy.ts';
import { rolesOf } from '#lib/server/features/authz/roles.service.ts';
import { roleAssignments } from '#lib/server/features/authz/roles.table.ts';
import { getCourseBySlug } from '#lib/server/features/courses/courses.service.ts';
import { exportCourse } from '#lib/server/features/archive/export.service.ts';
import { importCourse } from '#lib/server/features/archive/import.service.ts';
import { CliError, need, print, printJson, str, userByHandle, type Command } from '../context.ts';

/** The person given with --as, or the instance's first administrator. */
async function importer(app: App, handle: string | undefined): Promise<{ actor: Actor; handle: string }> {
	let user: { id: string; handle: string } | undefined;
	if (handle) user = await userByHandle(app, handle.replace(/^@/, ''));
	else
		[user] = await app.db
			.select({ id: users.id, handle: users.handle })
			.from(roleAssignments)
			.innerJoin(users, eq(users.id, roleAssignments.userId))
			.where(and(eq(roleAssignments.scopeType, 'instance'), eq(roleAssignments.role, 'admin'), isNull(users.deletedAt)))
			.orderBy(asc(roleAssignments.createdAt))
			.limit(1);
	if (!user) throw new CliError('no administrator on this instance: name the importing editor with --as HANDLE');
	return { actor: { id: user.id, roles: await rolesOf(app.db, user.id) }, handle: user.handle };
}

const exportCommand: Command = {
	usage: 'course export SLUG FILE [--json]',
	summary: 'Write a course (plan, lessons, glossary, speakers, media, files) to a portable ZIP archive.',
	options: { json: { type: 'boolean' } },
	needsApp: true,
	async run({ app, values, positionals, env }) {
		const slug = need(positionals, 0, 'SLUG');
		const file = resolve(env.cwd, need(positionals, 1, 'FILE'));
		const course = await getCourseBySlug(app.db, slug);
		if (!course) throw new CliError(`unknown course: ${slug}`);
		const zip = await exportCourse(app, course.id);
		await writeFile(file, zip);
		if (values.json) return printJson({ file, id: course.id, slug: course.slug, bytes: zip.length });
		print(`Exported "${course.title}" (${zip.length} bytes) to ${file}.`);
	}
};

const importCommand: Command = {
	usage: 'course import FILE [--as HANDLE] [--json]',
	summary: 'Import a course archive as a new draft course (editor: --as HANDLE, or the first administrator).',
	options: { as: { type: 'string' }, json: { type: 'boolean' } },
	needsApp: true,
	async run({ app, values, positionals, env }) {
		const file = resolve(env.cwd, need(positionals, 0, 'FILE'));
		let bytes: Uint8Array;
		try {
			bytes = new Uint8Array(await readFile(file));
		} catch (err) {
			throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
		}
		const { actor, handle } = await importer(app, str(values, 'as'));
		const course = await importCourse(app, actor, bytes);
		if (values.json) return printJson({ id: course.id, slug: course.slug, title: course.title, editor: handle });
		print(`Imported "${course.title}" as /courses/${course.slug} (draft, editor @${handle}).`);
	}
};

export const courseCommands: Record<string, Command> = {
	'course export': exportCommand,
	'course import': importCommand
};
