CREATE TABLE "speakers" (
	"id" text PRIMARY KEY NOT NULL,
	"course_id" text NOT NULL,
	"name" text NOT NULL,
	"role" text DEFAULT '' NOT NULL,
	"bio" text DEFAULT '' NOT NULL,
	"bio_html" text DEFAULT '' NOT NULL,
	"photo_key" text,
	"photo_alt" text DEFAULT '' NOT NULL,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lesson_media" (
	"id" text PRIMARY KEY NOT NULL,
	"course_id" text NOT NULL,
	"lesson_id" text NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"placement" text DEFAULT 'head' NOT NULL,
	"file_key" text,
	"mime_type" text,
	"size_bytes" integer,
	"poster_key" text,
	"peertube_url" text,
	"embed_url" text,
	"duration_seconds" integer,
	"chapters" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "media_captions" (
	"id" text PRIMARY KEY NOT NULL,
	"media_id" text NOT NULL,
	"language" text NOT NULL,
	"label" text NOT NULL,
	"vtt" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "media_speakers" (
	"media_id" text NOT NULL,
	"speaker_id" text NOT NULL,
	CONSTRAINT "media_speakers_media_id_speaker_id_pk" PRIMARY KEY("media_id","speaker_id")
);
--> statement-breakpoint
CREATE TABLE "course_files" (
	"id" text PRIMARY KEY NOT NULL,
	"course_id" text NOT NULL,
	"lesson_id" text,
	"kind" text NOT NULL,
	"file_key" text NOT NULL,
	"file_name" text NOT NULL,
	"mime_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"alt" text DEFAULT '' NOT NULL,
	"width" integer,
	"height" integer,
	"uploaded_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "cover_key" text;--> statement-breakpoint
ALTER TABLE "courses" ADD COLUMN "cover_alt" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "speakers" ADD CONSTRAINT "speakers_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_media" ADD CONSTRAINT "lesson_media_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesson_media" ADD CONSTRAINT "lesson_media_lesson_id_lessons_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lessons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_captions" ADD CONSTRAINT "media_captions_media_id_lesson_media_id_fk" FOREIGN KEY ("media_id") REFERENCES "public"."lesson_media"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_speakers" ADD CONSTRAINT "media_speakers_media_id_lesson_media_id_fk" FOREIGN KEY ("media_id") REFERENCES "public"."lesson_media"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_speakers" ADD CONSTRAINT "media_speakers_speaker_id_speakers_id_fk" FOREIGN KEY ("speaker_id") REFERENCES "public"."speakers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_files" ADD CONSTRAINT "course_files_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "speakers_course_idx" ON "speakers" USING btree ("course_id","position");--> statement-breakpoint
CREATE INDEX "lesson_media_lesson_idx" ON "lesson_media" USING btree ("lesson_id","position");--> statement-breakpoint
CREATE INDEX "lesson_media_course_idx" ON "lesson_media" USING btree ("course_id");--> statement-breakpoint
CREATE UNIQUE INDEX "media_captions_lang_key" ON "media_captions" USING btree ("media_id","language");--> statement-breakpoint
CREATE INDEX "course_files_course_idx" ON "course_files" USING btree ("course_id");