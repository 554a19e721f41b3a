import { z } from 'zod';
import { accessContractMessages as am } from './access.messages.ts';
import type { Lang } from './i18n.ts';
import { RESIDENCY_TYPES } from './registry.ts';

export { accessContractMessages } from './access.messages.ts';

/** How someone tried to pass a gate. */
export const ACCESS_METHODS = ['face', 'card', 'qr', 'pin', 'visitor', 'manual', 'emergency'] as const;
export type AccessMethod = (typeof ACCESS_METHODS)[number];

export const ACCESS_DECISIONS = ['grant', 'deny'] as const;
export type AccessDecision = (typeof ACCESS_DECISIONS)[number];

/** Why a gate opened or stayed shut: the codes, in the order the console lists them. */
export const ACCESS_REASON_CODES = [
  // granted
  'resident',
  'visitor',
  'manual',
  'emergency_release',
  // face
  'unknown_face',
  'no_face',
  'poor_quality',
  'face_too_small',
  'liveness_failed',
  'ambiguous_match',
  'invalid_image',
  'engine_error',
  // face quality, each with what the person can do (older logs say poor_quality for these)
  'bad_pose',
  'too_blurry',
  'too_dark',
  'too_bright',
  'multiple_faces',
  // other credentials
  'unknown_card',
  'card_revoked',
  'invalid_pin',
  'qr_invalid',
  'qr_expired',
  'qr_replayed',
  // rules
  'person_inactive',
  'no_residency',
  'moved_out',
  'tenancy_expired',
  'credential_expired',
  'credential_not_yet_valid',
  'gate_not_allowed',
  'outside_schedule',
  'gate_inactive',
  'visitor_pass_expired',
  'visitor_pass_not_yet_valid',
  'visitor_pass_used_up',
  'visitor_pass_revoked',
  'visitors_not_allowed',
] as const;
export type AccessReason = (typeof ACCESS_REASON_CODES)[number];

/**
 * What the gate terminal shows for a reason, and the access log beside the code, in one language
 * (the catalogue's `access.reason.*`; every code has an entry or this does not compile).
 */
export const accessReasonText = (reason: AccessReason, lang: Lang): string =>
  am.text(lang, `reason.${reason}`);
/** The reason's text as a message string, for places that carry only text. */
export const accessReasonKey = (reason: AccessReason): string => am.key(`reason.${reason}`);

export const accessReasonSchema = z.enum(ACCESS_REASON_CODES);

/**
 * A card number as a reader gives it: a Mifare UID is 4, 7 or 10 bytes, i.e. 8, 14 or 20 hex
 * characters (a 4-byte UID in the common 10-digit decimal form fits too). Anything shorter is not
 * a real card's UID and would make guessing at the gate easy: refused when a card is issued, and
 * denied unread at the gate.
 */
export const CARD_NUMBER_PATTERN = /^[0-9A-Fa-f]{8,20}$/;

export const GATE_DIRECTIONS = ['in', 'out', 'both'] as const;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, am.key('rule.timeFormat'));
/** A gate's opening hours: weekly rules; days 1 = Monday … 7 = Sunday (Asia/Shanghai). */
export const gateScheduleSchema = z
  .array(
    z
      .object({ days: z.array(z.number().int().min(1).max(7)).min(1), from: hhmm, to: hhmm })
      .refine((r) => r.from < r.to, { message: am.key('rule.endAfterStart'), path: ['to'] }),
  )
  .max(14);
export type GateSchedule = z.infer<typeof gateScheduleSchema>;

export const gateInputSchema = z.object({
  siteId: z.uuid(),
  name: z.string().trim().min(1, am.key('rule.gateNameRequired')).max(60),
  direction: z.enum(GATE_DIRECTIONS),
  location: z.string().trim().max(120).optional(),
  /** null = every residency type may pass */
  allowedResidencyTypes: z.array(z.enum(RESIDENCY_TYPES)).min(1).nullable().default(null),
  allowVisitors: z.boolean().default(true),
  schedule: gateScheduleSchema.nullable().default(null),
  active: z.boolean().default(true),
});
export type GateInput = z.infer<typeof gateInputSchema>;

/**
 * The lock controller the server drives after a grant. `none`: the tablet's on-screen door only;
 * `http`: a relay box / controller on the compound LAN, called by the server itself.
 */
export const RELAY_KINDS = ['none', 'http'] as const;
export type RelayKind = (typeof RELAY_KINDS)[number];
export const RELAY_METHODS = ['POST', 'GET'] as const;
export const RELAY_OUTCOMES = ['ok', 'failed', 'timeout'] as const;
export type RelayOutcome = (typeof RELAY_OUTCOMES)[number];

/** Placeholders a relay URL or body template may use; nothing personal is offered. */
export const RELAY_PLACEHOLDERS = [
  'gateId',
  'eventId',
  'decision',
  'action',
  'method',
  'reason',
  'openSeconds',
  'openMs',
  'at',
] as const;

/** A URL with user:password@ (or user@) before its host. */
const hasUserInfo = (url: string) => /^[a-z][a-z\d+.-]*:\/\/[^/?#\\]*@/i.test(url);

/**
 * PUT /access/gates/:id/relay. The secret is write-only: omit it to keep the stored one. The server
 * also refuses loopback, link-local (metadata), unspecified and multicast hosts (platform/outbound.ts).
 */
export const gateRelayInputSchema = z
  .object({
    kind: z.enum(RELAY_KINDS),
    url: z
      .url({ protocol: /^https?$/, error: am.key('rule.relayUrlScheme') })
      .max(500)
      // fetch refuses them anyway, and the gate list would show the password
      .refine((u) => !hasUserInfo(u), am.key('rule.relayUrlUserinfo'))
      .nullable()
      .default(null),
    method: z.enum(RELAY_METHODS).default('POST'),
    bodyTemplate: z.string().max(2000, am.key('rule.bodyTemplateMax')).nullable().default(null),
    secret: z.string().min(16, am.key('rule.secretMin')).max(200, am.key('rule.secretMax')).optional(),
    /** true: forget the stored signing secret */
    clearSecret: z.boolean().default(false),
    openSeconds: z
      .number()
      .int()
      .min(1, am.key('rule.openSeconds'))
      .max(30, am.key('rule.openSeconds'))
      .default(5),
    timeoutMs: z
      .number()
      .int()
      .min(200, am.key('rule.timeoutMs'))
      .max(10_000, am.key('rule.timeoutMs'))
      .default(1500),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'http' && !v.url)
      ctx.addIssue({ code: 'custom', path: ['url'], message: am.key('rule.relayUrlRequired') });
  });
export type GateRelayInput = z.input<typeof gateRelayInputSchema>;

/** One call to a gate's lock controller (the last one is shown in the gate list). */
export const relayAttemptSchema = z.object({
  at: z.string(),
  purpose: z.enum(['grant', 'emergency', 'test']),
  action: z.enum(['open', 'hold', 'release']),
  outcome: z.enum(RELAY_OUTCOMES),
  statusCode: z.number().nullable(),
  latencyMs: z.number(),
  attempts: z.number(),
  error: z.string().nullable(),
  eventId: z.number().nullable(),
});
export type RelayAttempt = z.infer<typeof relayAttemptSchema>;

export const gateRelaySchema = z.object({
  kind: z.enum(RELAY_KINDS),
  url: z.string().nullable(),
  method: z.enum(RELAY_METHODS),
  bodyTemplate: z.string().nullable(),
  hasSecret: z.boolean(),
  openSeconds: z.number(),
  timeoutMs: z.number(),
  last: relayAttemptSchema.nullable(),
});
export type GateRelay = z.infer<typeof gateRelaySchema>;

export const gateSchema = gateInputSchema.extend({
  id: z.string(),
  online: z.boolean(),
  lastHeartbeatAt: z.string().nullable(),
  devices: z.number(),
  relay: gateRelaySchema,
});
export type Gate = z.infer<typeof gateSchema>;

/** What a gate terminal shows after a passage attempt. */
export const gateResultSchema = z.object({
  decision: z.enum(ACCESS_DECISIONS),
  reason: accessReasonSchema,
  message: z.string(),
  /** Masked name (张*) of the person let in, when known. */
  displayName: z.string().nullable(),
  eventId: z.number(),
  score: z.number().nullable(),
  liveness: z.number().nullable(),
  /** How long the door stays open (the gate's relay open time when it has one). */
  openMs: z.number(),
  elapsedMs: z.number(),
  /**
   * The lock, as far as the server knows when it answers: `simulated` (no controller: the tablet's
   * door is the only one), `opened` (the controller confirmed), `failed` (it refused or did not
   * answer), `pending` (still trying; the outcome is recorded). Absent on denials.
   */
  door: z.enum(['simulated', 'opened', 'failed', 'pending']).optional(),
});
export type GateResult = z.infer<typeof gateResultSchema>;

/**
 * The face gate decides per passage (several frames of one person, modules/face/passage.ts): a
 * frame sent with `?passage=<id>` (none for the first) either ends the passage with a gate result
 * carrying its passage id, or leaves it pending: the terminal shows 请稍候 and sends the next frame
 * with the returned id. A pending frame writes no access event.
 */
export const gatePendingSchema = z.object({
  pending: z.literal(true),
  /** Send the next frame of this person with `?passage=` this id. */
  passageId: z.uuid(),
  /** "请稍候" / "Please wait", in the terminal's language. */
  message: z.string(),
  /** Why this frame could not be used, when the quality gate refused it (the person can fix it)... */
  hintReason: accessReasonSchema.nullable(),
  /** ...and what to do, in the terminal's language ("请正对摄像头"); null otherwise. */
  hint: z.string().nullable(),
  elapsedMs: z.number(),
});
export type GatePending = z.infer<typeof gatePendingSchema>;
export const faceGateResultSchema = z.union([
  gatePendingSchema,
  gateResultSchema.extend({ pending: z.literal(false), passageId: z.uuid() }),
]);
export type FaceGateResult = z.infer<typeof faceGateResultSchema>;

export const accessEventSchema = z.object({
  id: z.number(),
  at: z.string(),
  siteId: z.string(),
  gateId: z.string().nullable(),
  gateName: z.string().nullable(),
  direction: z.enum(GATE_DIRECTIONS).nullable(),
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  roomLabel: z.string().nullable(),
  method: z.enum(ACCESS_METHODS),
  decision: z.enum(ACCESS_DECISIONS),
  reason: accessReasonSchema,
  score: z.number().nullable(),
  liveness: z.number().nullable(),
  visitorName: z.string().nullable(),
  operatorName: z.string().nullable(),
  note: z.string().nullable(),
  hasSnapshot: z.boolean(),
});
export type AccessEvent = z.infer<typeof accessEventSchema>;

export const accessEventQuerySchema = z.object({
  siteId: z.uuid().optional(),
  personId: z.uuid().optional(),
  /** flat label such as 3-2-1501 */
  room: z.string().trim().max(20).optional(),
  gateId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  decision: z.enum(ACCESS_DECISIONS).optional(),
  method: z.enum(ACCESS_METHODS).optional(),
  reason: accessReasonSchema.optional(),
  /**
   * Where the page starts: the `nextCursor` of the page before (keyset on time and id, newest
   * first). Without it the first page; `page` (OFFSET) is kept for old clients only.
   */
  cursor: z
    .string()
    .max(100)
    .refine((c) => decodeEventCursor(c) !== null, { message: am.key('rule.cursorInvalid') })
    .optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type AccessEventQuery = z.infer<typeof accessEventQuerySchema>;

/** One compound's figures today (Asia/Shanghai) in the sub-bureau overview. */
export const accessOverviewSiteSchema = z.object({
  siteId: z.string(),
  siteName: z.string(),
  /** granted passages today */
  passages: z.number(),
  denials: z.number(),
  /** unknown faces (陌生人) today */
  strangers: z.number(),
  /** alerts not yet resolved, of the desks the caller sees */
  openAlerts: z.number(),
});
export type AccessOverviewSite = z.infer<typeof accessOverviewSiteSchema>;
export const accessOverviewSchema = z.object({ date: z.string(), sites: z.array(accessOverviewSiteSchema) });
export type AccessOverview = z.infer<typeof accessOverviewSchema>;

/** Totals are counted up to this many rows; beyond it the page says "10,000+". */
export const ACCESS_EVENT_COUNT_CAP = 10_000;

export const accessEventPageSchema = z.object({
  items: z.array(accessEventSchema),
  /** Matching rows, at most ACCESS_EVENT_COUNT_CAP. */
  total: z.number(),
  /** true when more rows match than were counted. */
  totalCapped: z.boolean(),
  /** The cursor of the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type AccessEventPage = z.infer<typeof accessEventPageSchema>;

export interface EventCursor {
  /** the event time, ms since the epoch */
  at: number;
  id: number;
}

const CURSOR_PATTERN = /^(\d{1,15})\.(\d{1,19})$/;

/** The opaque page position: base64url of "<at ms>.<id>". */
export function encodeEventCursor(c: EventCursor): string {
  return btoa(`${c.at}.${c.id}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeEventCursor(cursor: string): EventCursor | null {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  let text: string;
  try {
    text = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
  const match = CURSOR_PATTERN.exec(text);
  if (!match) return null;
  const at = Number(match[1]);
  const id = Number(match[2]);
  if (!Number.isSafeInteger(at) || !Number.isSafeInteger(id) || id < 1) return null;
  return { at, id };
}

export const CONSENT_PURPOSES = ['face_recognition', 'keep_enrolment_photo'] as const;
export const CONSENT_CHANNELS = ['in_person', 'paper', 'resident_app'] as const;

export const consentInputSchema = z.object({
  purpose: z.enum(CONSENT_PURPOSES),
  /** Version of the consent text the person read, e.g. face-2026-01 */
  textVersion: z.string().trim().min(1, am.key('rule.noticeVersionRequired')).max(40),
  channel: z.enum(CONSENT_CHANNELS),
  /** For a person under 14: the guardian who consented (PIPL Art. 31). */
  guardianName: z.string().trim().max(50).optional(),
});
export type ConsentInput = z.infer<typeof consentInputSchema>;

export const visitorPassInputSchema = z
  .object({
    siteId: z.uuid(),
    hostPersonId: z.uuid().optional(),
    visitorName: z.string().trim().min(1, am.key('rule.visitorNameRequired')).max(50),
    visitorPhone: z.string().trim().max(20).optional(),
    validFrom: z.iso.datetime({ offset: true }),
    validTo: z.iso.datetime({ offset: true }),
    maxUses: z.number().int().min(1).max(50).default(2),
  })
  .refine((v) => new Date(v.validTo) > new Date(v.validFrom), {
    message: am.key('rule.endAfterStart'),
    path: ['validTo'],
  })
  .refine((v) => new Date(v.validTo).getTime() - new Date(v.validFrom).getTime() <= 7 * 86400_000, {
    message: am.key('rule.visitorPassMaxDays'),
    path: ['validTo'],
  });
export type VisitorPassInput = z.infer<typeof visitorPassInputSchema>;
