ALTER TABLE "mediation_cases" ADD COLUMN "repeat_call" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
-- mediation_cases.repeat_call, kept by the database for every writer (intake, demo seed, bulk
-- loads): after parties are added, every case sharing a person or a phone hash with them is
-- looked at again. A case is a repeat call when the case just before it in (accepted_at, id)
-- order with the same key, of the same site, is another case accepted at most 90 days
-- (MEDIATION_REPEAT_DAYS) earlier: the rule the statistics applied at read time before.
-- Parties are only ever added, so the flag only ever turns on.
CREATE OR REPLACE FUNCTION mediation_mark_repeat_calls() RETURNS trigger AS $$
BEGIN
  UPDATE mediation_cases c SET repeat_call = true
    FROM (
      SELECT l.id FROM (
        SELECT k.id, k.accepted_at,
               lag(k.accepted_at) OVER w AS prev, lag(k.id) OVER w AS prev_id
          FROM (
            SELECT c.id, c.site_id, c.accepted_at, 'p:' || p.person_id::text AS key
              FROM mediation_parties p JOIN mediation_cases c ON c.id = p.case_id
             WHERE p.person_id IN (SELECT n.person_id FROM new_parties n)
            UNION ALL
            SELECT c.id, c.site_id, c.accepted_at, 'h:' || p.phone_hash
              FROM mediation_parties p JOIN mediation_cases c ON c.id = p.case_id
             WHERE p.phone_hash IN (SELECT n.phone_hash FROM new_parties n)
          ) k
        WINDOW w AS (PARTITION BY k.site_id, k.key ORDER BY k.accepted_at, k.id)
      ) l
      WHERE l.prev_id <> l.id AND l.accepted_at - l.prev <= interval '90 days'
      GROUP BY l.id
    ) r
   WHERE c.id = r.id AND NOT c.repeat_call;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER mediation_parties_repeat_calls AFTER INSERT ON mediation_parties
  REFERENCING NEW TABLE AS new_parties
  FOR EACH STATEMENT EXECUTE FUNCTION mediation_mark_repeat_calls();
--> statement-breakpoint
-- The cases already there (the same rule over every party).
UPDATE mediation_cases c SET repeat_call = true
  FROM (
    SELECT l.id FROM (
      SELECT k.id, k.accepted_at,
             lag(k.accepted_at) OVER w AS prev, lag(k.id) OVER w AS prev_id
        FROM (
          SELECT c.id, c.site_id, c.accepted_at, 'p:' || p.person_id::text AS key
            FROM mediation_parties p JOIN mediation_cases c ON c.id = p.case_id
           WHERE p.person_id IS NOT NULL
          UNION ALL
          SELECT c.id, c.site_id, c.accepted_at, 'h:' || p.phone_hash
            FROM mediation_parties p JOIN mediation_cases c ON c.id = p.case_id
           WHERE p.phone_hash IS NOT NULL
        ) k
      WINDOW w AS (PARTITION BY k.site_id, k.key ORDER BY k.accepted_at, k.id)
    ) l
    WHERE l.prev_id <> l.id AND l.accepted_at - l.prev <= interval '90 days'
    GROUP BY l.id
  ) r
 WHERE c.id = r.id;
