/** Limits and form schemas of the forums. */
import { z } from 'zod';

export const FORUM_LIMITS = {
	title: 120,
	forumTitle: 80,
	description: 500,
	template: 4000,
	/** Characters of Markdown in one post. */
	body: 20_000,
	reason: 500,
	attachments: 4,
	/** Bytes per attached file. */
	fileBytes: 5 * 1024 * 1024,
	fileName: 120,
	forumsPerScope: 30,
	/** Posts shown per page of a thread, threads per page of a forum. */
	postsPerPage: 30,
	threadsPerPage: 30,
	/** Accounts younger than this, or without an approved post, are "new" for held first posts. */
	newAccountDays: 7
} as const;

/** Posting: per person, across every forum (the database limiter, shared by app processes). */
export const POST_RATE = { max: 6, windowSeconds: 60 } as const;

const L = FORUM_LIMITS;
const id = z.uuid('errors.invalid');
const optionalId = z.union([z.literal(''), id]).optional();

export const bodySchema = z.string().max(L.body, 'forums.errors.bodyTooLong');

export const threadSchema = z.object({
	title: z.string().trim().min(1, 'errors.required').max(L.title),
	body: bodySchema
});

export const replySchema = z.object({
	body: bodySchema,
	quotedPostId: optionalId
});

export const editSchema = z.object({ postId: id, body: bodySchema });
export const postIdSchema = z.object({ postId: id });
export const threadIdSchema = z.object({ threadId: id });

export const flagSchema = z.object({
	postId: id,
	reason: z.string().trim().min(1, 'forums.errors.reasonRequired').max(L.reason)
});

export const forumSchema = z.object({
	id: optionalId,
	title: z.string().trim().min(1, 'errors.required').max(L.forumTitle),
	description: z.string().trim().max(L.description).default(''),
	threadTemplate: z.string().max(L.template).default(''),
	holdFirstPosts: z
		.string()
		.optional()
		.transform((v) => v === 'on' || v === 'true')
});

export const forumIdSchema = z.object({ forumId: id });
export const moveForumSchema = z.object({ forumId: id, direction: z.enum(['up', 'down']) });
export const moveThreadSchema = z.object({ threadId: id, forumId: id });
export const splitSchema = z.object({
	postId: id,
	title: z.string().trim().min(1, 'errors.required').max(L.title)
});

export type ForumInput = z.infer<typeof forumSchema>;
