/**
 * Seeds the lesson history the bench reads: one lesson of the big course edited through the wiki
 * service (`editLesson`, as the edit form does) until it has 500 revisions, by three authors in
 * turn, each edit rewriting the lesson's closing note (sizes go up and down). The lesson is not
 * the one the lesson page bench reads. Run after seed.ts, before the server starts:
 * `node bench/seed-history.ts --data-dir D [--database-url U] [--revisions 500]`; prints one JSON line.
 */
import { asc, eq } from 'drizzle-orm';
import { parseArgs } from 'node:util';
import { createApp, type App } from '../src/lib/server/app.ts';
import { readConfig } from '../src/lib/server/config.ts';
import { users } from '../src/lib/server/features/accounts/accounts.table.ts';
import type { Actor } from '../src/lib/server/features/authz/policy.ts';
import { courses, lessons } from '../src/lib/server/features/courses/courses.table.ts';
import { editLesson } from '../src/lib/server/features/wiki/revisions.service.ts';
import { benchEmail } from './seed.ts';
import { BIG_COURSE_SLUG } from './seed-courses.ts';

/** The lesson (in creation order) whose history is measured. */
const HISTORY_LESSON = 46;
const NOTES = [
	'Vérifiez la sauvegarde avant toute mise à jour du serveur.',
	'Le tableau des ports a été complété avec les services de messagerie.',
	'Précision : la restauration se teste sur une machine à part, jamais en production.',
	'Ajout d’un exemple de configuration pour le pare-feu de l’association.',
	'Coquilles corrigées.'
];

export async function seedHistory(app: App, revisions: number) {
	const [course] = await app.db.select().from(courses).where(eq(courses.slug, BIG_COURSE_SLUG));
	if (!course) throw new Error('the big course is missing: run bench/seed.ts first');
	const [lesson] = await app.db
		.select()
		.from(lessons)
		.where(eq(lessons.courseId, course.id))
		.orderBy(asc(lessons.id))
		.offset(HISTORY_LESSON)
		.limit(1);
	if (!lesson) throw new Error('the history lesson is missing');
	const authors: Actor[] = [];
	for (const n of [2, 3, 4]) {
		const [u] = await app.db
			.select({ id: users.id })
			.from(users)
			.where(eq(users.email, benchEmail(n)));
		authors.push({ id: u!.id, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] });
	}
	let revision = lesson.revision;
	const original = lesson.body;
	for (let i = 0; revision < revisions; i++) {
		const notes = NOTES.slice(0, 1 + (i % NOTES.length)).join(' ');
		const result = await editLesson(app, authors[i % authors.length]!, course.id, lesson.id, {
			title: lesson.title,
			body: `${original}\n\n> Note de révision ${i + 1} : ${notes}`,
			required: lesson.required,
			summary: `Note de révision ${i + 1}`,
			baseRevision: revision
		});
		if (result.outcome !== 'saved') throw new Error(`edit ${i + 1}: ${result.outcome}`);
		revision = result.number;
	}
	return { lessonId: lesson.id, revisions: revision };
}

if (import.meta.main) {
	const { values } = parseArgs({
		options: {
			'data-dir': { type: 'string' },
			'database-url': { type: 'string' },
			revisions: { type: 'string', default: '500' }
		}
	});
	const started = performance.now();
	const app = await createApp(
		readConfig({
			DATA_DIR: values['data-dir'],
			DATABASE_URL: values['database-url'],
			PUBLIC_URL: 'http://localhost:3300',
			LOG_LEVEL: 'silent'
		})
	);
	try {
		const history = await seedHistory(app, Number(values.revisions));
		console.log(JSON.stringify({ ...history, ms: Math.round(performance.now() - started) }));
	} finally {
		await app.close();
	}
}
