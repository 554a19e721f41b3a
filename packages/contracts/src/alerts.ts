import { z } from 'zod';
import { alertsContractMessages as m } from './alerts.messages.ts';
import { type Lang, textIn } from './i18n.ts';

/**
 * Alerts (预警), watch rules (布控) and the live duty console. An alert is handled by one desk at a
 * time: the community police office or the property desk; either can hand it to the other.
 */
/**
 * The name of a desk, level, status, kind… in a language, from the catalogue (alerts.messages.ts).
 * `alertLabel('en', 'desk', 'police_office')`.
 */
export function alertLabel(lang: Lang, group: LabelGroup, code: string): string {
  const texts = (m.entries as Record<string, { zh: string; en: string }>)[`${group}.${code}`];
  return texts ? textIn(texts, lang) : code;
}
type LabelGroup = 'desk' | 'level' | 'status' | 'kind' | 'action' | 'builtin' | 'watchStatus' | 'channelKind';

export const ALERT_DESKS = ['police_office', 'property_desk'] as const;
export type AlertDesk = (typeof ALERT_DESKS)[number];
export const otherDesk = (desk: AlertDesk): AlertDesk =>
  desk === 'police_office' ? 'property_desk' : 'police_office';

export const ALERT_LEVELS = ['info', 'warning', 'critical'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export const ALERT_STATUSES = ['new', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export const ALERT_KINDS = [
  'watch_match',
  'stranger',
  'repeated_denial',
  'expired_tenant',
  'tenancy_expiring',
  'elderly_not_seen',
  'gate_offline',
  'emergency_release',
  'manual_open',
  'relay_failed',
  /** a resident asks for their record to be corrected (privacy module, PIPL Art. 46) */
  'correction_request',
  /** a mediation ended without agreement while the escalation risk is high (police desk) */
  'mediation_no_agreement',
  /** a mediation case is past a deadline: first contact, grading or conclusion */
  'mediation_overdue',
  /** an agreed term of a mediation agreement is past its due date (police and property desks) */
  'mediation_term_overdue',
  /** the 30 days to apply for judicial confirmation of an agreement are running out */
  'mediation_judicial_due',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** What happened to an alert; each change is one history row and one event on the live stream. */
export const ALERT_ACTIONS = [
  'raised',
  'repeated',
  'escalated',
  'acknowledged',
  'handed_off',
  'resolved',
] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

// ---------------------------------------------------------------------------------------------
// Built-in rules: one row of settings per site and rule; absent rows mean the defaults below.

export const BUILTIN_RULES = [
  'stranger',
  'repeated_denial',
  'expired_tenant',
  'tenancy_expiring',
  'elderly_not_seen',
  'gate_offline',
  'emergency_release',
  'manual_open',
  'relay_failed',
  'escalation',
  /** not an alert: the incidents module's daily push (yesterday's incidents, Mondays the weekly analysis) */
  'incident_digest',
] as const;
export type BuiltinRule = (typeof BUILTIN_RULES)[number];

type RuleParam =
  | 'windowMinutes'
  | 'escalateCount'
  | 'count'
  | 'repeatWindowHours'
  | 'withinDays'
  | 'digestHour'
  | 'hours'
  | 'minutes'
  | 'afterMinutes';
const int = (min: number, max: number, param: RuleParam) => {
  const what = m.key(`param.${param}`);
  return z
    .number({ error: m.key('field.required', { what }) })
    .int(m.key('field.notInteger', { what }))
    .min(min, m.key('field.tooSmall', { what, min }))
    .max(max, m.key('field.tooBig', { what, max }));
};

/** Tunable numbers of each built-in rule, with their bounds. */
export const BUILTIN_RULE_PARAMS = {
  stranger: z.strictObject({
    /** strangers at one gate within this many minutes join one alert */
    windowMinutes: int(1, 120, 'windowMinutes'),
    /** …and raise it to critical once this many have been seen */
    escalateCount: int(2, 50, 'escalateCount'),
  }),
  repeated_denial: z.strictObject({
    count: int(2, 20, 'count'),
    windowMinutes: int(1, 120, 'windowMinutes'),
  }),
  expired_tenant: z.strictObject({
    /** further attempts by the same person within this window join the open alert */
    repeatWindowHours: int(1, 72, 'repeatWindowHours'),
  }),
  tenancy_expiring: z.strictObject({
    withinDays: int(1, 60, 'withinDays'),
    /** hour of day (Asia/Shanghai) from which the daily digest is sent */
    digestHour: int(0, 23, 'digestHour'),
  }),
  elderly_not_seen: z.strictObject({ hours: int(6, 336, 'hours') }),
  gate_offline: z.strictObject({ minutes: int(2, 1440, 'minutes') }),
  emergency_release: z.strictObject({}),
  manual_open: z.strictObject({}),
  relay_failed: z.strictObject({}),
  escalation: z.strictObject({ afterMinutes: int(1, 240, 'afterMinutes') }),
  /** hour of day (Asia/Shanghai) from which the day's push is sent */
  incident_digest: z.strictObject({ digestHour: int(0, 23, 'digestHour') }),
} as const satisfies Record<BuiltinRule, z.ZodType>;

export type BuiltinRuleParams = { [K in BuiltinRule]: z.infer<(typeof BUILTIN_RULE_PARAMS)[K]> };

export interface BuiltinRuleDefault<K extends BuiltinRule = BuiltinRule> {
  enabled: boolean;
  desk: AlertDesk;
  level: AlertLevel;
  params: BuiltinRuleParams[K];
}

/**
 * Defaults, chosen for a compound of ~2,000 households with a staffed property desk:
 * - stranger: every unknown face joins one alert per gate for 10 minutes; the 3rd makes it 紧急.
 * - repeated_denial: 3 refusals of the same card/PIN/person (or of unknown cards and PINs at one
 *   gate) within 10 minutes.
 * - expired_tenant: a tenant whose contract ran out tries the gate; the police office invites
 *   them to re-register; attempts within 24 hours join one alert.
 * - tenancy_expiring: one digest per day from 08:00 listing contracts ending within 7 days.
 * - elderly_not_seen: a person flagged 独居老人 not seen passing any gate for 48 hours.
 * - gate_offline: no heartbeat from any of a gate's terminals for 10 minutes (closed again
 *   automatically when it comes back).
 * - emergency_release / manual_open: every use, to the police office.
 * - relay_failed: a gate's lock controller did not confirm a door opening (failed or timed out);
 *   repeated failures of one gate join one open alert, which closes itself when a later call to
 *   that gate succeeds. Desk and level apply to passages; a failed emergency hold/release is
 *   always 紧急 and goes to the desk of emergency_release (staff tests 测试开门 raise nothing).
 * - escalation: an alert nobody has acknowledged for 10 minutes goes up one level (again every
 *   10 minutes until 紧急), and is sent out again on the notification channels.
 * - incident_digest: from 08:00 each day the police office's and the property desk's channels get
 *   yesterday's incidents (Mondays with the weekly analysis); `level` is matched against each
 *   channel's minimum level, `desk` is not used (each desk gets its own version).
 */
export const BUILTIN_RULE_DEFAULTS: { [K in BuiltinRule]: BuiltinRuleDefault<K> } = {
  stranger: {
    enabled: true,
    desk: 'property_desk',
    level: 'warning',
    params: { windowMinutes: 10, escalateCount: 3 },
  },
  repeated_denial: {
    enabled: true,
    desk: 'property_desk',
    level: 'warning',
    params: { count: 3, windowMinutes: 10 },
  },
  expired_tenant: { enabled: true, desk: 'police_office', level: 'info', params: { repeatWindowHours: 24 } },
  tenancy_expiring: {
    enabled: true,
    desk: 'property_desk',
    level: 'info',
    params: { withinDays: 7, digestHour: 8 },
  },
  elderly_not_seen: { enabled: true, desk: 'property_desk', level: 'warning', params: { hours: 48 } },
  gate_offline: { enabled: true, desk: 'property_desk', level: 'warning', params: { minutes: 10 } },
  emergency_release: { enabled: true, desk: 'police_office', level: 'critical', params: {} },
  manual_open: { enabled: true, desk: 'police_office', level: 'info', params: {} },
  relay_failed: { enabled: true, desk: 'property_desk', level: 'warning', params: {} },
  escalation: { enabled: true, desk: 'police_office', level: 'warning', params: { afterMinutes: 10 } },
  incident_digest: { enabled: true, desk: 'police_office', level: 'info', params: { digestHour: 8 } },
};

export const builtinRuleSettingSchema = z.object({
  rule: z.enum(BUILTIN_RULES),
  enabled: z.boolean(),
  desk: z.enum(ALERT_DESKS),
  level: z.enum(ALERT_LEVELS),
  params: z.record(z.string(), z.number()),
  /** true while the site still uses the defaults */
  isDefault: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type BuiltinRuleSetting = z.infer<typeof builtinRuleSettingSchema>;

/** PUT /alerts/rules/:rule — params are checked against BUILTIN_RULE_PARAMS[rule]. */
export const builtinRuleInputSchema = z.object({
  siteId: z.uuid(m.key('field.siteIdInvalid')),
  enabled: z.boolean({ error: m.key('field.enabledRequired') }),
  desk: z.enum(ALERT_DESKS, { error: m.key('field.deskInvalid') }),
  level: z.enum(ALERT_LEVELS, { error: m.key('field.levelInvalid') }),
  params: z.record(z.string(), z.unknown()).default({}),
});
export type BuiltinRuleInput = z.infer<typeof builtinRuleInputSchema>;

// ---------------------------------------------------------------------------------------------
// Watch rules (布控): police-side only, with a purpose, a legal basis and an expiry.

export const WATCH_RULE_MAX_DAYS = 30;
export const WATCH_RULE_STATUSES = ['pending', 'active', 'rejected', 'ended', 'expired'] as const;
export type WatchRuleStatus = (typeof WATCH_RULE_STATUSES)[number];

const watchRuleFields = {
  purpose: z
    .string({ error: m.key('field.purposeRequired') })
    .trim()
    .min(2, m.key('field.purposeTooShort'))
    .max(100, m.key('field.purposeTooLong')),
  legalBasis: z
    .string({ error: m.key('field.legalBasisRequired') })
    .trim()
    .min(2, m.key('field.legalBasisTooShort'))
    .max(300, m.key('field.legalBasisTooLong')),
  expiresAt: z.iso.datetime({ offset: true, error: m.key('field.expiresAtRequired') }),
  desk: z.enum(ALERT_DESKS, { error: m.key('field.deskRequired') }),
  /** null: any gate of the site */
  gateId: z.uuid(m.key('field.gateIdInvalid')).nullable(),
};

export const watchRuleInputSchema = z.object({
  siteId: z.uuid({ error: m.key('field.siteRequired') }),
  personId: z.uuid({ error: m.key('field.personRequired') }),
  ...watchRuleFields,
  gateId: watchRuleFields.gateId.default(null),
  desk: watchRuleFields.desk.default('police_office'),
});
export type WatchRuleInput = z.infer<typeof watchRuleInputSchema>;

export const watchRuleUpdateSchema = z
  .object(watchRuleFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, m.key('field.changeAtLeastOne'));
export type WatchRuleUpdate = z.infer<typeof watchRuleUpdateSchema>;

export const watchRuleSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  personId: z.string(),
  personName: z.string(),
  roomLabel: z.string().nullable(),
  gateId: z.string().nullable(),
  gateName: z.string().nullable(),
  purpose: z.string(),
  legalBasis: z.string(),
  expiresAt: z.string(),
  desk: z.enum(ALERT_DESKS),
  status: z.enum(WATCH_RULE_STATUSES),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  endedBy: z.string().nullable(),
  endedAt: z.string().nullable(),
  matchCount: z.number(),
  lastMatchAt: z.string().nullable(),
});
export type WatchRule = z.infer<typeof watchRuleSchema>;

export const watchRuleQuerySchema = z.object({
  siteId: z.uuid().optional(),
  status: z.enum(WATCH_RULE_STATUSES).optional(),
  personId: z.uuid().optional(),
});

// ---------------------------------------------------------------------------------------------
// Alerts

export const alertSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  kind: z.enum(ALERT_KINDS),
  level: z.enum(ALERT_LEVELS),
  status: z.enum(ALERT_STATUSES),
  desk: z.enum(ALERT_DESKS),
  escalated: z.boolean(),
  /** how many occurrences this alert gathers (strangers at one gate, repeated denials…) */
  count: z.number(),
  title: z.string(),
  gateId: z.string().nullable(),
  gateName: z.string().nullable(),
  /** full name for police; masked (张*) for the property desk */
  personName: z.string().nullable(),
  personId: z.string().nullable(),
  roomLabel: z.string().nullable(),
  accessEventId: z.number().nullable(),
  firstAt: z.string(),
  lastAt: z.string(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolution: z.string().nullable(),
  /** the latest hand-off message */
  handoffMessage: z.string().nullable(),
  /** police side only: the watch rule that matched */
  watchRule: z
    .object({ id: z.string(), purpose: z.string(), legalBasis: z.string(), expiresAt: z.string() })
    .nullable(),
  /** kind-specific details (e.g. the digest's list of contracts) */
  data: z.record(z.string(), z.unknown()),
  /** the last change's sequence number */
  seq: z.number(),
});
export type AlertView = z.infer<typeof alertSchema>;

export const alertActionSchema = z.object({
  seq: z.number(),
  action: z.enum(ALERT_ACTIONS),
  desk: z.enum(ALERT_DESKS),
  fromDesk: z.enum(ALERT_DESKS).nullable(),
  actorName: z.string().nullable(),
  note: z.string().nullable(),
  at: z.string(),
});
export type AlertActionEntry = z.infer<typeof alertActionSchema>;

export const alertQuerySchema = z.object({
  siteId: z.uuid().optional(),
  /** open = new or acknowledged */
  status: z.enum([...ALERT_STATUSES, 'open']).optional(),
  kind: z.enum(ALERT_KINDS).optional(),
  level: z.enum(ALERT_LEVELS).optional(),
  desk: z.enum(ALERT_DESKS).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** words in the title, the resolution note or a hand-off message */
  q: z.string().trim().max(50).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AlertQuery = z.infer<typeof alertQuerySchema>;

export const alertListSchema = z.object({
  items: z.array(alertSchema),
  total: z.number(),
  /** sequence number to resume the live stream from (GET /alerts/stream?after=cursor) */
  cursor: z.number(),
});

export const alertNoteSchema = z.object({
  note: z
    .string({ error: m.key('field.noteRequired') })
    .trim()
    .min(2, m.key('field.noteTooShort'))
    .max(500, m.key('field.atMost500')),
});
export const alertHandoffSchema = z.object({
  message: z
    .string({ error: m.key('field.handoffRequired') })
    .trim()
    .min(2, m.key('field.handoffTooShort'))
    .max(500, m.key('field.atMost500')),
});

/**
 * One event on the live stream (`event: alert`, `id: <seq>`). `removed` tells a property console
 * that an alert it showed was handed to the police office and is no longer its business.
 */
export const alertStreamEventSchema = z.object({
  seq: z.number(),
  action: z.enum(ALERT_ACTIONS),
  alertId: z.string(),
  alert: alertSchema.nullable(),
  removed: z.boolean(),
});
export type AlertStreamEvent = z.infer<typeof alertStreamEventSchema>;

// ---------------------------------------------------------------------------------------------
// Duty dashboard

/** Counts below this are shown as "<5" on boards meant for a wider audience. */
export const SMALL_COUNT_THRESHOLD = 5;

export const dutyDashboardSchema = z.object({
  date: z.string(),
  /** granted passages per hour (0–23, Asia/Shanghai) by gate direction, and refusals */
  byHour: z.array(
    z.object({
      hour: z.number(),
      in: z.number().nullable(),
      out: z.number().nullable(),
      both: z.number().nullable(),
      denied: z.number().nullable(),
    }),
  ),
  totals: z.object({
    in: z.number().nullable(),
    out: z.number().nullable(),
    both: z.number().nullable(),
    denied: z.number().nullable(),
  }),
  /** unknown faces in the last hour, per gate */
  strangers: z.object({
    lastHour: z.number().nullable(),
    today: z.number().nullable(),
    byGate: z.array(z.object({ gateId: z.string(), gateName: z.string(), n: z.number().nullable() })),
  }),
  openAlerts: z.object({ info: z.number(), warning: z.number(), critical: z.number() }),
  gates: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      online: z.boolean(),
      lastHeartbeatAt: z.string().nullable(),
      devices: z.number(),
    }),
  ),
  tenanciesExpiring: z.object({
    in7Days: z.number().nullable(),
    in30Days: z.number().nullable(),
    items: z.array(z.object({ roomLabel: z.string(), endDate: z.string() })),
  }),
  /** true when small counts were suppressed */
  suppressed: z.boolean(),
});
export type DutyDashboard = z.infer<typeof dutyDashboardSchema>;

// ---------------------------------------------------------------------------------------------
// Outbound notification channels

export const CHANNEL_KINDS = ['webhook', 'sms', 'wechat'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const channelInputSchema = z
  .object({
    siteId: z.uuid(m.key('field.siteIdInvalid')),
    kind: z.enum(CHANNEL_KINDS, { error: m.key('field.channelKindInvalid') }),
    name: z
      .string({ error: m.key('field.channelNameRequired') })
      .trim()
      .min(1, m.key('field.channelNameRequired'))
      .max(60),
    enabled: z.boolean().default(true),
    desks: z
      .array(z.enum(ALERT_DESKS))
      .min(1, m.key('field.desksMin'))
      .default(['police_office', 'property_desk']),
    minLevel: z.enum(ALERT_LEVELS).default('warning'),
    /** webhook: https:// or http:// endpoint */
    url: z.url({ protocol: /^https?$/, error: m.key('field.urlInvalid') }).optional(),
    /** webhook: HMAC key, at least 16 characters; stored encrypted */
    secret: z.string().min(16, m.key('field.secretTooShort')).max(200).optional(),
    /** sms: mainland mobile numbers; wechat: recipient ids */
    recipients: z.array(z.string().trim().min(1).max(64)).max(20).default([]),
  })
  .superRefine((c, ctx) => {
    if (c.kind === 'webhook') {
      if (!c.url) ctx.addIssue({ code: 'custom', path: ['url'], message: m.key('field.webhookUrlRequired') });
      if (!c.secret)
        ctx.addIssue({ code: 'custom', path: ['secret'], message: m.key('field.webhookSecretRequired') });
    } else if (c.recipients.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['recipients'], message: m.key('field.recipientsRequired') });
    }
    if (c.kind === 'sms') {
      c.recipients.forEach((r, i) => {
        if (!/^1[3-9]\d{9}$/.test(r))
          ctx.addIssue({ code: 'custom', path: ['recipients', i], message: m.key('field.phoneInvalid') });
      });
    }
  });
export type ChannelInput = z.infer<typeof channelInputSchema>;

export const channelSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  name: z.string(),
  enabled: z.boolean(),
  desks: z.array(z.enum(ALERT_DESKS)),
  minLevel: z.enum(ALERT_LEVELS),
  url: z.string().nullable(),
  hasSecret: z.boolean(),
  recipients: z.array(z.string()),
  createdAt: z.string(),
});
export type Channel = z.infer<typeof channelSchema>;

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
/** What a delivery carries: a change of an alert, or a digest addressed to the channel itself. */
export const DELIVERY_ACTIONS = [...ALERT_ACTIONS, 'digest'] as const;
export const deliverySchema = z.object({
  id: z.string(),
  channelId: z.string(),
  channelName: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  /** null for a digest (no alert behind it) */
  alertId: z.string().nullable(),
  action: z.enum(DELIVERY_ACTIONS),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number(),
  lastError: z.string().nullable(),
  lastStatusCode: z.number().nullable(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Delivery = z.infer<typeof deliverySchema>;

/** The JSON body a webhook receives (also what SMS/WeChat texts are made from). No ID numbers, masked names. */
export const webhookPayloadSchema = z.object({
  deliveryId: z.string(),
  sentAt: z.string(),
  action: z.enum(ALERT_ACTIONS),
  alert: z.object({
    id: z.string(),
    siteId: z.string(),
    kind: z.enum(ALERT_KINDS),
    level: z.enum(ALERT_LEVELS),
    status: z.enum(ALERT_STATUSES),
    desk: z.enum(ALERT_DESKS),
    title: z.string(),
    gateName: z.string().nullable(),
    count: z.number(),
    firstAt: z.string(),
    lastAt: z.string(),
  }),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

/**
 * The JSON body of a digest (event `incidents.digest`): a daily summary addressed to a channel,
 * not about one alert. `text` is what an SMS / WeChat message carries, already cut to the desk's
 * minimum necessary data (the property desk's version names no flat and no person).
 */
export const digestPayloadSchema = z.object({
  deliveryId: z.string(),
  sentAt: z.string(),
  event: z.literal('incidents.digest'),
  digest: z.object({
    siteId: z.string(),
    /** the day reported on (yesterday, Asia/Shanghai) */
    date: z.string(),
    desk: z.enum(ALERT_DESKS),
    weekly: z.boolean(),
    text: z.string(),
  }),
});
export type DigestPayload = z.infer<typeof digestPayloadSchema>;
