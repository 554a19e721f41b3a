/**
 * The resident's own data (PIPL Art. 45–47): one file of everything held about them and their
 * household, produced for themselves on their phone or by the police office at the counter; and
 * correction requests, which reach the property desk or the police office as an alert of kind
 * `correction_request` and come back to the resident with the outcome.
 */
import { z } from 'zod';
import { type AlertDesk, ALERT_DESKS } from './alerts.ts';
import { ACCESS_DECISIONS, ACCESS_METHODS, accessReasonSchema, GATE_DIRECTIONS } from './access.ts';
import type { Lang } from './i18n.ts';
import { privacyMessages as m } from './privacy.messages.ts';
import { personPatchSchema, residencyRowSchema, visitSchema } from './registry.ts';

export { privacyMessages } from './privacy.messages.ts';

// ---------------------------------------------------------------------------------------------
// Correction requests (PIPL Art. 46)

/** What a resident can ask to have corrected: the record's own fields, or a free description. */
export const CORRECTION_FIELDS = [
  'name',
  'idNumber',
  'gender',
  'ethnicity',
  'phone',
  'hukouAddress',
  'hukouRegionCode',
  'workplace',
  'emergencyContactName',
  'emergencyContactPhone',
  'vehiclePlates',
  'residency',
  'tenancy',
  'other',
] as const;
export type CorrectionField = (typeof CORRECTION_FIELDS)[number];

/** A field's name in one language. */
export const correctionFieldLabel = (field: CorrectionField, lang: Lang): string =>
  m.text(lang, `field.${field}`);

/**
 * A field's name as a message key (`privacy.field.phone`), to pass as a parameter of another
 * message (it is rendered in the reader's language with it) or to render with `renderKey`.
 */
export const CORRECTION_FIELD_LABEL_KEYS = Object.fromEntries(
  CORRECTION_FIELDS.map((f) => [f, m.key(`field.${f}`)]),
) as Record<CorrectionField, string>;

/**
 * Identity and household-registration facts are the police office's to verify (户籍与身份核查);
 * contact details, vehicles, residency and tenancy are kept by the property desk.
 */
export const CORRECTION_DESKS: Record<CorrectionField, AlertDesk> = {
  name: 'police_office',
  idNumber: 'police_office',
  gender: 'police_office',
  ethnicity: 'police_office',
  hukouAddress: 'police_office',
  hukouRegionCode: 'police_office',
  phone: 'property_desk',
  workplace: 'property_desk',
  emergencyContactName: 'property_desk',
  emergencyContactPhone: 'property_desk',
  vehiclePlates: 'property_desk',
  residency: 'property_desk',
  tenancy: 'property_desk',
  other: 'property_desk',
};

/** Fields whose proposed value staff can write straight into the person record on accepting. */
export const APPLICABLE_CORRECTION_FIELDS = [
  'name',
  'idNumber',
  'gender',
  'ethnicity',
  'phone',
  'hukouAddress',
  'hukouRegionCode',
  'workplace',
  'emergencyContactName',
  'emergencyContactPhone',
  'vehiclePlates',
] as const satisfies readonly CorrectionField[];
type ApplicableField = (typeof APPLICABLE_CORRECTION_FIELDS)[number];

const isApplicable = (field: CorrectionField): field is ApplicableField =>
  (APPLICABLE_CORRECTION_FIELDS as readonly string[]).includes(field);

/** What a resident may type for a gender: the words themselves, in either language (input, not text shown). */
const GENDER_WORDS: Record<string, string> = { 男: 'male', 女: 'female', male: 'male', female: 'female' };

/**
 * The person-record change a correction asks for, checked by the registry's own edit rules:
 * `null` for fields staff correct by hand (residency, tenancy, other), else the patch or the
 * first problem with the proposed value.
 */
export function correctionPatch(
  field: CorrectionField,
  proposedValue: string,
): { ok: true; patch: Record<string, unknown> } | { ok: false; message: string } | null {
  if (!isApplicable(field)) return null;
  const value = proposedValue.trim();
  const input =
    field === 'vehiclePlates'
      ? value.split(/[\s,，、;；]+/).filter(Boolean)
      : field === 'gender'
        ? (GENDER_WORDS[value.toLowerCase()] ?? value)
        : value;
  const parsed = personPatchSchema.pick({ [field]: true } as { [K in ApplicableField]?: true }).safeParse({
    [field]: input,
  });
  if (!parsed.success)
    return { ok: false, message: parsed.error.issues[0]?.message ?? m.key('correction.invalidValue') };
  return { ok: true, patch: parsed.data };
}

/** A message for a value left out (or null), another for one of the wrong type. */
const missingOr = (required: string, invalid: string) => (issue: { input?: unknown }) =>
  issue.input === undefined || issue.input === null ? required : invalid;

const PROPOSED_VALUE_MAX = 200;
const NOTE_MAX = 500;

/** POST /privacy/me/corrections */
export const correctionInputSchema = z
  .object({
    field: z.enum(CORRECTION_FIELDS, { error: m.key('correction.fieldRequired') }),
    proposedValue: z
      .string({ error: missingOr(m.key('correction.valueRequired'), m.key('correction.valueInvalid')) })
      .trim()
      .max(PROPOSED_VALUE_MAX, m.key('correction.valueTooLong', { max: PROPOSED_VALUE_MAX }))
      .min(1, m.key('correction.valueRequired')),
    note: z
      .string({ error: missingOr(m.key('correction.noteRequired'), m.key('correction.noteInvalid')) })
      .trim()
      .max(NOTE_MAX, m.key('correction.noteTooLong', { max: NOTE_MAX }))
      .optional(),
  })
  .superRefine((v, ctx) => {
    const checked = correctionPatch(v.field, v.proposedValue);
    if (checked && !checked.ok)
      ctx.addIssue({ code: 'custom', path: ['proposedValue'], message: checked.message });
  });
export type CorrectionInput = z.input<typeof correctionInputSchema>;

/** POST /privacy/corrections/:alertId/decide */
export const correctionDecisionSchema = z.object({
  outcome: z.enum(['accepted', 'rejected'], { error: m.key('decision.outcome') }),
  note: z
    .string({ error: m.key('decision.noteRequired') })
    .trim()
    .min(2, m.key('decision.noteTooShort', { min: 2 }))
    .max(NOTE_MAX, m.key('decision.noteTooLong', { max: NOTE_MAX })),
  /** accepted: also write the proposed value into the person record (record fields only) */
  apply: z.boolean({ error: m.key('decision.apply') }).default(false),
});
export type CorrectionDecision = z.input<typeof correctionDecisionSchema>;

/**
 * pending: not yet looked at; in_progress: acknowledged by the desk; accepted / rejected: decided
 * with a note; closed: the alert was resolved without a decision (its note says what was done).
 */
export const CORRECTION_STATUSES = ['pending', 'in_progress', 'accepted', 'rejected', 'closed'] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];
/** A correction's status in one language. */
export const correctionStatusLabel = (status: CorrectionStatus, lang: Lang): string =>
  m.text(lang, `status.${status}`);

export const correctionSchema = z.object({
  id: z.string(),
  field: z.enum(CORRECTION_FIELDS),
  proposedValue: z.string(),
  note: z.string().nullable(),
  desk: z.enum(ALERT_DESKS),
  status: z.enum(CORRECTION_STATUSES),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  /** the desk's reason or what was corrected */
  decisionNote: z.string().nullable(),
  /** accepted, and the proposed value was written into the record */
  applied: z.boolean(),
});
export type Correction = z.infer<typeof correctionSchema>;

/** A correction as the desk handling it sees it (GET /privacy/corrections/:alertId). */
export const correctionDetailSchema = correctionSchema.extend({
  personId: z.string(),
  /** masked (张*) for the property desk */
  personName: z.string(),
  roomLabel: z.string().nullable(),
  /** whether accepting can write the value into the record */
  applicable: z.boolean(),
});
export type CorrectionDetail = z.infer<typeof correctionDetailSchema>;

// ---------------------------------------------------------------------------------------------
// The subject export (PIPL Art. 45)

/** POST /privacy/persons/:personId/export — the police office, for a person at the counter. */
export const counterExportSchema = z.object({
  requesterNote: z
    .string({ error: m.key('counter.noteRequired') })
    .trim()
    .min(2, m.key('counter.noteTooShort', { min: 2 }))
    .max(200, m.key('counter.noteTooLong', { max: 200 })),
});

export const SUBJECT_EXPORT_FORMAT = 'anju-subject-export';

export const subjectExportSchema = z.object({
  format: z.literal(SUBJECT_EXPORT_FORMAT),
  version: z.literal(1),
  generatedAt: z.string(),
  legalBasis: z.string(),
  requestedBy: z.object({
    kind: z.enum(['self', 'counter']),
    /** counter: who produced it, and the note on the person who asked */
    staffName: z.string().nullable(),
    requesterNote: z.string().nullable(),
  }),
  site: z.object({ id: z.string(), name: z.string() }),
  person: z.object({
    id: z.string(),
    name: z.string(),
    gender: z.enum(['male', 'female']),
    birthDate: z.string(),
    ethnicity: z.string(),
    idNumber: z.string(),
    phone: z.string().nullable(),
    hukouAddress: z.string().nullable(),
    hukouRegionCode: z.string().nullable(),
    workplace: z.string().nullable(),
    emergencyContactName: z.string().nullable(),
    emergencyContactPhone: z.string().nullable(),
    vehiclePlates: z.array(z.string()),
    careFlags: z.array(z.string()),
    status: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
  residencies: z.array(residencyRowSchema),
  /** the household(s) the person lives in: who is in it, not the other members' own records */
  households: z.array(
    z.object({
      id: z.string(),
      roomLabel: z.string(),
      members: z.array(
        z.object({
          name: z.string(),
          relationToHead: z.string().nullable(),
          type: z.string(),
          since: z.string(),
          validTo: z.string().nullable(),
          statusLabel: z.string(),
          isMe: z.boolean(),
        }),
      ),
    }),
  ),
  tenancies: z.array(
    z.object({
      id: z.string(),
      roomLabel: z.string(),
      role: z.enum(['tenant', 'landlord']),
      landlordName: z.string(),
      startDate: z.string(),
      endDate: z.string(),
      monthlyRent: z.number().nullable(),
      statusLabel: z.string(),
      tenants: z.array(z.string()),
      contractScanOnFile: z.boolean(),
    }),
  ),
  /** door-to-door visits: when, by whom, which fields changed */
  visits: z.array(visitSchema),
  consents: z.array(
    z.object({
      purpose: z.string(),
      textVersion: z.string(),
      channel: z.string(),
      guardianName: z.string().nullable(),
      grantedAt: z.string(),
      withdrawnAt: z.string().nullable(),
    }),
  ),
  /** kind, status and validity only: no PIN, no full card number, no face template */
  credentials: z.array(
    z.object({
      kind: z.enum(['card', 'pin', 'face']),
      status: z.string(),
      /** the last four characters of a card (****1234) */
      cardEnding: z.string().nullable(),
      validFrom: z.string().nullable(),
      validTo: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
  faceTemplates: z.array(
    z.object({
      modelId: z.string(),
      modelVersion: z.string(),
      source: z.string(),
      photoKept: z.boolean(),
      createdAt: z.string(),
    }),
  ),
  visitorPasses: z.array(
    z.object({
      visitorName: z.string(),
      validFrom: z.string(),
      validTo: z.string(),
      maxUses: z.number(),
      uses: z.number(),
      revoked: z.boolean(),
    }),
  ),
  accessLog: z.array(
    z.object({
      at: z.string(),
      gateName: z.string().nullable(),
      direction: z.enum(GATE_DIRECTIONS).nullable(),
      method: z.enum(ACCESS_METHODS),
      decision: z.enum(ACCESS_DECISIONS),
      reason: accessReasonSchema,
      reasonText: z.string(),
    }),
  ),
  alerts: z.array(
    z.object({
      kind: z.string(),
      kindLabel: z.string(),
      firstAt: z.string(),
      lastAt: z.string(),
      count: z.number(),
      statusLabel: z.string(),
      gateName: z.string().nullable(),
    }),
  ),
  corrections: z.array(correctionSchema),
  /** what the file leaves out and why, how long things are kept */
  notes: z.array(z.string()),
});
export type SubjectExport = z.infer<typeof subjectExportSchema>;
