/**
 * Mediation ("2+N" 矛盾纠纷化解, issue 16): intake of a dispute, grading (on the spot or a "2+N"
 * case), the team (one officer/auxiliary + one people's mediator + N roster members), sessions
 * with their record (调解笔录), the police-only violation record, the outcome, the statutory
 * agreement (人民调解协议书) with its terms, follow-up visits, judicial confirmation and statistics.
 *
 * Times: instants are ISO 8601 strings; dates are Asia/Shanghai calendar dates 'YYYY-MM-DD'.
 */
import { z } from 'zod';
import type { Lang } from './i18n.ts';
import { mediationContractMessages as m } from './mediation.messages.ts';
import { normalizePhone } from './validators.ts';

export const MEDIATION_TYPES = [
  'noise',
  'dog',
  'rental',
  'property',
  'high_rise',
  'neighbour',
  'family',
  'debt',
  'other',
] as const;
export type MediationType = (typeof MEDIATION_TYPES)[number];
export const MEDIATION_SOURCES = ['incident', 'walk_in', 'phone', 'referral'] as const;
export type MediationSource = (typeof MEDIATION_SOURCES)[number];
/** Sources whose first contact is due within an hour (a call waits for someone). */
export const MEDIATION_CALL_SOURCES: readonly MediationSource[] = ['incident', 'phone'];
export const MEDIATION_STATUSES = [
  'intake',
  'graded',
  'team_ready',
  'in_mediation',
  'fulfilment',
  'closed',
] as const;
export type MediationStatus = (typeof MEDIATION_STATUSES)[number];
export const MEDIATION_GRADES = ['on_spot', 'two_plus_n'] as const;
export type MediationGrade = (typeof MEDIATION_GRADES)[number];
export const MEDIATION_OUTCOMES = ['agreement', 'oral_agreement', 'no_agreement', 'referred'] as const;
export type MediationOutcome = (typeof MEDIATION_OUTCOMES)[number];
/** Outcomes that count as "agreement reached" in the success rate. */
export const MEDIATION_AGREED_OUTCOMES: readonly MediationOutcome[] = ['agreement', 'oral_agreement'];
export const MEDIATION_REFERRED_TO = ['court', 'arbitration', '12345', 'department'] as const;
export type MediationReferredTo = (typeof MEDIATION_REFERRED_TO)[number];
export const MEDIATION_RISKS = ['low', 'medium', 'high'] as const;
export type MediationRisk = (typeof MEDIATION_RISKS)[number];
export const ROSTER_KINDS = ['people_mediator', 'lawyer', 'elder', 'deputy', 'cppcc', 'other'] as const;
export type RosterKind = (typeof ROSTER_KINDS)[number];
export const TEAM_ROLES = ['officer', 'mediator', 'member'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];
export const PARTY_ROLES = ['applicant', 'respondent', 'other'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];
export const TERM_STATUSES = ['pending', 'performed', 'not_performed'] as const;
export type TermStatus = (typeof TERM_STATUSES)[number];
export const SESSION_PLACE_KINDS = ['room', 'on_site'] as const;
export type SessionPlaceKind = (typeof SESSION_PLACE_KINDS)[number];
export const AGREEMENT_KINDS = ['written', 'oral'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];
export const MEDIATION_LIST_MAX = 200;
/** Attachments: PNG, JPEG or PDF (checked by content), at most this many bytes. */
export const MEDIATION_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const MEDIATION_FILE_TYPES = ['image/png', 'image/jpeg', 'application/pdf'] as const;
/** Deadlines from acceptance: first contact (call sources), grading, conclusion. */
export const MEDIATION_FIRST_CONTACT_HOURS = 1;
export const MEDIATION_GRADING_HOURS = 24;
export const MEDIATION_CONCLUDE_MONTHS = 1;
/** Judicial confirmation must be applied for within 30 days of the agreement (人民调解法 Art. 33). */
export const MEDIATION_JUDICIAL_DAYS = 30;
/** Days before that limit the reminder (alert `mediation_judicial_due`, the console's warning) starts. */
export const MEDIATION_JUDICIAL_REMINDER_DAYS = 5;
/** Repeat calls about the same parties within this many days count in the statistics. */
export const MEDIATION_REPEAT_DAYS = 90;

type Group =
  | 'type'
  | 'source'
  | 'status'
  | 'grade'
  | 'outcome'
  | 'referredTo'
  | 'risk'
  | 'rosterKind'
  | 'teamRole'
  | 'partyRole'
  | 'termStatus'
  | 'placeKind'
  | 'agreementKind';
/** The label of a code in a language: `mediationLabel('en', 'type', 'noise')`. */
export function mediationLabel(lang: Lang, group: Group, code: string): string {
  const texts = (m.entries as Record<string, { zh: string; en: string }>)[`${group}.${code}`];
  return texts ? (lang === 'en' ? texts.en : texts.zh) : code;
}

// ---- Field builders ----

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (v: string) => {
  const d = new Date(`${v}T00:00:00Z`);
  return DATE.test(v) && !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};
const dateField = z
  .string({ error: m.key('field.dateInvalid') })
  .refine(isRealDate, m.key('field.dateInvalid'));
const instantField = z.iso.datetime({ offset: true, error: m.key('field.instantInvalid') });
const siteIdField = z.uuid(m.key('field.siteIdInvalid'));
const idField = z.uuid(m.key('field.idInvalid'));
const text = (max: number) =>
  z
    .string({ error: m.key('field.required') })
    .trim()
    .max(max, m.key('field.textTooLong', { max }));
/** Required text: not blank. */
const needed = (max: number) => text(max).min(1, m.key('field.required'));
const int = (min: number, max: number) =>
  z.coerce
    .number({ error: m.key('field.numberRange', { min, max }) })
    .int(m.key('field.numberRange', { min, max }))
    .min(min, m.key('field.numberRange', { min, max }))
    .max(max, m.key('field.numberRange', { min, max }));
/** 'true' / 'false' in a query string. */
const queryBool = z.enum(['true', 'false'], { error: m.key('field.boolean') }).transform((v) => v === 'true');
const phoneInput = z.string({ error: m.key('field.phoneInvalid') }).transform((v, ctx) => {
  const normalised = normalizePhone(v);
  if (!normalised) {
    ctx.addIssue({ code: 'custom', message: m.key('field.phoneInvalid') });
    return z.NEVER;
  }
  return normalised;
});

export const mediationSiteQuerySchema = z.object({ siteId: siteIdField });
export const mediationIdParamsSchema = z.object({ id: idField });

// ---- Intake ----

/** A party: a registry person (name taken from the registry) or a new person by name. */
export const mediationPartyInputSchema = z
  .object({
    role: z.enum(PARTY_ROLES),
    personId: idField.nullable().default(null),
    name: text(40).nullable().default(null),
    phone: phoneInput.nullable().default(null),
    address: text(200).nullable().default(null),
  })
  .superRefine((p, ctx) => {
    if (!p.personId && !p.name)
      ctx.addIssue({ code: 'custom', message: m.key('field.partyNameOrPerson'), path: ['name'] });
  });
export type MediationPartyInput = z.input<typeof mediationPartyInputSchema>;

export const mediationCaseInputSchema = z
  .object({
    siteId: siteIdField,
    source: z.enum(MEDIATION_SOURCES),
    /** the police call (incidents register) it came from; required when source = incident */
    incidentId: idField.nullable().default(null),
    /** who referred it (property company, residents' committee) or how it came in */
    sourceNote: text(200).nullable().default(null),
    type: z.enum(MEDIATION_TYPES),
    facts: needed(4000),
    amountCents: int(0, 100_000_000_000).nullable().default(null),
    risk: z.enum(MEDIATION_RISKS),
    riskReasons: text(1000).nullable().default(null),
    violationInvolved: z.boolean().default(false),
    /** when it was accepted; defaults to now, never in the future (the server checks) */
    acceptedAt: instantField.optional(),
    parties: z.array(mediationPartyInputSchema).min(2, m.key('field.partiesMin')).max(20),
  })
  .superRefine((c, ctx) => {
    if (c.source === 'incident' && !c.incidentId)
      ctx.addIssue({ code: 'custom', message: m.key('field.incidentRequired'), path: ['incidentId'] });
  });
export type MediationCaseInput = z.input<typeof mediationCaseInputSchema>;

export const mediationListQuerySchema = z.object({
  siteId: siteIdField,
  status: z.enum(MEDIATION_STATUSES).optional(),
  type: z.enum(MEDIATION_TYPES).optional(),
  grade: z.enum(MEDIATION_GRADES).optional(),
  /** only cases past a deadline (first contact, grading or conclusion) */
  overdue: queryBool.optional(),
  /** words in the serial, the facts or a party's name */
  q: text(50).optional(),
  limit: int(1, MEDIATION_LIST_MAX).default(50),
  offset: int(0, 1_000_000).default(0),
});
export type MediationListQuery = z.input<typeof mediationListQuerySchema>;

// ---- Actions on a case ----

export const mediationContactInputSchema = z.object({ note: text(500).nullable().default(null) });
export const mediationSettleOnSpotInputSchema = z.object({
  outcome: z.enum(['agreement', 'oral_agreement']),
  note: needed(2000),
});
export const mediationGradeInputSchema = z.object({ note: text(500).nullable().default(null) });
export const mediationExtendInputSchema = z.object({
  concludeDue: instantField,
  /** the parties' consent to the extension, as recorded */
  consentNote: needed(500),
});
export const mediationTeamInputSchema = z.object({
  /** the "2": a police or auxiliary user of the site … */
  officerUserId: idField,
  /** … and a people's mediator of the roster */
  mediatorRosterId: idField,
  /** the "N": other roster members (lawyers, elders, deputies, CPPCC members, …) */
  memberRosterIds: z.array(idField).max(20).default([]),
});
export type MediationTeamInput = z.input<typeof mediationTeamInputSchema>;
/** A roster member declares a relation to a party: they can no longer join this case's team. */
export const mediationRecusalInputSchema = z.object({ rosterId: idField, reason: needed(200) });
export const mediationViolationInputSchema = z.object({
  facts: needed(4000),
  consequencesTold: needed(2000),
  toldAt: instantField.optional(),
});

export const mediationSessionPlaceInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('room'), resourceId: idField }),
  z.object({ kind: z.literal('on_site'), text: needed(200) }),
]);
/** Schedule a session; with `record` it is recorded at once (the case moves to in_mediation). */
export const mediationSessionInputSchema = z
  .object({
    startsAt: instantField,
    endsAt: instantField,
    place: mediationSessionPlaceInputSchema,
    attendees: z.array(needed(60)).max(30).default([]),
    statements: text(8000).nullable().default(null),
    /** the lawyer's free legal advice */
    legalAdvice: text(4000).nullable().default(null),
    record: text(8000).nullable().default(null),
  })
  .superRefine((s, ctx) => {
    if (Date.parse(s.endsAt) <= Date.parse(s.startsAt))
      ctx.addIssue({ code: 'custom', message: m.key('field.endBeforeStart'), path: ['endsAt'] });
  });
export type MediationSessionInput = z.input<typeof mediationSessionInputSchema>;
/** Cancelling a scheduled (not yet recorded) session: why, told to the parties. */
export const mediationSessionCancelInputSchema = z.object({ reason: needed(500) });
export type MediationSessionCancelInput = z.input<typeof mediationSessionCancelInputSchema>;
/** Record a scheduled session (调解笔录). */
export const mediationSessionRecordInputSchema = z.object({
  attendees: z.array(needed(60)).max(30).optional(),
  statements: text(8000).nullable().default(null),
  legalAdvice: text(4000).nullable().default(null),
  record: needed(8000),
});

export const mediationConcludeInputSchema = z
  .object({
    outcome: z.enum(MEDIATION_OUTCOMES),
    referredTo: z.enum(MEDIATION_REFERRED_TO).nullable().default(null),
    /** for no_agreement: what the parties were told (they may sue or go to the department) */
    note: text(2000).nullable().default(null),
  })
  .superRefine((c, ctx) => {
    if (c.outcome === 'referred' && !c.referredTo)
      ctx.addIssue({ code: 'custom', message: m.key('field.referredToRequired'), path: ['referredTo'] });
    if ((c.outcome === 'referred' || c.outcome === 'no_agreement') && !c.note)
      ctx.addIssue({ code: 'custom', message: m.key('field.required'), path: ['note'] });
  });
export type MediationConcludeInput = z.input<typeof mediationConcludeInputSchema>;

// ---- Agreement, terms, follow-ups, judicial confirmation ----

export const mediationTermInputSchema = z.object({
  text: needed(1000),
  /** which party performs it */
  obligor: needed(60),
  how: needed(500),
  place: needed(200),
  dueOn: dateField,
});
/** The statutory content of 人民调解协议书 (人民调解法 Art. 29); every field is required. */
export const mediationAgreementInputSchema = z
  .object({
    kind: z.enum(AGREEMENT_KINDS).default('written'),
    partiesSummary: needed(2000),
    mainFacts: needed(4000),
    disputedMatters: needed(2000),
    responsibilities: needed(2000),
    signedOn: dateField,
    copies: int(1, 10).default(3),
    /** the parties jointly asked for judicial confirmation (人民调解法 Art. 33): the 30-day reminder applies */
    judicialRequested: z.boolean().default(false),
    terms: z.array(mediationTermInputSchema).min(1, m.key('field.termsMin')).max(30),
  })
  .superRefine((a, ctx) => {
    a.terms.forEach((t, i) => {
      if (isRealDate(t.dueOn) && isRealDate(a.signedOn) && t.dueOn < a.signedOn)
        ctx.addIssue({
          code: 'custom',
          message: m.key('field.dueBeforeSigned'),
          path: ['terms', i, 'dueOn'],
        });
    });
  });
export type MediationAgreementInput = z.input<typeof mediationAgreementInputSchema>;
export const mediationJudicialInputSchema = z.object({
  appliedOn: dateField,
  court: needed(100),
  /** 调确字 number, when the court has given one */
  number: text(60).nullable().default(null),
  result: text(500).nullable().default(null),
});
export const mediationTermSettleInputSchema = z
  .object({
    status: z.enum(['performed', 'not_performed']),
    settledOn: dateField,
    /** for not_performed: what happened next */
    note: text(1000).nullable().default(null),
  })
  .superRefine((s, ctx) => {
    if (s.status === 'not_performed' && !s.note)
      ctx.addIssue({ code: 'custom', message: m.key('field.required'), path: ['note'] });
  });
export const mediationFollowupInputSchema = z.object({
  termId: idField.nullable().default(null),
  dueOn: dateField,
  note: text(1000).nullable().default(null),
});
export const mediationFollowupDoneInputSchema = z.object({ note: needed(1000) });

// ---- Roster ----

export const mediationRosterInputSchema = z.object({
  siteId: siteIdField,
  /** the login of a member who works in the console (role mediator) */
  userId: idField.nullable().default(null),
  /** the registry person, for recusal (same household as a party) */
  personId: idField.nullable().default(null),
  name: needed(40),
  kind: z.enum(ROSTER_KINDS),
  specialities: z
    .array(z.enum(MEDIATION_TYPES, { error: m.key('field.specialitiesInvalid') }))
    .max(9)
    .default([]),
  availability: text(200).nullable().default(null),
  phone: phoneInput.nullable().default(null),
  active: z.boolean().default(true),
});
export type MediationRosterInput = z.input<typeof mediationRosterInputSchema>;
export const mediationRosterPatchSchema = z.object({
  userId: idField.nullable().optional(),
  personId: idField.nullable().optional(),
  name: needed(40).optional(),
  kind: z.enum(ROSTER_KINDS).optional(),
  specialities: z
    .array(z.enum(MEDIATION_TYPES, { error: m.key('field.specialitiesInvalid') }))
    .max(9)
    .optional(),
  availability: text(200).nullable().optional(),
  phone: phoneInput.nullable().optional(),
  active: z.boolean().optional(),
});

// ---- Statistics ----

export const mediationStatsQuerySchema = z
  .object({ siteId: siteIdField, from: dateField.optional(), to: dateField.optional() })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.to < q.from)
      ctx.addIssue({ code: 'custom', message: m.key('field.rangeOrder'), path: ['to'] });
  });

// ---- Outputs ----

export const mediationOverdueSchema = z.object({
  firstContact: z.boolean(),
  grading: z.boolean(),
  conclude: z.boolean(),
});
/** GET /mediation/overdue: open cases past each deadline (a case may count under several kinds). */
export const mediationOverdueCountsSchema = z.object({
  firstContact: z.number(),
  grading: z.number(),
  conclude: z.number(),
  /** cases past any deadline (what the list's overdue filter shows) */
  total: z.number(),
});
export type MediationOverdueCounts = z.infer<typeof mediationOverdueCountsSchema>;
export const mediationCaseListItemSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  serial: z.string(),
  source: z.enum(MEDIATION_SOURCES),
  type: z.enum(MEDIATION_TYPES),
  status: z.enum(MEDIATION_STATUSES),
  grade: z.enum(MEDIATION_GRADES).nullable(),
  outcome: z.enum(MEDIATION_OUTCOMES).nullable(),
  risk: z.enum(MEDIATION_RISKS),
  violationInvolved: z.boolean(),
  acceptedAt: z.string(),
  firstContactDue: z.string().nullable(),
  gradingDue: z.string(),
  concludeDue: z.string(),
  overdue: mediationOverdueSchema,
  /** the team sees the names; only staff who can read the case see the list at all */
  partyNames: z.array(z.string()),
});
export type MediationCaseListItem = z.infer<typeof mediationCaseListItemSchema>;
export const mediationCaseListSchema = z.object({
  items: z.array(mediationCaseListItemSchema),
  total: z.number(),
});

export const mediationPartySchema = z.object({
  id: z.string(),
  role: z.enum(PARTY_ROLES),
  personId: z.string().nullable(),
  name: z.string(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
});
export const mediationTeamMemberSchema = z.object({
  id: z.string(),
  role: z.enum(TEAM_ROLES),
  userId: z.string().nullable(),
  rosterId: z.string().nullable(),
  name: z.string(),
  kind: z.enum(ROSTER_KINDS).nullable(),
  addedAt: z.string(),
});
export const mediationSessionSchema = z.object({
  id: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  placeKind: z.enum(SESSION_PLACE_KINDS),
  placeText: z.string().nullable(),
  roomResourceId: z.string().nullable(),
  roomReservationRef: z.string().nullable(),
  attendees: z.array(z.string()),
  statements: z.string().nullable(),
  legalAdvice: z.string().nullable(),
  record: z.string().nullable(),
  recordedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type MediationSession = z.infer<typeof mediationSessionSchema>;
export const mediationFileSchema = z.object({
  id: z.string(),
  sessionId: z.string().nullable(),
  fileName: z.string(),
  contentType: z.enum(MEDIATION_FILE_TYPES),
  size: z.number(),
  createdAt: z.string(),
});
export const mediationViolationSchema = z.object({
  facts: z.string(),
  consequencesTold: z.string(),
  toldAt: z.string(),
  recordedBy: z.string().nullable(),
});
export const mediationTermSchema = z.object({
  id: z.string(),
  seq: z.number(),
  text: z.string(),
  obligor: z.string(),
  how: z.string(),
  place: z.string(),
  dueOn: z.string(),
  status: z.enum(TERM_STATUSES),
  settledOn: z.string().nullable(),
  note: z.string().nullable(),
});
export type MediationTerm = z.infer<typeof mediationTermSchema>;
export const mediationAgreementSchema = z.object({
  id: z.string(),
  serial: z.string(),
  kind: z.enum(AGREEMENT_KINDS),
  partiesSummary: z.string(),
  mainFacts: z.string(),
  disputedMatters: z.string(),
  responsibilities: z.string(),
  signedOn: z.string(),
  copies: z.number(),
  /** the parties jointly asked for judicial confirmation */
  judicialRequested: z.boolean(),
  judicialAppliedOn: z.string().nullable(),
  judicialCourt: z.string().nullable(),
  judicialNumber: z.string().nullable(),
  judicialResult: z.string().nullable(),
  /** the last day to apply for judicial confirmation (signedOn + 30 days) */
  judicialDeadline: z.string(),
  terms: z.array(mediationTermSchema),
  createdAt: z.string(),
});
export type MediationAgreement = z.infer<typeof mediationAgreementSchema>;
export const mediationFollowupSchema = z.object({
  id: z.string(),
  termId: z.string().nullable(),
  dueOn: z.string(),
  doneAt: z.string().nullable(),
  byUserId: z.string().nullable(),
  note: z.string().nullable(),
});
export const mediationCaseDetailSchema = mediationCaseListItemSchema.extend({
  incidentId: z.string().nullable(),
  sourceNote: z.string().nullable(),
  facts: z.string(),
  amountCents: z.number().nullable(),
  riskReasons: z.string().nullable(),
  referredTo: z.enum(MEDIATION_REFERRED_TO).nullable(),
  outcomeNote: z.string().nullable(),
  firstContactAt: z.string().nullable(),
  extensionNote: z.string().nullable(),
  gradedAt: z.string().nullable(),
  concludedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  parties: z.array(mediationPartySchema),
  team: z.array(mediationTeamMemberSchema),
  sessions: z.array(mediationSessionSchema),
  files: z.array(mediationFileSchema),
  /** police only (mediation.violation); null for others and when none is recorded */
  violation: mediationViolationSchema.nullable(),
  /** whether a violation record exists (everyone on the case may know that, not its content) */
  violationRecorded: z.boolean(),
  agreement: mediationAgreementSchema.nullable(),
  followups: z.array(mediationFollowupSchema),
  /** the actions the state machine allows now (the console shows only these buttons) */
  allowed: z.array(z.string()),
});
export type MediationCaseDetail = z.infer<typeof mediationCaseDetailSchema>;

export const mediationRosterMemberSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  userId: z.string().nullable(),
  personId: z.string().nullable(),
  name: z.string(),
  kind: z.enum(ROSTER_KINDS),
  specialities: z.array(z.enum(MEDIATION_TYPES)),
  availability: z.string().nullable(),
  /** masked for everyone but police */
  phone: z.string().nullable(),
  active: z.boolean(),
});
export type MediationRosterMember = z.infer<typeof mediationRosterMemberSchema>;
export const mediationRosterListSchema = z.object({ items: z.array(mediationRosterMemberSchema) });
export const mediationSuggestionSchema = mediationRosterMemberSchema.extend({
  /** the dispute type is among the member's specialities */
  matches: z.boolean(),
  /** why the member cannot join (same household as a party, declared relation), or null */
  recusedReason: z.string().nullable(),
});
export const mediationSuggestionListSchema = z.object({ items: z.array(mediationSuggestionSchema) });

export const mediationStatsSchema = z.object({
  siteId: z.string(),
  from: z.string(),
  to: z.string(),
  accepted: z.number(),
  onSpot: z.number(),
  twoPlusN: z.number(),
  concluded: z.number(),
  agreements: z.number(),
  /** agreements / concluded; null when nothing was concluded */
  successRate: z.number().nullable(),
  /** fulfilled agreements / agreements whose terms are all due; null when none are due */
  fulfilmentRate: z.number().nullable(),
  avgDaysToConclude: z.number().nullable(),
  repeatParties90d: z.number(),
  byType: z.array(
    z.object({
      type: z.enum(MEDIATION_TYPES),
      accepted: z.number(),
      concluded: z.number(),
      agreements: z.number(),
    }),
  ),
  byMonth: z.array(
    z.object({ month: z.string(), accepted: z.number(), concluded: z.number(), agreements: z.number() }),
  ),
});
export type MediationStats = z.infer<typeof mediationStatsSchema>;
