/**
 * A post's Markdown → safe HTML through the shared sanitising renderer, with what a forum adds:
 * `@handle` mentions become links to the person's profile (unknown handles are refused before),
 * headings become bold paragraphs (the thread page owns the outline), ids get the post's prefix
 * so footnotes of two posts never clash, and pictures from other hosts become plain links (no
 * page may make a request to another host).
 */
import { and, inArray, isNull, sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { FormError } from '../../http/forms.ts';
import { users } from '../accounts/accounts.table.ts';
import { renderMarkdown } from '../courses/markdown.ts';

const MENTION_RE = /(^|[^\w@/`[])@([a-z0-9_]{3,30})\b/gi;
const CODE_RE = /(```[\s\S]*?```|`[^`\n]*`)/g;

/** Handles written as `@handle` outside code, lower-cased, without repeats. */
export function mentionedHandles(body: string): string[] {
	const found = new Set<string>();
	for (const part of body.split(CODE_RE)) {
		if (part.startsWith('`')) continue;
		for (const m of part.matchAll(MENTION_RE)) found.add(m[2]!.toLowerCase());
	}
	return [...found];
}

/** The people mentioned (id by handle); a FormError naming every unknown (or deleted) handle. */
export async function resolveMentions(db: DbLike, body: string): Promise<Map<string, string>> {
	const handles = mentionedHandles(body);
	if (!handles.length) return new Map();
	const rows = await db
		.select({ id: users.id, handle: users.handle })
		.from(users)
		.where(and(inArray(sql`lower(${users.handle})`, handles), isNull(users.deletedAt)));
	const known = new Map(rows.map((r) => [r.handle.toLowerCase(), r.id]));
	const unknown = handles.filter((h) => !known.has(h));
	if (unknown.length)
		throw new FormError(422, {
			body: { key: 'forums.errors.unknownMentions', params: { handles: unknown.map((h) => `@${h}`).join(', ') } }
		});
	return known;
}

function linkMentions(body: string): string {
	return body
		.split(CODE_RE)
		.map((part) =>
			part.startsWith('`')
				? part
				: part.replace(MENTION_RE, (_m, pre: string, h: string) => `${pre}[@${h}](/@${h.toLowerCase()})`)
		)
		.join('');
}

export function renderPost(postId: string, body: string): string {
	const prefix = `p${postId.slice(-8)}`;
	return renderMarkdown(linkMentions(body))
		.replace(/<h[1-6](?: [^>]*)?>/g, '<p><strong>')
		.replace(/<\/h[1-6]>/g, '</strong></p>')
		.replace(/<img [^>]*>/g, (tag) => {
			const src = /src="([^"]*)"/.exec(tag)?.[1] ?? '';
			if (src.startsWith('/') && !src.startsWith('//')) return tag;
			const alt = /alt="([^"]*)"/.exec(tag)?.[1] || src;
			return `<a href="${src}" rel="noopener noreferrer">${alt}</a>`;
		})
		.replace(/<[^>]+>/g, (tag) =>
			tag.replace(/ id="([^"]*)"/g, ` id="${prefix}_$1"`).replace(/ href="#([^"]*)"/g, ` href="#${prefix}_$1"`)
		);
}

/** The Markdown that pre-fills a reply quoting a post: its text as a quote, with a link to it. */
export function quoteMarkdown(post: { id: string; body: string }, authorHandle: string | null): string {
	const who = authorHandle ? `@${authorHandle}` : '…';
	const text = post.body
		.trim()
		.split('\n')
		.map((l) => `> ${l}`.trimEnd())
		.join('\n');
	return `> [${who}](/forum/posts/${post.id}) :\n>\n${text}\n\n`;
}
