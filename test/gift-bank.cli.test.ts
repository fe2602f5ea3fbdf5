/**
 * `essaim gift import` / `essaim gift export`, run as an operator would: a course's question bank
 * to and from GIFT on an instance of its own.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness, ok } from './cli-harness.ts';
import { createApp, type App } from '#lib/server/app.ts';
import { readConfig } from '#lib/server/config.ts';
import { findUserByHandle } from '#lib/server/features/admin/admin.service.ts';
import { courseSchema } from '#lib/server/features/courses/courses.schemas.ts';
import { createCourse, getCourseBySlug } from '#lib/server/features/courses/courses.service.ts';
import { listCategories } from '#lib/server/features/questions/categories.service.ts';
import { listQuestions } from '#lib/server/features/questions/questions.service.ts';

const { work, instance, essaim, cleanup } = cliHarness('gift-bank-cli');

async function withApp<T>(env: Record<string, string>, fn: (app: App) => Promise<T>): Promise<T> {
	const app = await createApp(readConfig({ ...env, LOG_LEVEL: 'silent', RATE_LIMITS: 'false' }), { worker: false });
	try {
		return await fn(app);
	} finally {
		await app.close();
	}
}

let env: Record<string, string>;
beforeAll(async () => {
	env = await instance('a');
});
afterAll(cleanup);

const GIFT = `$CATEGORY: $course$/top/Chapitre 1

::Q1::Deux et deux ?{=quatre =4}

::Q2::Cassée {=oui

$CATEGORY: $course$/top/Chapitre 1/Révisions

::Q3::La Terre est ronde.{T}
`;

describe('essaim gift import / export', { timeout: 300_000 }, () => {
	it('imports into a course bank, skips or updates duplicates, exports the bank or a category', async () => {
		ok(
			await essaim(
				env,
				'user',
				'create',
				'--email',
				'zoe@example.org',
				'--name',
				'Zoé',
				'--handle',
				'zoe',
				'--password',
				'une phrase bien longue',
				'--admin'
			)
		);
		await withApp(env, async (app) => {
			const zoe = (await findUserByHandle(app, 'zoe'))!;
			const actor = { id: zoe.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
			await createCourse(app, actor, courseSchema.parse({ title: 'Calcul', slug: 'calcul' }));
		});
		writeFileSync(join(work, 'q.gift'), GIFT);

		const first = await essaim(env, 'gift', 'import', 'q.gift', '--course', 'calcul', '--json');
		expect(first.code).toBe(1); // the file has an error; the valid questions are imported
		expect(first.stderr).toMatch(/q\.gift:5:\d+: /);
		expect(JSON.parse(first.stdout)).toMatchObject({ created: 2, skipped: 0, errors: 1 });

		const again = await essaim(
			env,
			'gift',
			'import',
			'q.gift',
			'--course',
			'calcul',
			'--on-duplicate',
			'update',
			'--json'
		);
		expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, unchanged: 2 });

		await withApp(env, async (app) => {
			const course = (await getCourseBySlug(app.db, 'calcul'))!;
			expect((await listQuestions(app.db, course.id)).map((q) => q.name)).toEqual(['Q1', 'Q3']);
			// The $CATEGORY paths, and the default category of questions without one.
			expect((await listCategories(app.db, course.id)).map((c) => c.path.join('/'))).toEqual([
				'Chapitre 1',
				'Chapitre 1/Révisions',
				'Par défaut'
			]);
		});

		const all = ok(await essaim(env, 'gift', 'export', '--course', 'calcul'));
		expect(all).toContain('::Q1::');
		expect(all).toContain('$CATEGORY: $course$/Chapitre 1/Révisions');
		ok(await essaim(env, 'gift', 'export', '--course', 'calcul', '--category', 'Chapitre 1/Révisions', 'out.gift'));
		const one = readFileSync(join(work, 'out.gift'), 'utf8');
		expect(one).toContain('::Q3::');
		expect(one).not.toContain('::Q1::');

		const unknown = await essaim(env, 'gift', 'export', '--course', 'nope');
		expect(unknown.code).toBe(1);
		expect(unknown.stderr).toContain('unknown course');
		const badChoice = await essaim(env, 'gift', 'import', 'q.gift', '--course', 'calcul', '--on-duplicate', 'merge');
		expect(badChoice.code).toBe(1);
		expect(badChoice.stderr).toContain('--on-duplicate');
	});
});
