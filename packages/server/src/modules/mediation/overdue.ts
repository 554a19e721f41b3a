/**
 * Overdue cases counted by deadline for the dashboard (issue 16: "flagged on the list and the
 * dashboard"): first contact (1 h, call-sourced), grading (24 h), conclusion (1 month unless
 * extended), with the case list's own predicates (cases.ts `overdueFirstContact` /
 * `overdueGrading` / `overdueConclude`, computed at read time from the stored deadlines).
 */
import type { MediationOverdueCounts } from '@anju/contracts';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  type MediationCaller,
  overdueConclude,
  overdueFirstContact,
  overdueGrading,
  visibleTo,
} from './cases.ts';
import { mediationCases as c } from './schema.ts';

/** The counts over the cases the caller may see (a mediator: only their teams' cases). */
export async function overdueCounts(
  db: Db,
  caller: MediationCaller,
  siteId: string,
  now: Date,
): Promise<MediationOverdueCounts> {
  const firstContact = overdueFirstContact(now);
  const grading = overdueGrading(now);
  const conclude = overdueConclude(now);
  const [row] = await db
    .select({
      firstContact: sql<number>`count(*) FILTER (WHERE ${firstContact})::int`,
      grading: sql<number>`count(*) FILTER (WHERE ${grading})::int`,
      conclude: sql<number>`count(*) FILTER (WHERE ${conclude})::int`,
      total: sql<number>`count(*) FILTER (WHERE ${firstContact} OR ${grading} OR ${conclude})::int`,
    })
    .from(c)
    // Closed cases are never overdue: leave them out before counting.
    .where(and(visibleTo(caller), eq(c.siteId, siteId), sql`${c.status} <> 'closed'`));
  return {
    firstContact: Number(row?.firstContact ?? 0),
    grading: Number(row?.grading ?? 0),
    conclude: Number(row?.conclude ?? 0),
    total: Number(row?.total ?? 0),
  };
}
