CREATE TABLE "glossary_lesson_optouts" (
	"lesson_id" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "glossary_terms" (
	"id" text PRIMARY KEY NOT NULL,
	"course_id" text NOT NULL,
	"term" text NOT NULL,
	"variants" text[] DEFAULT '{}'::text[] NOT NULL,
	"definition" text DEFAULT '' NOT NULL,
	"definition_html" text DEFAULT '' NOT NULL,
	"slug" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "glossary_lesson_optouts" ADD CONSTRAINT "glossary_lesson_optouts_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lessons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "glossary_terms" ADD CONSTRAINT "glossary_terms_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "glossary_terms_course_term_key" ON "glossary_terms" USING btree ("course_id",lower("term"));--> statement-breakpoint
CREATE UNIQUE INDEX "glossary_terms_course_slug_key" ON "glossary_terms" USING btree ("course_id","slug");--> statement-breakpoint
CREATE INDEX "glossary_terms_course_updated_idx" ON "glossary_terms" USING btree ("course_id","updated_at");