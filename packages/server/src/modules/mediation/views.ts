import { MEDIATION_JUDICIAL_DAYS, type MediationAgreement } from '@anju/contracts';
import { addDays } from '../../platform/time.ts';
import type { mediationAgreements, mediationTerms } from './schema.ts';

/** The agreement and its terms as the API shows them (the case detail and the agreement routes). */
export type AgreementRow = typeof mediationAgreements.$inferSelect;
type TermRow = typeof mediationTerms.$inferSelect;

export function termView(t: TermRow) {
  return {
    id: t.id,
    seq: t.seq,
    text: t.text,
    obligor: t.obligor,
    how: t.how,
    place: t.place,
    dueOn: t.dueOn,
    status: t.status,
    settledOn: t.settledOn,
    note: t.note,
  };
}

export function agreementViewOf(a: AgreementRow, terms: TermRow[]): MediationAgreement {
  return {
    id: a.id,
    serial: a.serial,
    kind: a.kind,
    partiesSummary: a.partiesSummary,
    mainFacts: a.mainFacts,
    disputedMatters: a.disputedMatters,
    responsibilities: a.responsibilities,
    signedOn: a.signedOn,
    copies: a.copies,
    judicialRequested: a.judicialRequested,
    judicialAppliedOn: a.judicialAppliedOn,
    judicialCourt: a.judicialCourt,
    judicialNumber: a.judicialNumber,
    judicialResult: a.judicialResult,
    judicialDeadline: addDays(a.signedOn, MEDIATION_JUDICIAL_DAYS),
    terms: terms.map(termView),
    createdAt: a.createdAt.toISOString(),
  };
}
