CREATE TABLE "kiosk_certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"serial" text NOT NULL,
	"type" text NOT NULL,
	"holder_name" text NOT NULL,
	"holder_id_number_enc" text NOT NULL,
	"holder_id_number_hash" text NOT NULL,
	"person_id" uuid,
	"content" jsonb NOT NULL,
	"purpose" text,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_on" date NOT NULL,
	"valid_until" date NOT NULL,
	"office" text NOT NULL,
	"key_id" text NOT NULL,
	"token" text NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"revoked_reason" text,
	"superseded_by" uuid,
	"verify_count" integer DEFAULT 0 NOT NULL,
	"detail_views" integer DEFAULT 0 NOT NULL,
	"issued_by" text DEFAULT 'kiosk' NOT NULL,
	"device_id" uuid,
	"check_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kiosk_criminal_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"id_number_enc" text NOT NULL,
	"id_number_hash" text NOT NULL,
	"name" text NOT NULL,
	"offence" text NOT NULL,
	"court" text,
	"judged_on" date,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kiosk_office_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"kid" text NOT NULL,
	"public_key" text NOT NULL,
	"private_key_enc" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "kiosk_serial_counters" (
	"prefix" text NOT NULL,
	"day" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "kiosk_serial_counters_prefix_day_pk" PRIMARY KEY("prefix","day")
);
--> statement-breakpoint
CREATE TABLE "kiosk_settings" (
	"site_id" uuid PRIMARY KEY NOT NULL,
	"office_name" text NOT NULL,
	"office_phone" text NOT NULL,
	"opening_hours" text NOT NULL,
	"hukou_region_prefixes" text[] NOT NULL,
	"city_prefix" text NOT NULL,
	"temporary_valid_days" integer NOT NULL,
	"temporary_max_per_period" integer NOT NULL,
	"temporary_period_days" integer NOT NULL,
	"ncr_valid_months" integer NOT NULL,
	"ncr_max_per_year" integer NOT NULL,
	"verify_detail_limit" integer NOT NULL,
	"seal_png" "bytea",
	"seal_updated_at" timestamp with time zone,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kiosk_verifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"certificate_id" uuid,
	"site_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"result" text NOT NULL,
	"details_shown" integer DEFAULT 0 NOT NULL,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "kiosk_application_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"by" text NOT NULL,
	"user_id" uuid
);
--> statement-breakpoint
CREATE TABLE "kiosk_application_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"person_id" uuid,
	"at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"text" text NOT NULL,
	"channel" text NOT NULL,
	"delivered" text NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "kiosk_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"site_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"person_id" uuid,
	"applicant_name" text NOT NULL,
	"id_number_enc" text NOT NULL,
	"id_number_hash" text NOT NULL,
	"details" jsonb NOT NULL,
	"photo_enc" text,
	"fix_fields" text[] DEFAULT '{}' NOT NULL,
	"note" text,
	"reject_reason" text,
	"pickup_at" timestamp with time zone,
	"check_id" uuid,
	"device_id" uuid,
	"submitted_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kiosk_checks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"id_number_hash" text NOT NULL,
	"outcome" text NOT NULL,
	"score" real,
	"liveness" real,
	"compared_with" text,
	"duration_ms" real,
	"person_id" uuid,
	"card_enc" text,
	"expires_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "pairing_codes" DROP CONSTRAINT "pairing_codes_gate_id_gates_id_fk";
--> statement-breakpoint
ALTER TABLE "pairing_codes" ALTER COLUMN "gate_id" DROP NOT NULL;--> statement-breakpoint
-- Codes made before kiosks paired belong to a gate: their site is the gate's (hand-written).
ALTER TABLE "pairing_codes" ADD COLUMN "site_id" uuid;--> statement-breakpoint
UPDATE "pairing_codes" SET "site_id" = "gates"."site_id" FROM "gates" WHERE "gates"."id" = "pairing_codes"."gate_id";--> statement-breakpoint
DELETE FROM "pairing_codes" WHERE "site_id" IS NULL;--> statement-breakpoint
ALTER TABLE "pairing_codes" ALTER COLUMN "site_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "pairing_codes" ADD COLUMN "kind" text DEFAULT 'gate' NOT NULL;--> statement-breakpoint
ALTER TABLE "pairing_codes" ADD COLUMN "device_name" text;--> statement-breakpoint
ALTER TABLE "kiosk_certificates" ADD CONSTRAINT "kiosk_certificates_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_certificates" ADD CONSTRAINT "kiosk_certificates_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_certificates" ADD CONSTRAINT "kiosk_certificates_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_certificates" ADD CONSTRAINT "kiosk_certificates_superseded_by_kiosk_certificates_id_fk" FOREIGN KEY ("superseded_by") REFERENCES "public"."kiosk_certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_certificates" ADD CONSTRAINT "kiosk_certificates_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_criminal_records" ADD CONSTRAINT "kiosk_criminal_records_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_criminal_records" ADD CONSTRAINT "kiosk_criminal_records_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_office_keys" ADD CONSTRAINT "kiosk_office_keys_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_settings" ADD CONSTRAINT "kiosk_settings_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_settings" ADD CONSTRAINT "kiosk_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_verifications" ADD CONSTRAINT "kiosk_verifications_certificate_id_kiosk_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."kiosk_certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_verifications" ADD CONSTRAINT "kiosk_verifications_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_application_events" ADD CONSTRAINT "kiosk_application_events_application_id_kiosk_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."kiosk_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_application_events" ADD CONSTRAINT "kiosk_application_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_application_notices" ADD CONSTRAINT "kiosk_application_notices_application_id_kiosk_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."kiosk_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_application_notices" ADD CONSTRAINT "kiosk_application_notices_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_applications" ADD CONSTRAINT "kiosk_applications_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_applications" ADD CONSTRAINT "kiosk_applications_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_applications" ADD CONSTRAINT "kiosk_applications_check_id_kiosk_checks_id_fk" FOREIGN KEY ("check_id") REFERENCES "public"."kiosk_checks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_applications" ADD CONSTRAINT "kiosk_applications_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_checks" ADD CONSTRAINT "kiosk_checks_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_checks" ADD CONSTRAINT "kiosk_checks_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_checks" ADD CONSTRAINT "kiosk_checks_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "kiosk_certificates_serial_uq" ON "kiosk_certificates" USING btree ("serial");--> statement-breakpoint
CREATE INDEX "kiosk_certificates_site_issued_idx" ON "kiosk_certificates" USING btree ("site_id","issued_at");--> statement-breakpoint
CREATE INDEX "kiosk_certificates_holder_idx" ON "kiosk_certificates" USING btree ("holder_id_number_hash","type","issued_at");--> statement-breakpoint
CREATE INDEX "kiosk_certificates_person_idx" ON "kiosk_certificates" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "kiosk_criminal_records_hash_idx" ON "kiosk_criminal_records" USING btree ("id_number_hash");--> statement-breakpoint
CREATE INDEX "kiosk_criminal_records_site_idx" ON "kiosk_criminal_records" USING btree ("site_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "kiosk_office_keys_kid_uq" ON "kiosk_office_keys" USING btree ("kid");--> statement-breakpoint
CREATE UNIQUE INDEX "kiosk_office_keys_site_active_uq" ON "kiosk_office_keys" USING btree ("site_id") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "kiosk_verifications_certificate_idx" ON "kiosk_verifications" USING btree ("certificate_id","at");--> statement-breakpoint
CREATE INDEX "kiosk_verifications_site_at_idx" ON "kiosk_verifications" USING btree ("site_id","at");--> statement-breakpoint
CREATE INDEX "kiosk_application_events_app_idx" ON "kiosk_application_events" USING btree ("application_id","at");--> statement-breakpoint
CREATE INDEX "kiosk_application_notices_person_idx" ON "kiosk_application_notices" USING btree ("person_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "kiosk_applications_reference_uq" ON "kiosk_applications" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "kiosk_applications_site_status_idx" ON "kiosk_applications" USING btree ("site_id","status","submitted_at");--> statement-breakpoint
CREATE INDEX "kiosk_applications_person_idx" ON "kiosk_applications" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "kiosk_applications_id_hash_idx" ON "kiosk_applications" USING btree ("site_id","id_number_hash");--> statement-breakpoint
CREATE INDEX "kiosk_checks_device_idx" ON "kiosk_checks" USING btree ("device_id","at");--> statement-breakpoint
CREATE INDEX "kiosk_checks_site_idx" ON "kiosk_checks" USING btree ("site_id","at");--> statement-breakpoint
ALTER TABLE "pairing_codes" ADD CONSTRAINT "pairing_codes_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pairing_codes_target_idx" ON "pairing_codes" USING btree ("site_id","kind","gate_id");