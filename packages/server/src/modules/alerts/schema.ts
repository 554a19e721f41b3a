import { siteId } from '../../db/columns.ts';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../../platform/org/schema.ts';
import { gates } from '../access/schema.ts';
import { persons } from '../registry/schema.ts';

const DESKS = ['police_office', 'property_desk'] as const;
const LEVELS = ['info', 'warning', 'critical'] as const;
const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** 布控: "tell me when this person passes (this gate)". Police side only; expires within 30 days. */
export const watchRules = pgTable(
  'watch_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    /** null: any gate of the site */
    gateId: uuid('gate_id').references(() => gates.id),
    purpose: text('purpose').notNull(),
    legalBasis: text('legal_basis').notNull(),
    expiresAt: ts('expires_at').notNull(),
    desk: text('desk', { enum: DESKS }).notNull(),
    /** 'expired' is not stored: it is read from expires_at */
    status: text('status', { enum: ['pending', 'active', 'rejected', 'ended'] }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    approvedBy: uuid('approved_by').references(() => users.id),
    approvedAt: ts('approved_at'),
    /** approval or rejection note */
    decisionNote: text('decision_note'),
    endedBy: uuid('ended_by').references(() => users.id),
    endedAt: ts('ended_at'),
    matchCount: integer('match_count').notNull().default(0),
    lastMatchAt: ts('last_match_at'),
  },
  (t) => [
    index('watch_rules_person_idx').on(t.personId, t.status),
    index('watch_rules_site_idx').on(t.siteId, t.status),
  ],
);

/** A site's settings of one built-in rule; no row = the defaults in @anju/contracts. */
export const alertRuleSettings = pgTable(
  'alert_rule_settings',
  {
    siteId: siteId(),
    rule: text('rule').notNull(),
    enabled: boolean('enabled').notNull(),
    desk: text('desk', { enum: DESKS }).notNull(),
    level: text('level', { enum: LEVELS }).notNull(),
    params: jsonb('params').$type<Record<string, number>>().notNull(),
    /** when the rule was last switched on (the "not seen for N hours" clock starts no earlier) */
    enabledSince: ts('enabled_since').notNull().defaultNow(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.rule] })],
);

export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    kind: text('kind').notNull(),
    level: text('level', { enum: LEVELS }).notNull(),
    status: text('status', { enum: ['new', 'acknowledged', 'resolved'] }).notNull(),
    desk: text('desk', { enum: DESKS }).notNull(),
    escalated: boolean('escalated').notNull().default(false),
    escalatedAt: ts('escalated_at'),
    /** when it last became 'new' (raised or handed over): the escalation clock */
    newSince: ts('new_since').notNull(),
    /** occurrences gathered into this alert */
    count: integer('count').notNull().default(1),
    /** alerts with the same key (e.g. one gate's strangers) gather while open and recent */
    dedupeKey: text('dedupe_key'),
    gateId: uuid('gate_id').references(() => gates.id),
    /** no foreign key: the person's record may be erased under the retention rules */
    personId: uuid('person_id'),
    watchRuleId: uuid('watch_rule_id').references(() => watchRules.id),
    /** first and last access event (no foreign key: access events are purged after retention) */
    accessEventId: bigint('access_event_id', { mode: 'number' }),
    lastEventId: bigint('last_event_id', { mode: 'number' }),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    firstAt: ts('first_at').notNull(),
    lastAt: ts('last_at').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
    acknowledgedByName: text('acknowledged_by_name'),
    acknowledgedAt: ts('acknowledged_at'),
    resolvedBy: uuid('resolved_by').references(() => users.id),
    resolvedByName: text('resolved_by_name'),
    resolvedAt: ts('resolved_at'),
    resolution: text('resolution'),
    handoffMessage: text('handoff_message'),
    /** sequence number of the latest change (alert_actions.id) */
    seq: bigint('seq', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    index('alerts_site_status_idx').on(t.siteId, t.status, t.desk),
    index('alerts_site_first_idx').on(t.siteId, t.firstAt),
    index('alerts_dedupe_idx').on(t.siteId, t.kind, t.dedupeKey),
    index('alerts_person_idx').on(t.personId),
  ],
);

/**
 * Every change of every alert, in commit order (writers hold one advisory lock, so a higher id
 * never commits before a lower one). The id is the live stream's event id: a console resumes
 * "after N" and gets exactly what it missed.
 */
export const alertActions = pgTable(
  'alert_actions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    alertId: uuid('alert_id')
      .notNull()
      .references(() => alerts.id),
    siteId: uuid('site_id').notNull(),
    action: text('action').notNull(),
    /** the desk holding the alert after this change */
    desk: text('desk', { enum: DESKS }).notNull(),
    /** for hand-offs: the desk that gave it away */
    fromDesk: text('from_desk', { enum: DESKS }),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    note: text('note'),
    at: ts('at').notNull(),
  },
  (t) => [
    index('alert_actions_site_idx').on(t.siteId, t.id),
    index('alert_actions_alert_idx').on(t.alertId, t.id),
  ],
);

/** Access events already evaluated: makes evaluation exactly-once across API processes. */
export const alertEvaluations = pgTable(
  'alert_evaluations',
  {
    accessEventId: bigint('access_event_id', { mode: 'number' }).primaryKey(),
    evaluatedAt: ts('evaluated_at').notNull().defaultNow(),
  },
  /** the every-minute job forgets markers older than two days in batches, oldest first */
  (t) => [index('alert_evaluations_evaluated_at_idx').on(t.evaluatedAt)],
);

/** Outbound notification channels of a site (webhook, SMS, WeChat). */
export const alertChannels = pgTable('alert_channels', {
  id: uuid('id').primaryKey().defaultRandom(),
  siteId: siteId(),
  kind: text('kind', { enum: ['webhook', 'sms', 'wechat'] }).notNull(),
  name: text('name').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  desks: text('desks').array().notNull(),
  minLevel: text('min_level', { enum: LEVELS }).notNull(),
  url: text('url'),
  /** HMAC key, AES-256-GCM encrypted */
  secretEnc: text('secret_enc'),
  recipients: text('recipients').array().notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/**
 * One message to one channel; retried with exponential back-off until delivered or given up.
 * Most are about an alert; a digest (action 'digest', the incidents' daily push) is addressed to
 * the channel itself and has no alert: its payload carries the text.
 */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => alertChannels.id, { onDelete: 'cascade' }),
    /** null for a digest */
    alertId: uuid('alert_id').references(() => alerts.id),
    siteId: uuid('site_id').notNull(),
    action: text('action').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    lastError: text('last_error'),
    lastStatusCode: integer('last_status_code'),
    nextAttemptAt: ts('next_attempt_at'),
    deliveredAt: ts('delivered_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('alert_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('alert_deliveries_site_idx').on(t.siteId, t.createdAt),
  ],
);
