/**
 * The archive's routes called as SvelteKit would: who may export and import, what the import
 * form answers (the error next to the file field, 4xx) and where a successful import leads.
 */
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { rolesOf } from '../authz/roles.service.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse, getCourseBySlug } from '../courses/courses.service.ts';
import { actions, load } from '../../../../routes/courses/import/+page.server.ts';
import { GET } from '../../../../routes/courses/[slug]/export/+server.ts';
import { ARCHIVE_FORMAT } from './manifest.ts';

let t: TestApp;
type Who = { id: string; email: string; name: string; handle: string } | null;
let admin: NonNullable<Who>;
let person: NonNullable<Who>;
beforeAll(async () => {
	t = await createTestApp();
	admin = await createAdmin(t.app, { handle: 'chief' });
	person = await createUser(t.app, { handle: 'lea' });
});
afterAll(() => t?.close());

async function event(who: Who, path: string, opts: { slug?: string; form?: FormData } = {}) {
	const url = new URL(`http://localhost:3000${path}`);
	const user = who && { ...who, emailVerified: true, locale: 'fr', avatarKey: null };
	return {
		url,
		params: { slug: opts.slug ?? '' },
		locals: { app: t.app, user, actor: who ? { id: who.id, roles: await rolesOf(t.app.db, who.id) } : null },
		request: new Request(url, opts.form ? { method: 'POST', body: opts.form } : {})
	} as never;
}

async function outcome(run: () => unknown) {
	try {
		const r = (await run()) as { status?: number; data?: { errors?: Record<string, { key: string }> } } | undefined;
		if (r && typeof r.status === 'number' && r.data) return { status: r.status, errors: r.data.errors };
		return { status: 200, data: r };
	} catch (err) {
		if (isRedirect(err)) return { status: err.status, location: err.location };
		if (isHttpError(err)) return { status: err.status };
		throw err;
	}
}

function upload(bytes: Uint8Array | null) {
	const form = new FormData();
	if (bytes) form.set('archive', new File([new Uint8Array(bytes)], 'cours.essaim.zip', { type: 'application/zip' }));
	return form;
}

const archive = zipSync({
	'manifest.json': strToU8(
		JSON.stringify({
			format: ARCHIVE_FORMAT,
			version: 1,
			course: { title: 'Cours importé', slug: 'importe', licence: 'CC-BY-4.0' },
			authors: [{ name: 'Ada', handle: 'ada', instance: 'ailleurs.example' }],
			plan: [{ title: 'M', sequences: [{ title: 'S', lessons: [{ title: 'L', file: 'lessons/1.md' }] }] }]
		})
	),
	'lessons/1.md': strToU8('Bonjour.')
});

describe('import page', () => {
	it('is for people who may create courses', async () => {
		expect(await outcome(async () => load(await event(null, '/courses/import')))).toMatchObject({ status: 303 });
		expect(await outcome(async () => load(await event(person, '/courses/import')))).toMatchObject({ status: 403 });
		const ok = await outcome(async () => load(await event(admin, '/courses/import')));
		expect(ok.status).toBe(200);
		const post = await outcome(async () =>
			actions.default(await event(person, '/courses/import', { form: upload(archive) }))
		);
		expect(post.status).toBe(403);
	});

	it('answers a missing or bad file next to the field, and a good one with the new course', async () => {
		const none = await outcome(async () =>
			actions.default(await event(admin, '/courses/import', { form: upload(null) }))
		);
		expect(none).toMatchObject({ status: 400, errors: { archive: { key: 'archive.errors.missing' } } });
		const bad = await outcome(async () =>
			actions.default(await event(admin, '/courses/import', { form: upload(strToU8('not a zip, sorry')) }))
		);
		expect(bad).toMatchObject({ status: 422, errors: { archive: { key: 'archive.errors.notZip' } } });
		const good = await outcome(async () =>
			actions.default(await event(admin, '/courses/import', { form: upload(archive) }))
		);
		expect(good).toMatchObject({ status: 303, location: '/courses/importe/edit?imported=1' });
		const course = await getCourseBySlug(t.app.db, 'importe');
		expect(course).toMatchObject({ status: 'draft', licence: 'CC-BY-4.0' });
		expect(course!.summary).toContain('Ada (@ada@ailleurs.example)');
	});
});

describe('export', () => {
	it('gives editors the archive as an attachment, and nobody else', async () => {
		const actor = { id: admin.id, roles: await rolesOf(t.app.db, admin.id) };
		const course = await createCourse(t.app, actor, courseSchema.parse({ title: 'À exporter', slug: 'exporte' }));
		const anon = await outcome(async () => GET(await event(null, '/courses/exporte/export', { slug: 'exporte' })));
		expect(anon.status).toBe(303);
		const other = await outcome(async () => GET(await event(person, '/courses/exporte/export', { slug: 'exporte' })));
		expect(other.status).toBe(404); // a draft: not even visible
		const res = (await GET(await event(admin, '/courses/exporte/export', { slug: 'exporte' }))) as Response;
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/zip');
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="exporte.essaim.zip"');
		const entries = unzipSync(new Uint8Array(await res.arrayBuffer()));
		const m = JSON.parse(new TextDecoder().decode(entries['manifest.json']));
		expect(m.course).toMatchObject({ title: course.title, licence: 'CC-BY-SA-4.0' });
		expect(m.authors).toEqual([{ name: admin.name, handle: 'chief', instance: 'localhost:3000' }]);
	});
});
