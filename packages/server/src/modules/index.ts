import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { DemoSeeder } from '../platform/demo-seed.ts';

/** Each capability module's routes, mounted under /api/v1/<prefix>. */
export const MODULE_ROUTES: { prefix: string; plugin: FastifyPluginAsyncZod }[] = [];

/** Each module's demo-data seeder, run in order on the demo site. */
export const DEMO_SEEDERS: DemoSeeder[] = [];
