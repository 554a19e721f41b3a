/**
 * Incidents (警情, issue 15): the category tree, the register (calls and cases of a compound),
 * people involved (police side only), gate alert → incident, the import of dispatch exports with a
 * column-mapping step, and the analysis (研判) with its generated summary and the suppressed
 * public numbers.
 *
 * Times: instants are ISO 8601 strings; dates are Asia/Shanghai calendar dates 'YYYY-MM-DD';
 * hours and weekdays of the heatmap are Asia/Shanghai wall-clock (weekday 1 = Monday … 7 = Sunday).
 */
import { z } from 'zod';
import { incidentContractMessages as m } from './incidents.messages.ts';
import { importJobSchema } from './registry.ts';

export const INCIDENT_CHANNELS = ['110', 'walk_in', 'phone', 'patrol', 'gate_alert'] as const;
export type IncidentChannel = (typeof INCIDENT_CHANNELS)[number];
export const INCIDENT_GROUPS = ['fraud', 'theft', 'fire', 'dispute', 'help', 'traffic', 'other'] as const;
export type IncidentGroup = (typeof INCIDENT_GROUPS)[number];
export const INCIDENT_PLACE_KINDS = ['building', 'unit', 'flat', 'shop', 'gate', 'public_place'] as const;
export type IncidentPlaceKind = (typeof INCIDENT_PLACE_KINDS)[number];
export const INCIDENT_OUTCOMES = [
  'pending',
  'settled_on_spot',
  'referred_mediation',
  'case_opened',
  'advice_given',
  'referred_other',
  'no_action',
] as const;
export type IncidentOutcome = (typeof INCIDENT_OUTCOMES)[number];
export const INCIDENT_SOURCES = ['manual', 'import', 'gate_alert'] as const;
export const INVOLVEMENT_ROLES = ['victim', 'reporter', 'party', 'suspect', 'witness'] as const;
export type InvolvementRole = (typeof INVOLVEMENT_ROLES)[number];
/** Groups counted as "disputes and help requests" (the article's two thirds). */
export const DISPUTE_HELP_GROUPS: readonly IncidentGroup[] = ['dispute', 'help'];
/** Victims' age bands of the fraud analysis (aggregate only). */
export const AGE_BANDS = ['<18', '18-39', '40-59', '60+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
/** Hour bands of the public numbers. */
export const HOUR_BANDS = ['0-6', '6-12', '12-18', '18-24'] as const;
/** Counts below this are never shown in public ("少于5起"). */
export const INCIDENT_SUPPRESS_BELOW = 5;
export const INCIDENT_LIST_MAX = 200;

export const incidentChannelText = (c: IncidentChannel, lang: 'zh-CN' | 'en') => m.text(lang, `channel.${c}`);
export const incidentGroupText = (g: IncidentGroup, lang: 'zh-CN' | 'en') => m.text(lang, `group.${g}`);
export const incidentOutcomeText = (o: IncidentOutcome, lang: 'zh-CN' | 'en') => m.text(lang, `outcome.${o}`);

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
const text = (max: number) => z.string().trim().max(max, m.key('field.textTooLong', { max }));
const int = (min: number, max: number) =>
  z.coerce
    .number({ error: m.key('field.numberRange', { min, max }) })
    .int(m.key('field.numberRange', { min, max }))
    .min(min, m.key('field.numberRange', { min, max }))
    .max(max, m.key('field.numberRange', { min, max }));
const nameZhField = z
  .string({ error: m.key('field.nameZhRequired') })
  .trim()
  .min(1, m.key('field.nameZhRequired'))
  .max(40, m.key('field.textTooLong', { max: 40 }));
const nameEnField = z
  .string({ error: m.key('field.nameEnRequired') })
  .trim()
  .min(1, m.key('field.nameEnRequired'))
  .max(80, m.key('field.textTooLong', { max: 80 }));

export const incidentSiteQuerySchema = z.object({ siteId: siteIdField });

// ---- Categories (a tree, editable by police) ----

export const incidentCategorySchema = z.object({
  id: z.string(),
  siteId: z.string(),
  parentId: z.string().nullable(),
  nameZh: z.string(),
  nameEn: z.string(),
  group: z.enum(INCIDENT_GROUPS),
  sortOrder: z.number(),
  active: z.boolean(),
});
export type IncidentCategory = z.infer<typeof incidentCategorySchema>;
export const incidentCategoryListSchema = z.object({ items: z.array(incidentCategorySchema) });
export const incidentCategoryInputSchema = z.object({
  siteId: siteIdField,
  /** a child of a top-level category only: the tree is two levels deep */
  parentId: idField.nullable().default(null),
  nameZh: nameZhField,
  nameEn: nameEnField,
  /** a child takes its parent's group when not given */
  group: z.enum(INCIDENT_GROUPS).optional(),
  sortOrder: int(0, 999).default(0),
});
export type IncidentCategoryInput = z.input<typeof incidentCategoryInputSchema>;
export const incidentCategoryPatchSchema = z.object({
  nameZh: nameZhField.optional(),
  nameEn: nameEnField.optional(),
  group: z.enum(INCIDENT_GROUPS).optional(),
  sortOrder: int(0, 999).optional(),
  /** categories are retired, never deleted: old incidents keep theirs */
  active: z.boolean().optional(),
});

// ---- Named public places of a site (广场, 地下车库, …) ----

export const incidentPublicPlaceSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  active: z.boolean(),
});
export const incidentPublicPlaceListSchema = z.object({ items: z.array(incidentPublicPlaceSchema) });
export const incidentPublicPlaceInputSchema = z.object({
  siteId: siteIdField,
  nameZh: nameZhField,
  nameEn: nameEnField,
});
export const incidentPublicPlacePatchSchema = z.object({
  nameZh: nameZhField.optional(),
  nameEn: nameEnField.optional(),
  active: z.boolean().optional(),
});

// ---- Places ----

/** Where it happened: one of the registry's buildings/units/flats/shops, a gate or a public place. */
export const incidentPlaceInputSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('building'), buildingId: idField }),
    z.object({ kind: z.literal('unit'), buildingId: idField, unit: int(1, 99) }),
    z.object({ kind: z.literal('flat'), roomId: idField }),
    z.object({ kind: z.literal('shop'), roomId: idField }),
    z.object({ kind: z.literal('gate'), gateId: idField }),
    z.object({ kind: z.literal('public_place'), publicPlaceId: idField }),
  ],
  { error: m.key('field.placeRequired') },
);
export type IncidentPlaceInput = z.infer<typeof incidentPlaceInputSchema>;

export const incidentPlaceSchema = z.object({
  kind: z.enum(INCIDENT_PLACE_KINDS),
  buildingId: z.string().nullable(),
  unit: z.number().nullable(),
  roomId: z.string().nullable(),
  gateId: z.string().nullable(),
  publicPlaceId: z.string().nullable(),
  /** '3号楼', '3号楼2单元', '3-2-1501', '东街-018', '东门', '中心广场' */
  label: z.string(),
});
export type IncidentPlace = z.infer<typeof incidentPlaceSchema>;

// ---- Incidents ----

const summaryField = z
  .string({ error: m.key('field.summaryRequired') })
  .trim()
  .min(1, m.key('field.summaryRequired'))
  .max(2000, m.key('field.textTooLong', { max: 2000 }));

export const incidentSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  receivedAt: z.string(),
  channel: z.enum(INCIDENT_CHANNELS),
  categoryId: z.string(),
  categoryNameZh: z.string(),
  categoryNameEn: z.string(),
  group: z.enum(INCIDENT_GROUPS),
  place: incidentPlaceSchema,
  summary: z.string(),
  outcome: z.enum(INCIDENT_OUTCOMES),
  officerUserId: z.string().nullable(),
  officerName: z.string().nullable(),
  /** the mediation case this dispute was turned into (free text until mediation exists) */
  mediationCaseRef: z.string().nullable(),
  alertId: z.string().nullable(),
  /** the dispatch system's number of an imported call */
  externalRef: z.string().nullable(),
  source: z.enum(INCIDENT_SOURCES),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Incident = z.infer<typeof incidentSchema>;

export const incidentListQuerySchema = z.object({
  siteId: siteIdField,
  from: dateField.optional(),
  to: dateField.optional(),
  categoryId: idField.optional(),
  group: z.enum(INCIDENT_GROUPS).optional(),
  channel: z.enum(INCIDENT_CHANNELS).optional(),
  outcome: z.enum(INCIDENT_OUTCOMES).optional(),
  /** words in the summary or the place's label */
  q: text(50).optional(),
  limit: int(1, INCIDENT_LIST_MAX).default(50),
  offset: int(0, 1_000_000).default(0),
});
export type IncidentListQuery = z.input<typeof incidentListQuerySchema>;
export const incidentListSchema = z.object({ items: z.array(incidentSchema), total: z.number() });

export const incidentInputSchema = z.object({
  siteId: siteIdField,
  /** not in the future (the server checks against its clock) */
  receivedAt: instantField,
  channel: z.enum(INCIDENT_CHANNELS),
  categoryId: idField,
  place: incidentPlaceInputSchema,
  summary: summaryField,
  outcome: z.enum(INCIDENT_OUTCOMES).default('pending'),
  /** the officer who handled it; defaults to the recording user when police-side */
  officerUserId: idField.nullable().optional(),
  officerName: text(40).nullable().optional(),
  mediationCaseRef: text(60).nullable().default(null),
});
export type IncidentInput = z.input<typeof incidentInputSchema>;
export const incidentPatchSchema = z.object({
  receivedAt: instantField.optional(),
  channel: z.enum(INCIDENT_CHANNELS).optional(),
  categoryId: idField.optional(),
  place: incidentPlaceInputSchema.optional(),
  summary: summaryField.optional(),
  outcome: z.enum(INCIDENT_OUTCOMES).optional(),
  officerUserId: idField.nullable().optional(),
  officerName: text(40).nullable().optional(),
  mediationCaseRef: text(60).nullable().optional(),
});
export type IncidentPatch = z.input<typeof incidentPatchSchema>;

/** Turn a gate alert (stranger, repeated denials) of the same site into an incident. */
export const incidentFromAlertSchema = z.object({
  alertId: idField,
  categoryId: idField,
  summary: summaryField.optional(),
  outcome: z.enum(INCIDENT_OUTCOMES).default('pending'),
});
export type IncidentFromAlert = z.input<typeof incidentFromAlertSchema>;

// ---- People involved (police side only, every read and change audited) ----

export const incidentPersonSchema = z.object({
  id: z.string(),
  incidentId: z.string(),
  personId: z.string(),
  name: z.string(),
  role: z.enum(INVOLVEMENT_ROLES),
  note: z.string().nullable(),
  createdAt: z.string(),
});
export type IncidentPerson = z.infer<typeof incidentPersonSchema>;
export const incidentPersonListSchema = z.object({ items: z.array(incidentPersonSchema) });
export const incidentPersonInputSchema = z.object({
  personId: idField,
  role: z.enum(INVOLVEMENT_ROLES),
  note: text(200).nullable().default(null),
});

// ---- Import of dispatch exports (.xlsx / .csv) ----

export const INCIDENT_IMPORT_FIELDS = [
  'receivedAt',
  'channel',
  'category',
  'place',
  'summary',
  'outcome',
  'officer',
  'externalRef',
] as const;
export type IncidentImportField = (typeof INCIDENT_IMPORT_FIELDS)[number];
/** Every incident of the register is at a place of the compound, so an imported call needs one too. */
export const INCIDENT_IMPORT_REQUIRED: readonly IncidentImportField[] = [
  'receivedAt',
  'category',
  'place',
  'summary',
];
export const INCIDENT_IMPORT_MODES = ['all_or_nothing', 'skip_bad_rows'] as const;
export type IncidentImportMode = (typeof INCIDENT_IMPORT_MODES)[number];

/** Field → the 0-based column of the sheet it is read from (a field left out is not imported). */
export const incidentImportMappingSchema = z
  .partialRecord(z.enum(INCIDENT_IMPORT_FIELDS), z.number().int().min(0).max(200))
  .superRefine((mapping, ctx) => {
    for (const field of INCIDENT_IMPORT_REQUIRED)
      if (mapping[field] === undefined)
        ctx.addIssue({ code: 'custom', message: m.key('field.mappingRequired', { field }), path: [field] });
  });
export type IncidentImportMapping = z.infer<typeof incidentImportMappingSchema>;

/**
 * Step 1 (multipart `file`): the sheet's header row, a few sample rows and the mapping the server
 * guesses from the headers. Step 2 posts the same file again with `mapping` (JSON) and `mode`.
 */
export const incidentImportPreviewSchema = z.object({
  fileName: z.string(),
  columns: z.array(z.string()),
  sample: z.array(z.array(z.string())),
  rows: z.number(),
  suggestedMapping: z.record(z.string(), z.number()),
});
export type IncidentImportPreview = z.infer<typeof incidentImportPreviewSchema>;
/** The import's job: progress, per-row errors ({row, field, message}); same shape as the registry's. */
export const incidentImportJobSchema = importJobSchema;

// ---- Analysis (研判) ----

export const incidentAnalysisQuerySchema = z.object({
  siteId: siteIdField,
  /** the window ends today (Asia/Shanghai) and reaches back this many months */
  months: int(1, 24).default(12),
});
const countOf = z.number();
export const incidentAnalysisSchema = z.object({
  siteId: z.string(),
  from: z.string(),
  to: z.string(),
  total: countOf,
  byCategory: z.array(
    z.object({
      categoryId: z.string(),
      parentId: z.string().nullable(),
      nameZh: z.string(),
      nameEn: z.string(),
      group: z.enum(INCIDENT_GROUPS),
      count: countOf,
    }),
  ),
  byGroup: z.array(z.object({ group: z.enum(INCIDENT_GROUPS), count: countOf })),
  /** week starts (Monday) with the count of the same ISO-week a year before */
  weekly: z.array(z.object({ week: z.string(), count: countOf, lastYear: countOf })),
  monthly: z.array(z.object({ month: z.string(), count: countOf, lastYear: countOf })),
  /** only cells with incidents */
  heatmap: z.array(z.object({ weekday: z.number(), hour: z.number(), count: countOf })),
  topPlaces: z.array(
    z.object({
      kind: z.enum(INCIDENT_PLACE_KINDS),
      label: z.string(),
      buildingId: z.string().nullable(),
      count: countOf,
    }),
  ),
  /** every building of the site in its number order, with its incidents (flats, units, the building itself) */
  byBuilding: z.array(z.object({ buildingId: z.string(), name: z.string(), count: countOf })),
  disputeHelp: z.object({ count: countOf, total: countOf, share: z.number().nullable() }),
  fraudAgeBands: z.array(z.object({ band: z.enum(AGE_BANDS), count: countOf })),
  /** the generated summary: sentences in both languages, correct for the data */
  summary: z.object({ zh: z.array(z.string()), en: z.array(z.string()) }),
});
export type IncidentAnalysis = z.infer<typeof incidentAnalysisSchema>;

const suppressedCount = z.object({ count: z.number().nullable(), suppressed: z.boolean() });
/** What residents and public boards may see: by group and hour band, counts < 5 suppressed. */
export const publicIncidentNumbersSchema = z.object({
  siteId: z.string(),
  from: z.string(),
  to: z.string(),
  weeks: z.number(),
  total: suppressedCount,
  byGroup: z.array(suppressedCount.extend({ group: z.enum(INCIDENT_GROUPS) })),
  byHourBand: z.array(suppressedCount.extend({ band: z.enum(HOUR_BANDS) })),
  disputeHelpShare: z.number().nullable(),
});
export type PublicIncidentNumbers = z.infer<typeof publicIncidentNumbersSchema>;
