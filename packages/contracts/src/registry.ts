/**
 * Shared population registry (实有人口): payloads and responses of /api/v1/registry, used by the
 * server's route validation and by the console's forms. Every validation message names its field
 * in Chinese, so a collector on a phone knows which box to fix.
 */
import { z } from 'zod';
import { ID_NUMBER_MESSAGES, idNumberProblem, normalizePhone } from './validators.ts';

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

/** What the console shows for a tenant whose contract has lapsed. */
export const CONTRACT_EXPIRED_LABEL = '合同已到期，请重新登记';

export const RESIDENCY_STATUS_LABELS: Record<ResidencyStatus, string> = {
  pending: '尚未生效',
  active: '有效',
  expired: CONTRACT_EXPIRED_LABEL,
  ended: '已迁出',
};

export const RESIDENCY_TYPE_LABELS: Record<ResidencyType, string> = {
  owner: '业主',
  family: '家庭成员',
  tenant: '租户',
  shop_operator: '商户经营者',
  employee: '从业人员',
};

export const RELATION_LABELS: Record<Relation, string> = {
  head: '户主',
  spouse: '配偶',
  child: '子女',
  child_in_law: '儿媳/女婿',
  parent: '父母',
  grandparent: '祖父母/外祖父母',
  grandchild: '孙子女/外孙子女',
  sibling: '兄弟姐妹',
  other: '其他',
};

export const OCCUPANCY_LABELS: Record<Occupancy, string> = {
  owner_occupied: '自住',
  rented: '出租',
  vacant: '空置',
  shop: '商铺',
  unverified: '待核实',
};

export const CARE_FLAG_LABELS: Record<CareFlag, string> = {
  elderly_alone: '独居老人',
  disability: '残疾人',
};

/** The 56 ethnic groups (民族), in the order of GB/T 3304. */
export const ETHNICITIES = [
  '汉族',
  '蒙古族',
  '回族',
  '藏族',
  '维吾尔族',
  '苗族',
  '彝族',
  '壮族',
  '布依族',
  '朝鲜族',
  '满族',
  '侗族',
  '瑶族',
  '白族',
  '土家族',
  '哈尼族',
  '哈萨克族',
  '傣族',
  '黎族',
  '傈僳族',
  '佤族',
  '畲族',
  '高山族',
  '拉祜族',
  '水族',
  '东乡族',
  '纳西族',
  '景颇族',
  '柯尔克孜族',
  '土族',
  '达斡尔族',
  '仫佬族',
  '羌族',
  '布朗族',
  '撒拉族',
  '毛南族',
  '仡佬族',
  '锡伯族',
  '阿昌族',
  '普米族',
  '塔吉克族',
  '怒族',
  '乌孜别克族',
  '俄罗斯族',
  '鄂温克族',
  '德昂族',
  '保安族',
  '裕固族',
  '京族',
  '塔塔尔族',
  '独龙族',
  '鄂伦春族',
  '赫哲族',
  '门巴族',
  '珞巴族',
  '基诺族',
] as const;

/** Contract scans: PDF, JPEG or PNG (checked by content), at most this size. */
export const CONTRACT_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const CONTRACT_FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const IMPORT_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 20_000;

/** Default city: household registration outside this prefix counts as floating population. */
export const DEFAULT_CITY_REGION_PREFIX = '4101';
export const DEFAULT_CITY_NAME = '郑州市';

// ---------------------------------------------------------------------------------------------
// Field helpers: each message says which field and why.

const missing = (label: string) => (issue: { input?: unknown }) =>
  issue.input === undefined || issue.input === null ? `请填写${label}` : `${label}格式不正确`;

export function textField(label: string, max: number) {
  return z
    .string({ error: missing(label) })
    .trim()
    .max(max, `${label}过长（最多 ${max} 字）`);
}

export function requiredText(label: string, max: number) {
  return textField(label, max).min(1, `请填写${label}`);
}

/** Calendar date YYYY-MM-DD (a real date). */
export function dateField(label: string) {
  return z
    .string({ error: missing(label) })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label}应为 YYYY-MM-DD 格式`)
    .refine((v) => {
      const d = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
    }, `${label}不是有效的日期`);
}

/** A resident ID number checked per GB 11643 (format, region, birth date, check character). */
export const idNumberField = z
  .string({ error: missing('身份证号') })
  .trim()
  .toUpperCase()
  .superRefine((v, ctx) => {
    const problem = idNumberProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: ID_NUMBER_MESSAGES[problem] });
  });

/** A mainland mobile or fixed-line number, normalised (spaces, dashes, +86 removed). */
export function phoneField(label: string) {
  return z.string({ error: missing(label) }).transform((v, ctx) => {
    const normalised = normalizePhone(v);
    if (!normalised) {
      ctx.addIssue({
        code: 'custom',
        message: `${label}格式不正确：应为 11 位手机号（1 开头）或带区号的固定电话，如 0371-12345678`,
      });
      return z.NEVER;
    }
    return normalised;
  });
}

/** Licence plates: province character, city letter, 5 (petrol) or 6 (new-energy) characters. */
export const PLATE_PATTERN =
  /^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][A-HJ-NP-Z0-9]{5,6}$/;
export const plateField = z
  .string({ error: missing('车牌号') })
  .trim()
  .toUpperCase()
  .regex(PLATE_PATTERN, '车牌号格式不正确，如 豫A12345 或新能源 豫AD12345');

export const regionCodeField = z
  .string({ error: missing('户籍地行政区划代码') })
  .trim()
  .regex(/^[1-9]\d{5}$/, '户籍地行政区划代码应为 6 位数字，如 410105');

const nameField = requiredText('姓名', 40).regex(
  /^[\p{Script=Han}A-Za-z·•. ]+$/u,
  '姓名只能包含汉字、字母和间隔号“·”',
);

const genderField = z.enum(['male', 'female'], { error: '性别应为 male（男）或 female（女）' });
const ethnicityField = z.enum(ETHNICITIES, { error: '民族应为 56 个民族之一，如“汉族”' });
const careFlagsField = z
  .array(z.enum(CARE_FLAGS, { error: '特殊关怀标记应为 elderly_alone（独居老人）或 disability（残疾人）' }))
  .max(CARE_FLAGS.length, '特殊关怀标记重复');
const platesField = z.array(plateField).max(5, '车牌号最多登记 5 个');
const relationField = z.enum(RELATIONS, { error: '与户主关系不在可选范围内' });

/** Placing a newly registered or moving-in person in a flat or shop. */
export const placementSchema = z.object({
  roomId: z.uuid('房屋编号无效'),
  type: z.enum(['owner', 'family', 'shop_operator', 'employee'], {
    error: '居住类型应为业主、家庭成员、商户经营者或从业人员（租户请通过租赁登记办理）',
  }),
  relationToHead: relationField.optional(),
  validFrom: dateField('入住日期').optional(),
});

/** The door-to-door collection form (入户走访·信息采集). */
export const personInputSchema = z.object({
  /** Needed only when the caller has several sites and no placement is given. */
  siteId: z.uuid('小区编号无效').optional(),
  name: nameField,
  idNumber: idNumberField,
  /** Derived from the ID number when left out; refused when it disagrees. */
  gender: genderField.optional(),
  ethnicity: ethnicityField.optional(),
  phone: phoneField('手机号').optional(),
  hukouAddress: textField('户籍地址', 200).optional(),
  /** Defaults to the first six digits of the ID number. */
  hukouRegionCode: regionCodeField.optional(),
  workplace: textField('工作单位/学校', 100).optional(),
  emergencyContactName: textField('紧急联系人', 40).optional(),
  emergencyContactPhone: phoneField('紧急联系人电话').optional(),
  vehiclePlates: platesField.optional(),
  careFlags: careFlagsField.optional(),
  /** Police-side only (警务备注); refused for other roles. */
  policeNote: textField('警务备注', 500).optional(),
  /** What the collector noted on this visit. */
  visitNote: textField('走访备注', 500).optional(),
  placement: placementSchema.optional(),
});
export type PersonInput = z.input<typeof personInputSchema>;

export const personPatchSchema = z.object({
  name: nameField.optional(),
  idNumber: idNumberField.optional(),
  gender: genderField.optional(),
  ethnicity: ethnicityField.optional(),
  phone: phoneField('手机号').nullable().optional(),
  hukouAddress: textField('户籍地址', 200).nullable().optional(),
  hukouRegionCode: regionCodeField.nullable().optional(),
  workplace: textField('工作单位/学校', 100).nullable().optional(),
  emergencyContactName: textField('紧急联系人', 40).nullable().optional(),
  emergencyContactPhone: phoneField('紧急联系人电话').nullable().optional(),
  vehiclePlates: platesField.optional(),
  careFlags: careFlagsField.optional(),
  policeNote: textField('警务备注', 500).nullable().optional(),
  visitNote: textField('走访备注', 500).optional(),
});
export type PersonPatch = z.input<typeof personPatchSchema>;

/** Multipart text fields of POST /registry/tenancies (the file goes in the part named "file"). */
export const tenancyFieldsSchema = z.object({
  roomId: z.uuid('房屋编号无效'),
  landlordName: requiredText('房东姓名', 40).optional(),
  landlordPersonId: z.uuid('房东人员编号无效').optional(),
  landlordPhone: phoneField('房东电话').optional(),
  startDate: dateField('合同开始日期'),
  endDate: dateField('合同结束日期'),
  monthlyRent: z.coerce
    .number({ error: '月租金应为数字' })
    .min(0, '月租金不能为负数')
    .max(1_000_000, '月租金过大')
    .optional(),
  /** The tenants: people already registered (door-to-door form first). */
  tenants: z
    .array(z.object({ personId: z.uuid('租户人员编号无效'), relationToHead: relationField.optional() }), {
      error: '请填写租户',
    })
    .min(1, '请至少登记一名租户')
    .max(20, '一份合同最多 20 名租户'),
});
export type TenancyFields = z.input<typeof tenancyFieldsSchema>;

export const tenancyRenewFieldsSchema = z.object({
  /** Defaults to the day after the previous contract's end. */
  startDate: dateField('续租开始日期').optional(),
  endDate: dateField('续租结束日期'),
  monthlyRent: z.coerce.number({ error: '月租金应为数字' }).min(0, '月租金不能为负数').optional(),
  /** Defaults to every tenant of the previous contract. */
  tenantPersonIds: z.array(z.uuid('租户人员编号无效')).min(1, '请至少保留一名租户').optional(),
});

export const moveInSchema = z.object({
  personId: z.uuid('人员编号无效'),
  roomId: z.uuid('房屋编号无效'),
  type: placementSchema.shape.type,
  relationToHead: relationField.optional(),
  date: dateField('入住日期'),
});

export const moveOutSchema = z.object({
  /** Last day lived there (inclusive). */
  date: dateField('迁出日期'),
  note: textField('备注', 200).optional(),
});

export const searchQuerySchema = z.object({
  q: requiredText('搜索内容', 50),
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

/**
 * Roster columns for import and export (.xlsx / .csv): the header row carries the Chinese
 * titles; the English keys are accepted too.
 */
export const ROSTER_COLUMNS = [
  { key: 'name', title: '姓名' },
  { key: 'idNumber', title: '身份证号' },
  { key: 'gender', title: '性别' },
  { key: 'ethnicity', title: '民族' },
  { key: 'phone', title: '手机号' },
  { key: 'room', title: '房屋' },
  { key: 'type', title: '居住类型' },
  { key: 'relationToHead', title: '与户主关系' },
  { key: 'validFrom', title: '入住日期' },
  { key: 'contractEnd', title: '合同到期日' },
  { key: 'landlordName', title: '房东姓名' },
  { key: 'hukouAddress', title: '户籍地址' },
  { key: 'hukouRegionCode', title: '户籍地区划代码' },
  { key: 'workplace', title: '工作单位/学校' },
  { key: 'emergencyContactName', title: '紧急联系人' },
  { key: 'emergencyContactPhone', title: '紧急联系人电话' },
  { key: 'vehiclePlates', title: '车牌号' },
  { key: 'careFlags', title: '特殊关怀' },
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
        issue.input === undefined || issue.input === null ? `请填写${label}` : `${label}应为数字`,
    })
    .int(`${label}应为整数`)
    .min(min, `${label}应为 ${min}–${max}`)
    .max(max, `${label}应为 ${min}–${max}`);
}

const buildingNumberField = intField('楼号', 1, STRUCTURE_LIMITS.flatNumber);
const buildingNameField = requiredText('楼栋名称', 20);
const areaField = z
  .number({ error: '面积应为数字（平方米）' })
  .positive('面积应大于 0')
  .max(10_000, '面积过大（最多 10000 平方米）');
/** Flat number within its unit: digits and letters, e.g. 1501 or 15A. */
const flatNumberField = z
  .string({ error: missing('房号') })
  .trim()
  .toUpperCase()
  .min(1, '请填写房号')
  .max(8, '房号过长（最多 8 位）')
  .regex(/^[0-9A-Z]+$/, '房号只能包含数字和字母，如 1501');

/** POST /registry/buildings: a building and all its flats in one request. */
export const buildingCreateSchema = z
  .object({
    /** Needed only when the caller has several sites. */
    siteId: z.uuid('小区编号无效').optional(),
    number: buildingNumberField,
    /** Defaults to "<number>号楼". */
    name: buildingNameField.optional(),
    units: intField('单元数', 1, STRUCTURE_LIMITS.units),
    floors: intField('楼层数', 1, STRUCTURE_LIMITS.floors),
    flatsPerFloor: intField('每层每单元户数', 1, STRUCTURE_LIMITS.flatsPerFloor),
    /** Floors with no flats (设备层、避难层、架空层): numbered as they stand, but left empty. */
    skipFloors: z
      .array(intField('不设房屋的楼层', 1, STRUCTURE_LIMITS.floors))
      .max(STRUCTURE_LIMITS.floors, '不设房屋的楼层过多')
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
          message: `不设房屋的楼层 ${f} 超出楼层数（共 ${v.floors} 层）`,
        });
        return;
      }
    }
    if (new Set(v.skipFloors ?? []).size >= v.floors) {
      ctx.addIssue({ code: 'custom', path: ['skipFloors'], message: '每一层都不设房屋，楼栋将没有房屋' });
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
  unit: intField('单元', 1, STRUCTURE_LIMITS.units),
  floor: intField('楼层', 1, STRUCTURE_LIMITS.floors),
  number: flatNumberField,
  area: areaField.optional(),
});
export type FlatCreateInput = z.input<typeof flatCreateSchema>;

/** PATCH /registry/rooms/:id (a flat; shops are edited through their shop). */
export const flatPatchSchema = z.object({
  unit: intField('单元', 1, STRUCTURE_LIMITS.units).optional(),
  floor: intField('楼层', 1, STRUCTURE_LIMITS.floors).optional(),
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
  .string({ error: missing('营业执照号') })
  .trim()
  .toUpperCase()
  .refine(creditCodeValid, '营业执照号应为 18 位统一社会信用代码（末位校验码正确）');
const streetField = requiredText('街道', 10).regex(/^[^-\s]+$/, '街道名称不能包含“-”或空格');
/** Shop number on its street: digits, e.g. 018 (kept as written). */
const shopNumberField = z
  .string({ error: missing('门牌号') })
  .trim()
  .min(1, '请填写门牌号')
  .max(6, '门牌号过长（最多 6 位）')
  .regex(/^[0-9A-Za-z]+$/, '门牌号只能包含数字和字母，如 018');

/** POST /registry/shops: the shop front (room) and its business in one request. */
export const shopCreateSchema = z.object({
  siteId: z.uuid('小区编号无效').optional(),
  street: streetField,
  number: shopNumberField,
  name: requiredText('商铺名称', 40),
  category: textField('经营类别', 20).optional(),
  licenceNo: licenceField.optional(),
  /** A person already registered in this compound (经营者). */
  operatorPersonId: z.uuid('经营者人员编号无效').optional(),
  area: areaField.optional(),
});
export type ShopCreateInput = z.input<typeof shopCreateSchema>;

/** PATCH /registry/shops/:id */
export const shopPatchSchema = z.object({
  street: streetField.optional(),
  number: shopNumberField.optional(),
  name: requiredText('商铺名称', 40).optional(),
  category: textField('经营类别', 20).nullable().optional(),
  licenceNo: licenceField.nullable().optional(),
  operatorPersonId: z.uuid('经营者人员编号无效').nullable().optional(),
  status: z.enum(['open', 'closed'], { error: '营业状态应为 open（营业）或 closed（停业）' }).optional(),
  area: areaField.nullable().optional(),
});
export type ShopPatchInput = z.input<typeof shopPatchSchema>;

/** What a structure write answers: the building (with its flat count) or the room it touched. */
export const structureResultSchema = z.object({
  id: z.string(),
  label: z.string().optional(),
  flats: z.number().optional(),
});
