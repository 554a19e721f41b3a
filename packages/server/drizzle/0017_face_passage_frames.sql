CREATE TABLE "face_passage_frames" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"gate_id" uuid NOT NULL,
	"passage_id" uuid NOT NULL,
	"at" timestamp (3) with time zone NOT NULL,
	"kind" text NOT NULL,
	"person_id" uuid,
	"score" real,
	"second_score" real,
	"reason" text NOT NULL,
	"track_id" text
);
--> statement-breakpoint
ALTER TABLE "access_events" ADD COLUMN "passage_id" uuid;--> statement-breakpoint
ALTER TABLE "face_passage_frames" ADD CONSTRAINT "face_passage_frames_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "face_passage_frames" ADD CONSTRAINT "face_passage_frames_gate_id_gates_id_fk" FOREIGN KEY ("gate_id") REFERENCES "public"."gates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "face_passage_frames_passage_at_idx" ON "face_passage_frames" USING btree ("passage_id","at");--> statement-breakpoint
CREATE INDEX "face_passage_frames_at_idx" ON "face_passage_frames" USING btree ("at");--> statement-breakpoint
CREATE INDEX "access_events_passage_idx" ON "access_events" USING btree ("passage_id","at") WHERE passage_id IS NOT NULL;