import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '#lib/server/http/forms.ts';
import { translate } from '#lib/i18n/index.ts';
import type { Actor } from '../authz/policy.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse, setCourseStatus } from '../courses/courses.service.ts';
import { addItem, saveLesson } from '../courses/plan.service.ts';
import {
	attachPeerTube,
	attachUpload,
	getMedia,
	LineErrors,
	lessonPlayers,
	parsePeerTubeUrl,
	removeMedia,
	setCaptions,
	sweepOrphanMediaFiles,
	updateMedia
} from './media.service.ts';
import { detectMediaType } from './media.files.ts';
import { fileResponse, parseRange } from './media.range.ts';
import { GET as fileGET } from '../../../../routes/media/[id]/file/+server.ts';
import { GET as captionsGET } from '../../../../routes/media/[id]/captions/[lang].vtt/+server.ts';
import { GET as chaptersVttGET } from '../../../../routes/media/[id]/chapters.vtt/+server.ts';
import { GET as chaptersJsonGET } from '../../../../routes/media/[id]/chapters.json/+server.ts';
import { GET as posterGET } from '../../../../routes/media/[id]/poster/+server.ts';
import {
	actions as editorActions,
	load as editorLoad
} from '../../../../routes/courses/[slug]/lessons/[id]/media/+page.server.ts';
import { load as lessonLoad } from '../../../../routes/courses/[slug]/lessons/[id]/+page.server.ts';

let t: TestApp;
let admin: Actor & { cookie?: string };
let adminUser: Awaited<ReturnType<typeof createAdmin>>;
let reader: Awaited<ReturnType<typeof createUser>>;

beforeAll(async () => {
	t = await createTestApp({ MEDIA_MAX_BYTES: String(64 * 1024) });
	adminUser = await createAdmin(t.app);
	admin = { id: adminUser.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
	reader = await createUser(t.app);
});
afterAll(() => t?.close());

/** A minimal MP4 header (ftyp isom) followed by filler: enough for content sniffing and ranges. */
function fakeMp4(size = 1000) {
	const bytes = new Uint8Array(size);
	bytes.set([0, 0, 0, 0x18], 0);
	bytes.set(new TextEncoder().encode('ftypisom'), 4);
	for (let i = 12; i < size; i++) bytes[i] = i % 251;
	return bytes;
}
const blob = (bytes: Uint8Array | string, name = 'f.bin', type = '') =>
	new File([new Uint8Array(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes)], name, { type });

const VTT =
	'WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n<v Alice>Bonjour et bienvenue.\n\n00:00:04.500 --> 00:00:08.000\n<v Alice>Nous parlons de serveurs.\n\n00:00:20.000 --> 00:00:24.000\n<v Bob>Une question sur les sauvegardes ?\n';

async function refusal(p: Promise<unknown>) {
	try {
		await p;
	} catch (err) {
		if (err instanceof FormError) return err;
		throw err;
	}
	throw new Error('expected a FormError');
}

let n = 0;
async function lessonIn(status: 'draft' | 'published' = 'published') {
	const slug = `media-${++n}`;
	const course = await createCourse(t.app, admin, courseSchema.parse({ title: `Cours ${slug}`, slug }));
	const m = await addItem(t.app, course.id, 'module', course.id, 'Module');
	const s = await addItem(t.app, course.id, 'sequence', m, 'Séquence');
	const lessonId = await addItem(t.app, course.id, 'lesson', s, 'Leçon vidéo');
	await saveLesson(
		t.app,
		course.id,
		lessonId,
		{ title: 'Leçon vidéo', body: 'Le texte de la leçon.', required: true },
		adminUser.id
	);
	if (status === 'published') await setCourseStatus(t.app, admin, course, 'published');
	return { course, lessonId };
}

const event = (actor: Actor | null, params: Record<string, string>, init: { range?: string; url?: string } = {}) =>
	({
		params,
		locals: { app: t.app, actor, user: actor ? { id: actor.id } : null },
		url: new URL(init.url ?? 'http://localhost:3000/'),
		request: new Request('http://localhost:3000/', { headers: init.range ? { range: init.range } : {} })
	}) as never;

const readerActor = (): Actor => ({ id: reader.id, roles: [] });

async function status(p: Promise<Response> | Response) {
	try {
		return (await p).status;
	} catch (err) {
		if (isHttpError(err)) return err.status;
		throw err;
	}
}

describe('content checks', () => {
	it('recognises media by their first bytes, not their names', () => {
		expect(detectMediaType(fakeMp4())).toMatchObject({ kind: 'video', mime: 'video/mp4' });
		const webm = new Uint8Array(40);
		webm.set([0x1a, 0x45, 0xdf, 0xa3]);
		webm.set(new TextEncoder().encode('webm'), 20);
		expect(detectMediaType(webm)).toMatchObject({ kind: 'video', mime: 'video/webm' });
		expect(detectMediaType(new TextEncoder().encode('OggS\0\x02......vorbis'))).toMatchObject({ kind: 'audio' });
		expect(detectMediaType(new TextEncoder().encode('ID3\x04\0\0\0\0\0\0\0\0'))).toMatchObject({ mime: 'audio/mpeg' });
		const m4a = fakeMp4();
		m4a.set(new TextEncoder().encode('M4A '), 8);
		expect(detectMediaType(m4a)).toMatchObject({ kind: 'audio', mime: 'audio/mp4' });
		expect(detectMediaType(new TextEncoder().encode('<html><body>not a video</body></html>'))).toBeNull();
	});

	it('refuses a text file named .mp4 (415) and a file above the limit (413), next to the field', async () => {
		const { course, lessonId } = await lessonIn();
		const fake = await refusal(
			attachUpload(t.app, course.id, lessonId, {
				title: '',
				placement: 'head',
				file: blob('this is not a video at all, only text', 'cours.mp4', 'video/mp4')
			})
		);
		expect(fake.status).toBe(415);
		expect(fake.errors.file?.key).toBe('media.errors.fileType');
		const big = await refusal(
			attachUpload(t.app, course.id, lessonId, {
				title: '',
				placement: 'head',
				file: blob(fakeMp4(65 * 1024), 'a.mp4')
			})
		);
		expect(big.status).toBe(413);
		expect(translate('en', big.errors.file!.key, big.errors.file!.params)).toContain('0 MB');
	});

	it('the editor keeps the typed values and answers 415 for a fake upload', async () => {
		const { course, lessonId } = await lessonIn();
		const form = new FormData();
		form.set('title', 'Ma vidéo');
		form.set('placement', 'body');
		form.set('file', blob('plain text', 'video.mp4', 'video/mp4'));
		const e = event(admin, { slug: course.slug, id: lessonId }) as { request: Request };
		e.request = new Request('http://localhost:3000/x', { method: 'POST', body: form });
		const result = await editorActions.upload!(e as never);
		expect(isActionFailure(result)).toBe(true);
		const failure = result as {
			status: number;
			data: { values: Record<string, string>; errors: Record<string, unknown> };
		};
		expect(failure.status).toBe(415);
		expect(failure.data.values).toMatchObject({ title: 'Ma vidéo', placement: 'body' });
		expect(failure.data.errors.file).toBeTruthy();
	});

	it('re-encodes the poster as WebP and refuses other images', async () => {
		const { course, lessonId } = await lessonIn();
		const png = await sharp({ create: { width: 32, height: 18, channels: 3, background: '#336699' } })
			.png()
			.toBuffer();
		const id = await attachUpload(t.app, course.id, lessonId, {
			title: 'Avec affiche',
			placement: 'head',
			file: blob(fakeMp4()),
			poster: blob(new Uint8Array(png))
		});
		const res = await posterGET(event(null, { id }));
		expect(res.headers.get('content-type')).toBe('image/webp');
		expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).format).toBe('webp');
		const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
			.gif()
			.toBuffer();
		const err = await refusal(
			attachUpload(t.app, course.id, lessonId, {
				title: '',
				placement: 'head',
				file: blob(fakeMp4()),
				poster: blob(new Uint8Array(gif))
			})
		);
		expect(err.status).toBe(415);
		expect(err.errors.poster?.key).toBe('media.errors.posterType');
	});
});

/** An MP4 with ftyp, a filler mdat and a moov/mvhd at the end (not "fast start"). */
function mp4WithDuration(seconds: number, version: 0 | 1 = 0) {
	const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
	const u64 = (n: number) => [...u32(Math.floor(n / 2 ** 32)), ...u32(n >>> 0)];
	const boxOf = (type: string, body: number[]) => [...u32(8 + body.length), ...new TextEncoder().encode(type), ...body];
	const timescale = 1000;
	const mvhd =
		version === 1
			? boxOf('mvhd', [
					1,
					0,
					0,
					0,
					...u64(0),
					...u64(0),
					...u32(timescale),
					...u64(seconds * timescale),
					...new Array(80).fill(0)
				])
			: boxOf('mvhd', [
					0,
					0,
					0,
					0,
					...u32(0),
					...u32(0),
					...u32(timescale),
					...u32(seconds * timescale),
					...new Array(80).fill(0)
				]);
	return new Uint8Array([
		...boxOf('ftyp', [...new TextEncoder().encode('isom'), 0, 0, 2, 0]),
		...boxOf('mdat', new Array(500).fill(7)),
		...boxOf('moov', mvhd)
	]);
}

describe('duration', () => {
	it('reads the duration of an uploaded MP4 (moov at the end, mvhd v0 and v1)', async () => {
		const { course, lessonId } = await lessonIn();
		const id = await attachUpload(t.app, course.id, lessonId, {
			title: '',
			placement: 'head',
			file: blob(mp4WithDuration(90))
		});
		expect((await getMedia(t.app.db, course.id, id))?.durationSeconds).toBe(90);
		const id1 = await attachUpload(t.app, course.id, lessonId, {
			title: '',
			placement: 'head',
			file: blob(mp4WithDuration(3700, 1))
		});
		expect((await getMedia(t.app.db, course.id, id1))?.durationSeconds).toBe(3700);
		// Without a moov box, the duration stays unknown.
		const id2 = await attachUpload(t.app, course.id, lessonId, { title: '', placement: 'head', file: blob(fakeMp4()) });
		expect((await getMedia(t.app.db, course.id, id2))?.durationSeconds).toBeNull();
		const err = await refusal(
			updateMedia(t.app, course.id, id, { title: '', placement: 'head', duration: '90', chapters: '0:00 A\n1:40 B' })
		);
		expect(err.errors.chapters?.key).toBe('media.chapters.beyondDuration');
	});
});

describe('PeerTube', () => {
	it('accepts the two address shapes and derives the embed address', () => {
		expect(parsePeerTubeUrl('https://video.example.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d')).toMatchObject({
			host: 'video.example.org',
			embedUrl: 'https://video.example.org/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d'
		});
		expect(parsePeerTubeUrl('https://tube.example.fr/w/kkGMgK9ZtnKfYAgnEtQxbv?start=10s')?.embedUrl).toBe(
			'https://tube.example.fr/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv'
		);
		expect(
			parsePeerTubeUrl('https://peertube.example.net/videos/watch/9C9DE5E8-0A1E-484A-B099-E80766180A6D')?.embedUrl
		).toBe('https://peertube.example.net/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d');
	});

	it('refuses other addresses, even on well-known video sites', () => {
		for (const url of [
			'http://video.example.org/w/kkGMgK9ZtnKfYAgnEtQxbv',
			'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
			'https://youtu.be/dQw4w9WgXcQ',
			'https://vimeo.com/123456',
			'https://video.example.org/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv',
			'https://video.example.org/w/not-an-id',
			'https://video.example.org/w/kkGMgK9ZtnKfYAgnEtQxbv/extra',
			'https://user:pass@video.example.org/w/kkGMgK9ZtnKfYAgnEtQxbv',
			'https://192.168.1.10/w/kkGMgK9ZtnKfYAgnEtQxbv',
			'javascript:alert(1)',
			'not a url'
		])
			expect(parsePeerTubeUrl(url), url).toBeNull();
		// Any host is accepted, but only in PeerTube's shapes.
		expect(parsePeerTubeUrl('https://www.youtube.com/w/kkGMgK9ZtnKfYAgnEtQxbv')).not.toBeNull();
	});

	it('stores a PeerTube video and shows a placeholder until the reader asks to load it', async () => {
		const { course, lessonId } = await lessonIn();
		const err = await refusal(
			attachPeerTube(t.app, course.id, lessonId, { title: '', placement: 'head', url: 'https://vimeo.com/1' })
		);
		expect(err.status).toBe(400);
		expect(err.errors.url?.key).toBe('media.errors.peertubeUrl');
		const id = await attachPeerTube(t.app, course.id, lessonId, {
			title: 'Conférence',
			placement: 'head',
			url: 'https://tube.example.fr/w/kkGMgK9ZtnKfYAgnEtQxbv'
		});
		const [before] = await lessonPlayers(t.app.db, lessonId);
		expect(before).toMatchObject({ source: 'peertube', host: 'tube.example.fr', embedUrl: null });
		const [after] = await lessonPlayers(t.app.db, lessonId, { load: id });
		expect(after?.embedUrl).toBe('https://tube.example.fr/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv');
	});
});

describe('captions and chapters', () => {
	it('refuses invalid WebVTT with every error and its line number, in both languages', async () => {
		const { course, lessonId } = await lessonIn();
		const id = await attachUpload(t.app, course.id, lessonId, { title: '', placement: 'head', file: blob(fakeMp4()) });
		const bad = 'WEBVTT\n\n00:00:01.000 --> 00:00:xx\nBonjour\n\n00:00:05.000 --> 00:00:03.000\nFin\n';
		const err = (await refusal(
			setCaptions(t.app, course.id, id, { language: 'fr', label: 'Français', file: blob(bad) })
		)) as LineErrors;
		expect(err.status).toBe(400);
		expect(err).toBeInstanceOf(LineErrors);
		const messages = err.details.captions!.map((e) => translate('fr', e.key, e.params));
		expect(messages.some((m) => m.startsWith('Ligne 3 :'))).toBe(true);
		expect(messages.some((m) => m.startsWith('Ligne 6 :'))).toBe(true);
		expect(translate('en', err.errors.captions!.key, err.errors.captions!.params)).toMatch(/^Line 3:/);
		const bad2 = await refusal(
			setCaptions(t.app, course.id, id, { language: 'pas une langue', label: '', file: blob(VTT) })
		);
		expect(bad2.errors.language?.key).toBe('media.errors.language');
	});

	it('stores valid captions normalised and serves them as text/vtt', async () => {
		const { course, lessonId } = await lessonIn();
		const id = await attachUpload(t.app, course.id, lessonId, { title: '', placement: 'head', file: blob(fakeMp4()) });
		expect(
			await setCaptions(t.app, course.id, id, {
				language: 'FR',
				label: 'Français',
				file: blob(VTT.replace(/\n/g, '\r\n'))
			})
		).toBe('fr');
		const res = await captionsGET(event(null, { id, lang: 'fr' }));
		expect(res.headers.get('content-type')).toMatch(/^text\/vtt/);
		const text = await res.text();
		expect(text.startsWith('WEBVTT\n')).toBe(true);
		expect(text).not.toContain('\r');
		expect(await status(captionsGET(event(null, { id, lang: 'de' })))).toBe(404);
	});

	it('refuses chapters by line, and chapters or captions beyond a known duration', async () => {
		const { course, lessonId } = await lessonIn();
		const id = await attachUpload(t.app, course.id, lessonId, { title: '', placement: 'head', file: blob(fakeMp4()) });
		const err = (await refusal(
			updateMedia(t.app, course.id, id, {
				title: 'T',
				placement: 'head',
				duration: '1:00',
				chapters: '00:00 Début\nnimporte quoi\n00:30 Milieu\n02:00 Trop tard'
			})
		)) as LineErrors;
		expect(err.status).toBe(400);
		expect(err.details.chapters!.map((e) => [e.key, e.params?.line])).toEqual([
			['media.chapters.badLine', 2],
			['media.chapters.beyondDuration', 4]
		]);
		const dur = await refusal(
			updateMedia(t.app, course.id, id, { title: '', placement: 'head', duration: 'bientôt', chapters: '' })
		);
		expect(dur.errors.duration?.key).toBe('media.errors.duration');
		await updateMedia(t.app, course.id, id, {
			title: 'Serveurs',
			placement: 'head',
			duration: '15',
			chapters: '00:00 Accueil\n00:04 Serveurs'
		});
		expect((await getMedia(t.app.db, course.id, id))?.chapters).toEqual([
			{ title: 'Accueil', start: 0 },
			{ title: 'Serveurs', start: 4 }
		]);
		// The captions go up to 24 s: too long for a 15 s video.
		const long = await refusal(
			setCaptions(t.app, course.id, id, { language: 'fr', label: 'Français', file: blob(VTT) })
		);
		expect(long.errors.captions?.key).toBe('media.vtt.beyondDuration');
		const vtt = await (await chaptersVttGET(event(null, { id }))).text();
		expect(vtt).toContain('00:00:04.000 --> 00:00:15.000\nServeurs');
		const json = await (await chaptersJsonGET(event(null, { id }))).json();
		expect(json.hasPart).toEqual([
			{ type: 'Clip', name: 'Accueil', startOffset: 0, endOffset: 4 },
			{ type: 'Clip', name: 'Serveurs', startOffset: 4, endOffset: 15 }
		]);
	});
});

describe('serving files with ranges', () => {
	it('parses Range headers', () => {
		expect(parseRange(null, 100)).toBeNull();
		expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
		expect(parseRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
		expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
		expect(parseRange('bytes=50-500', 100)).toEqual({ start: 50, end: 99 });
		expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
		expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable');
		expect(parseRange('bytes=0-1,5-6', 100)).toBeNull();
		expect(parseRange('items=0-1', 100)).toBeNull();
	});

	it('answers 200, 206 and 416 with the right headers', async () => {
		const { course, lessonId } = await lessonIn();
		const bytes = fakeMp4(1000);
		const id = await attachUpload(t.app, course.id, lessonId, { title: '', placement: 'head', file: blob(bytes) });
		const full = await fileGET(event(null, { id }));
		expect(full.status).toBe(200);
		expect(full.headers.get('accept-ranges')).toBe('bytes');
		expect(full.headers.get('content-type')).toBe('video/mp4');
		expect(full.headers.get('content-length')).toBe('1000');
		expect(new Uint8Array(await full.arrayBuffer())).toEqual(bytes);

		const part = await fileGET(event(null, { id }, { range: 'bytes=10-19' }));
		expect(part.status).toBe(206);
		expect(part.headers.get('content-range')).toBe('bytes 10-19/1000');
		expect(part.headers.get('content-length')).toBe('10');
		expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes.slice(10, 20));

		const open = await fileGET(event(null, { id }, { range: 'bytes=990-' }));
		expect(open.status).toBe(206);
		expect(open.headers.get('content-range')).toBe('bytes 990-999/1000');
		expect((await open.arrayBuffer()).byteLength).toBe(10);

		const suffix = await fileGET(event(null, { id }, { range: 'bytes=-5' }));
		expect(suffix.headers.get('content-range')).toBe('bytes 995-999/1000');
		expect(new Uint8Array(await suffix.arrayBuffer())).toEqual(bytes.slice(995));

		const bad = await fileGET(event(null, { id }, { range: 'bytes=5000-' }));
		expect(bad.status).toBe(416);
		expect(bad.headers.get('content-range')).toBe('bytes */1000');
	});

	it('returns null for a missing file', async () => {
		const dir = join(t.config.dataDir, 'uploads', 'media');
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, 'x.txt'), 'x');
		expect(await fileResponse(join(dir, 'missing.mp4'), 'video/mp4', null)).toBeNull();
	});
});

describe('permissions', () => {
	it('hides the media of a draft course from readers and anonymous people (404)', async () => {
		const { course, lessonId } = await lessonIn('draft');
		const id = await attachUpload(t.app, course.id, lessonId, { title: '', placement: 'head', file: blob(fakeMp4()) });
		await updateMedia(t.app, course.id, id, { title: '', placement: 'head', duration: '', chapters: '0:00 A' });
		for (const actor of [null, readerActor()]) {
			expect(await status(fileGET(event(actor, { id })))).toBe(404);
			expect(await status(chaptersVttGET(event(actor, { id })))).toBe(404);
			expect(await status(chaptersJsonGET(event(actor, { id })))).toBe(404);
		}
		expect(await status(fileGET(event(admin, { id })))).toBe(200);
		expect(await status(fileGET(event(null, { id: 'not-an-id' })))).toBe(404);
	});

	it('lets only editors open the media editor (403) and attach media', async () => {
		const { course, lessonId } = await lessonIn();
		const params = { slug: course.slug, id: lessonId };
		try {
			await editorLoad(event(readerActor(), params));
			throw new Error('expected a 403');
		} catch (err) {
			expect(isHttpError(err) && err.status).toBe(403);
		}
		const form = new FormData();
		form.set('url', 'https://tube.example.fr/w/kkGMgK9ZtnKfYAgnEtQxbv');
		const e = event(readerActor(), params) as { request: Request };
		e.request = new Request('http://localhost:3000/x', { method: 'POST', body: form });
		await expect(editorActions.peertube!(e as never)).rejects.toMatchObject({ status: 403 });
		const ok = event(admin, params) as { request: Request };
		ok.request = new Request('http://localhost:3000/x', { method: 'POST', body: form });
		try {
			await editorActions.peertube!(ok as never);
			throw new Error('expected a redirect');
		} catch (err) {
			expect(isRedirect(err)).toBe(true);
		}
		const data = (await editorLoad(event(admin, params))) as { media: { source: string }[] };
		expect(data.media.map((m) => m.source)).toEqual(['peertube']);
	});

	it('serves the media of a published course to anyone', async () => {
		const { course, lessonId } = await lessonIn();
		const id = await attachUpload(t.app, course.id, lessonId, { title: '', placement: 'head', file: blob(fakeMp4()) });
		expect(await status(fileGET(event(null, { id })))).toBe(200);
		expect(await status(fileGET(event(readerActor(), { id })))).toBe(200);
	});

	it('the editor answers chapter errors with every line, keeping what was typed', async () => {
		const { course, lessonId } = await lessonIn();
		const id = await attachUpload(t.app, course.id, lessonId, { title: '', placement: 'head', file: blob(fakeMp4()) });
		const form = new FormData();
		form.set('mediaId', id);
		form.set('title', 'Titre gardé');
		form.set('placement', 'head');
		form.set('duration', '1:00');
		form.set('chapters', '0:00 Début\n0:10\n2:00 Après la fin');
		const e = event(admin, { slug: course.slug, id: lessonId }) as { request: Request };
		e.request = new Request('http://localhost:3000/x', { method: 'POST', body: form });
		const result = (await editorActions.details!(e as never)) as {
			status: number;
			data: { target: string; values: Record<string, string>; details: Record<string, { params: { line: number } }[]> };
		};
		expect(result.status).toBe(400);
		expect(result.data.target).toBe(`details-${id}`);
		expect(result.data.values.title).toBe('Titre gardé');
		expect(result.data.details.chapters!.map((d) => d.params.line)).toEqual([2, 3]);
	});

	it('removes a media of the course only', async () => {
		const a = await lessonIn();
		const b = await lessonIn();
		const id = await attachUpload(t.app, a.course.id, a.lessonId, {
			title: '',
			placement: 'head',
			file: blob(fakeMp4())
		});
		expect((await refusal(removeMedia(t.app, b.course.id, id))).status).toBe(404);
		await removeMedia(t.app, a.course.id, id);
		expect(await status(fileGET(event(admin, { id })))).toBe(404);
	});
});

describe('orphan files', () => {
	it('removes the files of deleted lessons, not those in use or just uploaded', async () => {
		const { course, lessonId } = await lessonIn();
		const kept = await attachUpload(t.app, course.id, lessonId, {
			title: '',
			placement: 'head',
			file: blob(fakeMp4())
		});
		const dir = join(t.config.dataDir, 'uploads', 'media');
		const orphan = '01900000-0000-7000-8000-000000000000.mp4';
		writeFileSync(join(dir, orphan), 'x');
		expect(await sweepOrphanMediaFiles(t.app, 3600_000)).toBe(0); // too recent
		expect(await sweepOrphanMediaFiles(t.app, 0, Date.now() + 1000)).toBeGreaterThanOrEqual(1);
		expect(existsSync(join(dir, orphan))).toBe(false);
		expect(await status(fileGET(event(null, { id: kept })))).toBe(200);
	});
});

describe('the lesson page', () => {
	it('has the player, its tracks, chapters and a searchable transcript', async () => {
		const { course, lessonId } = await lessonIn();
		const id = await attachUpload(t.app, course.id, lessonId, {
			title: 'Héberger',
			placement: 'head',
			file: blob(fakeMp4())
		});
		await setCaptions(t.app, course.id, id, { language: 'fr', label: 'Français', file: blob(VTT) });
		await updateMedia(t.app, course.id, id, {
			title: 'Héberger',
			placement: 'head',
			duration: '',
			chapters: '0:00 Accueil\n0:20 Questions'
		});
		const url = `http://localhost:3000/courses/${course.slug}/lessons/${lessonId}?transcript=serveur`;
		const data = (await lessonLoad(event(null, { slug: course.slug, id: lessonId }, { url }))) as {
			lesson: { html: string };
			players: Awaited<ReturnType<typeof lessonPlayers>>;
		};
		expect(data.lesson.html).toContain('Le texte de la leçon.');
		const [player] = data.players;
		expect(player).toMatchObject({
			kind: 'video',
			placement: 'head',
			fileUrl: `/media/${id}/file`,
			mimeType: 'video/mp4',
			captions: [{ language: 'fr', label: 'Français', src: `/media/${id}/captions/fr.vtt` }],
			chaptersSrc: `/media/${id}/chapters.vtt`,
			chapters: [
				{ title: 'Accueil', start: 0, time: '0:00' },
				{ title: 'Questions', start: 20, time: '0:20' }
			],
			search: { query: 'serveur', count: 1 }
		});
		const paragraphs = player!.transcript!.paragraphs;
		expect(paragraphs.map((p) => [p.time, p.speaker])).toEqual([
			['0:00', 'Alice'],
			['0:20', 'Bob']
		]);
		expect(paragraphs[0]!.segments.filter((s) => s.match).map((s) => s.text)).toEqual(['serveur']);
		const chosen = await lessonPlayers(t.app.db, lessonId, { load: id, at: 20 });
		expect(chosen[0]?.fileUrl).toBe(`/media/${id}/file#t=20`);
	});
});
