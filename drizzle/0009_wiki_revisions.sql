CREATE TABLE "content_revisions" (
	"id" text PRIMARY KEY NOT NULL,
	"course_id" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"number" integer NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"variants" text[] DEFAULT '{}'::text[] NOT NULL,
	"author_id" text,
	"summary" text DEFAULT '' NOT NULL,
	"kind" text DEFAULT 'edit' NOT NULL,
	"base_number" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "course_wiki_settings" (
	"course_id" text PRIMARY KEY NOT NULL,
	"mode" text DEFAULT 'editors' NOT NULL,
	"structure_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wiki_suggestion_comments" (
	"id" text PRIMARY KEY NOT NULL,
	"suggestion_id" text NOT NULL,
	"author_id" text,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wiki_suggestions" (
	"id" text PRIMARY KEY NOT NULL,
	"course_id" text NOT NULL,
	"lesson_id" text NOT NULL,
	"proposer_id" text,
	"base_number" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone,
	"revision_number" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wiki_watches" (
	"user_id" text NOT NULL,
	"lesson_id" text NOT NULL,
	"course_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wiki_watches_user_id_lesson_id_pk" PRIMARY KEY("user_id","lesson_id")
);
--> statement-breakpoint
ALTER TABLE "content_revisions" ADD CONSTRAINT "content_revisions_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "content_revisions" ADD CONSTRAINT "content_revisions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_wiki_settings" ADD CONSTRAINT "course_wiki_settings_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_wiki_settings" ADD CONSTRAINT "course_wiki_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wiki_suggestion_comments" ADD CONSTRAINT "wiki_suggestion_comments_suggestion_id_wiki_suggestions_id_fk" FOREIGN KEY ("suggestion_id") REFERENCES "public"."wiki_suggestions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wiki_suggestion_comments" ADD CONSTRAINT "wiki_suggestion_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wiki_suggestions" ADD CONSTRAINT "wiki_suggestions_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wiki_suggestions" ADD CONSTRAINT "wiki_suggestions_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lessons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wiki_suggestions" ADD CONSTRAINT "wiki_suggestions_proposer_id_users_id_fk" FOREIGN KEY ("proposer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wiki_suggestions" ADD CONSTRAINT "wiki_suggestions_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wiki_watches" ADD CONSTRAINT "wiki_watches_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wiki_watches" ADD CONSTRAINT "wiki_watches_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lessons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wiki_watches" ADD CONSTRAINT "wiki_watches_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "content_revisions_target_number_key" ON "content_revisions" USING btree ("target_type","target_id","number");--> statement-breakpoint
CREATE INDEX "content_revisions_course_created_idx" ON "content_revisions" USING btree ("course_id","created_at");--> statement-breakpoint
CREATE INDEX "content_revisions_author_idx" ON "content_revisions" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "wiki_suggestion_comments_idx" ON "wiki_suggestion_comments" USING btree ("suggestion_id","created_at");--> statement-breakpoint
CREATE INDEX "wiki_suggestions_course_status_idx" ON "wiki_suggestions" USING btree ("course_id","status","created_at");--> statement-breakpoint
CREATE INDEX "wiki_watches_lesson_idx" ON "wiki_watches" USING btree ("lesson_id");--> statement-breakpoint
INSERT INTO "content_revisions" ("id", "course_id", "target_type", "target_id", "number", "title", "body", "author_id", "summary", "kind", "created_at")
SELECT gen_random_uuid()::text, "course_id", 'lesson', "id", "revision", "title", "body", "updated_by", '', 'import', "updated_at" FROM "lessons";--> statement-breakpoint
INSERT INTO "content_revisions" ("id", "course_id", "target_type", "target_id", "number", "title", "body", "variants", "summary", "kind", "created_at")
SELECT gen_random_uuid()::text, "course_id", 'glossaryTerm', "id", 1, "term", "definition", "variants", '', 'import', "updated_at" FROM "glossary_terms";
