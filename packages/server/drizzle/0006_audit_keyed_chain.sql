ALTER TABLE "audit_log" ADD COLUMN "link" text DEFAULT 'sha256' NOT NULL;--> statement-breakpoint
-- hand-written (sec-audit): TRUNCATE is refused like UPDATE and DELETE (a row trigger never
-- sees a TRUNCATE, so it needs a statement trigger of its own).
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
