ALTER TABLE "mediation_agreements" DROP CONSTRAINT "mediation_agreements_serial_unique";--> statement-breakpoint
ALTER TABLE "mediation_cases" DROP CONSTRAINT "mediation_cases_serial_unique";--> statement-breakpoint
CREATE UNIQUE INDEX "mediation_agreements_serial_uq" ON "mediation_agreements" USING btree ("site_id","serial");--> statement-breakpoint
CREATE UNIQUE INDEX "mediation_cases_serial_uq" ON "mediation_cases" USING btree ("site_id","serial");