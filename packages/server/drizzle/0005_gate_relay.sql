CREATE TABLE "gate_relay_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"site_id" uuid NOT NULL,
	"gate_id" uuid NOT NULL,
	"event_id" bigint,
	"at" timestamp (3) with time zone NOT NULL,
	"purpose" text NOT NULL,
	"action" text NOT NULL,
	"outcome" text NOT NULL,
	"status_code" integer,
	"latency_ms" integer NOT NULL,
	"attempts" integer NOT NULL,
	"error" text,
	"operator_id" uuid
);
--> statement-breakpoint
CREATE TABLE "gate_relays" (
	"gate_id" uuid PRIMARY KEY NOT NULL,
	"kind" text DEFAULT 'none' NOT NULL,
	"url" text,
	"method" text DEFAULT 'POST' NOT NULL,
	"body_template" text,
	"secret_enc" text,
	"open_seconds" integer DEFAULT 5 NOT NULL,
	"timeout_ms" integer DEFAULT 1500 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "gate_relay_attempts" ADD CONSTRAINT "gate_relay_attempts_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_relay_attempts" ADD CONSTRAINT "gate_relay_attempts_gate_id_gates_id_fk" FOREIGN KEY ("gate_id") REFERENCES "public"."gates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_relay_attempts" ADD CONSTRAINT "gate_relay_attempts_operator_id_users_id_fk" FOREIGN KEY ("operator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_relays" ADD CONSTRAINT "gate_relays_gate_id_gates_id_fk" FOREIGN KEY ("gate_id") REFERENCES "public"."gates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gate_relay_attempts_gate_at_idx" ON "gate_relay_attempts" USING btree ("gate_id","at");