/**
 * Shared population registry (实有人口): payloads and responses of /api/v1/registry, used by the
 * server's route validation and by the console's forms. Every validation message names its field
 * (a key of registry.messages.ts, rendered in the reader's language), so a collector on a phone
 * knows which box to fix.
 */
import { z } from 'zod';
import { type Lang, type Texts, textIn } from './i18n.ts';
import { registryContractMessages as c } from './registry.messages.ts';
import { idNumberMessageKey, idNumberProblem, normalizePhone } from './validators.ts';

export const RESIDENCY_TYPES = ['owner', 'family', 'tenant', 'shop_operator', 'employee'] as const;
export type ResidencyType = (typeof RESIDENCY_TYPES)[number];

/** Relation to the head of household (与户主关系). */
export const RELATIONS = [
  'head',
  'spouse',
  'child',
  'child_in_law',
  'parent',
  'grandparent',
  'grandchild',
  'sibling',
  'other',
] as const;
export type Relation = (typeof RELATIONS)[number];

/** How a flat shows on the building map. */
export const OCCUPANCIES = ['owner_occupied', 'rented', 'vacant', 'shop', 'unverified'] as const;
export type Occupancy = (typeof OCCUPANCIES)[number];

export const CARE_FLAGS = ['elderly_alone', 'disability'] as const;
export type CareFlag = (typeof CARE_FLAGS)[number];

/**
 * A residency as it stands on a given day: `pending` (starts later), `active`, `expired` (a
 * tenant whose contract ended: must re-register), `ended` (moved out, or replaced by a renewal).
 */
export const RESIDENCY_STATUSES = ['pending', 'active', 'expired', 'ended'] as const;
export type ResidencyStatus = (typeof RESIDENCY_STATUSES)[number];

export const TENANCY_STATUSES = ['pending', 'active', 'expired', 'renewed', 'ended'] as const;
export type TenancyStatus = (typeof TENANCY_STATUSES)[number];

export const PERSON_STATUSES = ['active', 'moved_out'] as const;

/** An enum value's words in one language: its catalogue entry `<group>.<value>`, or the value itself. */
function enumText(group: 'type' | 'relation' | 'occupancy' | 'care' | 'status', value: string, lang: Lang) {
  const texts = (c.entries as Record<string, Texts>)[`${group}.${value}`];
  return texts ? textIn(texts, lang) : value;
}

export const residencyStatusText = (status: ResidencyStatus, lang: Lang) => enumText('status', status, lang);
export const residencyTypeText = (type: ResidencyType, lang: Lang) => enumText('type', type, lang);
export const relationText = (relation: Relation, lang: Lang) => enumText('relation', relation, lang);
export const occupancyText = (occupancy: Occupancy, lang: Lang) => enumText('occupancy', occupancy, lang);
export const careFlagText = (flag: CareFlag, lang: Lang) => enumText('care', flag, lang);

/** What the console shows (in Chinese) for a tenant whose contract has lapsed. */
export const CONTRACT_EXPIRED_LABEL = c.text('zh-CN', 'status.expired');

/** The 56 ethnic groups (民族), in the order of GB/T 3304: the values people choose, the same in every language. */
// biome-ignore format: eight names a line, each line marked as data
export const ETHNICITIES = [
  '汉族', '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', // i18n-data: names of ethnic groups
  '布依族', '朝鲜族', '满族', '侗族', '瑶族', '白族', '土家族', '哈尼族', // i18n-data: names of ethnic groups
  '哈萨克族', '傣族', '黎族', '傈僳族', '佤族', '畲族', '高山族', '拉祜族', // i18n-data: names of ethnic groups
  '水族', '东乡族', '纳西族', '景颇族', '柯尔克孜族', '土族', '达斡尔族', '仫佬族', // i18n-data: names of ethnic groups
  '羌族', '布朗族', '撒拉族', '毛南族', '仡佬族', '锡伯族', '阿昌族', '普米族', // i18n-data: names of ethnic groups
  '塔吉克族', '怒族', '乌孜别克族', '俄罗斯族', '鄂温克族', '德昂族', '保安族', '裕固族', // i18n-data: names of ethnic groups
  '京族', '塔塔尔族', '独龙族', '鄂伦春族', '赫哲族', '门巴族', '珞巴族', '基诺族', // i18n-data: names of ethnic groups
] as const;

/** Contract scans: PDF, JPEG or PNG (checked by content), at most this size. */
export const CONTRACT_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const CONTRACT_FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const IMPORT_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 20_000;

/** Default city: household registration outside this prefix counts as floating population. */
export const DEFAULT_CITY_REGION_PREFIX = '4101';
export const DEFAULT_CITY_NAME = '郑州市'; // i18n-data: the demo compound's city, stored as its name

// ---------------------------------------------------------------------------------------------
// Field helpers: each message says which field and why. `label` is the field's name as a
// message key (`c.key('label.phone')`), rendered in the reader's language inside the message.

const missing = (label: string) => (issue: { input?: unknown }) =>
  issue.input === undefined || issue.input === null
    ? c.key('rule.enter', { label })
    : c.key('rule.invalid', { label });

export function textField(label: string, max: number) {
  return z
    .string({ error: missing(label) })
    .trim()
    .max(max, c.key('rule.tooLong', { label, max }));
}

export function requiredText(label: string, max: number) {
  return textField(label, max).min(1, c.key('rule.enter', { label }));
}

/** Calendar date YYYY-MM-DD (a real date). */
export function dateField(label: string) {
  return z
    .string({ error: missing(label) })
    .regex(/^\d{4}-\d{2}-\d{2}$/, c.key('rule.dateFormat', { label }))
    .refine(
      (v) => {
        const d = new Date(`${v}T00:00:00Z`);
        return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
      },
      c.key('rule.notADate', { label }),
    );
}

/** A resident ID number checked per GB 11643 (format, region, birth date, check character). */
export const idNumberField = z
  .string({ error: missing(c.key('label.idNumber')) })
  .trim()
  .toUpperCase()
  .superRefine((v, ctx) => {
    const problem = idNumberProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: idNumberMessageKey(problem) });
  });

/** A mainland mobile or fixed-line number, normalised (spaces, dashes, +86 removed). */
export function phoneField(label: string) {
  return z.string({ error: missing(label) }).transform((v, ctx) => {
    const normalised = normalizePhone(v);
    if (!normalised) {
      ctx.addIssue({ code: 'custom', message: c.key('rule.phone', { label }) });
      return z.NEVER;
    }
    return normalised;
  });
}

/** Licence plates: province character, city letter, 5 (petrol) or 6 (new-energy) characters. */
export const PLATE_PATTERN =
  /^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][A-HJ-NP-Z0-9]{5,6}$/;
export const plateField = z
  .string({ error: missing(c.key('label.vehiclePlates')) })
  .trim()
  .toUpperCase()
  .regex(PLATE_PATTERN, c.key('person.plate'));

export const regionCodeField = z
  .string({ error: missing(c.key('label.hukouRegionCodeFull')) })
  .trim()
  .regex(/^[1-9]\d{5}$/, c.key('person.regionCode'));

const nameField = requiredText(c.key('label.name'), 40).regex(
  /^[\p{Script=Han}A-Za-z·•. ]+$/u,
  c.key('person.nameChars'),
);

const genderField = z.enum(['male', 'female'], { error: c.key('person.gender') });
const ethnicityField = z.enum(ETHNICITIES, { error: c.key('person.ethnicity') });
const careFlagsField = z
  .array(z.enum(CARE_FLAGS, { error: c.key('person.careFlag') }))
  .max(CARE_FLAGS.length, c.key('person.careFlagDuplicate'));
const platesField = z.array(plateField).max(5, c.key('person.platesMax'));
const relationField = z.enum(RELATIONS, { error: c.key('person.relation') });

/** Placing a newly registered or moving-in person in a flat or shop. */
export const placementSchema = z.object({
  roomId: z.uuid(c.key('id.room')),
  type: z.enum(['owner', 'family', 'shop_operator', 'employee'], {
    error: c.key('person.placementType'),
  }),
  relationToHead: relationField.optional(),
  validFrom: dateField(c.key('label.moveInDate')).optional(),
});

/** The door-to-door collection form (入户走访·信息采集). */
export const personInputSchema = z.object({
  /** Needed only when the caller has several sites and no placement is given. */
  siteId: z.uuid(c.key('id.site')).optional(),
  name: nameField,
  idNumber: idNumberField,
  /** Derived from the ID number when left out; refused when it disagrees. */
  gender: genderField.optional(),
  ethnicity: ethnicityField.optional(),
  phone: phoneField(c.key('label.phone')).optional(),
  hukouAddress: textField(c.key('label.hukouAddress'), 200).optional(),
  /** Defaults to the first six digits of the ID number. */
  hukouRegionCode: regionCodeField.optional(),
  workplace: textField(c.key('label.workplace'), 100).optional(),
  emergencyContactName: textField(c.key('label.emergencyContactName'), 40).optional(),
  emergencyContactPhone: phoneField(c.key('label.emergencyContactPhone')).optional(),
  vehiclePlates: platesField.optional(),
  careFlags: careFlagsField.optional(),
  /** Police-side only (警务备注); refused for other roles. */
  policeNote: textField(c.key('label.policeNote'), 500).optional(),
  /** What the collector noted on this visit. */
  visitNote: textField(c.key('label.visitNote'), 500).optional(),
  placement: placementSchema.optional(),
});
export type PersonInput = z.input<typeof personInputSchema>;

export const personPatchSchema = z.object({
  name: nameField.optional(),
  idNumber: idNumberField.optional(),
  gender: genderField.optional(),
  ethnicity: ethnicityField.optional(),
  phone: phoneField(c.key('label.phone')).nullable().optional(),
  hukouAddress: textField(c.key('label.hukouAddress'), 200).nullable().optional(),
  hukouRegionCode: regionCodeField.nullable().optional(),
  workplace: textField(c.key('label.workplace'), 100).nullable().optional(),
  emergencyContactName: textField(c.key('label.emergencyContactName'), 40).nullable().optional(),
  emergencyContactPhone: phoneField(c.key('label.emergencyContactPhone')).nullable().optional(),
  vehiclePlates: platesField.optional(),
  careFlags: careFlagsField.optional(),
  policeNote: textField(c.key('label.policeNote'), 500).nullable().optional(),
  visitNote: textField(c.key('label.visitNote'), 500).optional(),
});
export type PersonPatch = z.input<typeof personPatchSchema>;

/** Multipart text fields of POST /registry/tenancies (the file goes in the part named "file"). */
export const tenancyFieldsSchema = z.object({
  roomId: z.uuid(c.key('id.room')),
  landlordName: requiredText(c.key('label.landlordName'), 40).optional(),
  landlordPersonId: z.uuid(c.key('id.landlord')).optional(),
  landlordPhone: phoneField(c.key('label.landlordPhone')).optional(),
  startDate: dateField(c.key('label.contractStart')),
  endDate: dateField(c.key('label.contractEndDate')),
  monthlyRent: z.coerce
    .number({ error: c.key('tenancy.rentNumber') })
    .min(0, c.key('tenancy.rentNegative'))
    .max(1_000_000, c.key('tenancy.rentTooLarge'))
    .optional(),
  /** The tenants: people already registered (door-to-door form first). */
  tenants: z
    .array(z.object({ personId: z.uuid(c.key('id.tenant')), relationToHead: relationField.optional() }), {
      error: c.key('rule.enter', { label: c.key('label.tenants') }),
    })
    .min(1, c.key('tenancy.tenantsMin'))
    .max(20, c.key('tenancy.tenantsMax')),
});
export type TenancyFields = z.input<typeof tenancyFieldsSchema>;

export const tenancyRenewFieldsSchema = z.object({
  /** Defaults to the day after the previous contract's end. */
  startDate: dateField(c.key('label.renewalStart')).optional(),
  endDate: dateField(c.key('label.renewalEnd')),
  monthlyRent: z.coerce
    .number({ error: c.key('tenancy.rentNumber') })
    .min(0, c.key('tenancy.rentNegative'))
    .optional(),
  /** Defaults to every tenant of the previous contract. */
  tenantPersonIds: z
    .array(z.uuid(c.key('id.tenant')))
    .min(1, c.key('tenancy.keepTenant'))
    .optional(),
});

export const moveInSchema = z.object({
  personId: z.uuid(c.key('id.person')),
  roomId: z.uuid(c.key('id.room')),
  type: placementSchema.shape.type,
  relationToHead: relationField.optional(),
  date: dateField(c.key('label.moveInDate')),
});

export const moveOutSchema = z.object({
  /** Last day lived there (inclusive). */
  date: dateField(c.key('label.moveOutDate')),
  note: textField(c.key('label.note'), 200).optional(),
});

export const searchQuerySchema = z.object({
  q: requiredText(c.key('label.searchText'), 50),
  siteId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

// ---------------------------------------------------------------------------------------------
// Responses.

export const occupancyCountsSchema = z.object({
  owner_occupied: z.number(),
  rented: z.number(),
  vacant: z.number(),
  shop: z.number(),
  unverified: z.number(),
});
export type OccupancyCounts = z.infer<typeof occupancyCountsSchema>;

export const buildingSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  name: z.string(),
  number: z.number(),
  floors: z.number(),
  units: z.number(),
  flatsPerFloor: z.number(),
  flats: z.number(),
  legend: occupancyCountsSchema,
});
export type Building = z.infer<typeof buildingSchema>;

export const mapCellSchema = z.object({
  roomId: z.string(),
  unit: z.number(),
  number: z.string(),
  label: z.string(),
  occupancy: z.enum(OCCUPANCIES),
  residents: z.number(),
  /** End of the current (or lapsed) tenancy of a rented flat. */
  tenancyEndDate: z.string().nullable(),
  expiredTenants: z.number(),
});
export const buildingMapSchema = z.object({
  building: buildingSchema.omit({ legend: true, flats: true }),
  units: z.array(z.number()),
  /** Top floor first, as the building stands. */
  floors: z.array(z.object({ floor: z.number(), cells: z.array(mapCellSchema) })),
  legend: occupancyCountsSchema,
});
export type BuildingMap = z.infer<typeof buildingMapSchema>;

export const residencyRowSchema = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  roomId: z.string(),
  roomLabel: z.string(),
  householdId: z.string().nullable(),
  shopId: z.string().nullable(),
  type: z.enum(RESIDENCY_TYPES),
  relationToHead: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  status: z.enum(RESIDENCY_STATUSES),
  statusLabel: z.string(),
  endReason: z.string().nullable(),
  tenancyId: z.string().nullable(),
  tenancyEndDate: z.string().nullable(),
});
export type ResidencyRow = z.infer<typeof residencyRowSchema>;

export const memberSchema = z.object({
  personId: z.string(),
  residencyId: z.string(),
  name: z.string(),
  gender: z.enum(['male', 'female']),
  /** exact for the police side; the age reached this calendar year for other roles */
  age: z.number(),
  relationToHead: z.string().nullable(),
  type: z.enum(RESIDENCY_TYPES),
  since: z.string(),
  validTo: z.string().nullable(),
  status: z.enum(RESIDENCY_STATUSES),
  statusLabel: z.string(),
  isFloating: z.boolean(),
  careFlags: z.array(z.string()),
});
export type Member = z.infer<typeof memberSchema>;

export const tenancySchema = z.object({
  id: z.string(),
  roomId: z.string(),
  roomLabel: z.string(),
  householdId: z.string().nullable(),
  landlordName: z.string(),
  landlordPersonId: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string(),
  monthlyRent: z.number().nullable(),
  fileId: z.string().nullable(),
  previousTenancyId: z.string().nullable(),
  status: z.enum(TENANCY_STATUSES),
  statusLabel: z.string(),
  /** Days until the end date (negative once lapsed). */
  daysLeft: z.number(),
  tenants: z.array(z.object({ personId: z.string(), name: z.string() })),
});
export type Tenancy = z.infer<typeof tenancySchema>;

export const shopSchema = z.object({
  id: z.string(),
  name: z.string(),
  licenceNo: z.string().nullable(),
  category: z.string().nullable(),
  roomId: z.string(),
  roomLabel: z.string(),
  street: z.string().nullable(),
  status: z.string(),
  operator: z.object({ personId: z.string(), name: z.string() }).nullable(),
  employees: z.number(),
});
export type Shop = z.infer<typeof shopSchema>;

export const roomDetailSchema = z.object({
  room: z.object({
    id: z.string(),
    siteId: z.string(),
    buildingId: z.string().nullable(),
    buildingName: z.string().nullable(),
    unit: z.number().nullable(),
    floor: z.number().nullable(),
    number: z.string(),
    label: z.string(),
    kind: z.enum(['home', 'shop']),
    area: z.number().nullable(),
    occupancy: z.enum(OCCUPANCIES),
    verifiedAt: z.string().nullable(),
  }),
  households: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['owner', 'tenant']),
      status: z.enum(['active', 'dissolved']),
      headPersonId: z.string().nullable(),
      members: z.array(memberSchema),
    }),
  ),
  /** The current tenancy, or the latest lapsed one of a flat that has not been re-let. */
  tenancy: tenancySchema.nullable(),
  shop: shopSchema.nullable(),
  /** Members of this shop (operator, employees) when the room is a shop. */
  shopPeople: z.array(memberSchema),
  history: z.array(residencyRowSchema),
});
export type RoomDetail = z.infer<typeof roomDetailSchema>;

export const visitSchema = z.object({
  id: z.string(),
  at: z.string(),
  kind: z.enum(['create', 'update', 'visit']),
  collectorName: z.string().nullable(),
  changedFields: z.array(z.string()),
  note: z.string().nullable(),
});

export const personDetailSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  name: z.string(),
  gender: z.enum(['male', 'female']),
  /**
   * Present only for roles that see the full ID number (police side): with the masked number's
   * 4+4 digits, a birth date and a 6-digit region code would give the whole ID number back.
   */
  birthDate: z.string().optional(),
  birthYear: z.number(),
  /** Police side: exact age; other roles: the age reached this calendar year (see ageForViewer). */
  age: z.number(),
  ethnicity: z.string(),
  /** Full for the police side; masked (4101**********1234) for property staff. */
  idNumber: z.string(),
  idNumberMasked: z.boolean(),
  phone: z.string().nullable(),
  /** Police side only (the address names the district, i.e. the ID number's digits 5–6). */
  hukouAddress: z.string().nullable().optional(),
  /** Police side only (6-digit GB/T 2260 code; it defaults to the ID number's first six digits). */
  hukouRegionCode: z.string().nullable().optional(),
  /** Province, and the city when it is the compound's own city (河南省郑州市): for every role. */
  hukouRegion: z.string().nullable(),
  isFloating: z.boolean(),
  workplace: z.string().nullable(),
  emergencyContactName: z.string().nullable(),
  emergencyContactPhone: z.string().nullable(),
  vehiclePlates: z.array(z.string()),
  careFlags: z.array(z.string()),
  status: z.enum(PERSON_STATUSES),
  /** Present only for the police side. */
  policeNote: z.string().nullable().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  residencies: z.array(residencyRowSchema),
  visits: z.array(visitSchema),
});
export type PersonDetail = z.infer<typeof personDetailSchema>;

export const searchResultSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('person'),
    id: z.string(),
    name: z.string(),
    gender: z.enum(['male', 'female']),
    age: z.number(),
    idNumberMasked: z.string(),
    roomId: z.string().nullable(),
    roomLabel: z.string().nullable(),
    residencyType: z.enum(RESIDENCY_TYPES).nullable(),
    status: z.enum(RESIDENCY_STATUSES).nullable(),
    statusLabel: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('room'),
    id: z.string(),
    label: z.string(),
    roomKind: z.enum(['home', 'shop']),
    buildingId: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('shop'),
    id: z.string(),
    name: z.string(),
    roomId: z.string(),
    roomLabel: z.string(),
    operatorName: z.string().nullable(),
  }),
]);
export type SearchResult = z.infer<typeof searchResultSchema>;
export const searchResponseSchema = z.object({
  /** How the query was read: exact identifier lookups never fall back to partial matches. */
  matchedBy: z.enum(['idNumber', 'phone', 'room', 'plate', 'text']),
  items: z.array(searchResultSchema),
});

/** GET /registry/stats: exact field names are part of the contract (dashboard). */
export const registryStatsSchema = z.object({
  households: z.number(),
  persons: z.number(),
  shops: z.number(),
  owners: z.number(),
  tenants: z.number(),
  floating: z.number(),
  tenanciesExpiringIn30Days: z.number(),
});
export type RegistryStats = z.infer<typeof registryStatsSchema>;

export const importRowErrorSchema = z.object({
  /** Spreadsheet row number (the header is row 1). */
  row: z.number(),
  field: z.string(),
  message: z.string(),
});
export const importJobSchema = z.object({
  id: z.string(),
  status: z.enum(['validating', 'importing', 'done', 'failed']),
  fileName: z.string(),
  skipInvalid: z.boolean(),
  total: z.number(),
  processed: z.number(),
  imported: z.number(),
  skipped: z.number(),
  errors: z.array(importRowErrorSchema),
  message: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportJob = z.infer<typeof importJobSchema>;

export const myHouseholdSchema = z.object({
  households: z.array(
    z.object({
      id: z.string(),
      roomLabel: z.string(),
      members: z.array(
        z.object({
          name: z.string(),
          relationToHead: z.string().nullable(),
          type: z.enum(RESIDENCY_TYPES),
          since: z.string(),
          validTo: z.string().nullable(),
          status: z.enum(RESIDENCY_STATUSES),
          statusLabel: z.string(),
          isMe: z.boolean(),
        }),
      ),
    }),
  ),
});
export type MyHousehold = z.infer<typeof myHouseholdSchema>;

/** A roster column: its key, its label (a message key) and the Chinese title an import accepts. */
const column = <K extends string>(key: K, label: keyof typeof c.entries & `label.${string}`) =>
  ({ key, label: c.key(label), title: c.text('zh-CN', label) }) as const;

/**
 * Roster columns for import and export (.xlsx / .csv). An import reads the header row by the
 * Chinese titles (the files people have) or the English keys; an export writes the label in the
 * reader's language.
 */
export const ROSTER_COLUMNS = [
  column('name', 'label.name'),
  column('idNumber', 'label.idNumber'),
  column('gender', 'label.gender'),
  column('ethnicity', 'label.ethnicity'),
  column('phone', 'label.phone'),
  column('room', 'label.room'),
  column('type', 'label.residencyType'),
  column('relationToHead', 'label.relationToHead'),
  column('validFrom', 'label.moveInDate'),
  column('contractEnd', 'label.contractEnd'),
  column('landlordName', 'label.landlordName'),
  column('hukouAddress', 'label.hukouAddress'),
  column('hukouRegionCode', 'label.hukouRegionCode'),
  column('workplace', 'label.workplace'),
  column('emergencyContactName', 'label.emergencyContactName'),
  column('emergencyContactPhone', 'label.emergencyContactPhone'),
  column('vehiclePlates', 'label.vehiclePlates'),
  column('careFlags', 'label.careFlags'),
] as const;
export type RosterColumnKey = (typeof ROSTER_COLUMNS)[number]['key'];

// ---------------------------------------------------------------------------------------------
// Compound structure (楼栋、单元、楼层、房屋、商铺): created and corrected by property staff.

/** Largest layout one request may create (a 99-floor tower with 20 units of 20 flats per floor). */
export const STRUCTURE_LIMITS = { units: 20, floors: 99, flatsPerFloor: 20, flatNumber: 999 } as const;

/** Flat number on a floor as the demo compound labels it: floor 15, 3rd flat → "1503". */
export function flatNumberOf(floor: number, position: number): string {
  return `${floor}${String(position).padStart(2, '0')}`;
}

/** A flat's label: building number - unit - flat number, e.g. "3-2-1501". */
export function flatLabelOf(building: number, unit: number, number: string): string {
  return `${building}-${unit}-${number}`;
}

/** A street shop's label: street - number, e.g. "东街-018". */
export function shopLabelOf(street: string, number: string): string {
  return `${street}-${number}`;
}

function intField(label: string, min: number, max: number) {
  return z
    .number({
      error: (issue) =>
        issue.input === undefined || issue.input === null
          ? c.key('rule.enter', { label })
          : c.key('rule.number', { label }),
    })
    .int(c.key('rule.int', { label }))
    .min(min, c.key('rule.range', { label, min, max }))
    .max(max, c.key('rule.range', { label, min, max }));
}

const buildingNumberField = intField(c.key('label.buildingNumber'), 1, STRUCTURE_LIMITS.flatNumber);
const buildingNameField = requiredText(c.key('label.buildingName'), 20);
const areaField = z
  .number({ error: c.key('structure.area') })
  .positive(c.key('structure.areaPositive'))
  .max(10_000, c.key('structure.areaMax'));
/** Flat number within its unit: digits and letters, e.g. 1501 or 15A. */
const flatNumberField = z
  .string({ error: missing(c.key('label.flatNumber')) })
  .trim()
  .toUpperCase()
  .min(1, c.key('rule.enter', { label: c.key('label.flatNumber') }))
  .max(8, c.key('structure.flatNumberLong'))
  .regex(/^[0-9A-Z]+$/, c.key('structure.flatNumberChars'));

/** POST /registry/buildings: a building and all its flats in one request. */
export const buildingCreateSchema = z
  .object({
    /** Needed only when the caller has several sites. */
    siteId: z.uuid(c.key('id.site')).optional(),
    number: buildingNumberField,
    /** Defaults to "<number>号楼". */
    name: buildingNameField.optional(),
    units: intField(c.key('label.unitCount'), 1, STRUCTURE_LIMITS.units),
    floors: intField(c.key('label.floorCount'), 1, STRUCTURE_LIMITS.floors),
    flatsPerFloor: intField(c.key('label.flatsPerFloor'), 1, STRUCTURE_LIMITS.flatsPerFloor),
    /** Floors with no flats (设备层、避难层、架空层): numbered as they stand, but left empty. */
    skipFloors: z
      .array(intField(c.key('label.skipFloor'), 1, STRUCTURE_LIMITS.floors))
      .max(STRUCTURE_LIMITS.floors, c.key('structure.skipFloorsMax'))
      .optional(),
    /** Floor area given to every flat created (平方米); can be corrected per flat later. */
    area: areaField.optional(),
  })
  .superRefine((v, ctx) => {
    for (const f of v.skipFloors ?? []) {
      if (f > v.floors) {
        ctx.addIssue({
          code: 'custom',
          path: ['skipFloors'],
          message: c.key('structure.skipFloorBeyond', { floor: f, floors: v.floors }),
        });
        return;
      }
    }
    if (new Set(v.skipFloors ?? []).size >= v.floors) {
      ctx.addIssue({ code: 'custom', path: ['skipFloors'], message: c.key('structure.allFloorsSkipped') });
    }
  });
export type BuildingCreateInput = z.input<typeof buildingCreateSchema>;

/** How many flats a building layout creates (the console's live preview uses the same rule). */
export function flatsInLayout(v: {
  units: number;
  floors: number;
  flatsPerFloor: number;
  skipFloors?: number[] | undefined;
}): number {
  const skipped = new Set((v.skipFloors ?? []).filter((f) => f >= 1 && f <= v.floors)).size;
  return v.units * Math.max(0, v.floors - skipped) * v.flatsPerFloor;
}

/** PATCH /registry/buildings/:id: a new number relabels the flats (3-2-1501 → 5-2-1501). */
export const buildingPatchSchema = z.object({
  number: buildingNumberField.optional(),
  name: buildingNameField.optional(),
});

/** POST /registry/buildings/:id/flats */
export const flatCreateSchema = z.object({
  unit: intField(c.key('label.unit'), 1, STRUCTURE_LIMITS.units),
  floor: intField(c.key('label.floor'), 1, STRUCTURE_LIMITS.floors),
  number: flatNumberField,
  area: areaField.optional(),
});
export type FlatCreateInput = z.input<typeof flatCreateSchema>;

/** PATCH /registry/rooms/:id (a flat; shops are edited through their shop). */
export const flatPatchSchema = z.object({
  unit: intField(c.key('label.unit'), 1, STRUCTURE_LIMITS.units).optional(),
  floor: intField(c.key('label.floor'), 1, STRUCTURE_LIMITS.floors).optional(),
  number: flatNumberField.optional(),
  area: areaField.nullable().optional(),
});
export type FlatPatchInput = z.input<typeof flatPatchSchema>;

const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** 统一社会信用代码 (GB 32100): 18 characters, the last one a check character. */
export function creditCodeValid(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARS.indexOf(code[i]!) * CREDIT_CODE_WEIGHTS[i]!;
  const c = 31 - (sum % 31);
  return code[17] === CREDIT_CODE_CHARS[c === 31 ? 0 : c];
}

const licenceField = z
  .string({ error: missing(c.key('label.licenceNo')) })
  .trim()
  .toUpperCase()
  .refine(creditCodeValid, c.key('structure.licence'));
const streetField = requiredText(c.key('label.street'), 10).regex(
  /^[^-\s]+$/,
  c.key('structure.streetChars'),
);
/** Shop number on its street: digits, e.g. 018 (kept as written). */
const shopNumberField = z
  .string({ error: missing(c.key('label.shopNumber')) })
  .trim()
  .min(1, c.key('rule.enter', { label: c.key('label.shopNumber') }))
  .max(6, c.key('structure.shopNumberLong'))
  .regex(/^[0-9A-Za-z]+$/, c.key('structure.shopNumberChars'));

/** POST /registry/shops: the shop front (room) and its business in one request. */
export const shopCreateSchema = z.object({
  siteId: z.uuid(c.key('id.site')).optional(),
  street: streetField,
  number: shopNumberField,
  name: requiredText(c.key('label.shopName'), 40),
  category: textField(c.key('label.category'), 20).optional(),
  licenceNo: licenceField.optional(),
  /** A person already registered in this compound (经营者). */
  operatorPersonId: z.uuid(c.key('id.operator')).optional(),
  area: areaField.optional(),
});
export type ShopCreateInput = z.input<typeof shopCreateSchema>;

/** PATCH /registry/shops/:id */
export const shopPatchSchema = z.object({
  street: streetField.optional(),
  number: shopNumberField.optional(),
  name: requiredText(c.key('label.shopName'), 40).optional(),
  category: textField(c.key('label.category'), 20).nullable().optional(),
  licenceNo: licenceField.nullable().optional(),
  operatorPersonId: z.uuid(c.key('id.operator')).nullable().optional(),
  status: z.enum(['open', 'closed'], { error: c.key('structure.shopStatus') }).optional(),
  area: areaField.nullable().optional(),
});
export type ShopPatchInput = z.input<typeof shopPatchSchema>;

/** What a structure write answers: the building (with its flat count) or the room it touched. */
export const structureResultSchema = z.object({
  id: z.string(),
  label: z.string().optional(),
  flats: z.number().optional(),
});
