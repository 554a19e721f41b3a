-- One job table for every spreadsheet import (platform/spreadsheet): the registry's table renamed,
-- its rows kept as the roster imports they are; their job messages now live in the platform catalogue.
ALTER TABLE "registry_import_jobs" RENAME TO "import_jobs";--> statement-breakpoint
ALTER TABLE "import_jobs" RENAME CONSTRAINT "registry_import_jobs_pkey" TO "import_jobs_pkey";--> statement-breakpoint
ALTER TABLE "import_jobs" RENAME CONSTRAINT "registry_import_jobs_site_id_sites_id_fk" TO "import_jobs_site_id_sites_id_fk";--> statement-breakpoint
ALTER TABLE "import_jobs" RENAME CONSTRAINT "registry_import_jobs_user_id_users_id_fk" TO "import_jobs_user_id_users_id_fk";--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "kind" text DEFAULT 'registry.roster' NOT NULL;--> statement-breakpoint
ALTER TABLE "import_jobs" ALTER COLUMN "kind" DROP DEFAULT;--> statement-breakpoint
UPDATE "import_jobs" SET "message" = replace("message", 'registry.roster.job.', 'platform.import.job.') WHERE "message" LIKE 'registry.roster.job.%';
