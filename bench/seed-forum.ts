/**
 * Seeds the forum thread the bench reads: in the big course's "Questions" forum, a question
 * with 200 replies (Markdown rendered by the forum's own renderer), by four authors, one
 * second apart. Rows are inserted in batches; the thread's counts are refreshed once.
 */
import { eq, sql } from 'drizzle-orm';
import type { App } from '../src/lib/server/app.ts';
import { users } from '../src/lib/server/features/accounts/accounts.table.ts';
import { courses } from '../src/lib/server/features/courses/courses.table.ts';
import { coursePlace } from '../src/lib/server/features/forums/forums.access.ts';
import { listForums } from '../src/lib/server/features/forums/forums.service.ts';
import { renderPost } from '../src/lib/server/features/forums/forums.render.ts';
import { forumPosts, forumThreads } from '../src/lib/server/features/forums/forums.table.ts';
import { refreshThread } from '../src/lib/server/features/forums/posting.service.ts';
import { uuidv7 } from '../src/lib/server/ids.ts';

export const FORUM_REPLIES = 200;

export async function seedForum(app: App, courseSlug: string, authorEmails: string[]) {
	const [course] = await app.db
		.select({ id: courses.id, slug: courses.slug, title: courses.title, language: courses.language })
		.from(courses)
		.where(eq(courses.slug, courseSlug));
	const authors = await app.db
		.select({ id: users.id })
		.from(users)
		.where(sql`lower(${users.email}) in ${authorEmails.map((e) => e.toLowerCase())}`);
	const place = coursePlace(null, course!);
	const forum = (await listForums(app.db, null, place))[0]!;
	const start = Date.now() - (FORUM_REPLIES + 10) * 1000;
	const threadId = uuidv7(start);
	await app.db.insert(forumThreads).values({
		id: threadId,
		forumId: forum.id,
		title: 'Comment configurer la sauvegarde du serveur ?',
		authorId: authors[0]!.id,
		createdAt: new Date(start),
		lastPostAt: new Date(start)
	});
	const rows = Array.from({ length: FORUM_REPLIES + 1 }, (_, i) => {
		const id = uuidv7(start + i * 1000);
		const body =
			i === 0
				? 'Bonjour, je cherche à **sauvegarder** mon serveur chaque nuit. Par où commencer ?'
				: `Réponse ${i} : essayez une sauvegarde *incrémentale* avec un [guide](/courses/${courseSlug}), puis vérifiez la restauration.\n\n- étape 1\n- étape 2`;
		return {
			id,
			threadId,
			authorId: authors[i % authors.length]!.id,
			body,
			bodyHtml: renderPost(id, body),
			createdAt: new Date(start + i * 1000)
		};
	});
	for (let i = 0; i < rows.length; i += 100) await app.db.insert(forumPosts).values(rows.slice(i, i + 100));
	await refreshThread(app.db, threadId);
	return { threadId, replies: FORUM_REPLIES };
}
