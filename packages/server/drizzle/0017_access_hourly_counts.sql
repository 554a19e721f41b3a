CREATE TABLE "access_hourly_counts" (
	"site_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"gate_id" uuid,
	"direction" text,
	"decision" text NOT NULL,
	"method" text NOT NULL,
	"stranger" boolean NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "access_hourly_counts_key" UNIQUE NULLS NOT DISTINCT("site_id","hour","gate_id","direction","decision","method","stranger")
);
--> statement-breakpoint
ALTER TABLE "access_hourly_counts" ADD CONSTRAINT "access_hourly_counts_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_hourly_counts_hour_idx" ON "access_hourly_counts" USING btree ("hour");--> statement-breakpoint
CREATE INDEX "persons_site_elderly_alone_idx" ON "persons" USING btree ("site_id") WHERE 'elderly_alone' = ANY(care_flags);--> statement-breakpoint
CREATE INDEX "gate_relay_attempts_site_at_idx" ON "gate_relay_attempts" USING btree ("site_id","at");
--> statement-breakpoint
-- access_hourly_counts kept by the database for every writer (the gate, the console, the demo
-- seed, bulk loads): one grouped upsert per statement, keys in a fixed order so two writers lock
-- the counts they share in the same order. Deletes through access_events subtract.
CREATE OR REPLACE FUNCTION access_hourly_counts_apply() RETURNS trigger AS $$
BEGIN
  -- The transition table of this statement: the rows inserted (+1 each) or deleted (-1 each).
  EXECUTE format(
    'INSERT INTO access_hourly_counts AS c (site_id, hour, gate_id, direction, decision, method, stranger, n)
     SELECT e.site_id, date_trunc(''hour'', e.at, ''Asia/Shanghai''), e.gate_id, e.direction, e.decision,
            e.method, e.reason = ''unknown_face'', %s * count(*)
       FROM %I e
      GROUP BY 1, 2, 3, 4, 5, 6, 7
      ORDER BY 1, 2, 3, 4, 5, 6, 7
     ON CONFLICT ON CONSTRAINT access_hourly_counts_key DO UPDATE SET n = c.n + excluded.n',
    CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END,
    CASE TG_OP WHEN 'INSERT' THEN 'new_events' ELSE 'old_events' END);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- On the partitioned table itself: its statement triggers see the rows of every partition.
CREATE TRIGGER access_events_count_insert AFTER INSERT ON access_events
  REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION access_hourly_counts_apply();
--> statement-breakpoint
CREATE TRIGGER access_events_count_delete AFTER DELETE ON access_events
  REFERENCING OLD TABLE AS old_events
  FOR EACH STATEMENT EXECUTE FUNCTION access_hourly_counts_apply();
--> statement-breakpoint
-- The events already there.
INSERT INTO access_hourly_counts (site_id, hour, gate_id, direction, decision, method, stranger, n)
SELECT e.site_id, date_trunc('hour', e.at, 'Asia/Shanghai'), e.gate_id, e.direction, e.decision,
       e.method, e.reason = 'unknown_face', count(*)
  FROM access_events e
 GROUP BY 1, 2, 3, 4, 5, 6, 7;
