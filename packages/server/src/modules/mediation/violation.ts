/**
 * The police-only record of a minor public-security violation: the facts and the consequences
 * told to the parties, established before the civil part (no session is held until it exists).
 */
import type { MediationCaseDetail, mediationViolationInputSchema } from '@anju/contracts';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { appendAudit } from '../../platform/audit/service.ts';
import type { AppContext } from '../../platform/context.ts';
import { conflict } from '../../platform/errors.ts';
import { caseDetail, caseForWork, type MediationCaller } from './cases.ts';
import { assertTransition } from './machine.ts';
import { mediationMessages as m } from './messages.ts';
import { mediationCases, mediationViolationRecords } from './schema.ts';

export async function recordViolation(
  ctx: AppContext,
  caller: MediationCaller,
  caseId: string,
  input: z.output<typeof mediationViolationInputSchema>,
): Promise<MediationCaseDetail> {
  await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const c = await caseForWork(db, caller, caseId, { forUpdate: true });
    assertTransition(c.status, 'violation');
    const [existing] = await db
      .select({ caseId: mediationViolationRecords.caseId })
      .from(mediationViolationRecords)
      .where(eq(mediationViolationRecords.caseId, c.id));
    if (existing) throw conflict('violation_exists', m.msg('error.violationExists'));
    const now = ctx.now();
    await db.insert(mediationViolationRecords).values({
      caseId: c.id,
      facts: input.facts,
      consequencesTold: input.consequencesTold,
      toldAt: input.toldAt ? new Date(input.toldAt) : now,
      recordedBy: caller.userId,
      createdAt: now,
    });
    // Found while handling the case: from now on it is a case involving a violation.
    if (!c.violationInvolved)
      await db
        .update(mediationCases)
        .set({ violationInvolved: true, updatedAt: now })
        .where(eq(mediationCases.id, c.id));
    await appendAudit(db, caller.actor, {
      action: 'mediation.violation.record',
      subjectType: 'mediation_case',
      subjectId: c.id,
      fields: ['facts', 'consequencesTold', 'toldAt', ...(c.violationInvolved ? [] : ['violationInvolved'])],
      siteId: c.siteId,
    });
  });
  return caseDetail(ctx, caller, caseId, { audit: false });
}
