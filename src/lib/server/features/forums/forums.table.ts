/**
 * Forums: a forum belongs to a scope (the instance, a course or a theme group — `scopeType` +
 * `scopeId`, no foreign key so any scope can own forums); threads hold posts (Markdown with its
 * sanitised HTML cached). Edits keep their history, deletions are soft, moderation actions go to
 * the shared `audit_log`. Unread tracking is one row per person and thread they opened.
 */
import { sql } from 'drizzle-orm';
import {
	boolean,
	customType,
	index,
	integer,
	pgTable,
	primaryKey,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { users } from '../accounts/accounts.table.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const FORUM_SCOPES = ['instance', 'course', 'themeGroup'] as const;
export type ForumScope = (typeof FORUM_SCOPES)[number];
/** Default forums are made by the platform (their kind names them); editors add 'custom' ones. */
export const FORUM_KINDS = ['questions', 'help', 'problems', 'custom'] as const;
export const FLAG_STATUSES = ['open', 'resolved', 'dismissed'] as const;

export const forums = pgTable(
	'forums',
	{
		id: text('id').primaryKey(),
		scopeType: text('scope_type', { enum: FORUM_SCOPES }).notNull(),
		/** Course or theme group id; 'instance' for the instance's forums. */
		scopeId: text('scope_id').notNull(),
		kind: text('kind', { enum: FORUM_KINDS }).notNull().default('custom'),
		title: text('title').notNull(),
		description: text('description').notNull().default(''),
		position: integer('position').notNull().default(0),
		/** Hold the first posts of new accounts until a moderator approves them. */
		holdFirstPosts: boolean('hold_first_posts').notNull().default(false),
		/** Markdown that pre-fills the first post of a new thread. */
		threadTemplate: text('thread_template').notNull().default(''),
		createdAt: ts('created_at').notNull().defaultNow()
	},
	(t) => [index('forums_scope_idx').on(t.scopeType, t.scopeId, t.position)]
);

export const forumThreads = pgTable(
	'forum_threads',
	{
		id: text('id').primaryKey(),
		forumId: text('forum_id')
			.notNull()
			.references(() => forums.id, { onDelete: 'cascade' }),
		title: text('title').notNull(),
		authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: ts('created_at').notNull().defaultNow(),
		lastPostAt: ts('last_post_at').notNull().defaultNow(),
		locked: boolean('locked').notNull().default(false),
		pinned: boolean('pinned').notNull().default(false),
		hidden: boolean('hidden').notNull().default(false),
		/** The opening post awaits approval: only its author and moderators see the thread. */
		held: boolean('held').notNull().default(false),
		acceptedPostId: text('accepted_post_id'),
		/** First reply by a tutor or editor (the unanswered queue is threads without one). */
		answeredAt: ts('answered_at'),
		/** Visible replies (the opening post is not counted). */
		replyCount: integer('reply_count').notNull().default(0),
		search: tsvector('search').generatedAlwaysAs(
			sql`setweight(to_tsvector('essaim_fr', coalesce(title, '')), 'A') || setweight(to_tsvector('essaim_en', coalesce(title, '')), 'A')`
		)
	},
	(t) => [
		index('forum_threads_forum_idx').on(t.forumId, t.pinned, t.lastPostAt),
		index('forum_threads_unanswered_idx')
			.on(t.forumId, t.createdAt)
			.where(sql`${t.answeredAt} is null and ${t.acceptedPostId} is null`),
		index('forum_threads_search_idx').using('gin', t.search)
	]
);

export const forumPosts = pgTable(
	'forum_posts',
	{
		id: text('id').primaryKey(),
		threadId: text('thread_id')
			.notNull()
			.references(() => forumThreads.id, { onDelete: 'cascade' }),
		authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
		/** Markdown as written. */
		body: text('body').notNull(),
		/** Sanitised HTML rendered from `body` at save time. */
		bodyHtml: text('body_html').notNull(),
		quotedPostId: text('quoted_post_id'),
		createdAt: ts('created_at').notNull().defaultNow(),
		editedAt: ts('edited_at'),
		hidden: boolean('hidden').notNull().default(false),
		/** Awaiting a moderator's approval. */
		held: boolean('held').notNull().default(false),
		deletedAt: ts('deleted_at'),
		search: tsvector('search').generatedAlwaysAs(
			sql`to_tsvector('essaim_fr', coalesce(body, '')) || to_tsvector('essaim_en', coalesce(body, ''))`
		)
	},
	(t) => [
		index('forum_posts_thread_idx').on(t.threadId, t.createdAt),
		index('forum_posts_author_idx').on(t.authorId, t.createdAt),
		index('forum_posts_held_idx')
			.on(t.threadId)
			.where(sql`${t.held}`),
		index('forum_posts_search_idx').using('gin', t.search)
	]
);

/** Edit history: the body as it was before each edit. */
export const forumPostRevisions = pgTable(
	'forum_post_revisions',
	{
		id: text('id').primaryKey(),
		postId: text('post_id')
			.notNull()
			.references(() => forumPosts.id, { onDelete: 'cascade' }),
		body: text('body').notNull(),
		editedBy: text('edited_by').references(() => users.id, { onDelete: 'set null' }),
		editedAt: ts('edited_at').notNull().defaultNow()
	},
	(t) => [index('forum_post_revisions_post_idx').on(t.postId, t.editedAt)]
);

/** Images (re-encoded WebP) and PDFs attached to a post, stored under uploads/forum. */
export const forumAttachments = pgTable(
	'forum_attachments',
	{
		id: text('id').primaryKey(),
		postId: text('post_id')
			.notNull()
			.references(() => forumPosts.id, { onDelete: 'cascade' }),
		fileKey: text('file_key').notNull(),
		/** Shown and offered as download name; cleaned, never used as a path. */
		name: text('name').notNull(),
		mime: text('mime').notNull(),
		size: integer('size').notNull(),
		width: integer('width'),
		height: integer('height'),
		createdAt: ts('created_at').notNull().defaultNow()
	},
	(t) => [index('forum_attachments_post_idx').on(t.postId)]
);

/** Up to when a person has read a thread. */
export const forumThreadReads = pgTable(
	'forum_thread_reads',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		threadId: text('thread_id')
			.notNull()
			.references(() => forumThreads.id, { onDelete: 'cascade' }),
		lastReadAt: ts('last_read_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.threadId] })]
);

export const forumSubscriptions = pgTable(
	'forum_subscriptions',
	{
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		targetType: text('target_type', { enum: ['forum', 'thread'] }).notNull(),
		targetId: text('target_id').notNull(),
		createdAt: ts('created_at').notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.targetType, t.targetId] }),
		index('forum_subscriptions_target_idx').on(t.targetType, t.targetId)
	]
);

export const forumFlags = pgTable(
	'forum_flags',
	{
		id: text('id').primaryKey(),
		postId: text('post_id')
			.notNull()
			.references(() => forumPosts.id, { onDelete: 'cascade' }),
		reporterId: text('reporter_id').references(() => users.id, { onDelete: 'set null' }),
		reason: text('reason').notNull(),
		status: text('status', { enum: FLAG_STATUSES }).notNull().default('open'),
		createdAt: ts('created_at').notNull().defaultNow(),
		resolvedBy: text('resolved_by').references(() => users.id, { onDelete: 'set null' }),
		resolvedAt: ts('resolved_at')
	},
	(t) => [
		index('forum_flags_open_idx')
			.on(t.postId)
			.where(sql`${t.status} = 'open'`),
		uniqueIndex('forum_flags_once_key')
			.on(t.postId, t.reporterId)
			.where(sql`${t.status} = 'open'`)
	]
);

export type ForumRow = typeof forums.$inferSelect;
export type ForumThreadRow = typeof forumThreads.$inferSelect;
export type ForumPostRow = typeof forumPosts.$inferSelect;
