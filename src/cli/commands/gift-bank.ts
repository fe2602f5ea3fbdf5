/**
 * `essaim gift import FILE --course SLUG` / `essaim gift export --course SLUG [FILE]`: a course's
 * question bank to and from GIFT, through the same services as the import and export pages.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { App } from '#lib/server/app.ts';
import { users } from '#lib/server/features/accounts/accounts.table.ts';
import type { Actor } from '#lib/server/features/authz/policy.ts';
import { rolesOf } from '#lib/server/features/authz/roles.service.ts';
import { roleAssignments } from '#lib/server/features/authz/roles.table.ts';
import { getCourseBySlug } from '#lib/server/features/courses/courses.service.ts';
import { findCategoryByPath } from '#lib/server/features/questions/categories.service.ts';
import { exportGift } from '#lib/server/features/questions/gift/export.ts';
import { importGift, planGiftImport, questionsForExport } from '#lib/server/features/questions/import.service.ts';
import { FormError } from '#lib/server/http/forms.ts';
import { CliError, need, print, printJson, str, userByHandle, type Command } from '../context.ts';

async function courseOf(app: App, slug: string | undefined) {
	if (!slug) throw new CliError('missing --course SLUG');
	const course = await getCourseBySlug(app.db, slug);
	if (!course) throw new CliError(`unknown course: ${slug}`);
	return course;
}

/** The person given with --as, or the instance's first administrator. */
async function operator(app: App, handle: string | undefined): Promise<Actor> {
	let user: { id: string } | undefined;
	if (handle) user = await userByHandle(app, handle.replace(/^@/, ''));
	else
		[user] = await app.db
			.select({ id: users.id })
			.from(roleAssignments)
			.innerJoin(users, eq(users.id, roleAssignments.userId))
			.where(and(eq(roleAssignments.scopeType, 'instance'), eq(roleAssignments.role, 'admin'), isNull(users.deletedAt)))
			.orderBy(asc(roleAssignments.createdAt))
			.limit(1);
	if (!user) throw new CliError('no administrator on this instance: name the importing editor with --as HANDLE');
	return { id: user.id, roles: await rolesOf(app.db, user.id) };
}

const refusal = (err: unknown) =>
	err instanceof FormError
		? new CliError(
				Object.entries(err.errors)
					.map(([field, e]) => `${field}: ${e.key}`)
					.join('; ')
			)
		: err;

const importCommand: Command = {
	usage: 'gift import FILE --course SLUG [--on-duplicate update|skip] [--as HANDLE] [--json]',
	summary:
		'Import the valid questions of a GIFT file into a course’s bank ($CATEGORY paths created as needed; questions already there are skipped, or updated as new versions). Exit 1 if the file had errors.',
	options: {
		course: { type: 'string' },
		'on-duplicate': { type: 'string' },
		as: { type: 'string' },
		json: { type: 'boolean' }
	},
	needsApp: true,
	async run({ app, values, positionals, env }) {
		const file = resolve(env.cwd, need(positionals, 0, 'FILE'));
		const course = await courseOf(app, str(values, 'course'));
		const onDuplicate = str(values, 'on-duplicate') ?? 'skip';
		if (onDuplicate !== 'update' && onDuplicate !== 'skip') throw new CliError('--on-duplicate must be update or skip');
		let text: string;
		try {
			text = await readFile(file, 'utf8');
		} catch (err) {
			throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
		}
		const actor = await operator(app, str(values, 'as'));
		try {
			const plan = await planGiftImport(app.db, course.id, text);
			for (const e of plan.parseErrors) process.stderr.write(`${file}:${e.line}:${e.column}: ${e.message}\n`);
			for (const i of plan.items.filter((x) => x.status === 'invalid'))
				process.stderr.write(
					`${file}:${i.line}: invalid question "${i.name}": ${Object.values(i.errors ?? {})
						.map((e) => e.key)
						.join(', ')}\n`
				);
			const result = await importGift(app, actor, course.id, text, { onDuplicate });
			if (values.json) printJson({ course: course.slug, ...result, errors: plan.parseErrors.length });
			else
				print(
					`Imported into /courses/${course.slug}/questions: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${result.skipped} skipped, ${result.invalid} invalid, ${plan.parseErrors.length} errors.`
				);
			return plan.parseErrors.length || result.invalid ? 1 : 0;
		} catch (err) {
			throw refusal(err);
		}
	}
};

const exportCommand: Command = {
	usage: 'gift export --course SLUG [--category PATH] [FILE]',
	summary: 'Write a course’s question bank (or one category, PATH like "Chapter 1/Review") as GIFT, to FILE or stdout.',
	options: { course: { type: 'string' }, category: { type: 'string' } },
	needsApp: true,
	async run({ app, values, positionals, env }) {
		const course = await courseOf(app, str(values, 'course'));
		const path = str(values, 'category');
		let categoryId: string | undefined;
		if (path) {
			const names = path
				.split('/')
				.map((s) => s.trim())
				.filter(Boolean);
			const category = await findCategoryByPath(app.db, course.id, names);
			if (!category) throw new CliError(`unknown category: ${path}`);
			categoryId = category.id;
		}
		const text = exportGift(await questionsForExport(app.db, course.id, categoryId));
		if (positionals[0]) {
			const file = resolve(env.cwd, positionals[0]);
			await writeFile(file, text);
			print(`Exported the question bank of /courses/${course.slug} to ${file}.`);
		} else process.stdout.write(text);
	}
};

export const giftBankCommands: Record<string, Command> = {
	'gift import': importCommand,
	'gift export': exportCommand
};
