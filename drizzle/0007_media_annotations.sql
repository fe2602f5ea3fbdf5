CREATE TABLE "media_annotations" (
	"id" text PRIMARY KEY NOT NULL,
	"course_id" text NOT NULL,
	"media_id" text NOT NULL,
	"start" double precision NOT NULL,
	"end" double precision NOT NULL,
	"note" text NOT NULL,
	"tags" text[] DEFAULT '{}' NOT NULL,
	"speaker_id" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "media_annotations" ADD CONSTRAINT "media_annotations_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_annotations" ADD CONSTRAINT "media_annotations_media_id_lesson_media_id_fk" FOREIGN KEY ("media_id") REFERENCES "public"."lesson_media"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_annotations" ADD CONSTRAINT "media_annotations_speaker_id_speakers_id_fk" FOREIGN KEY ("speaker_id") REFERENCES "public"."speakers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_annotations" ADD CONSTRAINT "media_annotations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "media_annotations_media_idx" ON "media_annotations" USING btree ("media_id","start");--> statement-breakpoint
CREATE INDEX "media_annotations_course_idx" ON "media_annotations" USING btree ("course_id","created_at");--> statement-breakpoint
CREATE INDEX "media_annotations_speaker_idx" ON "media_annotations" USING btree ("speaker_id");