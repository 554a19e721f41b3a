/**
 * Fulfilment (履行) of an agreement: each term is settled as performed or not performed (with what
 * happened next); follow-up visits (回访) are scheduled and recorded; the case closes by itself
 * when its last term is settled. Overdue terms are watched by jobs.ts.
 */
import type {
  MediationAgreement,
  mediationFollowupDoneInputSchema,
  mediationFollowupInputSchema,
  mediationTermSettleInputSchema,
} from '@anju/contracts';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { appendAudit } from '../../platform/audit/service.ts';
import type { AppContext } from '../../platform/context.ts';
import { badRequest, conflict, HttpError } from '../../platform/errors.ts';
import { agreementOfCase } from './agreements.ts';
import { agreementMessages as m } from './agreements.messages.ts';
import { caseForWork, type MediationCaller } from './cases.ts';
import { assertTransition } from './machine.ts';
import { mediationAgreements, mediationCases, mediationFollowups, mediationTerms } from './schema.ts';

type SettleInput = z.output<typeof mediationTermSettleInputSchema>;
type FollowupInput = z.output<typeof mediationFollowupInputSchema>;
type FollowupDoneInput = z.output<typeof mediationFollowupDoneInputSchema>;
type FollowupRow = typeof mediationFollowups.$inferSelect;

const termNotFound = () => new HttpError(404, 'not_found', m.msg('error.termNotFound'));
const followupNotFound = () => new HttpError(404, 'not_found', m.msg('error.followupNotFound'));

export function followupView(f: FollowupRow) {
  return {
    id: f.id,
    termId: f.termId,
    dueOn: f.dueOn,
    doneAt: f.doneAt?.toISOString() ?? null,
    byUserId: f.byUserId,
    note: f.note,
  };
}
export type FollowupView = ReturnType<typeof followupView>;

/** The case's follow-up visits, by due date (the case detail shows them). */
export async function followupsOfCase(db: Db, caseId: string): Promise<FollowupView[]> {
  const rows = await db
    .select()
    .from(mediationFollowups)
    .where(eq(mediationFollowups.caseId, caseId))
    .orderBy(asc(mediationFollowups.dueOn), asc(mediationFollowups.createdAt));
  return rows.map(followupView);
}

/** A term the caller may work on (its case visible to them — else 404, like the case itself). */
async function termForWork(db: Db, caller: MediationCaller, termId: string, forUpdate: boolean) {
  const [row] = await db
    .select({
      term: mediationTerms,
      caseId: mediationAgreements.caseId,
      signedOn: mediationAgreements.signedOn,
    })
    .from(mediationTerms)
    .innerJoin(mediationAgreements, eq(mediationAgreements.id, mediationTerms.agreementId))
    .where(eq(mediationTerms.id, termId));
  if (!row) throw termNotFound();
  let c: typeof mediationCases.$inferSelect;
  try {
    c = await caseForWork(db, caller, row.caseId, { forUpdate });
  } catch (error) {
    if (error instanceof HttpError && error.statusCode === 404) throw termNotFound();
    throw error;
  }
  return { ...row, case: c };
}

/**
 * Settles one term (performed, or not performed with what happened next). When no term of the
 * agreement is pending any more, the case closes (state machine: fulfilment → closed).
 */
export async function settleTerm(
  ctx: AppContext,
  caller: MediationCaller,
  termId: string,
  input: SettleInput,
): Promise<MediationAgreement> {
  return ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const { term, case: c, signedOn } = await termForWork(db, caller, termId, true);
    assertTransition(c.status, 'settleTerm');
    if (term.status !== 'pending') throw conflict('term_settled', m.msg('error.termSettled'));
    if (input.status === 'not_performed' && !input.note?.trim()) {
      const message = m.msg('error.nextStepRequired');
      throw badRequest('validation_error', message, [{ field: 'body.note', message }]);
    }
    if (input.settledOn < signedOn) {
      const message = m.msg('error.dueBeforeAgreement', { dueOn: input.settledOn, signedOn });
      throw badRequest('validation_error', message, [{ field: 'body.settledOn', message }]);
    }
    await db
      .update(mediationTerms)
      .set({ status: input.status, settledOn: input.settledOn, note: input.note })
      .where(eq(mediationTerms.id, term.id));
    const [left] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(mediationTerms)
      .where(and(eq(mediationTerms.agreementId, term.agreementId), eq(mediationTerms.status, 'pending')));
    const closes = Number(left?.n ?? 0) === 0;
    assertTransition(c.status, 'settleTerm', closes ? 'closed' : 'fulfilment');
    if (closes) {
      const now = ctx.now();
      await db
        .update(mediationCases)
        .set({ status: 'closed', closedAt: now, updatedAt: now })
        .where(eq(mediationCases.id, c.id));
    }
    await appendAudit(db, caller.actor, {
      action: 'mediation.term.settle',
      subjectType: 'mediation_case',
      subjectId: c.id,
      siteId: c.siteId,
      fields: closes
        ? ['terms.status', 'terms.settledOn', 'terms.note', 'status']
        : ['terms.status', 'terms.settledOn', 'terms.note'],
    });
    return (await agreementOfCase(db, c.id))!;
  });
}

/** Schedules a follow-up visit (about the whole agreement, or one of its terms). */
export async function addFollowup(
  ctx: AppContext,
  caller: MediationCaller,
  caseId: string,
  input: FollowupInput,
): Promise<FollowupView> {
  return ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const c = await caseForWork(db, caller, caseId, { forUpdate: true });
    const [agreement] = await db
      .select({ id: mediationAgreements.id, signedOn: mediationAgreements.signedOn })
      .from(mediationAgreements)
      .where(eq(mediationAgreements.caseId, c.id));
    assertTransition(c.status, 'followup');
    if (!agreement) {
      throw conflict('no_agreement_to_follow', m.msg('error.agreementNotFound'));
    }
    if (input.termId) {
      const [term] = await db
        .select({ id: mediationTerms.id })
        .from(mediationTerms)
        .where(and(eq(mediationTerms.id, input.termId), eq(mediationTerms.agreementId, agreement.id)));
      if (!term) {
        const message = m.msg('error.termNotFound');
        throw badRequest('validation_error', message, [{ field: 'body.termId', message }]);
      }
    }
    if (input.dueOn < agreement.signedOn) {
      const message = m.msg('error.dueBeforeAgreement', { dueOn: input.dueOn, signedOn: agreement.signedOn });
      throw badRequest('validation_error', message, [{ field: 'body.dueOn', message }]);
    }
    const [row] = await db
      .insert(mediationFollowups)
      .values({ caseId: c.id, termId: input.termId, dueOn: input.dueOn, note: input.note })
      .returning();
    await appendAudit(db, caller.actor, {
      action: 'mediation.followup.create',
      subjectType: 'mediation_case',
      subjectId: c.id,
      siteId: c.siteId,
      fields: ['followups.dueOn', 'followups.termId', 'followups.note'],
    });
    return followupView(row!);
  });
}

/** Records a follow-up visit as done, with what was found. */
export async function followupDone(
  ctx: AppContext,
  caller: MediationCaller,
  followupId: string,
  input: FollowupDoneInput,
): Promise<FollowupView> {
  return ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const [f] = await db.select().from(mediationFollowups).where(eq(mediationFollowups.id, followupId));
    if (!f) throw followupNotFound();
    let c: typeof mediationCases.$inferSelect;
    try {
      c = await caseForWork(db, caller, f.caseId, { forUpdate: true });
    } catch (error) {
      if (error instanceof HttpError && error.statusCode === 404) throw followupNotFound();
      throw error;
    }
    assertTransition(c.status, 'followup');
    if (f.doneAt) throw conflict('followup_done', m.msg('error.followupDone'));
    const [row] = await db
      .update(mediationFollowups)
      .set({ doneAt: ctx.now(), byUserId: caller.userId, note: input.note })
      .where(eq(mediationFollowups.id, f.id))
      .returning();
    await appendAudit(db, caller.actor, {
      action: 'mediation.followup.done',
      subjectType: 'mediation_case',
      subjectId: c.id,
      siteId: c.siteId,
      fields: ['followups.doneAt', 'followups.note'],
    });
    return followupView(row!);
  });
}
