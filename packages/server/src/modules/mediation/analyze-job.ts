import { sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import type { Job } from '../../platform/jobs.ts';

/** The tables the mediation list and statistics plan over. */
export const MEDIATION_ANALYZED_TABLES = [
  'mediation_cases',
  'mediation_parties',
  'mediation_team',
  'mediation_agreements',
  'mediation_terms',
] as const;

/**
 * Planner statistics for the embedded database. PGlite has no autovacuum, so without this its
 * tables are never ANALYZEd and the planner guesses ~30 rows for a site's cases: the mediator's
 * list then probes the team once per case of the site (~50 ms at 10,000 cases, ~5 ms planned with
 * statistics). Runs at start (after the demo seed) and daily; on PostgreSQL autovacuum does it.
 */
export async function analyzeMediation(ctx: AppContext): Promise<{ analyzed: string[] }> {
  if (ctx.database.kind !== 'pglite') return { analyzed: [] };
  // ANALYZE (unlike VACUUM) may run inside the job's transaction.
  for (const table of MEDIATION_ANALYZED_TABLES) await ctx.db.execute(sql`ANALYZE ${sql.identifier(table)}`);
  return { analyzed: [...MEDIATION_ANALYZED_TABLES] };
}

export const mediationAnalyzeJob: Job = {
  name: 'mediation-analyze',
  everyMinutes: 24 * 60,
  run: (ctx) => analyzeMediation(ctx),
};
