import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import type { Actor } from '../authz/policy.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse, setCourseStatus } from '../courses/courses.service.ts';
import { addItem, saveLesson } from '../courses/plan.service.ts';
import { createSpeaker } from '../speakers/speakers.service.ts';
import { uuidv7 } from '../../ids.ts';
import { listMediaAnnotations } from './annotations.service.ts';
import { lessonMedia } from './media.table.ts';
import {
	actions as editorActions,
	load as editorLoad
} from '../../../../routes/courses/[slug]/lessons/[id]/media/+page.server.ts';
import { load as rushesLoad } from '../../../../routes/courses/[slug]/rushes/+page.server.ts';
import { GET as csvGET } from '../../../../routes/courses/[slug]/rushes/rushes.csv/+server.ts';
import { load as lessonLoad } from '../../../../routes/courses/[slug]/lessons/[id]/+page.server.ts';
import { load as speakersLoad } from '../../../../routes/courses/[slug]/speakers/+page.server.ts';

let t: TestApp;
let admin: Actor;
let reader: Actor;

beforeAll(async () => {
	t = await createTestApp();
	const a = await createAdmin(t.app);
	admin = { id: a.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
	reader = { id: (await createUser(t.app)).id, roles: [] };
});
afterAll(() => t?.close());

const event = (actor: Actor | null, params: Record<string, string>, init: { url?: string; form?: FormData } = {}) =>
	({
		params,
		locals: { app: t.app, actor, user: actor ? { id: actor.id } : null, locale: 'fr' },
		url: new URL(init.url ?? 'http://localhost:3000/'),
		request: new Request('http://localhost:3000/x', init.form ? { method: 'POST', body: init.form } : {})
	}) as never;

const formOf = (fields: Record<string, string | string[]>) => {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) form.append(k, one);
	return form;
};

async function redirected(p: Promise<unknown> | unknown): Promise<string> {
	try {
		await p;
	} catch (err) {
		if (isRedirect(err)) return err.location;
		throw err;
	}
	throw new Error('expected a redirect');
}

let n = 0;
async function fixture() {
	const slug = `rushes-routes-${++n}`;
	const course = await createCourse(t.app, admin, courseSchema.parse({ title: `Cours ${slug}`, slug }));
	const m = await addItem(t.app, course.id, 'module', course.id, 'Module');
	const s = await addItem(t.app, course.id, 'sequence', m, 'Séquence');
	const lessonId = await addItem(t.app, course.id, 'lesson', s, 'Leçon vidéo');
	const target = await addItem(t.app, course.id, 'lesson', s, 'Leçon montage');
	await saveLesson(t.app, course.id, target, { title: 'Leçon montage', body: 'Intro.', required: true }, admin.id);
	const mediaId = uuidv7();
	await t.app.db.insert(lessonMedia).values({
		id: mediaId,
		courseId: course.id,
		lessonId,
		kind: 'video',
		source: 'upload',
		title: 'Entretien',
		fileKey: `${uuidv7()}.mp4`,
		mimeType: 'video/mp4',
		durationSeconds: 120
	});
	const speaker = await createSpeaker(t.app, admin, course.id, { name: 'Awa Diallo' });
	await setCourseStatus(t.app, admin, course, 'published');
	return { course, lessonId, target, mediaId, speaker, params: { slug: course.slug, id: lessonId } };
}

describe('media editor: annotations', () => {
	it('adds a note from typed times, and refuses bad input with a 400 that keeps the values', async () => {
		const f = await fixture();
		const bad = formOf({ mediaId: f.mediaId, start: '1:30', end: '1:00', note: '', tags: 'x', speakerId: '' });
		const result = (await editorActions.annotate!(event(admin, f.params, { form: bad }))) as {
			status: number;
			data: { target: string; values: Record<string, string>; errors: Record<string, { key: string }> };
		};
		expect(isActionFailure(result)).toBe(true);
		expect(result.status).toBe(400);
		expect(result.data.target).toBe(`annotate-${f.mediaId}`);
		expect(result.data.values).toMatchObject({ start: '1:30', end: '1:00', tags: 'x' });
		expect(result.data.errors.end?.key).toBe('rushes.errors.endBeforeStart');
		expect(result.data.errors.note?.key).toBe('rushes.errors.noteRequired');

		const good = formOf({
			mediaId: f.mediaId,
			start: '0:10',
			end: '25.5',
			note: 'Bon moment',
			tags: 'Interview',
			speakerId: f.speaker.id
		});
		expect(await redirected(editorActions.annotate!(event(admin, f.params, { form: good })))).toBe(
			`/courses/${f.course.slug}/lessons/${f.lessonId}/media#annotations-${f.mediaId}`
		);
		const [a] = await listMediaAnnotations(t.app.db, f.mediaId);
		expect(a).toMatchObject({ start: 10, end: 25.5, tags: ['interview'], speakerId: f.speaker.id });
		const data = (await editorLoad(event(admin, f.params))) as {
			media: { annotations: { start: string; end: string }[] }[];
			lessons: { id: string }[];
		};
		expect(data.media[0]!.annotations).toMatchObject([{ start: '0:10', end: '0:25.5' }]);
		expect(data.lessons.map((l) => l.id)).toEqual([f.lessonId, f.target]);

		const edit = formOf({
			mediaId: f.mediaId,
			annotationId: a!.id,
			start: '0:10',
			end: '9:00',
			note: 'x',
			speakerId: ''
		});
		const refused = (await editorActions.updateAnnotation!(event(admin, f.params, { form: edit }))) as {
			status: number;
			data: { target: string; errors: Record<string, { key: string }> };
		};
		expect(refused.status).toBe(400);
		expect(refused.data.target).toBe(`updateAnnotation-${a!.id}`);
		expect(refused.data.errors.end?.key).toBe('rushes.errors.beyondDuration');

		const del = formOf({ mediaId: f.mediaId, annotationId: a!.id });
		await redirected(editorActions.deleteAnnotation!(event(admin, f.params, { form: del })));
		expect(await listMediaAnnotations(t.app.db, f.mediaId)).toEqual([]);
	});

	it('refuses readers', async () => {
		const f = await fixture();
		const form = formOf({ mediaId: f.mediaId, start: '1', end: '2', note: 'x' });
		await expect(editorActions.annotate!(event(reader, f.params, { form }))).rejects.toMatchObject({ status: 403 });
	});

	it('inserts a clip and the lesson plays it; speakers ticked show on the player and the speakers page', async () => {
		const f = await fixture();
		const form = formOf({ mediaId: f.mediaId, start: '1:00', end: '1:10', note: 'Le geste', speakerId: f.speaker.id });
		await redirected(editorActions.annotate!(event(admin, f.params, { form })));
		const [a] = await listMediaAnnotations(t.app.db, f.mediaId);
		const clip = formOf({ mediaId: f.mediaId, annotationId: a!.id, lessonId: f.target });
		expect(await redirected(editorActions.clip!(event(admin, f.params, { form: clip })))).toBe(
			`/courses/${f.course.slug}/lessons/${f.target}`
		);
		const wrong = formOf({ mediaId: f.mediaId, annotationId: a!.id, lessonId: uuidv7() });
		const refused = (await editorActions.clip!(event(admin, f.params, { form: wrong }))) as { status: number };
		expect(refused.status).toBe(400);

		const lesson = (await lessonLoad(event(reader, { slug: f.course.slug, id: f.target }))) as {
			lesson: { html: string };
			clips: number;
		};
		expect(lesson.clips).toBe(1);
		expect(lesson.lesson.html).toContain(`/media/${f.mediaId}/file#t=60,70`);

		const who = formOf({ mediaId: f.mediaId, speakers: [f.speaker.id] });
		await redirected(editorActions.speakers!(event(admin, f.params, { form: who })));
		const foreign = formOf({ mediaId: f.mediaId, speakers: [uuidv7()] });
		expect(
			((await editorActions.speakers!(event(admin, f.params, { form: foreign }))) as { status: number }).status
		).toBe(400);
		const page = (await lessonLoad(event(reader, f.params))) as {
			players: { speakers: { name: string; href: string }[] }[];
		};
		expect(page.players[0]!.speakers).toEqual([
			{ name: 'Awa Diallo', href: `/courses/${f.course.slug}/speakers#speaker-${f.speaker.id}` }
		]);
		const readerView = (await speakersLoad(event(reader, { slug: f.course.slug }))) as {
			speakers: { videos: { href: string }[]; annotations: unknown[] }[];
		};
		expect(readerView.speakers[0]!.videos).toEqual([
			{
				href: `/courses/${f.course.slug}/lessons/${f.lessonId}#player-${f.mediaId}`,
				title: 'Entretien',
				lessonTitle: 'Leçon vidéo'
			}
		]);
		expect(readerView.speakers[0]!.annotations).toEqual([]); // notes are for editors
		const editorView = (await speakersLoad(event(admin, { slug: f.course.slug }))) as {
			speakers: { annotations: { start: string; note: string }[] }[];
		};
		expect(editorView.speakers[0]!.annotations).toMatchObject([{ start: '1:00', note: 'Le geste' }]);
	});
});

describe('rushes page', () => {
	it('lists and filters the course’s notes for editors only', async () => {
		const f = await fixture();
		for (const [start, end, note, tags] of [
			['10', '20', 'Explication', 'technique'],
			['30', '40', 'Rire **franc**', 'bêtisier']
		])
			await redirected(
				editorActions.annotate!(
					event(admin, f.params, { form: formOf({ mediaId: f.mediaId, start, end, note, tags }) })
				)
			);
		const url = (q: string) => `http://localhost:3000/courses/${f.course.slug}/rushes${q}`;
		type Page = { total: number; rows: { noteHtml: string; href: string; tags: string[] }[]; tags: string[] };
		const all = (await rushesLoad(event(admin, { slug: f.course.slug }, { url: url('') }))) as Page;
		expect(all.total).toBe(2);
		expect(all.tags).toEqual(['bêtisier', 'technique']);
		expect(all.rows[0]!.href).toBe(
			`/courses/${f.course.slug}/lessons/${f.lessonId}?load=${f.mediaId}&at=10#player-${f.mediaId}`
		);
		const byTag = (await rushesLoad(event(admin, { slug: f.course.slug }, { url: url('?tag=bêtisier') }))) as Page;
		expect(byTag.rows.map((r) => r.noteHtml)).toEqual(['<p>Rire <strong>franc</strong></p>\n']);
		const byText = (await rushesLoad(event(admin, { slug: f.course.slug }, { url: url('?q=explic') }))) as Page;
		expect(byText.total).toBe(1);
		try {
			await rushesLoad(event(reader, { slug: f.course.slug }, { url: url('') }));
			throw new Error('expected a 403');
		} catch (err) {
			expect(isHttpError(err) && err.status).toBe(403);
		}
		expect(await redirected(rushesLoad(event(null, { slug: f.course.slug }, { url: url('') })))).toMatch(/^\/login/);
	});
});

describe('rushes CSV', () => {
	it('downloads the filtered notes for editors, formulas defused, accents kept', async () => {
		const f = await fixture();
		for (const [start, end, note, tags] of [
			['10', '20', '=HYPERLINK("http://x") "cité", suite', 'technique'],
			['30', '40.5', 'Rire', 'bêtisier']
		])
			await redirected(
				editorActions.annotate!(
					event(admin, f.params, { form: formOf({ mediaId: f.mediaId, start, end, note, tags }) })
				)
			);
		const url = (q: string) => `http://localhost:3000/courses/${f.course.slug}/rushes/rushes.csv${q}`;
		const response = await csvGET(event(admin, { slug: f.course.slug }, { url: url('') }));
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${f.course.slug}-rushes.csv"`);
		const text = await response.text();
		const lines = text
			.replace(/^\uFEFF/, '')
			.trimEnd()
			.split('\r\n');
		expect(lines[0]).toBe('Leçon,Média,Début,Fin,Début (secondes),Fin (secondes),Note,Étiquettes,Intervenant·e');
		expect(lines[1]).toBe(
			`Leçon vidéo,Entretien,0:10,0:20,10,20,"'=HYPERLINK(""http://x"") ""cité"", suite",technique,`
		);
		expect(lines[2]).toBe('Leçon vidéo,Entretien,0:30,0:40.5,30,40.5,Rire,bêtisier,');
		const filtered = await (await csvGET(event(admin, { slug: f.course.slug }, { url: url('?tag=bêtisier') }))).text();
		expect(filtered.trimEnd().split('\r\n')).toHaveLength(2);
		try {
			await csvGET(event(reader, { slug: f.course.slug }, { url: url('') }));
			throw new Error('expected a 403');
		} catch (err) {
			expect(isHttpError(err) && err.status).toBe(403);
		}
	});
});
