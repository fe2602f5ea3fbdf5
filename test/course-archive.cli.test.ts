/**
 * `essaim course export` / `essaim course import`, run as an operator would: child processes on
 * two instances of their own (PGlite in a temporary DATA_DIR, or throwaway PostgreSQL databases).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness, ok, type Result } from './cli-harness.ts';
import { createApp, type App } from '#lib/server/app.ts';
import { readConfig } from '#lib/server/config.ts';
import { courseSchema } from '#lib/server/features/courses/courses.schemas.ts';
import { courseAuthors, createCourse, getCourseBySlug } from '#lib/server/features/courses/courses.service.ts';
import { addItem, flatten, getLesson, loadPlan, saveLesson } from '#lib/server/features/courses/plan.service.ts';
import { createTerm, listTerms } from '#lib/server/features/glossary/glossary.service.ts';
import { courseFiles } from '#lib/server/features/lesson-files/lesson-files.table.ts';
import { newKey, storeUpload, uploadPath } from '#lib/server/features/platform/storage.ts';
import { findUserByHandle } from '#lib/server/features/admin/admin.service.ts';
import { uuidv7 } from '#lib/server/ids.ts';

const { work, instance, essaim, cleanup } = cliHarness('course-cli');

const oneLineError = (r: Result) => {
	expect(r.code).not.toBe(0);
	expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
	expect(r.stderr).not.toContain('    at ');
	return r.stderr;
};

/** The instance opened in this process (the CLI must not run on it at the same time). */
async function withApp<T>(env: Record<string, string>, fn: (app: App) => Promise<T>): Promise<T> {
	const app = await createApp(readConfig({ ...env, LOG_LEVEL: 'silent', RATE_LIMITS: 'false' }), { worker: false });
	try {
		return await fn(app);
	} finally {
		await app.close();
	}
}

let a: Record<string, string>;
let b: Record<string, string>;
beforeAll(async () => {
	// French messages on standard output, as on a French operator's machine.
	a = { ...(await instance('a')), LANG: 'fr_FR.UTF-8' };
	b = { ...(await instance('b')), LANG: 'fr_FR.UTF-8' };
});
afterAll(cleanup);

const user = (env: Record<string, string>, handle: string, ...extra: string[]) =>
	essaim(
		env,
		'user',
		'create',
		'--email',
		`${handle}@example.org`,
		'--name',
		`Nom ${handle}`,
		'--handle',
		handle,
		'--password',
		'une phrase bien longue',
		...extra
	);

describe('essaim course export / import', { timeout: 300_000 }, () => {
	it('round-trips a course between two instances', async () => {
		ok(await user(a, 'zoe', '--admin'));
		ok(await user(b, 'root', '--admin'));
		ok(await user(b, 'max', '--admin'));
		const fileKey = newKey('pdf');
		await withApp(a, async (app) => {
			const zoe = (await findUserByHandle(app, 'zoe'))!;
			const actor = { id: zoe.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
			const course = await createCourse(
				app,
				actor,
				courseSchema.parse({ title: 'Jardiner en ville', slug: 'jardin', licence: 'CC-BY-SA-4.0' })
			);
			const m = await addItem(app, course.id, 'module', course.id, 'Semer');
			const s = await addItem(app, course.id, 'sequence', m, 'Au balcon');
			const l = await addItem(app, course.id, 'lesson', s, 'Les pots');
			await saveLesson(app, course.id, l, { title: 'Les pots', body: 'Un **pot** percé.', required: true }, zoe.id);
			await createTerm(app, actor, course.id, { term: 'Terreau', variants: [], definition: 'De la terre riche.' });
			await storeUpload(app.config.dataDir, 'files', fileKey, new TextEncoder().encode('%PDF fiche'));
			await app.db.insert(courseFiles).values({
				id: uuidv7(),
				courseId: course.id,
				lessonId: l,
				kind: 'attachment',
				fileKey,
				fileName: 'fiche.pdf',
				mimeType: 'application/pdf',
				sizeBytes: 10
			});
		});

		const exported = JSON.parse(ok(await essaim(a, 'course', 'export', 'jardin', 'jardin.zip', '--json')));
		expect(exported).toMatchObject({ file: join(work, 'jardin.zip'), slug: 'jardin' });
		expect(existsSync(join(work, 'jardin.zip'))).toBe(true);

		const first = JSON.parse(ok(await essaim(b, 'course', 'import', 'jardin.zip', '--json')));
		expect(first).toMatchObject({ slug: 'jardin', title: 'Jardiner en ville', editor: 'root' });
		const second = JSON.parse(ok(await essaim(b, 'course', 'import', 'jardin.zip', '--as', 'max', '--json')));
		expect(second).toMatchObject({ slug: 'jardin-2', editor: 'max' });

		await withApp(b, async (app) => {
			const course = (await getCourseBySlug(app.db, 'jardin-2'))!;
			expect(course).toMatchObject({ id: second.id, status: 'draft', licence: 'CC-BY-SA-4.0' });
			expect(course.summary).toContain('Nom zoe (@zoe@');
			expect((await courseAuthors(app.db, course.id)).map((x) => x.handle)).toEqual(['max']);
			const lessons = flatten(await loadPlan(app.db, course.id));
			expect(lessons.map((x) => x.title)).toEqual(['Les pots']);
			expect((await getLesson(app.db, course.id, lessons[0]!.id))!.body).toBe('Un **pot** percé.');
			expect((await listTerms(app.db, course.id)).map((t) => t.term)).toEqual(['Terreau']);
			const [file] = await app.db.select().from(courseFiles).where(eq(courseFiles.courseId, course.id));
			expect(existsSync(uploadPath(app.config.dataDir, 'files', file!.fileKey)!)).toBe(true);
		});
	});

	it('answers bad input with one line on stderr and a non-zero exit', async () => {
		writeFileSync(join(work, 'not-a-zip.zip'), 'hello');
		expect(oneLineError(await essaim(b, 'course', 'import', 'not-a-zip.zip'))).toMatch(/ZIP/);
		oneLineError(await essaim(b, 'course', 'import', 'missing.zip'));
		oneLineError(await essaim(b, 'course', 'import', 'jardin.zip', '--as', 'nobody'));
		oneLineError(await essaim(a, 'course', 'export', 'no-such-course', 'x.zip'));
		// Importing needs the right to create courses.
		ok(await user(b, 'lea'));
		oneLineError(await essaim(b, 'course', 'import', 'jardin.zip', '--as', 'lea'));
	});
});
