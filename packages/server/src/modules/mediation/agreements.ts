/**
 * Conclusion and the agreement (人民调解协议书, 人民调解法 Arts 28–33): the outcome of a case, the
 * agreement's statutory content with its terms (how, where and by when each is performed), its
 * serial XY-YYYY-NNNN (per site and year), the PDF, and the judicial-confirmation record.
 * The agreement is recorded while the case is in mediation; concluding with an agreement then
 * moves the case to fulfilment (terms pending) or closes it (nothing left to perform).
 */
import {
  MEDIATION_JUDICIAL_DAYS,
  MEDIATION_JUDICIAL_REMINDER_DAYS,
  type MediationAgreement,
  type mediationAgreementInputSchema,
  type mediationConcludeInputSchema,
  type mediationJudicialInputSchema,
} from '@anju/contracts';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { appendAudit } from '../../platform/audit/service.ts';
import type { AppContext } from '../../platform/context.ts';
import { badRequest, conflict, HttpError } from '../../platform/errors.ts';
import { sites } from '../../platform/org/schema.ts';
import { users } from '../../platform/org/schema.ts';
import { addDays, shanghaiDate } from '../../platform/time.ts';
import { afterCommit } from '../alerts/pipeline.ts';
import { type AlertWrite, createAlert, withAlertWrite } from '../alerts/store.ts';
import { openSealed } from '../registry/sql.ts';
import { type AgreementPrint, renderAgreementPdf } from './agreement-pdf.ts';
import { agreementMessages as m } from './agreements.messages.ts';
import { caseForWork, type MediationCaller } from './cases.ts';
import { assertTransition } from './machine.ts';
import {
  mediationAgreements,
  mediationCases,
  mediationParties,
  mediationRoster,
  mediationTeam,
  mediationTerms,
} from './schema.ts';
import { type AgreementRow, agreementViewOf, termView } from './views.ts';

type CaseRow = typeof mediationCases.$inferSelect;
/** `judicialRequested` optional: the seed and older callers may leave it out (false). */
type AgreementInput = Omit<z.output<typeof mediationAgreementInputSchema>, 'judicialRequested'> & {
  judicialRequested?: boolean;
};
type ConcludeInput = z.output<typeof mediationConcludeInputSchema>;
type JudicialInput = z.output<typeof mediationJudicialInputSchema>;

const STATUTORY = ['partiesSummary', 'mainFacts', 'disputedMatters', 'responsibilities'] as const;
const TERM_FIELDS = ['text', 'obligor', 'how', 'place', 'dueOn'] as const;

/**
 * The statutory content, checked again here (the route's schema checks it first; the seed and
 * other callers come through here): a blank field → 400 naming it; a term due before the
 * agreement's date → 400 `body.terms.N.dueOn`.
 */
export function checkAgreement(input: AgreementInput): void {
  const missing = (field: string, label: string) =>
    badRequest('statutory_missing', m.msg('error.statutoryMissing', { field: label }), [
      { field, message: m.msg('error.fieldRequired') },
    ]);
  for (const key of STATUTORY) {
    if (!input[key]?.trim()) throw missing(`body.${key}`, m.text('zh-CN', `field.${key}`));
  }
  if (input.terms.length === 0) throw missing('body.terms', m.text('zh-CN', 'field.terms'));
  input.terms.forEach((t, i) => {
    for (const key of TERM_FIELDS) {
      if (!t[key]?.trim()) throw missing(`body.terms.${i}.${key}`, m.text('zh-CN', `field.${key}`));
    }
    if (t.dueOn < input.signedOn) {
      const message = m.msg('error.dueBeforeAgreement', { dueOn: t.dueOn, signedOn: input.signedOn });
      throw badRequest('due_before_agreement', message, [{ field: `body.terms.${i}.dueOn`, message }]);
    }
  });
}

/** The case's agreement with its terms in order, or null (the case detail shows it). */
export async function agreementOfCase(db: Db, caseId: string): Promise<MediationAgreement | null> {
  const [a] = await db.select().from(mediationAgreements).where(eq(mediationAgreements.caseId, caseId));
  if (!a) return null;
  const terms = await db
    .select()
    .from(mediationTerms)
    .where(eq(mediationTerms.agreementId, a.id))
    .orderBy(asc(mediationTerms.seq));
  return agreementViewOf(a, terms);
}

/**
 * Whether the judicial-confirmation reminder is due for an agreement: the parties asked for it,
 * have not applied, and the 30-day limit is 5 days away or less (and not passed).
 */
export function judicialReminderDue(
  a: Pick<AgreementRow, 'judicialRequested' | 'judicialAppliedOn' | 'signedOn'>,
  today: string,
): boolean {
  if (!a.judicialRequested || a.judicialAppliedOn) return false;
  const deadline = addDays(a.signedOn, MEDIATION_JUDICIAL_DAYS);
  return today >= addDays(deadline, -MEDIATION_JUDICIAL_REMINDER_DAYS) && today <= deadline;
}

/** XY-YYYY-NNNN: the next number of the site's agreements of the year (under a lock, so no two share one). */
async function nextSerial(db: Db, siteId: string, year: string): Promise<string> {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`mediation-agreement:${siteId}:${year}`}))`);
  const prefix = `XY-${year}-`;
  const [row] = await db
    .select({ max: sql<string | null>`max(${mediationAgreements.serial})` })
    .from(mediationAgreements)
    .where(
      and(eq(mediationAgreements.siteId, siteId), sql`${mediationAgreements.serial} LIKE ${`${prefix}%`}`),
    );
  const last = row?.max ? Number(row.max.slice(prefix.length)) : 0;
  return `${prefix}${String(last + 1).padStart(4, '0')}`;
}

/**
 * Records (or, before the case is concluded, replaces) the agreement and its terms. Only while the
 * case is in mediation: once concluded, the signed agreement is what it is (judicial confirmation
 * and performance are recorded on it, not edits).
 */
export async function saveAgreement(
  ctx: AppContext,
  caller: MediationCaller,
  caseId: string,
  input: AgreementInput,
): Promise<MediationAgreement> {
  checkAgreement(input);
  return ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const c = await caseForWork(db, caller, caseId, { forUpdate: true });
    assertTransition(c.status, 'saveAgreement');
    const [existing] = await db
      .select()
      .from(mediationAgreements)
      .where(eq(mediationAgreements.caseId, c.id));
    const values = {
      kind: input.kind,
      partiesSummary: input.partiesSummary,
      mainFacts: input.mainFacts,
      disputedMatters: input.disputedMatters,
      responsibilities: input.responsibilities,
      signedOn: input.signedOn,
      copies: input.copies,
      judicialRequested: input.judicialRequested ?? false,
      updatedAt: ctx.now(),
    };
    let agreement: AgreementRow;
    if (existing) {
      [agreement] = (await db
        .update(mediationAgreements)
        .set(values)
        .where(eq(mediationAgreements.id, existing.id))
        .returning()) as [AgreementRow];
      await db.delete(mediationTerms).where(eq(mediationTerms.agreementId, existing.id));
    } else {
      const serial = await nextSerial(db, c.siteId, input.signedOn.slice(0, 4));
      [agreement] = (await db
        .insert(mediationAgreements)
        .values({ ...values, caseId: c.id, siteId: c.siteId, serial, createdBy: caller.userId })
        .returning()) as [AgreementRow];
    }
    const terms = await db
      .insert(mediationTerms)
      .values(input.terms.map((t, i) => ({ ...t, agreementId: agreement.id, seq: i + 1 })))
      .returning();
    await appendAudit(db, caller.actor, {
      action: existing ? 'mediation.agreement.update' : 'mediation.agreement.create',
      subjectType: 'mediation_case',
      subjectId: c.id,
      siteId: c.siteId,
      fields: [...STATUTORY, 'kind', 'signedOn', 'copies', 'judicialRequested', 'terms'],
    });
    return agreementViewOf(
      agreement,
      terms.sort((a, b) => a.seq - b.seq),
    );
  });
}

/**
 * A mediation that ended without agreement while the escalation risk is high: the police desk is
 * told (the alert carries the serial and type, no names). Exported for every conclusion path.
 */
export async function raiseNoAgreementAlert(w: AlertWrite, c: CaseRow): Promise<void> {
  if (c.risk !== 'high') return;
  await createAlert(w, {
    siteId: c.siteId,
    kind: 'mediation_no_agreement',
    level: 'warning',
    desk: 'police_office',
    at: w.now,
    dedupeKey: `case:${c.id}`,
    data: { caseId: c.id, serial: c.serial, type: c.type },
  });
}

/**
 * The outcome (state machine: in_mediation → fulfilment | closed). An agreement (written) needs
 * its recorded agreement; with pending terms the case goes to fulfilment, otherwise it closes (an
 * oral agreement performed on the spot, or nothing left to perform). No agreement at high risk
 * alerts the police desk.
 */
export async function concludeCase(
  ctx: AppContext,
  caller: MediationCaller,
  caseId: string,
  input: ConcludeInput,
): Promise<CaseRow> {
  const now = ctx.now();
  const write = await withAlertWrite(ctx.db, now, async (w) => {
    const c = await caseForWork(w.db, caller, caseId, { forUpdate: true });
    assertTransition(c.status, 'conclude');
    const agreed = input.outcome === 'agreement' || input.outcome === 'oral_agreement';
    const [agreement] = await w.db
      .select({ id: mediationAgreements.id })
      .from(mediationAgreements)
      .where(eq(mediationAgreements.caseId, c.id));
    if (input.outcome === 'agreement' && !agreement) {
      throw conflict('agreement_missing', m.msg('error.agreementNotFound'));
    }
    if (!agreed && agreement) {
      // An outcome without agreement drops a draft agreement recorded during the mediation.
      await w.db.delete(mediationAgreements).where(eq(mediationAgreements.id, agreement.id));
    }
    let pending = 0;
    if (agreed && agreement) {
      const [row] = await w.db
        .select({ n: sql<number>`count(*)::int` })
        .from(mediationTerms)
        .where(and(eq(mediationTerms.agreementId, agreement.id), eq(mediationTerms.status, 'pending')));
      pending = Number(row?.n ?? 0);
    }
    const status = assertTransition(c.status, 'conclude', agreed && pending > 0 ? 'fulfilment' : 'closed');
    const [updated] = await w.db
      .update(mediationCases)
      .set({
        status,
        outcome: input.outcome,
        referredTo: input.outcome === 'referred' ? input.referredTo : null,
        outcomeNote: input.note,
        concludedAt: now,
        closedAt: status === 'closed' ? now : null,
        updatedAt: now,
      })
      .where(eq(mediationCases.id, c.id))
      .returning();
    if (input.outcome === 'no_agreement') await raiseNoAgreementAlert(w, updated!);
    await appendAudit(w.db, caller.actor, {
      action: 'mediation.case.conclude',
      subjectType: 'mediation_case',
      subjectId: c.id,
      siteId: c.siteId,
      fields: ['status', 'outcome', 'referredTo', 'outcomeNote', 'concludedAt'],
    });
    return updated!;
  });
  await afterCommit(ctx, write);
  return write.result;
}

/** The judicial confirmation (date applied, court, 调确字 number, result) recorded on the agreement. */
export async function recordJudicial(
  ctx: AppContext,
  caller: MediationCaller,
  caseId: string,
  input: JudicialInput,
): Promise<MediationAgreement> {
  return ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const c = await caseForWork(db, caller, caseId, { forUpdate: true });
    assertTransition(c.status, 'judicial');
    const [a] = await db.select().from(mediationAgreements).where(eq(mediationAgreements.caseId, c.id));
    if (!a) throw new HttpError(404, 'not_found', m.msg('error.agreementNotFound'));
    if (input.appliedOn < a.signedOn) {
      const message = m.msg('error.judicialBeforeSigned');
      throw badRequest('validation_error', message, [{ field: 'body.appliedOn', message }]);
    }
    await db
      .update(mediationAgreements)
      .set({
        judicialAppliedOn: input.appliedOn,
        judicialCourt: input.court,
        judicialNumber: input.number,
        judicialResult: input.result,
        updatedAt: ctx.now(),
      })
      .where(eq(mediationAgreements.id, a.id));
    await appendAudit(db, caller.actor, {
      action: 'mediation.agreement.judicial',
      subjectType: 'mediation_case',
      subjectId: c.id,
      siteId: c.siteId,
      fields: ['judicialAppliedOn', 'judicialCourt', 'judicialNumber', 'judicialResult'],
    });
    return (await agreementOfCase(db, c.id))!;
  });
}

/** The people's mediator of the case's team: their roster name, else their login's display name. */
async function mediatorName(db: Db, caseId: string): Promise<string> {
  const [row] = await db
    .select({ roster: mediationRoster.name, user: users.displayName })
    .from(mediationTeam)
    .leftJoin(mediationRoster, eq(mediationRoster.id, mediationTeam.rosterId))
    .leftJoin(users, eq(users.id, mediationTeam.userId))
    .where(and(eq(mediationTeam.caseId, caseId), eq(mediationTeam.role, 'mediator')))
    .limit(1);
  return row?.roster ?? row?.user ?? m.text('zh-CN', 'pdf.blank');
}

/** What the PDF prints, from the rows (parties' phones opened; the read is audited). */
export async function agreementPrint(ctx: AppContext, db: Db, c: CaseRow): Promise<AgreementPrint> {
  const [a] = await db.select().from(mediationAgreements).where(eq(mediationAgreements.caseId, c.id));
  if (!a) throw new HttpError(404, 'not_found', m.msg('error.agreementNotFound'));
  const [terms, parties, [site], mediator] = await Promise.all([
    db
      .select()
      .from(mediationTerms)
      .where(eq(mediationTerms.agreementId, a.id))
      .orderBy(asc(mediationTerms.seq)),
    db
      .select()
      .from(mediationParties)
      .where(eq(mediationParties.caseId, c.id))
      .orderBy(asc(mediationParties.role)),
    db.select({ name: sites.name }).from(sites).where(eq(sites.id, c.siteId)),
    mediatorName(db, c.id),
  ]);
  return {
    serial: a.serial,
    committee: m.text('zh-CN', 'pdf.committee', { site: site?.name ?? '' }),
    signedOn: a.signedOn,
    copies: a.copies,
    parties: parties.map((p) => ({
      role: p.role,
      name: p.name,
      phone: openSealed(ctx.keyring, 'phone', p.phoneEnc),
      address: p.address,
    })),
    partiesSummary: a.partiesSummary,
    mainFacts: a.mainFacts,
    disputedMatters: a.disputedMatters,
    responsibilities: a.responsibilities,
    terms: terms.map((t) => ({ ...termView(t) })),
    mediatorName: mediator,
    judicial: {
      appliedOn: a.judicialAppliedOn,
      court: a.judicialCourt,
      number: a.judicialNumber,
      result: a.judicialResult,
    },
    sealPng: null,
  };
}

/** The agreement as a PDF for a caller who may work on the case (audited: it prints party details). */
export async function agreementPdf(
  ctx: AppContext,
  caller: MediationCaller,
  caseId: string,
): Promise<{ serial: string; pdf: Uint8Array }> {
  const c = await caseForWork(ctx.db, caller, caseId);
  const print = await agreementPrint(ctx, ctx.db, c);
  await appendAudit(ctx.db, caller.actor, {
    action: 'mediation.agreement.pdf',
    subjectType: 'mediation_case',
    subjectId: c.id,
    siteId: c.siteId,
    fields: ['parties.name', 'parties.phone', 'parties.address'],
  });
  return { serial: print.serial, pdf: await renderAgreementPdf(print) };
}

export const todayOf = (ctx: AppContext) => shanghaiDate(ctx.now());
