/**
 * Lesson images and attachments: what an editor can upload (judged by content), what is stored
 * (re-encoded images, cleaned names), and who can read a file at /files/<key>.
 */
import { existsSync, readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import sharp from 'sharp';
import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '#lib/server/http/forms.ts';
import { resolveSession } from '#lib/server/http/session.ts';
import type { Actor } from '../authz/policy.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse, setCourseStatus } from '../courses/courses.service.ts';
import { addItem } from '../courses/plan.service.ts';
import { renderMarkdown } from '../courses/markdown.ts';
import type { CourseRow } from '../courses/courses.table.ts';
import { uploadPath } from '../platform/storage.ts';
import {
	addAttachment,
	addImage,
	cleanFileName,
	deleteFile,
	listFiles,
	markdownSnippet,
	setAlt
} from './lesson-files.service.ts';
import { GET } from '../../../../routes/files/[key]/+server.ts';
import * as filesPage from '../../../../routes/courses/[slug]/files/+page.server.ts';

let t: TestApp;
let admin: Actor;
let adminCookie: string;
beforeAll(async () => {
	t = await createTestApp();
	const a = await createAdmin(t.app);
	adminCookie = a.cookie;
	admin = { id: a.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
});
afterAll(() => t?.close());

let n = 0;
async function newCourse(): Promise<CourseRow> {
	n++;
	return createCourse(t.app, admin, courseSchema.parse({ title: `Cours fichiers ${n}`, slug: `fichiers-${n}` }));
}

const file = (bytes: Uint8Array | string, name: string, type = 'application/octet-stream') =>
	new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name, { type });

async function refusal(p: Promise<unknown>) {
	try {
		await p;
	} catch (err) {
		if (err instanceof FormError) return { status: err.status, errors: err.errors };
		throw err;
	}
	throw new Error('expected a FormError');
}

/** A photo as a phone sends it: a large JPEG with EXIF (author, GPS-like data). */
async function photo(width = 3000, height = 2000) {
	return sharp({ create: { width, height, channels: 3, background: { r: 20, g: 120, b: 200 } } })
		.jpeg()
		.withMetadata({ exif: { IFD0: { Copyright: 'x', Artist: 'Camille Secret' } } })
		.toBuffer();
}

const PDF = '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';

function odt() {
	return zipSync({
		mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
		'content.xml': strToU8('<office:document-content/>'),
		'META-INF/manifest.xml': strToU8('<manifest/>')
	});
}

async function get(key: string, actor: Actor | null = null) {
	try {
		return await GET({ params: { key }, locals: { app: t.app, actor } } as unknown as Parameters<typeof GET>[0]);
	} catch (err) {
		if (isHttpError(err)) return new Response(null, { status: err.status });
		throw err;
	}
}

describe('images', () => {
	it('re-encodes as WebP, 1600 px at most, without any metadata, and stores the size', async () => {
		const course = await newCourse();
		const jpeg = await photo();
		expect((await sharp(jpeg).metadata()).exif).toBeDefined();
		const row = await addImage(t.app, admin, course.id, {
			file: file(jpeg, 'vacances.jpg', 'image/jpeg'),
			alt: 'Un ciel bleu',
			decorative: false
		});
		expect(row).toMatchObject({
			fileName: 'vacances.webp',
			kind: 'image',
			mimeType: 'image/webp',
			width: 1600,
			height: 1067,
			alt: 'Un ciel bleu'
		});
		expect(row.fileKey).toMatch(/^[0-9a-f-]{36}\.webp$/);
		const stored = readFileSync(uploadPath(t.config.dataDir, 'files', row.fileKey)!);
		expect(row.sizeBytes).toBe(stored.length);
		const meta = await sharp(stored).metadata();
		expect(meta).toMatchObject({ format: 'webp', width: 1600, height: 1067 });
		expect(meta.exif).toBeUndefined();
		expect(meta.icc).toBeUndefined();
		expect(stored.includes(Buffer.from('Camille'))).toBe(false);
		// Small pictures are not enlarged; PNG, GIF and WebP are accepted by their content.
		const small = await addImage(t.app, admin, course.id, {
			file: file(
				await sharp({ create: { width: 40, height: 90, channels: 4, background: '#0a0' } })
					.png()
					.toBuffer(),
				'x.txt'
			),
			alt: 'Petit',
			decorative: false
		});
		expect(small).toMatchObject({ width: 40, height: 90 });
	});

	it('requires alt text unless the image is explicitly decorative', async () => {
		const course = await newCourse();
		const jpeg = await photo(100, 100);
		const missing = await refusal(
			addImage(t.app, admin, course.id, { file: file(jpeg, 'a.jpg'), alt: '   ', decorative: false })
		);
		expect(missing).toEqual({ status: 400, errors: { alt: { key: 'files.errors.altRequired' } } });
		const long = await refusal(
			addImage(t.app, admin, course.id, { file: file(jpeg, 'a.jpg'), alt: 'x'.repeat(301), decorative: false })
		);
		expect(long.errors.alt).toEqual({ key: 'errors.tooLong', params: { max: 300 } });
		const decorative = await addImage(t.app, admin, course.id, {
			file: file(jpeg, 'a.jpg'),
			alt: '',
			decorative: true
		});
		expect(decorative.alt).toBe('');
		expect(markdownSnippet(decorative, '1 Ko')).toBe(`![](/files/${decorative.fileKey})`);
		// Changing the alt text follows the same rule.
		expect((await refusal(setAlt(t.app, admin, course.id, decorative.id, { alt: '', decorative: false }))).status).toBe(
			400
		);
		await setAlt(t.app, admin, course.id, decorative.id, { alt: 'Un carré [bleu]', decorative: false });
		const [row] = await listFiles(t.app.db, course.id);
		expect(row?.alt).toBe('Un carré [bleu]');
		expect(markdownSnippet(row!, '1 Ko')).toBe(`![Un carré \\[bleu\\]](/files/${row!.fileKey})`);
		expect(renderMarkdown(markdownSnippet(row!, '1 Ko'))).toContain(
			`<img src="/files/${row!.fileKey}" alt="Un carré [bleu]"`
		);
	});

	it('refuses what is not an image (415), whatever its name, and a lesson of another course', async () => {
		const course = await newCourse();
		const svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
		const r = await refusal(
			addImage(t.app, admin, course.id, { file: file(svg, 'logo.png', 'image/png'), alt: 'Logo', decorative: false })
		);
		expect(r).toEqual({ status: 415, errors: { file: { key: 'files.errors.imageType' } } });
		const other = await newCourse();
		const m = await addItem(t.app, other.id, 'module', other.id, 'M');
		const s = await addItem(t.app, other.id, 'sequence', m, 'S');
		const foreignLesson = await addItem(t.app, other.id, 'lesson', s, 'L');
		const wrong = await refusal(
			addImage(t.app, admin, course.id, {
				file: file(await photo(10, 10), 'a.jpg'),
				alt: 'A',
				decorative: false,
				lessonId: foreignLesson
			})
		);
		expect(wrong.errors.lessonId?.key).toBe('files.errors.lesson');
		const ok = await addImage(t.app, admin, other.id, {
			file: file(await photo(10, 10), 'a.jpg'),
			alt: 'A',
			decorative: false,
			lessonId: foreignLesson
		});
		expect(ok.lessonId).toBe(foreignLesson);
	});
});

describe('attachments', () => {
	it('accepts a real PDF and refuses a fake one (415)', async () => {
		const course = await newCourse();
		const pdf = await addAttachment(t.app, admin, course.id, { file: file(PDF, 'Programme.pdf', 'application/pdf') });
		expect(pdf).toMatchObject({ kind: 'attachment', mimeType: 'application/pdf', fileName: 'Programme.pdf' });
		expect(pdf.fileKey).toMatch(/\.pdf$/);
		for (const fake of ['<html><script>alert(1)</script></html>', '%PDF-1.4\n<script>alert(1)</script>']) {
			const r = await refusal(
				addAttachment(t.app, admin, course.id, { file: file(fake, 'cours.pdf', 'application/pdf') })
			);
			expect(r).toEqual({ status: 415, errors: { file: { key: 'files.errors.attachmentType' } } });
		}
	});

	it('recognises OpenDocument files by their mimetype entry, and plain ZIPs', async () => {
		const course = await newCourse();
		const doc = await addAttachment(t.app, admin, course.id, { file: file(odt(), 'Exercices.zip') });
		expect(doc).toMatchObject({ mimeType: 'application/vnd.oasis.opendocument.text', fileName: 'Exercices.zip.odt' });
		expect(doc.fileKey).toMatch(/\.odt$/);
		const zip = await addAttachment(t.app, admin, course.id, {
			file: file(zipSync({ 'sources/a.txt': strToU8('a'), 'sources/b.txt': strToU8('b') }), 'sources.zip')
		});
		expect(zip).toMatchObject({ mimeType: 'application/zip', fileName: 'sources.zip' });
	});

	it('refuses a ZIP whose entries escape the folder (../, absolute paths)', async () => {
		const course = await newCourse();
		for (const name of ['../evil.sh', 'a/../../evil.sh', '/etc/cron.d/evil', '..\\evil.bat']) {
			const r = await refusal(
				addAttachment(t.app, admin, course.id, {
					file: file(zipSync({ 'ok.txt': strToU8('ok'), [name]: strToU8('x') }), 'archive.zip')
				})
			);
			expect(r).toEqual({ status: 422, errors: { file: { key: 'files.errors.zipUnsafe' } } });
		}
		expect(await listFiles(t.app.db, course.id)).toEqual([]);
	});

	it('refuses a file over FILE_MAX_BYTES with 413 next to the field', async () => {
		const course = await newCourse();
		const small = { ...t.app, config: { ...t.app.config, FILE_MAX_BYTES: 1024 * 1024 } };
		const big = '%PDF-1.7\n' + 'x'.repeat(1024 * 1024) + '\n%%EOF';
		const r = await refusal(addAttachment(small, admin, course.id, { file: file(big, 'gros.pdf') }));
		expect(r).toEqual({ status: 413, errors: { file: { key: 'files.errors.tooBig', params: { max: 1 } } } });
		const img = await refusal(
			addImage(small, admin, course.id, { file: file(big, 'gros.jpg'), alt: 'x', decorative: false })
		);
		expect(img.status).toBe(413);
	});

	it('keeps a cleaned name for display: no path, no control characters, 120 characters, markup as text', async () => {
		expect(cleanFileName('../../etc/passwd', 'pdf')).toBe('passwd.pdf');
		expect(cleanFileName('C:\\Users\\moi\\Cours.PDF', 'pdf')).toBe('Cours.PDF');
		expect(cleanFileName('facture\u202Efdp.exe', 'pdf')).toBe('facture fdp.exe.pdf');
		expect(cleanFileName('a\u0000b\nc.pdf', 'pdf')).toBe('a b c.pdf');
		expect(cleanFileName('...', 'zip')).toBe('document.zip');
		const long = cleanFileName(`${'é'.repeat(200)}.pdf`, 'pdf');
		expect(long).toHaveLength(120);
		expect(long.endsWith('é.pdf')).toBe(true);

		const course = await newCourse();
		const row = await addAttachment(t.app, admin, course.id, {
			file: file(PDF, '<img src=x onerror=alert(1)>.pdf', 'application/pdf')
		});
		expect(row.fileName).toBe('<img src=x onerror=alert(1)>.pdf');
		const html = renderMarkdown(markdownSnippet(row, '1 Ko'));
		expect(html).not.toContain('<img');
		expect(html).toContain(`<a href="/files/${row.fileKey}">&lt;img src=x onerror=alert(1)&gt;.pdf (PDF, 1 Ko)</a>`);
		await setCourseStatus(t.app, admin, course, 'published');
		const res = await get(row.fileKey);
		expect(res.headers.get('content-disposition')).toBe(
			"attachment; filename*=UTF-8''%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E.pdf"
		);
	});
});

describe('permissions and deletion', () => {
	it('refuses people who are not editors of the course', async () => {
		const course = await newCourse();
		const u = await createUser(t.app);
		const learner: Actor = { id: u.id, roles: [{ role: 'learner', scopeType: 'course', scopeId: course.id }] };
		const otherEditor: Actor = { id: u.id, roles: [{ role: 'editor', scopeType: 'course', scopeId: 'another' }] };
		for (const actor of [learner, otherEditor, null]) {
			const r = await refusal(addAttachment(t.app, actor, course.id, { file: file(PDF, 'a.pdf') }));
			expect(r.status).toBe(403);
		}
		const row = await addAttachment(t.app, admin, course.id, { file: file(PDF, 'a.pdf') });
		expect((await refusal(deleteFile(t.app, learner, course.id, row.id))).status).toBe(403);
		expect((await refusal(setAlt(t.app, learner, course.id, row.id, { alt: 'x', decorative: false }))).status).toBe(
			403
		);
		// The page: a draft does not reveal itself (404), a published course refuses (403).
		expect((await visit(filesPage.load, course.slug, { cookie: u.cookie })).status).toBe(404);
		await setCourseStatus(t.app, admin, course, 'published');
		expect((await visit(filesPage.load, course.slug, { cookie: u.cookie })).status).toBe(403);
		expect((await visit(filesPage.load, course.slug)).status).toBe(303);
	});

	it('deletes the record and the file on disk; another course cannot delete it', async () => {
		const course = await newCourse();
		const other = await newCourse();
		const row = await addAttachment(t.app, admin, course.id, { file: file(PDF, 'a.pdf') });
		const path = uploadPath(t.config.dataDir, 'files', row.fileKey)!;
		expect(existsSync(path)).toBe(true);
		expect((await refusal(deleteFile(t.app, admin, other.id, row.id))).status).toBe(404);
		await deleteFile(t.app, admin, course.id, row.id);
		expect(existsSync(path)).toBe(false);
		expect(await listFiles(t.app.db, course.id)).toEqual([]);
		expect((await get(row.fileKey, admin)).status).toBe(404);
	});
});

describe('GET /files/<key>', () => {
	it('hides the files of a draft from everyone but its editors, then serves them once published', async () => {
		const course = await newCourse();
		const img = await addImage(t.app, admin, course.id, {
			file: file(await photo(20, 10), 'a.jpg'),
			alt: 'A',
			decorative: false
		});
		const reader = await createUser(t.app);
		expect((await get(img.fileKey)).status).toBe(404);
		expect((await get(img.fileKey, { id: reader.id, roles: [] })).status).toBe(404);
		const asEditor = await get(img.fileKey, admin);
		expect(asEditor.status).toBe(200);
		expect(asEditor.headers.get('cache-control')).toMatch(/^private/);
		await setCourseStatus(t.app, admin, course, 'published');
		const res = await get(img.fileKey);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('image/webp');
		expect(res.headers.get('content-disposition')).toBe('inline');
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).format).toBe('webp');
	});

	it('sends attachments as downloads with their cleaned, encoded name', async () => {
		const course = await newCourse();
		await setCourseStatus(t.app, admin, course, 'published');
		const row = await addAttachment(t.app, admin, course.id, { file: file(odt(), 'Séance 1 : exercices.odt') });
		const res = await get(row.fileKey);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/vnd.oasis.opendocument.text');
		expect(res.headers.get('content-disposition')).toBe(
			"attachment; filename*=UTF-8''S%C3%A9ance%201%20%3A%20exercices.odt"
		);
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		const stored = readFileSync(uploadPath(t.config.dataDir, 'files', row.fileKey)!);
		expect(Buffer.from(await res.arrayBuffer()).equals(stored)).toBe(true);
	});

	it('answers 404 for keys that are not ours', async () => {
		for (const key of ['../../etc/passwd', 'abc', '0190c2a4-0000-7000-8000-000000000000.pdf', '%2e%2e%2fsecret'])
			expect((await get(key, admin)).status).toBe(404);
	});
});

/** Runs a page's load or action as SvelteKit would for this request (session from the cookie). */
async function visit(
	handler: unknown,
	slug: string,
	v: { cookie?: string; form?: FormData; action?: string; app?: TestApp['app'] } = {}
) {
	const url = new URL(`/courses/${slug}/files${v.action ? `?/${v.action}` : ''}`, 'http://localhost:3000');
	const headers = new Headers();
	if (v.cookie) headers.set('cookie', v.cookie);
	const request = new Request(url, { method: v.form ? 'POST' : 'GET', headers, body: v.form });
	const event = {
		request,
		url,
		params: { slug },
		route: { id: '/courses/[slug]/files' },
		locals: { app: v.app ?? t.app, locale: 'fr' },
		getClientAddress: () => '192.0.2.50',
		cookies: { get: () => undefined, set: () => {}, delete: () => {} }
	};
	await resolveSession(event as never);
	try {
		const out = await (handler as (e: unknown) => unknown)(event);
		if (isActionFailure(out))
			return {
				status: out.status,
				data: out.data as unknown as { errors: Record<string, { key: string }>; values: Record<string, string> }
			};
		return { status: 200, data: out as Record<string, unknown> };
	} catch (err) {
		if (isRedirect(err)) return { status: err.status, location: err.location };
		if (isHttpError(err)) return { status: err.status };
		throw err;
	}
}

describe('the files page', () => {
	it('uploads through plain multipart forms; errors come back next to the field with the values kept', async () => {
		const course = await newCourse();
		const form = new FormData();
		form.set('image', file(await photo(30, 30), 'a.jpg', 'image/jpeg'));
		form.set('alt', '');
		form.set('imageLesson', '');
		const bad = await visit(filesPage.actions.image, course.slug, { cookie: adminCookie, form, action: 'image' });
		expect(bad).toMatchObject({ status: 400, data: { errors: { alt: { key: 'files.errors.altRequired' } } } });
		expect(bad.data).toMatchObject({ values: { alt: '', imageLesson: '' } });

		form.set('alt', 'Un carré bleu');
		const ok = await visit(filesPage.actions.image, course.slug, { cookie: adminCookie, form, action: 'image' });
		expect(ok).toMatchObject({ status: 303, location: `/courses/${course.slug}/files?saved=image#files-list` });

		const fake = new FormData();
		fake.set('attachment', file('hello', 'notes.pdf', 'application/pdf'));
		fake.set('attachmentLesson', '');
		const refused = await visit(filesPage.actions.attachment, course.slug, {
			cookie: adminCookie,
			form: fake,
			action: 'attachment'
		});
		expect(refused).toMatchObject({
			status: 415,
			data: { errors: { attachment: { key: 'files.errors.attachmentType' } } }
		});

		const big = new FormData();
		big.set('attachment', file(PDF + 'x'.repeat(2 * 1024 * 1024), 'gros.pdf'));
		big.set('attachmentLesson', '');
		const tooBig = await visit(filesPage.actions.attachment, course.slug, {
			cookie: adminCookie,
			form: big,
			action: 'attachment',
			app: { ...t.app, config: { ...t.app.config, FILE_MAX_BYTES: 1024 * 1024 } }
		});
		expect(tooBig).toMatchObject({
			status: 413,
			data: { errors: { attachment: { key: 'files.errors.tooBig', params: { max: 1 } } } }
		});

		const page = await visit(filesPage.load, course.slug, { cookie: adminCookie });
		const files = (page.data as { files: { alt: string; type: string; snippet: string; size: string }[] }).files;
		expect(files).toHaveLength(1);
		expect(files[0]).toMatchObject({ alt: 'Un carré bleu', type: 'WebP' });
		expect(files[0]!.snippet).toMatch(/^!\[Un carré bleu\]\(\/files\/[0-9a-f-]{36}\.webp\)$/);
		expect(files[0]!.size).toMatch(/^\d+(,\d)? (o|Ko)$/);
	});
});
