/**
 * Mediation ("2+N", issue 16): cases, their parties, the N roster, the team of a case, declared
 * relations (recusal), sessions with their record, attachments, the police-only violation record,
 * the agreement with its terms, and follow-up visits. Deadlines are stored on the case; "overdue"
 * is computed at read time from them.
 */
import {
  bigint,
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  AGREEMENT_KINDS,
  MEDIATION_FILE_TYPES,
  MEDIATION_GRADES,
  MEDIATION_OUTCOMES,
  MEDIATION_REFERRED_TO,
  MEDIATION_RISKS,
  MEDIATION_SOURCES,
  MEDIATION_STATUSES,
  MEDIATION_TYPES,
  type MediationType,
  PARTY_ROLES,
  ROSTER_KINDS,
  SESSION_PLACE_KINDS,
  TEAM_ROLES,
  TERM_STATUSES,
} from '@anju/contracts';
import { createdAt, siteId, updatedAt } from '../../db/columns.ts';
import { users } from '../../platform/org/schema.ts';
import { appointmentResources } from '../appointments/schema.ts';
import { incidents } from '../incidents/schema.ts';
import { persons } from '../registry/schema.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});
const at = (name: string) => timestamp(name, { withTimezone: true });

export const mediationCases = pgTable(
  'mediation_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    /** TJ-YYYYMMDD-NNNN, numbered per site and (Asia/Shanghai) day of acceptance */
    serial: text('serial').notNull(),
    source: text('source', { enum: MEDIATION_SOURCES }).notNull(),
    incidentId: uuid('incident_id').references(() => incidents.id),
    sourceNote: text('source_note'),
    type: text('type', { enum: MEDIATION_TYPES }).notNull(),
    facts: text('facts').notNull(),
    amountCents: bigint('amount_cents', { mode: 'number' }),
    risk: text('risk', { enum: MEDIATION_RISKS }).notNull(),
    riskReasons: text('risk_reasons'),
    violationInvolved: boolean('violation_involved').notNull().default(false),
    status: text('status', { enum: MEDIATION_STATUSES }).notNull().default('intake'),
    grade: text('grade', { enum: MEDIATION_GRADES }),
    outcome: text('outcome', { enum: MEDIATION_OUTCOMES }),
    referredTo: text('referred_to', { enum: MEDIATION_REFERRED_TO }),
    outcomeNote: text('outcome_note'),
    acceptedAt: at('accepted_at').notNull(),
    firstContactAt: at('first_contact_at'),
    /** call-sourced cases only (incident, phone): acceptedAt + 1 h */
    firstContactDue: at('first_contact_due'),
    gradingDue: at('grading_due').notNull(),
    concludeDue: at('conclude_due').notNull(),
    extensionNote: text('extension_note'),
    gradedAt: at('graded_at'),
    concludedAt: at('concluded_at'),
    closedAt: at('closed_at'),
    /**
     * A repeat call: an earlier case of the site about the same party (registry person or phone
     * hash) was accepted within MEDIATION_REPEAT_DAYS before this one. Kept by the database (the
     * trigger on mediation_parties, migration 0015) so the statistics count it without sorting
     * every party of the period; parties are only ever added, so it only ever turns on.
     */
    repeatCall: boolean('repeat_call').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('mediation_cases_serial_uq').on(t.siteId, t.serial),
    index('mediation_cases_site_status_idx').on(t.siteId, t.status),
    index('mediation_cases_site_accepted_idx').on(t.siteId, t.acceptedAt),
    index('mediation_cases_site_type_idx').on(t.siteId, t.type, t.acceptedAt),
    index('mediation_cases_incident_idx').on(t.incidentId),
  ],
);

export const mediationParties = pgTable(
  'mediation_parties',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => mediationCases.id, { onDelete: 'cascade' }),
    role: text('role', { enum: PARTY_ROLES }).notNull(),
    personId: uuid('person_id').references(() => persons.id),
    name: text('name').notNull(),
    /** sealed like the registry's phones (registry/sql.ts sealPhone) */
    phoneEnc: text('phone_enc'),
    /** the phone's lookup hash (sealPhone): repeat calls about the same party, without the number */
    phoneHash: text('phone_hash'),
    address: text('address'),
  },
  (t) => [
    index('mediation_parties_case_idx').on(t.caseId),
    index('mediation_parties_person_idx').on(t.personId),
    index('mediation_parties_phone_idx').on(t.phoneHash),
  ],
);

/** The N: people's mediators, lawyers, the five elders, deputies, CPPCC members, other residents. */
export const mediationRoster = pgTable(
  'mediation_roster',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: siteId(),
    /** the console login (role mediator) of a member who works in the console */
    userId: uuid('user_id').references(() => users.id),
    /** the registry person, for recusal (same household as a party) */
    personId: uuid('person_id').references(() => persons.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: ROSTER_KINDS }).notNull(),
    specialities: jsonb('specialities').$type<MediationType[]>().notNull().default([]),
    availability: text('availability'),
    phoneEnc: text('phone_enc'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('mediation_roster_site_idx').on(t.siteId), index('mediation_roster_user_idx').on(t.userId)],
);

/** Who is on a case: the officer (a user), the people's mediator and the N (roster members). */
export const mediationTeam = pgTable(
  'mediation_team',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => mediationCases.id, { onDelete: 'cascade' }),
    role: text('role', { enum: TEAM_ROLES }).notNull(),
    /** the login that sees the case (the officer, or a roster member's login) */
    userId: uuid('user_id').references(() => users.id),
    rosterId: uuid('roster_id').references(() => mediationRoster.id),
    addedAt: at('added_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('mediation_team_user_uq').on(t.caseId, t.userId),
    uniqueIndex('mediation_team_roster_uq').on(t.caseId, t.rosterId),
    index('mediation_team_user_idx').on(t.userId),
  ],
);

/** A roster member who declared a relation to a party of a case (cannot join its team). */
export const mediationRecusalDeclarations = pgTable(
  'mediation_recusal_declarations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => mediationCases.id, { onDelete: 'cascade' }),
    rosterId: uuid('roster_id')
      .notNull()
      .references(() => mediationRoster.id),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('mediation_recusal_uq').on(t.caseId, t.rosterId)],
);

export const mediationSessions = pgTable(
  'mediation_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => mediationCases.id, { onDelete: 'cascade' }),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    placeKind: text('place_kind', { enum: SESSION_PLACE_KINDS }).notNull(),
    placeText: text('place_text'),
    roomResourceId: uuid('room_resource_id').references(() => appointmentResources.id),
    /** the appointments module's reservation ref: mediation:<sessionId> */
    roomReservationRef: text('room_reservation_ref'),
    attendees: jsonb('attendees').$type<string[]>().notNull().default([]),
    statements: text('statements'),
    legalAdvice: text('legal_advice'),
    record: text('record'),
    recordedAt: at('recorded_at'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('mediation_sessions_case_idx').on(t.caseId, t.startsAt)],
);

export const mediationFiles = pgTable(
  'mediation_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => mediationCases.id, { onDelete: 'cascade' }),
    sessionId: uuid('session_id').references(() => mediationSessions.id),
    fileName: text('file_name').notNull(),
    contentType: text('content_type', { enum: MEDIATION_FILE_TYPES }).notNull(),
    bytes: bytea('bytes').notNull(),
    size: integer('size').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('mediation_files_case_idx').on(t.caseId)],
);

/** Police only: the facts of the minor violation and the consequences told to the parties. */
export const mediationViolationRecords = pgTable('mediation_violation_records', {
  caseId: uuid('case_id')
    .primaryKey()
    .references(() => mediationCases.id, { onDelete: 'cascade' }),
  facts: text('facts').notNull(),
  consequencesTold: text('consequences_told').notNull(),
  toldAt: at('told_at').notNull(),
  recordedBy: uuid('recorded_by').references(() => users.id),
  createdAt: createdAt(),
});

/** 人民调解协议书: the statutory content (人民调解法 Art. 29) and the judicial confirmation. */
export const mediationAgreements = pgTable(
  'mediation_agreements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .unique()
      .references(() => mediationCases.id, { onDelete: 'cascade' }),
    siteId: siteId(),
    /** XY-YYYY-NNNN, numbered per site and year */
    serial: text('serial').notNull(),
    kind: text('kind', { enum: AGREEMENT_KINDS }).notNull().default('written'),
    partiesSummary: text('parties_summary').notNull(),
    mainFacts: text('main_facts').notNull(),
    disputedMatters: text('disputed_matters').notNull(),
    responsibilities: text('responsibilities').notNull(),
    signedOn: date('signed_on', { mode: 'string' }).notNull(),
    copies: integer('copies').notNull().default(3),
    /** the parties asked for judicial confirmation: the 30-day reminder applies */
    judicialRequested: boolean('judicial_requested').notNull().default(false),
    judicialAppliedOn: date('judicial_applied_on', { mode: 'string' }),
    judicialCourt: text('judicial_court'),
    judicialNumber: text('judicial_number'),
    judicialResult: text('judicial_result'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('mediation_agreements_serial_uq').on(t.siteId, t.serial),
    index('mediation_agreements_site_idx').on(t.siteId, t.signedOn),
  ],
);

export const mediationTerms = pgTable(
  'mediation_terms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agreementId: uuid('agreement_id')
      .notNull()
      .references(() => mediationAgreements.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    text: text('text').notNull(),
    obligor: text('obligor').notNull(),
    how: text('how').notNull(),
    place: text('place').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    status: text('status', { enum: TERM_STATUSES }).notNull().default('pending'),
    settledOn: date('settled_on', { mode: 'string' }),
    note: text('note'),
  },
  (t) => [
    uniqueIndex('mediation_terms_seq_uq').on(t.agreementId, t.seq),
    index('mediation_terms_due_idx').on(t.status, t.dueOn),
  ],
);

/** 回访: follow-up visits about performance, scheduled and recorded. */
export const mediationFollowups = pgTable(
  'mediation_followups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => mediationCases.id, { onDelete: 'cascade' }),
    termId: uuid('term_id').references(() => mediationTerms.id, { onDelete: 'set null' }),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    doneAt: at('done_at'),
    byUserId: uuid('by_user_id').references(() => users.id),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [index('mediation_followups_case_idx').on(t.caseId)],
);
