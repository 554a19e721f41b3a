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
ALTER TABLE "pairing_codes" ADD COLUMN "site_id" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "pairing_codes" ADD COLUMN "kind" text DEFAULT 'gate' NOT NULL;--> statement-breakpoint
ALTER TABLE "pairing_codes" ADD COLUMN "device_name" text;--> statement-breakpoint
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