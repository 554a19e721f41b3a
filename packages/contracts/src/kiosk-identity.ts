/**
 * The kiosk's identity side (issue 13): kiosk devices and their pairing, the simulated ID-card
 * reader, the person-and-ID check (人证核验), and the ID-card / residence-permit applications the
 * kiosk takes and police process. Prefix /api/v1/kiosk.
 */
import { z } from 'zod';
import type { Lang } from './i18n.ts';
import { kioskIdentityMessages as m } from './kiosk-identity.messages.ts';
import { serviceOfferSchema } from './kiosk.ts';
import { idNumberMessageKey, idNumberProblem } from './validators.ts';

export { kioskIdentityMessages } from './kiosk-identity.messages.ts';

// ---------------------------------------------------------------------------------------------
// Kiosk devices (console) and pairing (kiosk)

export const kioskDeviceSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  name: z.string(),
  version: z.string().nullable(),
  createdAt: z.string(),
  lastHeartbeatAt: z.string().nullable(),
  lastIp: z.string().nullable(),
  online: z.boolean(),
  revokedAt: z.string().nullable(),
});
export type KioskDevice = z.infer<typeof kioskDeviceSchema>;

export const kioskPairingCodeInputSchema = z.object({
  siteId: z.uuid(),
  name: z.string().trim().min(1, m.key('input.deviceName')).max(60, m.key('input.deviceName')),
});
export type KioskPairingCodeInput = z.infer<typeof kioskPairingCodeInputSchema>;

export const pairingCodeResultSchema = z.object({
  code: z.string(),
  expiresAt: z.string(),
  qrDataUrl: z.string(),
});
export type PairingCodeResult = z.infer<typeof pairingCodeResultSchema>;

export const kioskPairInputSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, m.key('input.pairingCode')),
  name: z.string().trim().min(1).max(60).optional(),
  version: z.string().trim().max(40).optional(),
});
export type KioskPairInput = z.infer<typeof kioskPairInputSchema>;

export const kioskPairResultSchema = z.object({
  token: z.string(),
  deviceId: z.string(),
  site: z.object({ id: z.string(), name: z.string() }),
});
export type KioskPairResult = z.infer<typeof kioskPairResultSchema>;

export const kioskHeartbeatInputSchema = z.object({ version: z.string().trim().max(40).optional() });
export const kioskHeartbeatResultSchema = z.object({
  ok: z.literal(true),
  site: z.object({ id: z.string(), name: z.string() }),
  office: z.object({ name: z.string(), phone: z.string(), hours: z.string() }),
  simulatedReader: z.boolean(),
});
export type KioskHeartbeatResult = z.infer<typeof kioskHeartbeatResultSchema>;

// ---------------------------------------------------------------------------------------------
// The ID card as a reader gives it (二代证: the chip's fields)

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, m.key('input.cardDate'));

export const idCardSchema = z.object({
  name: z.string().trim().min(1, m.key('input.cardName')).max(40, m.key('input.cardName')),
  sex: z.enum(['male', 'female'], { error: m.key('input.cardField') }),
  ethnicity: z.string().trim().max(20).default(''),
  birthDate: isoDate,
  address: z.string().trim().max(200).default(''),
  idNumber: z
    .string()
    .trim()
    .toUpperCase()
    .superRefine((v, ctx) => {
      const problem = idNumberProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: idNumberMessageKey(problem) });
    }),
  authority: z.string().trim().max(60).default(''),
  validFrom: isoDate,
  validTo: z.union([isoDate, z.literal('long')]),
  /** base64 JPEG from the chip; null when the reader gives none */
  chipPhoto: z.string().nullable(),
});
export type IdCard = z.infer<typeof idCardSchema>;
/** The card as the check takes it: the chip photo travels as a file beside it. */
export const idCardInputSchema = idCardSchema.omit({ chipPhoto: true });
export type IdCardInput = z.infer<typeof idCardInputSchema>;

export const simulatedCardsSchema = z.object({ cards: z.array(idCardSchema) });

// ---------------------------------------------------------------------------------------------
// The person-and-ID check (人证核验)

// KIOSK_SERVICES, KioskService, serviceOfferSchema and ServiceOffer are kiosk.ts's (one definition).

export const CHECK_OUTCOMES = [
  'passed',
  'invalid_id_number',
  'card_inconsistent',
  'card_expired',
  'face_mismatch',
  'no_face',
  'poor_quality',
  'liveness_failed',
  'face_locked',
  'engine_error',
] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

export const checkResultSchema = z.object({
  checkId: z.string(),
  expiresAt: z.string(),
  holder: z.object({ maskedName: z.string(), personId: z.string().nullable() }),
  services: z.array(serviceOfferSchema),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

// ---------------------------------------------------------------------------------------------
// ID photo rules (H5's modules/face/id-photo.ts)

export const idPhotoCheckResultSchema = z.object({
  ok: z.boolean(),
  problems: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type IdPhotoCheckResult = z.infer<typeof idPhotoCheckResultSchema>;

// ---------------------------------------------------------------------------------------------
// Applications (ID card, residence permit)

export const APPLICATION_KINDS = ['id_card', 'residence_permit'] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];

export const ID_CARD_REASONS = ['first', 'expiry', 'loss', 'damage'] as const;
export type IdCardReason = (typeof ID_CARD_REASONS)[number];

export const APPLICATION_STATUSES = [
  'submitted',
  'accepted',
  'changes_requested',
  'resubmitted',
  'approved',
  'rejected',
  'ready_for_pickup',
  'collected',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** The console's actions and where each may start. */
export const APPLICATION_ACTIONS = [
  'accept',
  'request-changes',
  'approve',
  'reject',
  'ready',
  'collected',
] as const;
export type ApplicationAction = (typeof APPLICATION_ACTIONS)[number];

export const APPLICATION_TRANSITIONS: Record<
  ApplicationAction,
  { from: readonly ApplicationStatus[]; to: ApplicationStatus }
> = {
  accept: { from: ['submitted', 'resubmitted'], to: 'accepted' },
  'request-changes': { from: ['submitted', 'accepted', 'resubmitted'], to: 'changes_requested' },
  approve: { from: ['accepted'], to: 'approved' },
  reject: { from: ['submitted', 'accepted', 'resubmitted'], to: 'rejected' },
  ready: { from: ['approved'], to: 'ready_for_pickup' },
  collected: { from: ['ready_for_pickup'], to: 'collected' },
};

/** What an officer can ask the applicant to fix. */
export const APPLICATION_FIX_FIELDS = ['photo', 'address', 'workplace', 'reason'] as const;
export type ApplicationFixField = (typeof APPLICATION_FIX_FIELDS)[number];

export const idCardDetailsSchema = z.object({
  reason: z.enum(ID_CARD_REASONS, { error: m.key('input.idCardReason') }),
});
export const residencePermitDetailsSchema = z.object({
  address: z.string().trim().min(1, m.key('input.address')).max(200, m.key('input.address')),
  workplace: z.string().trim().min(1, m.key('input.workplace')).max(100, m.key('input.workplace')),
});
export const applicationDetailsSchema = z.union([idCardDetailsSchema, residencePermitDetailsSchema]);
export type IdCardDetails = z.infer<typeof idCardDetailsSchema>;
export type ResidencePermitDetails = z.infer<typeof residencePermitDetailsSchema>;
export type ApplicationDetails = IdCardDetails | ResidencePermitDetails;

/** Multipart text fields of POST /terminal/applications (the photo is the `photo` file). */
export const applicationSubmitFieldsSchema = z.object({
  checkId: z.uuid(),
  kind: z.enum(APPLICATION_KINDS, { error: m.key('input.kind') }),
  /** JSON text: IdCardDetails or ResidencePermitDetails */
  details: z.string().max(2000),
});
export const applicationSubmitResultSchema = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.enum(APPLICATION_STATUSES),
});

export const applicationHistoryEntrySchema = z.object({
  at: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  note: z.string().nullable(),
  by: z.enum(['applicant', 'staff']),
});

export const applicationSchema = z.object({
  id: z.string(),
  reference: z.string(),
  siteId: z.string(),
  kind: z.enum(APPLICATION_KINDS),
  status: z.enum(APPLICATION_STATUSES),
  /** masked unless the reader may see full ID numbers */
  applicantName: z.string(),
  applicantIdNumber: z.string(),
  personId: z.string().nullable(),
  details: z.record(z.string(), z.string()),
  hasPhoto: z.boolean(),
  /** what the officer asked to have fixed (changes_requested) */
  fixFields: z.array(z.enum(APPLICATION_FIX_FIELDS)),
  note: z.string().nullable(),
  rejectReason: z.string().nullable(),
  pickupAt: z.string().nullable(),
  submittedAt: z.string(),
  updatedAt: z.string(),
  history: z.array(applicationHistoryEntrySchema),
});
export type Application = z.infer<typeof applicationSchema>;

export const applicationListQuerySchema = z.object({
  siteId: z.uuid().optional(),
  status: z.enum(APPLICATION_STATUSES).optional(),
  kind: z.enum(APPLICATION_KINDS).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type ApplicationListQuery = z.input<typeof applicationListQuerySchema>;

export const applicationListSchema = z.object({
  items: z.array(applicationSchema.omit({ history: true })),
  total: z.number(),
});

export const requestChangesInputSchema = z.object({
  fields: z.array(z.enum(APPLICATION_FIX_FIELDS)).min(1, m.key('input.fields')),
  note: z.string().trim().min(1, m.key('input.note')).max(500, m.key('input.note')),
});
export const rejectInputSchema = z.object({
  reason: z.string().trim().min(1, m.key('input.rejectReason')).max(500, m.key('input.rejectReason')),
});
export const readyInputSchema = z.object({
  note: z.string().trim().max(500, m.key('input.note')).optional(),
  pickupAt: z.iso.datetime({ error: m.key('input.pickupAt') }).optional(),
});
export const actionNoteInputSchema = z.object({
  note: z.string().trim().max(500, m.key('input.note')).optional(),
});

/** The resident's own view (GET /my/applications). */
export const myApplicationSchema = applicationSchema
  .omit({ applicantIdNumber: true, siteId: true, personId: true })
  .extend({
    /** what the applicant was told on each status change, newest first */
    notices: z.array(z.object({ at: z.string(), status: z.string(), text: z.string() })),
  });
export type MyApplication = z.infer<typeof myApplicationSchema>;

/** PUT /my/applications/:id — multipart: `details` JSON text (optional) and `photo` file (optional). */
export const myApplicationFixFieldsSchema = z.object({ details: z.string().max(2000).optional() });

export const applicationStatusText = (status: ApplicationStatus, lang: Lang): string =>
  m.text(lang, `status.${status}`);
export const applicationKindText = (kind: ApplicationKind, lang: Lang): string =>
  m.text(lang, `kind.${kind}`);
