/**
 * The demo course seeded on first start (SEED_DEMO=true), so a newcomer sees a real course:
 * lessons, a glossary linked in them, a speaker, and a short captioned video with chapters.
 * Original text, in French, CC BY-SA 4.0. Open to enrolment in one click.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { App } from '../../app.ts';
import { log } from '../../log.ts';
import type { Actor } from '../authz/policy.ts';
import { createTerm } from '../glossary/glossary.service.ts';
import { attachUpload, setCaptions, updateMedia } from '../media/media.service.ts';
import { mediaSpeakers } from '../media/media.table.ts';
import { getSetting, setSetting } from '../platform/settings.ts';
import { createSpeaker } from '../speakers/speakers.service.ts';
import { createCourse, getCourseBySlug, setCourseStatus } from './courses.service.ts';
import { DEMO_SPEAKER, DEMO_TERMS, DEMO_VIDEO } from './demo/content.ts';
import { addItem, saveLesson } from './plan.service.ts';

/** The video, poster and avatar ship with the sources (like the migrations, read from the working folder). */
export const DEMO_ASSETS = join(process.cwd(), 'src/lib/server/features/courses/demo');

const PLAN: {
	module: string;
	sequences: { title: string; lessons: { title: string; body: string; required?: boolean }[] }[];
}[] = [
	{
		module: 'Pourquoi héberger soi-même ?',
		sequences: [
			{
				title: 'Comprendre les enjeux',
				lessons: [
					{
						title: 'Des services gratuits, vraiment ?',
						body: `Quand un service en ligne ne vous demande pas d’argent, il se rémunère autrement : publicité ciblée, revente de données, dépendance organisée.

## Ce que l’on échange sans le savoir

- **Ses contacts** : le carnet d’adresses de toute l’association ;
- **Ses habitudes** : qui écrit à qui, quand, depuis où ;
- **Ses documents** : comptes rendus, listes d’adhérent·es, photos d’enfants.

> Héberger ses services, c’est reprendre la main sur ce qui nous appartient.

Dans la leçon suivante, nous verrons que cela n’oblige pas à tout faire seul·e[^1].

[^1]: De petits hébergeurs associatifs proposent des services libres et respectueux.`
					},
					{
						title: 'Les hébergeurs associatifs',
						body: `Un **hébergeur associatif** met des serveurs et des logiciels libres au service d’un public, avec des engagements clairs : transparence, neutralité, pas de publicité.

| Besoin | Logiciel libre courant |
|---|---|
| Documents partagés | Nextcloud |
| Visioconférence | BigBlueButton, Jitsi |
| Sondages | Framadate |

Choisir un hébergeur proche de chez soi, c’est aussi pouvoir le rencontrer.`
					}
				]
			}
		]
	},
	{
		module: 'Passer à l’action',
		sequences: [
			{
				title: 'Faire le point',
				lessons: [
					{
						title: 'Inventorier ses outils',
						body: `Faites la liste des outils numériques de votre association : messagerie, agenda, stockage, sondages, site web.

Pour chacun, notez :

1. qui l’utilise ;
2. quelles données il contient ;
3. par quoi on pourrait le remplacer.`
					},
					{
						title: 'Migrer pas à pas',
						body: `On ne change pas tout d’un coup. Commencez par un outil peu risqué (les sondages, par exemple), formez deux ou trois personnes relais, puis avancez.

## Conseils

- annoncez le changement et sa raison ;
- gardez l’ancien outil en lecture seule pendant un temps ;
- documentez ce que vous faites pour les suivant·es.`
					},
					{
						title: 'Pour aller plus loin',
						required: false,
						body: `Cette leçon est facultative. Cherchez un hébergeur associatif près de chez vous et prenez contact : la plupart répondent volontiers aux associations.`
					}
				]
			}
		]
	}
];

export async function seedDemoCourse(app: App, authorId: string) {
	if (await getSetting(app.db, 'demo.seeded')) return false;
	await setSetting(app.db, 'demo.seeded', new Date().toISOString());
	if (await getCourseBySlug(app.db, 'heberger-ses-services')) return false;
	const actor: Actor = { id: authorId, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };
	const course = await createCourse(app, actor, {
		title: 'Héberger ses services numériques en association',
		slug: 'heberger-ses-services',
		summary:
			'Un court cours pour comprendre pourquoi et comment une association peut reprendre la main sur ses outils numériques, avec des hébergeurs libres et de proximité.',
		language: 'fr',
		tags: ['numérique', 'association', 'logiciel libre'],
		licence: 'CC-BY-SA-4.0',
		enrolmentMode: 'open'
	});
	let firstLessonId: string | undefined;
	for (const m of PLAN) {
		const moduleId = await addItem(app, course.id, 'module', course.id, m.module);
		for (const s of m.sequences) {
			const sequenceId = await addItem(app, course.id, 'sequence', moduleId, s.title);
			for (const l of s.lessons) {
				const lessonId = await addItem(app, course.id, 'lesson', sequenceId, l.title, authorId);
				firstLessonId ??= lessonId;
				await saveLesson(
					app,
					course.id,
					lessonId,
					{ title: l.title, body: l.body, required: l.required ?? true },
					authorId
				);
			}
		}
	}
	try {
		await seedExtras(app, actor, course.id, firstLessonId!);
	} catch (err) {
		// The course stays usable without its glossary, speaker or video (e.g. a missing file).
		log.warn({ err }, 'demo course: glossary, speaker or video not added');
	}
	await setCourseStatus(app, actor, course, 'published');
	return true;
}

const asset = async (name: string, type: string) => new File([await readFile(join(DEMO_ASSETS, name))], name, { type });

/** Glossary, speaker, and the video (captions, chapters, speaker) at the head of the first lesson. */
async function seedExtras(app: App, actor: Actor, courseId: string, lessonId: string) {
	for (const term of DEMO_TERMS) await createTerm(app, actor, courseId, term);
	const speaker = await createSpeaker(app, actor, courseId, DEMO_SPEAKER, {
		photo: await asset('speaker.png', 'image/png')
	});
	const details = { title: DEMO_VIDEO.title, placement: 'head' as const };
	const mediaId = await attachUpload(app, courseId, lessonId, {
		...details,
		file: await asset('video.mp4', 'video/mp4'),
		poster: await asset('poster.jpg', 'image/jpeg')
	});
	await updateMedia(app, courseId, mediaId, {
		...details,
		duration: DEMO_VIDEO.duration,
		chapters: DEMO_VIDEO.chapters
	});
	await setCaptions(app, courseId, mediaId, {
		language: 'fr',
		label: 'Français',
		file: new Blob([DEMO_VIDEO.captions], { type: 'text/vtt' })
	});
	await app.db.insert(mediaSpeakers).values({ mediaId, speakerId: speaker.id }).onConflictDoNothing();
}
