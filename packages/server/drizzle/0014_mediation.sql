CREATE TABLE "mediation_agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"serial" text NOT NULL,
	"kind" text DEFAULT 'written' NOT NULL,
	"parties_summary" text NOT NULL,
	"main_facts" text NOT NULL,
	"disputed_matters" text NOT NULL,
	"responsibilities" text NOT NULL,
	"signed_on" date NOT NULL,
	"copies" integer DEFAULT 3 NOT NULL,
	"judicial_requested" boolean DEFAULT false NOT NULL,
	"judicial_applied_on" date,
	"judicial_court" text,
	"judicial_number" text,
	"judicial_result" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mediation_agreements_case_id_unique" UNIQUE("case_id")
);
--> statement-breakpoint
CREATE TABLE "mediation_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"serial" text NOT NULL,
	"source" text NOT NULL,
	"incident_id" uuid,
	"source_note" text,
	"type" text NOT NULL,
	"facts" text NOT NULL,
	"amount_cents" bigint,
	"risk" text NOT NULL,
	"risk_reasons" text,
	"violation_involved" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'intake' NOT NULL,
	"grade" text,
	"outcome" text,
	"referred_to" text,
	"outcome_note" text,
	"accepted_at" timestamp with time zone NOT NULL,
	"first_contact_at" timestamp with time zone,
	"first_contact_due" timestamp with time zone,
	"grading_due" timestamp with time zone NOT NULL,
	"conclude_due" timestamp with time zone NOT NULL,
	"extension_note" text,
	"graded_at" timestamp with time zone,
	"concluded_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"session_id" uuid,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"size" integer NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_followups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"term_id" uuid,
	"due_on" date NOT NULL,
	"done_at" timestamp with time zone,
	"by_user_id" uuid,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_parties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"role" text NOT NULL,
	"person_id" uuid,
	"name" text NOT NULL,
	"phone_enc" text,
	"phone_hash" text,
	"address" text
);
--> statement-breakpoint
CREATE TABLE "mediation_recusal_declarations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"roster_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_roster" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"user_id" uuid,
	"person_id" uuid,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"specialities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"availability" text,
	"phone_enc" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"place_kind" text NOT NULL,
	"place_text" text,
	"room_resource_id" uuid,
	"room_reservation_ref" text,
	"attendees" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"statements" text,
	"legal_advice" text,
	"record" text,
	"recorded_at" timestamp with time zone,
	"recorded_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_team" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"role" text NOT NULL,
	"user_id" uuid,
	"roster_id" uuid,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediation_terms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agreement_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"text" text NOT NULL,
	"obligor" text NOT NULL,
	"how" text NOT NULL,
	"place" text NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"settled_on" date,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "mediation_violation_records" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"facts" text NOT NULL,
	"consequences_told" text NOT NULL,
	"told_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mediation_agreements" ADD CONSTRAINT "mediation_agreements_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."mediation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_agreements" ADD CONSTRAINT "mediation_agreements_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_agreements" ADD CONSTRAINT "mediation_agreements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_cases" ADD CONSTRAINT "mediation_cases_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_cases" ADD CONSTRAINT "mediation_cases_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_cases" ADD CONSTRAINT "mediation_cases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_files" ADD CONSTRAINT "mediation_files_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."mediation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_files" ADD CONSTRAINT "mediation_files_session_id_mediation_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."mediation_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_files" ADD CONSTRAINT "mediation_files_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_followups" ADD CONSTRAINT "mediation_followups_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."mediation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_followups" ADD CONSTRAINT "mediation_followups_term_id_mediation_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "public"."mediation_terms"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_followups" ADD CONSTRAINT "mediation_followups_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_parties" ADD CONSTRAINT "mediation_parties_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."mediation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_parties" ADD CONSTRAINT "mediation_parties_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_recusal_declarations" ADD CONSTRAINT "mediation_recusal_declarations_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."mediation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_recusal_declarations" ADD CONSTRAINT "mediation_recusal_declarations_roster_id_mediation_roster_id_fk" FOREIGN KEY ("roster_id") REFERENCES "public"."mediation_roster"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_recusal_declarations" ADD CONSTRAINT "mediation_recusal_declarations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_roster" ADD CONSTRAINT "mediation_roster_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_roster" ADD CONSTRAINT "mediation_roster_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_roster" ADD CONSTRAINT "mediation_roster_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_sessions" ADD CONSTRAINT "mediation_sessions_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."mediation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_sessions" ADD CONSTRAINT "mediation_sessions_room_resource_id_appointment_resources_id_fk" FOREIGN KEY ("room_resource_id") REFERENCES "public"."appointment_resources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_sessions" ADD CONSTRAINT "mediation_sessions_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_sessions" ADD CONSTRAINT "mediation_sessions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_team" ADD CONSTRAINT "mediation_team_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."mediation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_team" ADD CONSTRAINT "mediation_team_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_team" ADD CONSTRAINT "mediation_team_roster_id_mediation_roster_id_fk" FOREIGN KEY ("roster_id") REFERENCES "public"."mediation_roster"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_terms" ADD CONSTRAINT "mediation_terms_agreement_id_mediation_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."mediation_agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_violation_records" ADD CONSTRAINT "mediation_violation_records_case_id_mediation_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."mediation_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediation_violation_records" ADD CONSTRAINT "mediation_violation_records_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mediation_agreements_serial_uq" ON "mediation_agreements" USING btree ("site_id","serial");--> statement-breakpoint
CREATE INDEX "mediation_agreements_site_idx" ON "mediation_agreements" USING btree ("site_id","signed_on");--> statement-breakpoint
CREATE UNIQUE INDEX "mediation_cases_serial_uq" ON "mediation_cases" USING btree ("site_id","serial");--> statement-breakpoint
CREATE INDEX "mediation_cases_site_status_idx" ON "mediation_cases" USING btree ("site_id","status");--> statement-breakpoint
CREATE INDEX "mediation_cases_site_accepted_idx" ON "mediation_cases" USING btree ("site_id","accepted_at");--> statement-breakpoint
CREATE INDEX "mediation_cases_site_type_idx" ON "mediation_cases" USING btree ("site_id","type","accepted_at");--> statement-breakpoint
CREATE INDEX "mediation_cases_incident_idx" ON "mediation_cases" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "mediation_files_case_idx" ON "mediation_files" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "mediation_followups_case_idx" ON "mediation_followups" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "mediation_parties_case_idx" ON "mediation_parties" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "mediation_parties_person_idx" ON "mediation_parties" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "mediation_parties_phone_idx" ON "mediation_parties" USING btree ("phone_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "mediation_recusal_uq" ON "mediation_recusal_declarations" USING btree ("case_id","roster_id");--> statement-breakpoint
CREATE INDEX "mediation_roster_site_idx" ON "mediation_roster" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "mediation_roster_user_idx" ON "mediation_roster" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "mediation_sessions_case_idx" ON "mediation_sessions" USING btree ("case_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "mediation_team_user_uq" ON "mediation_team" USING btree ("case_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mediation_team_roster_uq" ON "mediation_team" USING btree ("case_id","roster_id");--> statement-breakpoint
CREATE INDEX "mediation_team_user_idx" ON "mediation_team" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "mediation_terms_seq_uq" ON "mediation_terms" USING btree ("agreement_id","seq");--> statement-breakpoint
CREATE INDEX "mediation_terms_due_idx" ON "mediation_terms" USING btree ("status","due_on");