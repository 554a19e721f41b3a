/**
 * The kiosk's certificates (户籍证明, 临时身份证明, 无犯罪记录证明): what the kiosk asks for and
 * gets, the public verification page's API, and the console's certificate, criminal-record and
 * settings shapes. The signed QR token itself is in certificate-token.ts.
 */
import { z } from 'zod';
import { CERTIFICATE_TYPES } from './certificate-token.ts';
import { kioskContractMessages as m } from './kiosk.messages.ts';

/** What a certificate is now (expired / revoked / superseded are read at the time of asking). */
export const CERTIFICATE_STATUSES = ['valid', 'expired', 'revoked', 'superseded'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];
/** What the verification page can answer: a certificate's status, or that no such certificate exists. */
export const VERIFY_STATUSES = [...CERTIFICATE_STATUSES, 'unknown'] as const;
export type VerifyStatus = (typeof VERIFY_STATUSES)[number];

/** Everything a kiosk offers after the person-and-ID check: certificates and applications. */
export const KIOSK_SERVICES = [...CERTIFICATE_TYPES, 'id_card', 'residence_permit'] as const;
export type KioskService = (typeof KIOSK_SERVICES)[number];

/** Why a certificate is not offered (the kiosk shows `reason`, rendered in the reader's language). */
export const CERTIFICATE_REFUSALS = [
  /** 户籍证明: not in this site's registry */
  'not_registered',
  /** 户籍证明: household registration not held in this office's jurisdiction */
  'hukou_elsewhere',
  /** 无犯罪记录证明: household registration outside the city */
  'not_local',
  /** a record is present: the kiosk says only "see the officer" */
  'see_officer',
  /** at most N per period */
  'quota_exceeded',
] as const;
export type CertificateRefusal = (typeof CERTIFICATE_REFUSALS)[number];

export const KEY_STATUSES = ['active', 'retired'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PURPOSE_MAX = 100;
const REASON_MAX = 200;

export const serviceOfferSchema = z.object({
  service: z.enum(KIOSK_SERVICES),
  available: z.boolean(),
  reasonCode: z.string().optional(),
  reason: z.string().optional(),
  needsPurpose: z.boolean().optional(),
});
export type ServiceOffer = z.infer<typeof serviceOfferSchema>;

// ---- Kiosk device: issue and download ----

export const issueCertificateInputSchema = z.object({
  checkId: z.uuid(m.key('field.checkIdInvalid')),
  type: z.enum(CERTIFICATE_TYPES, { error: m.key('field.typeInvalid') }),
  purpose: z
    .string()
    .trim()
    .max(PURPOSE_MAX, m.key('field.purposeTooLong', { max: PURPOSE_MAX }))
    .optional(),
});
export type IssueCertificateInput = z.infer<typeof issueCertificateInputSchema>;

export const issuedCertificateSchema = z.object({
  id: z.string(),
  serial: z.string(),
  type: z.enum(CERTIFICATE_TYPES),
  /** Asia/Shanghai date */
  issuedOn: z.string(),
  /** Asia/Shanghai date, inclusive */
  validUntil: z.string(),
  token: z.string(),
  /** `<origin>/verify#<token>`, what the QR code holds */
  verifyUrl: z.string(),
});
export type IssuedCertificate = z.infer<typeof issuedCertificateSchema>;

export const terminalPdfQuerySchema = z.object({ checkId: z.uuid(m.key('field.checkIdInvalid')) });

// ---- Public verification ----

export const publicKeySchema = z.object({
  kid: z.string(),
  /** raw 32-byte Ed25519 public key, base64url */
  publicKey: z.string(),
  office: z.string(),
  siteId: z.string(),
  status: z.enum(KEY_STATUSES),
  createdAt: z.string(),
});
export type PublicKey = z.infer<typeof publicKeySchema>;
export const publicKeysSchema = z.object({ keys: z.array(publicKeySchema) });
/** `office`: one office's (site's) keys only. Not named siteId: the page is public, no site check applies. */
export const publicKeysQuerySchema = z.object({ office: z.uuid(m.key('field.siteIdInvalid')).optional() });
export type PublicKeys = z.infer<typeof publicKeysSchema>;

export const verifyInputSchema = z.object({
  token: z
    .string({ error: m.key('field.tokenInvalid') })
    .min(1, m.key('field.tokenInvalid'))
    .max(1300, m.key('field.tokenInvalid')),
});
export type VerifyInput = z.infer<typeof verifyInputSchema>;

export const verifyResultSchema = z.object({
  status: z.enum(VERIFY_STATUSES),
  certificate: z
    .object({
      serial: z.string(),
      type: z.enum(CERTIFICATE_TYPES),
      maskedHolder: z.string(),
      issuedOn: z.string(),
      validUntil: z.string(),
      office: z.string(),
      revokedAt: z.string().optional(),
      revokedReason: z.string().optional(),
    })
    .optional(),
  /** the certificate's detail-view limit (K) is reached: only the status is shown */
  detailsHidden: z.boolean().optional(),
});
export type VerifyResult = z.infer<typeof verifyResultSchema>;

// ---- Console: certificates ----

export const ISSUERS = ['kiosk', 'console'] as const;
export type Issuer = (typeof ISSUERS)[number];

export const certificateListQuerySchema = z.object({
  siteId: z.uuid(m.key('field.siteIdInvalid')).optional(),
  type: z.enum(CERTIFICATE_TYPES, { error: m.key('field.typeInvalid') }).optional(),
  status: z.enum(CERTIFICATE_STATUSES).optional(),
  from: z.string().regex(DATE, m.key('field.dateInvalid')).optional(),
  to: z.string().regex(DATE, m.key('field.dateInvalid')).optional(),
  /** serial, holder name, or a full ID number */
  q: z.string().trim().max(40).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type CertificateListQuery = z.infer<typeof certificateListQuerySchema>;

export const certificateListItemSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  serial: z.string(),
  type: z.enum(CERTIFICATE_TYPES),
  /** masked unless the reader is police-side */
  holderName: z.string(),
  /** masked unless the reader may see full ID numbers */
  holderIdNumber: z.string(),
  purpose: z.string().nullable(),
  issuedAt: z.string(),
  validUntil: z.string(),
  status: z.enum(CERTIFICATE_STATUSES),
  revokedReason: z.string().nullable(),
  verifyCount: z.number(),
  issuedBy: z.enum(ISSUERS),
});
export type CertificateListItem = z.infer<typeof certificateListItemSchema>;
export const certificateListSchema = z.object({
  items: z.array(certificateListItemSchema),
  total: z.number(),
});
export type CertificateList = z.infer<typeof certificateListSchema>;

export const certificateDetailSchema = certificateListItemSchema.extend({
  personId: z.string().nullable(),
  office: z.string(),
  /** the printed lines of the certificate's content, by label */
  content: z.record(z.string(), z.string()),
  keyId: z.string(),
  token: z.string(),
  verifyUrl: z.string(),
  detailViews: z.number(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
  supersededBy: z.string().nullable(),
  deviceId: z.string().nullable(),
  deviceName: z.string().nullable(),
  recentVerifications: z.array(z.object({ at: z.string(), result: z.enum(VERIFY_STATUSES) })),
});
export type CertificateDetail = z.infer<typeof certificateDetailSchema>;

export const revokeCertificateInputSchema = z.object({
  reason: z
    .string({ error: m.key('field.reasonRequired') })
    .trim()
    .min(2, m.key('field.reasonRequired'))
    .max(REASON_MAX, m.key('field.reasonTooLong', { max: REASON_MAX })),
});
export type RevokeCertificateInput = z.infer<typeof revokeCertificateInputSchema>;

export const dailyCountsQuerySchema = z.object({
  siteId: z.uuid(m.key('field.siteIdInvalid')).optional(),
  days: z.coerce.number().int().min(1).max(92).default(14),
});
export const dailyCountsSchema = z.object({
  /** oldest first, Asia/Shanghai dates, every day present (zeros included) */
  days: z.array(
    z.object({
      date: z.string(),
      hukou: z.number(),
      temporary_identity: z.number(),
      no_criminal_record: z.number(),
      total: z.number(),
    }),
  ),
  /** verifications on the same days (all types) */
  verifications: z.array(z.object({ date: z.string(), count: z.number() })),
});
export type DailyCounts = z.infer<typeof dailyCountsSchema>;

/** A resident's own certificates (phone page). */
export const myCertificateSchema = z.object({
  id: z.string(),
  serial: z.string(),
  type: z.enum(CERTIFICATE_TYPES),
  issuedAt: z.string(),
  validUntil: z.string(),
  status: z.enum(CERTIFICATE_STATUSES),
  verifyUrl: z.string(),
});
export const myCertificatesSchema = z.object({ items: z.array(myCertificateSchema) });
export type MyCertificates = z.infer<typeof myCertificatesSchema>;

// ---- Console: criminal records (police only) ----

const text = (max: number) => z.string().trim().max(max, m.key('field.textTooLong', { max }));

export const criminalRecordInputSchema = z.object({
  siteId: z.uuid(m.key('field.siteIdInvalid')),
  idNumber: z
    .string({ error: m.key('field.idNumberRequired') })
    .trim()
    .min(1, m.key('field.idNumberRequired')),
  name: z
    .string({ error: m.key('field.nameRequired') })
    .trim()
    .min(1, m.key('field.nameRequired'))
    .max(40),
  offence: z
    .string({ error: m.key('field.offenceRequired') })
    .trim()
    .min(1, m.key('field.offenceRequired'))
    .max(200, m.key('field.textTooLong', { max: 200 })),
  court: text(100).optional(),
  judgedOn: z.string().regex(DATE, m.key('field.dateInvalid')).optional(),
  note: text(500).optional(),
});
export type CriminalRecordInput = z.infer<typeof criminalRecordInputSchema>;

export const criminalRecordSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  idNumber: z.string(),
  name: z.string(),
  offence: z.string(),
  court: z.string().nullable(),
  judgedOn: z.string().nullable(),
  note: z.string().nullable(),
  /** the person in this site's registry with that ID number, when there is one */
  personId: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});
export type CriminalRecord = z.infer<typeof criminalRecordSchema>;

export const criminalRecordListQuerySchema = z.object({
  siteId: z.uuid(m.key('field.siteIdInvalid')).optional(),
  q: z.string().trim().max(40).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const criminalRecordListSchema = z.object({ items: z.array(criminalRecordSchema), total: z.number() });
export type CriminalRecordList = z.infer<typeof criminalRecordListSchema>;

// ---- Console: kiosk settings and signing keys ----

const intIn = (min: number, max: number) =>
  z.coerce
    .number()
    .int(m.key('field.numberRange', { min, max }))
    .min(min, m.key('field.numberRange', { min, max }))
    .max(max, m.key('field.numberRange', { min, max }));

export const KIOSK_SETTINGS_DEFAULTS = {
  temporaryValidDays: 30,
  temporaryMaxPerPeriod: 3,
  temporaryPeriodDays: 90,
  ncrValidMonths: 3,
  ncrMaxPerYear: 3,
  cityPrefix: '4101',
  verifyDetailLimit: 20,
} as const;

export const kioskSettingsInputSchema = z.object({
  siteId: z.uuid(m.key('field.siteIdInvalid')),
  officeName: z
    .string({ error: m.key('field.officeNameRequired') })
    .trim()
    .min(1, m.key('field.officeNameRequired'))
    .max(40, m.key('field.textTooLong', { max: 40 })),
  officePhone: z
    .string({ error: m.key('field.officePhoneRequired') })
    .trim()
    .min(1, m.key('field.officePhoneRequired'))
    .max(40, m.key('field.textTooLong', { max: 40 })),
  openingHours: z
    .string({ error: m.key('field.openingHoursRequired') })
    .trim()
    .min(1, m.key('field.openingHoursRequired'))
    .max(100, m.key('field.textTooLong', { max: 100 })),
  hukouRegionPrefixes: z
    .array(z.string().regex(/^\d{2,6}$/, m.key('field.regionPrefixInvalid')))
    .min(1, m.key('field.regionPrefixesRequired'))
    .max(20),
  cityPrefix: z.string().regex(/^\d{2,6}$/, m.key('field.regionPrefixInvalid')),
  temporaryValidDays: intIn(1, 365),
  temporaryMaxPerPeriod: intIn(1, 100),
  temporaryPeriodDays: intIn(1, 366),
  ncrValidMonths: intIn(1, 12),
  ncrMaxPerYear: intIn(1, 100),
  verifyDetailLimit: intIn(1, 10000),
});
export type KioskSettingsInput = z.infer<typeof kioskSettingsInputSchema>;

export const kioskSettingsSchema = z.object({
  siteId: z.string(),
  officeName: z.string(),
  officePhone: z.string(),
  openingHours: z.string(),
  hukouRegionPrefixes: z.array(z.string()),
  cityPrefix: z.string(),
  temporaryValidDays: z.number(),
  temporaryMaxPerPeriod: z.number(),
  temporaryPeriodDays: z.number(),
  ncrValidMonths: z.number(),
  ncrMaxPerYear: z.number(),
  verifyDetailLimit: z.number(),
  /** an office seal image is uploaded (otherwise the sample seal 样章 is printed) */
  hasSeal: z.boolean(),
  sealUpdatedAt: z.string().nullable(),
  /** nothing saved yet: these are the defaults */
  isDefault: z.boolean(),
});
export type KioskSettings = z.infer<typeof kioskSettingsSchema>;

export const siteQuerySchema = z.object({ siteId: z.uuid(m.key('field.siteIdInvalid')) });
export const rotateKeyInputSchema = siteQuerySchema;

export const officeKeySchema = z.object({
  kid: z.string(),
  publicKey: z.string(),
  status: z.enum(KEY_STATUSES),
  createdAt: z.string(),
  retiredAt: z.string().nullable(),
  /** certificates signed with it */
  certificates: z.number(),
});
export type OfficeKey = z.infer<typeof officeKeySchema>;
export const officeKeysSchema = z.object({ keys: z.array(officeKeySchema) });
export type OfficeKeys = z.infer<typeof officeKeysSchema>;

/** The seal image an office uploads: a PNG (transparent background) of at most this many bytes. */
export const SEAL_MAX_BYTES = 512 * 1024;
