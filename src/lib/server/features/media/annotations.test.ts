import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '#lib/server/http/forms.ts';
import type { Actor } from '../authz/policy.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse } from '../courses/courses.service.ts';
import { addItem, getLesson, saveLesson } from '../courses/plan.service.ts';
import { renderMarkdown } from '../courses/markdown.ts';
import { createSpeaker, deleteSpeaker } from '../speakers/speakers.service.ts';
import {
	courseAnnotationTags,
	createAnnotation,
	deleteAnnotation,
	getAnnotation,
	listMediaAnnotations,
	normaliseAnnotation,
	parseTags,
	searchAnnotations,
	updateAnnotation
} from './annotations.service.ts';
import { clipBlock, parseClipBlock, parseClipData } from './clip-syntax.ts';
import { insertClip, renderClips } from './clips.ts';
import { lessonMedia } from './media.table.ts';
import { setMediaSpeakers, speakerAppearances, speakersOfMedia } from './media-speakers.ts';
import { formatTimecode, parseTimecode } from './timecode.ts';
import { uuidv7 } from '../../ids.ts';

let t: TestApp;
let admin: Actor;
let stranger: Actor;

beforeAll(async () => {
	t = await createTestApp();
	const a = await createAdmin(t.app);
	admin = { id: a.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
	stranger = { id: (await createUser(t.app)).id, roles: [] };
});
afterAll(() => t?.close());

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
/** A course with two lessons, a video of 120 s in the first, and a speaker. */
async function fixture() {
	const slug = `rushes-${++n}`;
	const course = await createCourse(t.app, admin, courseSchema.parse({ title: `Cours ${slug}`, slug }));
	const m = await addItem(t.app, course.id, 'module', course.id, 'Module');
	const s = await addItem(t.app, course.id, 'sequence', m, 'Séquence');
	const lessonId = await addItem(t.app, course.id, 'lesson', s, 'Leçon vidéo');
	const otherLesson = await addItem(t.app, course.id, 'lesson', s, 'Leçon montage');
	await saveLesson(t.app, course.id, otherLesson, { title: 'Leçon montage', body: 'Intro.', required: true }, admin.id);
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
	return { course, lessonId, otherLesson, mediaId, speaker };
}

const input = (over: Partial<Parameters<typeof normaliseAnnotation>[0]> = {}) => ({
	start: '1:00',
	end: '1:30',
	note: 'Le moment clé',
	tags: 'Interview, plan large',
	speakerId: '',
	...over
});

describe('times and tags', () => {
	it('reads seconds, m:ss and h:mm:ss with fractions, and refuses the rest', () => {
		expect(parseTimecode('83')).toBe(83);
		expect(parseTimecode('83,5')).toBe(83.5);
		expect(parseTimecode('1:23')).toBe(83);
		expect(parseTimecode('01:02:03.5')).toBe(3723.5);
		expect(parseTimecode(' 0:05.25 ')).toBe(5.25);
		for (const bad of ['', 'abc', '1:75', '1:60:00', '-3', '1.2.3', '12:3']) expect(parseTimecode(bad)).toBeNull();
		expect(formatTimecode(83.5)).toBe('1:23.5');
		expect(formatTimecode(3723)).toBe('1:02:03');
		expect(parseTimecode(formatTimecode(3723.25))).toBe(3723.25);
	});

	it('normalises tags: trimmed, lower-case, no duplicates', () => {
		expect(parseTags(' Interview,plan  large ; interview,,')).toEqual(['interview', 'plan large']);
	});

	it('refuses every bad input at once with translated keys', () => {
		const e = (over: Parameters<typeof input>[0], duration: number | null = 120) => {
			try {
				normaliseAnnotation(input(over), duration);
			} catch (err) {
				return (err as FormError).errors;
			}
			return {};
		};
		expect(e({ start: '', end: '' })).toMatchObject({
			start: { key: 'rushes.errors.startRequired' },
			end: { key: 'rushes.errors.endRequired' }
		});
		expect(e({ start: 'demain' }).start?.key).toBe('rushes.errors.time');
		expect(e({ start: '1:30', end: '1:00' }).end?.key).toBe('rushes.errors.endBeforeStart');
		expect(e({ start: '1:30', end: '1:30' }).end?.key).toBe('rushes.errors.endBeforeStart');
		expect(e({ end: '2:01' }).end).toMatchObject({ key: 'rushes.errors.beyondDuration', params: { duration: '2:00' } });
		expect(e({ start: '2:00', end: '2:10' }).start?.key).toBe('rushes.errors.beyondDuration');
		expect(e({ end: '2:01' }, null)).toEqual({});
		expect(e({ note: '   ' }).note?.key).toBe('rushes.errors.noteRequired');
		expect(e({ note: 'x'.repeat(2001) }).note?.key).toBe('errors.tooLong');
		expect(e({ tags: Array.from({ length: 11 }, (_, i) => `t${i}`).join(',') }).tags?.key).toBe(
			'rushes.errors.tooManyTags'
		);
		expect(e({ tags: 'x'.repeat(41) }).tags?.key).toBe('rushes.errors.tagTooLong');
	});
});

describe('annotations', () => {
	it('creates, lists, updates and deletes; only editors; only this course’s media and speakers', async () => {
		const f = await fixture();
		const other = await fixture();
		const a = await createAnnotation(t.app, admin, f.course.id, f.mediaId, input({ speakerId: f.speaker.id }));
		expect(a).toMatchObject({ start: 60, end: 90, note: 'Le moment clé', tags: ['interview', 'plan large'] });
		expect(a.speakerId).toBe(f.speaker.id);
		expect((await refusal(createAnnotation(t.app, stranger, f.course.id, f.mediaId, input()))).status).toBe(403);
		expect((await refusal(createAnnotation(t.app, admin, f.course.id, other.mediaId, input()))).status).toBe(404);
		const foreign = await refusal(
			createAnnotation(t.app, admin, f.course.id, f.mediaId, input({ speakerId: other.speaker.id }))
		);
		expect(foreign.status).toBe(400);
		expect(foreign.errors.speakerId?.key).toBe('rushes.errors.speaker');

		await updateAnnotation(
			t.app,
			admin,
			f.course.id,
			a.id,
			input({ start: '5', end: '10.5', note: 'Plus tôt', tags: '' })
		);
		expect(await getAnnotation(t.app.db, f.course.id, a.id)).toMatchObject({
			start: 5,
			end: 10.5,
			tags: [],
			speakerId: null
		});
		const bad = await refusal(updateAnnotation(t.app, admin, f.course.id, a.id, input({ end: '0:03' })));
		expect(bad.errors.end?.key).toBe('rushes.errors.endBeforeStart');
		expect((await refusal(updateAnnotation(t.app, admin, other.course.id, a.id, input()))).status).toBe(404);
		expect((await refusal(deleteAnnotation(t.app, admin, other.course.id, a.id))).status).toBe(404);

		await deleteAnnotation(t.app, admin, f.course.id, a.id);
		expect(await listMediaAnnotations(t.app.db, f.mediaId)).toEqual([]);
		expect((await refusal(deleteAnnotation(t.app, admin, f.course.id, a.id))).status).toBe(404);
	});

	it('forgets the speaker when the speaker is deleted, keeps the note', async () => {
		const f = await fixture();
		const a = await createAnnotation(t.app, admin, f.course.id, f.mediaId, input({ speakerId: f.speaker.id }));
		await deleteSpeaker(t.app, admin, f.course.id, f.speaker.id);
		expect((await getAnnotation(t.app.db, f.course.id, a.id))?.speakerId).toBeNull();
	});

	it('filters the course table by tag, speaker and free text, in playback order', async () => {
		const f = await fixture();
		await createAnnotation(
			t.app,
			admin,
			f.course.id,
			f.mediaId,
			input({ start: '40', end: '50', note: 'Rire', tags: 'bêtisier' })
		);
		await createAnnotation(
			t.app,
			admin,
			f.course.id,
			f.mediaId,
			input({ start: '10', end: '20', note: 'Explication des *serveurs*', tags: 'technique', speakerId: f.speaker.id })
		);
		const all = await searchAnnotations(t.app.db, f.course.id);
		expect(all.total).toBe(2);
		expect(all.rows.map((r) => r.annotation.start)).toEqual([10, 40]);
		expect(all.rows[0]).toMatchObject({
			lesson: { id: f.lessonId },
			media: { title: 'Entretien' },
			speaker: { name: 'Awa Diallo' }
		});
		expect(
			(await searchAnnotations(t.app.db, f.course.id, { tag: 'Bêtisier' })).rows.map((r) => r.annotation.note)
		).toEqual(['Rire']);
		expect((await searchAnnotations(t.app.db, f.course.id, { speaker: f.speaker.id })).total).toBe(1);
		expect((await searchAnnotations(t.app.db, f.course.id, { speaker: 'nope' })).total).toBe(0);
		expect((await searchAnnotations(t.app.db, f.course.id, { q: 'SERVEUR' })).total).toBe(1);
		expect((await searchAnnotations(t.app.db, f.course.id, { q: 'entretien' })).total).toBe(2);
		expect((await searchAnnotations(t.app.db, f.course.id, { q: '100%' })).total).toBe(0);
		expect((await searchAnnotations(t.app.db, f.course.id, { page: 99 })).page).toBe(1);
		expect(await courseAnnotationTags(t.app.db, f.course.id)).toEqual(['bêtisier', 'technique']);
	});
});

describe('speakers in videos', () => {
	it('sets the speakers of a media (course’s only) and lists appearances', async () => {
		const f = await fixture();
		const other = await fixture();
		const second = await createSpeaker(t.app, admin, f.course.id, { name: 'Bruno' });
		await setMediaSpeakers(t.app, admin, f.course.id, f.mediaId, [f.speaker.id, second.id, second.id]);
		expect((await speakersOfMedia(t.app.db, [f.mediaId])).get(f.mediaId)?.map((s) => s.name)).toEqual([
			'Awa Diallo',
			'Bruno'
		]);
		const bad = await refusal(setMediaSpeakers(t.app, admin, f.course.id, f.mediaId, [other.speaker.id]));
		expect(bad.errors.speakers?.key).toBe('rushes.errors.speaker');
		expect((await refusal(setMediaSpeakers(t.app, stranger, f.course.id, f.mediaId, []))).status).toBe(403);
		await setMediaSpeakers(t.app, admin, f.course.id, f.mediaId, [second.id]);
		await createAnnotation(t.app, admin, f.course.id, f.mediaId, input({ speakerId: f.speaker.id }));
		const map = await speakerAppearances(t.app.db, f.course.id);
		expect(map.get(second.id)?.videos).toEqual([
			{ mediaId: f.mediaId, title: 'Entretien', lessonId: f.lessonId, lessonTitle: 'Leçon vidéo' }
		]);
		expect(map.get(f.speaker.id)?.videos).toEqual([]);
		expect(map.get(f.speaker.id)?.annotations).toMatchObject([{ start: 60, end: 90, lessonId: f.lessonId }]);
	});
});

describe('clips', () => {
	it('parses only well-formed clip blocks and writes them back', () => {
		const id = uuidv7();
		const spec = { mediaId: id, start: 12.5, end: 45, caption: 'Le `moment` clé' };
		expect(parseClipBlock(clipBlock(spec).split('\n').slice(1, -1).join('\n'))).toEqual({
			...spec,
			caption: "Le 'moment' clé"
		});
		for (const bad of [
			`media=${id} start=5 end=5`,
			`media=x start=1 end=2`,
			`media=${id} start=1`,
			`media=${id} start=1 end=2 x=3`,
			`media=${id} start=-1 end=2`
		])
			expect(parseClipBlock(bad)).toBeNull();
		expect(parseClipData(`${id} 1 2" onload="x`)).toBeNull();
	});

	it('renders a placeholder that carries no author attribute, then a player for the course’s own media', async () => {
		const f = await fixture();
		const other = await fixture();
		const md = [
			'```clip',
			`media=${f.mediaId} start=12.5 end=45`,
			'Le <script>moment</script> "clé"',
			'```',
			'',
			'```clip',
			`media=${other.mediaId} start=1 end=2`,
			'```',
			'',
			'```clip',
			`media=${f.mediaId}" onload="alert(1) start=1 end=2`,
			'```',
			'',
			`<figure class="clip" data-clip="${f.mediaId} 1 2" onclick="alert(1)" style="x">forged</figure>`
		].join('\n');
		const safe = renderMarkdown(md);
		expect(safe).not.toMatch(/onload|onclick|<script|style=/);
		expect(safe).toContain('<p>▶ 0:12.5 – 0:45</p>'); // what the editor's preview shows
		const { html, clips } = await renderClips(t.app.db, safe, {
			courseId: f.course.id,
			courseSlug: f.course.slug,
			locale: 'fr'
		});
		expect(clips).toBe(2);
		expect(html).toContain(`<source src="/media/${f.mediaId}/file#t=12.5,45" type="video/mp4">`);
		expect(html).toContain('data-clip-start="12.5" data-clip-end="45"');
		expect(html).toContain('Le &lt;script&gt;moment&lt;/script&gt; "clé"');
		expect(html).toContain('Rejouer l’extrait');
		expect(html.match(/Extrait indisponible/g)).toHaveLength(2); // foreign media, malformed block
		expect(html).not.toMatch(/onload|onclick|<script/);
	});

	it('links a PeerTube clip to its extract on PeerTube (no request before the reader asks)', async () => {
		const f = await fixture();
		const id = uuidv7();
		await t.app.db.insert(lessonMedia).values({
			id,
			courseId: f.course.id,
			lessonId: f.lessonId,
			kind: 'video',
			source: 'peertube',
			peertubeUrl: 'https://tube.example.fr/w/kkGMgK9ZtnKfYAgnEtQxbv',
			embedUrl: 'https://tube.example.fr/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv'
		});
		const html = renderMarkdown(clipBlock({ mediaId: id, start: 12.5, end: 45, caption: '' }));
		const out = await renderClips(t.app.db, html, { courseId: f.course.id, courseSlug: f.course.slug, locale: 'en' });
		expect(out.clips).toBe(0);
		expect(out.html).toContain('href="https://tube.example.fr/w/kkGMgK9ZtnKfYAgnEtQxbv?start=12s&amp;stop=45s"');
		expect(out.html).toContain('Watch the extract on tube.example.fr');
		expect(out.html).not.toMatch(/<iframe|<video/);
	});

	it('inserts a clip of an annotation into a lesson of the same course only', async () => {
		const f = await fixture();
		const other = await fixture();
		const a = await createAnnotation(t.app, admin, f.course.id, f.mediaId, input({ note: 'Extrait choisi\nsuite' }));
		await insertClip(t.app, admin, f.course.id, a.id, f.otherLesson);
		const lesson = await getLesson(t.app.db, f.course.id, f.otherLesson);
		expect(lesson?.body).toBe(`Intro.\n\n\`\`\`clip\nmedia=${f.mediaId} start=60 end=90\nExtrait choisi\n\`\`\`\n`);
		expect(lesson?.bodyHtml).toContain(`data-clip="${f.mediaId} 60 90"`);
		const wrong = await refusal(insertClip(t.app, admin, f.course.id, a.id, other.otherLesson));
		expect(wrong.errors.lessonId?.key).toBe('rushes.errors.lesson');
		expect((await refusal(insertClip(t.app, stranger, f.course.id, a.id, f.otherLesson))).status).toBe(403);
		expect((await refusal(insertClip(t.app, admin, other.course.id, a.id, other.otherLesson))).status).toBe(404);
		const stillThere = await t.app.db.select().from(lessonMedia).where(eq(lessonMedia.id, f.mediaId));
		expect(stillThere).toHaveLength(1);
	});
});
