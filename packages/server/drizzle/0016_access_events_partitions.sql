-- access_events becomes a table partitioned by month of "at" (issue 18). Months are Shanghai
-- calendar months (UTC+8, no daylight saving since 1991): a partition holds exactly the events the
-- product shows under that month, so monthly views, exports and retention touch one partition.
-- Partitions are named access_events_pYYYY_MM; rows outside every month land in
-- access_events_default (a safety net the maintenance job empties). Ids keep coming from the same
-- sequence, so they continue where they were and stay unique; the primary key must include "at".
-- Nothing has a foreign key to access_events (alert_evaluations keeps a plain bigint).
ALTER TABLE "access_events" RENAME TO "access_events_unpartitioned";--> statement-breakpoint
CREATE TABLE "access_events" (LIKE "access_events_unpartitioned" INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE ("at");--> statement-breakpoint
ALTER SEQUENCE "access_events_id_seq" OWNED BY "access_events"."id";--> statement-breakpoint
DO $$
DECLARE
  this_month timestamp := date_trunc('month', now() AT TIME ZONE INTERVAL '+08:00');
  first_month timestamp;
  last_month timestamp;
  m timestamp;
BEGIN
  SELECT date_trunc('month', min("at") AT TIME ZONE INTERVAL '+08:00'),
         date_trunc('month', max("at") AT TIME ZONE INTERVAL '+08:00')
    INTO first_month, last_month
    FROM "access_events_unpartitioned";
  -- The months the data has (a stray event from a wrong clock goes to the default partition
  -- rather than making hundreds of months), and this month and the next three.
  first_month := GREATEST(LEAST(COALESCE(first_month, this_month), this_month), this_month - INTERVAL '60 months');
  last_month := LEAST(GREATEST(COALESCE(last_month, this_month), this_month + INTERVAL '3 months'), this_month + INTERVAL '12 months');
  m := first_month;
  WHILE m <= last_month LOOP
    EXECUTE format(
      'CREATE TABLE %I PARTITION OF "access_events" FOR VALUES FROM (%L) TO (%L)',
      'access_events_p' || to_char(m, 'YYYY_MM'),
      m AT TIME ZONE INTERVAL '+08:00',
      (m + INTERVAL '1 month') AT TIME ZONE INTERVAL '+08:00'
    );
    m := m + INTERVAL '1 month';
  END LOOP;
END $$;--> statement-breakpoint
CREATE TABLE "access_events_default" PARTITION OF "access_events" DEFAULT;--> statement-breakpoint
INSERT INTO "access_events" SELECT * FROM "access_events_unpartitioned";--> statement-breakpoint
DROP TABLE "access_events_unpartitioned";--> statement-breakpoint
ALTER TABLE "access_events" ADD CONSTRAINT "access_events_id_at_pk" PRIMARY KEY("id","at");--> statement-breakpoint
ALTER TABLE "access_events" ADD CONSTRAINT "access_events_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_events" ADD CONSTRAINT "access_events_gate_id_gates_id_fk" FOREIGN KEY ("gate_id") REFERENCES "public"."gates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_events" ADD CONSTRAINT "access_events_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_events" ADD CONSTRAINT "access_events_operator_id_users_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_events_site_at_idx" ON "access_events" USING btree ("site_id","at");--> statement-breakpoint
CREATE INDEX "access_events_person_at_idx" ON "access_events" USING btree ("person_id","at");--> statement-breakpoint
CREATE INDEX "access_events_gate_at_idx" ON "access_events" USING btree ("gate_id","at");--> statement-breakpoint
CREATE INDEX "access_events_at_id_idx" ON "access_events" USING btree ("at","id");--> statement-breakpoint
CREATE INDEX "access_events_deny_site_at_idx" ON "access_events" USING btree ("site_id","at") WHERE decision = 'deny';--> statement-breakpoint
CREATE INDEX "access_events_snapshot_site_at_idx" ON "access_events" USING btree ("site_id","at") WHERE snapshot_enc IS NOT NULL;--> statement-breakpoint
-- The every-minute alerts.evaluate-missed job forgets evaluation markers older than two days in
-- batches, oldest first, through this index instead of scanning the table.
CREATE INDEX "alert_evaluations_evaluated_at_idx" ON "alert_evaluations" USING btree ("evaluated_at");--> statement-breakpoint
-- Face passages (issue 17): the frames of a passage while it is decided, and the passage id on
-- its access event (added to the partitioned table: every partition gets it).
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