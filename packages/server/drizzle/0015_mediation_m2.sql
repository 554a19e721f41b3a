ALTER TABLE "mediation_agreements" ADD COLUMN "judicial_requested" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "mediation_parties" ADD COLUMN "phone_hash" text;--> statement-breakpoint
CREATE INDEX "mediation_parties_phone_idx" ON "mediation_parties" USING btree ("phone_hash");