import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { DemoSeeder } from '../platform/demo-seed.ts';
import { authCleanupJob } from '../platform/auth/cleanup.ts';
import type { Job } from '../platform/jobs.ts';
import { outboxJob } from '../platform/notify/outbox.ts';
import { importRecoveryJob } from '../platform/spreadsheet/import-job.ts';
import { registryExpiryJob } from './registry/expiry.ts';
import { registryRoutes } from './registry/routes.ts';
import { accessRoutes } from './access/routes.ts';
import { accessEventsAnalyzeJob, accessPartitionsJob } from './access/partitions.ts';
import { accessRetentionJob } from './access/retention.ts';
import { appointmentsNoShowJob } from './appointments/counter.ts';
import { accessDemoSeeder } from './access/seed.ts';
import { registryDemoSeeder } from './registry/seed.ts';
import { ALERT_JOBS } from './alerts/jobs.ts';
import { incidentPushDemoSeeder, incidentPushJob } from './incidents/push.ts';
import { bulletinWindowsJob } from './bulletins/windows.ts';
import { alertRoutes } from './alerts/routes.ts';
import { privacyRoutes } from './privacy/routes.ts';
import { kioskRoutes } from './kiosk/routes/index.ts';
import { kioskDemoSeeder } from './kiosk/seed.ts';
import { kioskApplicationsDemoSeeder } from './kiosk/applications-seed.ts';
import { appointmentRoutes } from './appointments/routes/index.ts';
import { appointmentsDemoSeeder } from './appointments/seed.ts';
import { bulletinRoutes } from './bulletins/routes/index.ts';
import { bulletinsDemoSeeder } from './bulletins/seed.ts';
import { incidentRoutes } from './incidents/routes/index.ts';
import { incidentsDemoSeeder } from './incidents/seed.ts';
import { mediationRoutes } from './mediation/routes/index.ts';
import { mediationAnalyzeJob } from './mediation/analyze-job.ts';
import { mediationFulfilmentJob } from './mediation/jobs.ts';
import { mediationDemoSeeder } from './mediation/seed.ts';

/** Each capability module's routes, mounted under /api/v1/<prefix>. */
export const MODULE_ROUTES: { prefix: string; plugin: FastifyPluginAsyncZod }[] = [
  { prefix: '/registry', plugin: registryRoutes },
  { prefix: '/access', plugin: accessRoutes },
  { prefix: '/alerts', plugin: alertRoutes },
  { prefix: '/privacy', plugin: privacyRoutes },
  { prefix: '/kiosk', plugin: kioskRoutes },
  { prefix: '/appointments', plugin: appointmentRoutes },
  { prefix: '/bulletins', plugin: bulletinRoutes },
  { prefix: '/incidents', plugin: incidentRoutes },
  { prefix: '/mediation', plugin: mediationRoutes },
];

/** Each module's demo-data seeder, run in order on the demo site. */
export const DEMO_SEEDERS: DemoSeeder[] = [
  registryDemoSeeder,
  accessDemoSeeder,
  kioskDemoSeeder,
  kioskApplicationsDemoSeeder,
  appointmentsDemoSeeder,
  incidentsDemoSeeder,
  incidentPushDemoSeeder,
  bulletinsDemoSeeder,
  mediationDemoSeeder,
];

/** Periodic background jobs (platform/jobs.ts runs them, one process at a time). */
export const MODULE_JOBS: Job[] = [
  authCleanupJob,
  appointmentsNoShowJob,
  registryExpiryJob,
  importRecoveryJob,
  accessPartitionsJob,
  accessEventsAnalyzeJob,
  accessRetentionJob,
  ...ALERT_JOBS,
  outboxJob,
  incidentPushJob,
  bulletinWindowsJob,
  mediationFulfilmentJob,
  mediationAnalyzeJob,
];
