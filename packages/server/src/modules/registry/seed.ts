/**
 * Demo compound for the registry: buildings, flats, households, people, tenancies and shops,
 * generated from a fixed seed (same seed and same day → same people, names, ID numbers and
 * layout; dates are relative to the seeding day so "expiring within 30 days" stays true).
 * Names are synthetic; ID numbers use real region codes with a correct GB 11643 check digit
 * and random sequence numbers, belonging to nobody knowingly. Everything is written with
 * multi-row inserts in one transaction.
 */
import crypto from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import { DEFAULT_CITY_NAME, DEFAULT_CITY_REGION_PREFIX, idCheckChar, type Relation } from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DemoSeeder } from '../../platform/demo-seed.ts';
import { users } from '../../platform/org/schema.ts';
import { Rng } from '../../platform/random.ts';
import { addDays, shanghaiDate } from '../../platform/time.ts';
import { nameInitials } from './persons.ts';
import { bulkInsert } from './bulk.ts';
import {
  type buildings,
  type households,
  registrySiteSettings,
  type residencies,
  type rooms,
  type shops,
  storedFiles,
  type tenancies,
  type visits,
} from './schema.ts';
import { sealIdNumber, sealPhone } from './sql.ts';

export interface RegistrySeedSpec {
  seed: number;
  /** Groups of identical buildings, numbered in order. */
  buildingGroups: { count: number; floors: number; units: number; flatsPerFloor: number }[];
  households: number;
  /** Share of households that rent (about a third of the flats in the demo). */
  tenantShare: number;
  shops: number;
  streets: string[];
  cityRegionPrefix?: string;
  cityName?: string;
  /** Link the demo `resident` account to a person in an owner-occupied flat. */
  linkResident?: boolean;
}

/** The article's compound: 1,940 households in 20 towers (2,048 flats) and 400 street shops. */
export const DEMO_REGISTRY: RegistrySeedSpec = {
  seed: 20_200_601,
  buildingGroups: [
    { count: 8, floors: 33, units: 2, flatsPerFloor: 2 },
    { count: 4, floors: 26, units: 2, flatsPerFloor: 2 },
    { count: 8, floors: 18, units: 2, flatsPerFloor: 2 },
  ],
  households: 1940,
  tenantShare: 0.34,
  shops: 400,
  streets: ['东街', '南街', '西街', '北街'],
  linkResident: true,
};

/** A small compound for integration tests (48 flats, 40 households, 6 shops). */
export const SMALL_REGISTRY: RegistrySeedSpec = {
  seed: 7,
  buildingGroups: [{ count: 2, floors: 6, units: 2, flatsPerFloor: 2 }],
  households: 40,
  tenantShare: 0.34,
  shops: 6,
  streets: ['东街'],
  linkResident: true,
};

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

// (Rng lives in platform/random.ts, shared with the other modules' demo data.)

// ---------------------------------------------------------------------------------------------
// Synthetic people

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '马',
  '罗',
  '梁',
  '宋',
  '郑',
  '谢',
  '韩',
  '唐',
  '冯',
  '于',
  '董',
  '萧',
  '程',
  '曹',
  '袁',
  '邓',
  '许',
  '傅',
  '沈',
  '曾',
  '彭',
  '吕',
  '苏',
  '卢',
  '蒋',
  '蔡',
  '贾',
  '丁',
  '魏',
  '薛',
  '叶',
  '阎',
  '余',
  '潘',
  '杜',
  '戴',
  '夏',
  '钟',
  '汪',
  '田',
  '任',
  '姜',
  '范',
  '方',
  '石',
  '姚',
  '谭',
  '廖',
  '邹',
  '熊',
  '金',
  '陆',
  '郝',
  '孔',
  '白',
  '崔',
  '康',
  '毛',
  '邱',
  '秦',
  '江',
  '史',
  '顾',
  '侯',
  '邵',
  '孟',
  '龙',
  '万',
  '段',
  '雷',
  '钱',
  '汤',
  '尹',
  '黎',
  '易',
  '常',
  '武',
  '乔',
  '贺',
  '赖',
  '龚',
  '文',
  '牛',
  '岳',
  '申',
  '司马',
  '欧阳',
  '上官',
] as const;
const MALE_CHARS =
  '伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林建国志文博晨阳峰海东亮成新松晓振嘉豪睿翔轩毅';
const FEMALE_CHARS = '芳娜敏静丽艳娟霞秀玲婷雪慧颖琳倩洁梅琴云莉兰红萍燕佳欣悦怡诗雨梦涵萱媛璐蕾丹月晶瑶妍彤';
const ELDER_MALE = [
  '建国',
  '国强',
  '德福',
  '振华',
  '保国',
  '长山',
  '金生',
  '树林',
  '玉山',
  '富贵',
  '世昌',
  '庆祥',
];
const ELDER_FEMALE = [
  '桂兰',
  '秀英',
  '玉兰',
  '淑珍',
  '凤英',
  '桂英',
  '秀兰',
  '玉珍',
  '金凤',
  '素芳',
  '春花',
  '翠萍',
];
const CHILD_NAMES_M = [
  '子轩',
  '浩宇',
  '宇轩',
  '梓豪',
  '一鸣',
  '沐阳',
  '锦程',
  '俊熙',
  '皓轩',
  '子墨',
  '奕辰',
  '明哲',
];
const CHILD_NAMES_F = [
  '子涵',
  '梓萱',
  '一诺',
  '欣怡',
  '诗涵',
  '雨桐',
  '可馨',
  '语嫣',
  '思彤',
  '若汐',
  '佳怡',
  '梦琪',
];

/** Real county-level region codes (GB/T 2260) with the address prefix they stand for. */
const ZHENGZHOU: [string, string][] = [
  ['410102', '河南省郑州市中原区'],
  ['410103', '河南省郑州市二七区'],
  ['410104', '河南省郑州市管城回族区'],
  ['410105', '河南省郑州市金水区'],
  ['410108', '河南省郑州市惠济区'],
  ['410122', '河南省郑州市中牟县'],
  ['410181', '河南省巩义市'],
  ['410182', '河南省荥阳市'],
  ['410183', '河南省新密市'],
  ['410184', '河南省新郑市'],
  ['410185', '河南省登封市'],
];
const HENAN_OTHER: [string, string][] = [
  ['410202', '河南省开封市龙亭区'],
  ['410302', '河南省洛阳市老城区'],
  ['410402', '河南省平顶山市新华区'],
  ['410502', '河南省安阳市文峰区'],
  ['410702', '河南省新乡市红旗区'],
  ['410802', '河南省焦作市解放区'],
  ['411002', '河南省许昌市魏都区'],
  ['411302', '河南省南阳市宛城区'],
  ['411402', '河南省商丘市梁园区'],
  ['411502', '河南省信阳市浉河区'],
  ['411602', '河南省周口市川汇区'],
  ['411702', '河南省驻马店市驿城区'],
];
const OTHER_PROVINCES: [string, string][] = [
  ['340102', '安徽省合肥市瑶海区'],
  ['341202', '安徽省阜阳市颍州区'],
  ['130102', '河北省石家庄市长安区'],
  ['130402', '河北省邯郸市邯山区'],
  ['370102', '山东省济南市历下区'],
  ['371302', '山东省临沂市兰山区'],
  ['420102', '湖北省武汉市江岸区'],
  ['610102', '陕西省西安市新城区'],
  ['510104', '四川省成都市锦江区'],
  ['320102', '江苏省南京市玄武区'],
  ['140105', '山西省太原市小店区'],
  ['360102', '江西省南昌市东湖区'],
  ['430102', '湖南省长沙市芙蓉区'],
  ['500101', '重庆市万州区'],
  ['230102', '黑龙江省哈尔滨市道里区'],
  ['450102', '广西壮族自治区南宁市兴宁区'],
  ['620102', '甘肃省兰州市城关区'],
];
const VILLAGE_HOME: [string, string] = ['410105', '河南省郑州市金水区'];
const STREETS = [
  '人民路',
  '建设路',
  '解放路',
  '文化路',
  '胜利街',
  '幸福村',
  '和平村',
  '新华路',
  '东风路',
  '民主街',
];
const EMPLOYERS = [
  '郑州示范科技有限公司（演示）',
  '金水区示范医院（演示）',
  '示范物流有限公司（演示）',
  '示范建设集团（演示）',
  '示范餐饮管理有限公司（演示）',
  '示范商贸有限公司（演示）',
  '示范中学（演示）',
  '个体经营',
  '自由职业',
  '示范电子厂（演示）',
  '示范快递网点（演示）',
  '示范银行金水支行（演示）',
];
const SHOP_KINDS: [string, string][] = [
  ['餐饮', '烩面馆'],
  ['餐饮', '牛肉面'],
  ['餐饮', '胡辣汤'],
  ['餐饮', '早餐店'],
  ['餐饮', '烧烤'],
  ['零售', '便利店'],
  ['零售', '超市'],
  ['零售', '水果店'],
  ['零售', '烟酒店'],
  ['零售', '五金店'],
  ['零售', '服装店'],
  ['零售', '母婴店'],
  ['医药', '大药房'],
  ['生活服务', '理发店'],
  ['生活服务', '干洗店'],
  ['生活服务', '手机维修'],
  ['生活服务', '快递驿站'],
  ['生活服务', '家政服务'],
  ['教育培训', '培训中心'],
  ['生活服务', '洗车行'],
];
const ETHNIC_MINORITIES = ['回族', '回族', '回族', '满族', '蒙古族', '壮族'];
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const PLATE_CHARS = `${PLATE_LETTERS}0123456789`;
const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Unified social credit code (GB 32100) of an individual business (92…) with its check char. */
function creditCode(rng: Rng, region: string): string {
  let body = `92${region}`;
  while (body.length < 17) body += rng.pick([...'0123456789ADFHJKLMNP']);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARS.indexOf(body[i]!) * CREDIT_CODE_WEIGHTS[i]!;
  const c = 31 - (sum % 31);
  return body + CREDIT_CODE_CHARS[c === 31 ? 0 : c];
}

interface SeedPerson {
  id: string;
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  idNumber: string;
  phone: string | null;
  ethnicity: string;
  hukouRegionCode: string;
  hukouAddress: string;
  workplace: string | null;
  emergencyContactName: string | null;
  emergencyContactPhone: string | null;
  vehiclePlates: string[];
  careFlags: string[];
}

class PeopleFactory {
  private ids = new Set<string>();
  private phones = new Set<string>();
  constructor(
    private rng: Rng,
    private today: string,
  ) {}

  surname(): string {
    return this.rng.pickSkewed(SURNAMES);
  }

  phone(): string {
    for (;;) {
      const p = `1${this.rng.pick(['3', '5', '7', '8', '9'])}${String(this.rng.int(0, 999_999_999)).padStart(9, '0')}`;
      if (!this.phones.has(p)) {
        this.phones.add(p);
        return p;
      }
    }
  }

  givenName(gender: 'male' | 'female', age: number): string {
    const r = this.rng;
    if (age >= 60 && r.chance(0.6)) return r.pick(gender === 'male' ? ELDER_MALE : ELDER_FEMALE);
    if (age <= 18 && r.chance(0.6)) return r.pick(gender === 'male' ? CHILD_NAMES_M : CHILD_NAMES_F);
    const chars = gender === 'male' ? MALE_CHARS : FEMALE_CHARS;
    return r.chance(0.3) ? r.pick([...chars]) : r.pick([...chars]) + r.pick([...chars]);
  }

  idNumber(region: string, birthDate: string, gender: 'male' | 'female'): string {
    for (;;) {
      const seq =
        this.rng.int(0, 99) * 10 +
        (gender === 'male' ? this.rng.pick([1, 3, 5, 7, 9]) : this.rng.pick([0, 2, 4, 6, 8]));
      const first17 = `${region}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
      const id = first17 + idCheckChar(first17);
      if (!this.ids.has(id)) {
        this.ids.add(id);
        return id;
      }
    }
  }

  person(o: {
    age: number;
    gender?: 'male' | 'female';
    surname?: string;
    home: [string, string];
    workplace?: string | null;
  }): SeedPerson {
    const r = this.rng;
    const gender = o.gender ?? (r.chance(0.5) ? 'male' : 'female');
    const birthDate = addDays(this.today, -Math.floor(o.age * 365.25) - r.int(1, 360));
    const name = (o.surname ?? this.surname()) + this.givenName(gender, o.age);
    const adult = o.age >= 16;
    return {
      id: crypto.randomUUID(),
      name,
      gender,
      birthDate,
      idNumber: this.idNumber(o.home[0], birthDate, gender),
      phone: adult && o.age < 85 ? this.phone() : null,
      ethnicity: r.chance(0.03) ? r.pick(ETHNIC_MINORITIES) : '汉族',
      hukouRegionCode: o.home[0],
      hukouAddress: `${o.home[1]}${r.pick(STREETS)}${r.int(1, 300)}号`,
      workplace:
        o.workplace !== undefined
          ? o.workplace
          : o.age < 6
            ? null
            : o.age <= 18
              ? r.pick(['金水区示范小学（演示）', '示范中学（演示）'])
              : o.age >= 60
                ? '退休'
                : r.pick(EMPLOYERS),
      emergencyContactName: null,
      emergencyContactPhone: null,
      vehiclePlates: adult && o.age < 70 && r.chance(0.18) ? [this.plate()] : [],
      careFlags: r.chance(0.012) ? ['disability'] : [],
    };
  }

  plate(): string {
    const r = this.rng;
    let tail = '';
    const newEnergy = r.chance(0.2);
    for (let i = 0; i < 5; i++) tail += r.pick([...(i === 0 ? PLATE_LETTERS : PLATE_CHARS)]);
    return `豫A${newEnergy ? r.pick(['D', 'F']) : ''}${tail}`;
  }
}

// ---------------------------------------------------------------------------------------------

export interface SeedResult {
  buildings: number;
  flats: number;
  households: number;
  persons: number;
  shops: number;
  tenancies: number;
  residentPersonId: string | null;
  ms: number;
}

/** A tiny valid PDF standing in for every demo contract scan (clearly marked as a sample). */
function samplePdf(): Buffer {
  const text = 'SAMPLE TENANCY CONTRACT - DEMO DATA ONLY';
  const stream = `BT /F1 18 Tf 60 760 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

export async function seedRegistry(
  ctx: AppContext,
  siteId: string,
  spec: RegistrySeedSpec,
): Promise<SeedResult> {
  const started = performance.now();
  const rng = new Rng(spec.seed);
  const now = ctx.now();
  const today = shanghaiDate(now);
  const people = new PeopleFactory(rng, today);
  const { keyring } = ctx;

  const staff = await ctx.db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(inArray(users.username, ['police', 'auxiliary', 'property']));
  const collectors = staff.filter((u) => u.username !== 'property');

  // --- layout ------------------------------------------------------------------------------
  const buildingRows: (typeof buildings.$inferInsert)[] = [];
  const roomRows: (typeof rooms.$inferInsert & { id: string })[] = [];
  let number = 0;
  for (const g of spec.buildingGroups) {
    for (let c = 0; c < g.count; c++) {
      number++;
      const buildingId = crypto.randomUUID();
      buildingRows.push({
        id: buildingId,
        siteId,
        name: `${number}号楼`,
        number,
        floors: g.floors,
        units: g.units,
        flatsPerFloor: g.flatsPerFloor,
        createdAt: now,
      });
      for (let u = 1; u <= g.units; u++) {
        for (let f = 1; f <= g.floors; f++) {
          for (let k = 1; k <= g.flatsPerFloor; k++) {
            const flat = `${f}${String(k).padStart(2, '0')}`;
            roomRows.push({
              id: crypto.randomUUID(),
              siteId,
              buildingId,
              unit: u,
              floor: f,
              number: flat,
              kind: 'home',
              area: k === 1 ? 128.6 : g.floors > 20 ? 96.4 : 89.2,
              label: `${number}-${u}-${flat}`,
              createdAt: now,
            });
          }
        }
      }
    }
  }
  const homes = roomRows.slice();
  if (spec.households > homes.length) throw new Error('more households than flats');
  const shopRooms: typeof roomRows = [];
  for (let i = 0; i < spec.shops; i++) {
    const street = spec.streets[i % spec.streets.length]!;
    const no = String(Math.floor(i / spec.streets.length) + 1).padStart(3, '0');
    const room = {
      id: crypto.randomUUID(),
      siteId,
      buildingId: null,
      unit: null,
      floor: 1,
      number: no,
      kind: 'shop' as const,
      area: rng.int(20, 90),
      label: `${street}-${no}`,
      street,
      createdAt: now,
    };
    roomRows.push(room);
    shopRooms.push(room);
  }

  rng.shuffle(homes);
  const occupied = homes.slice(0, spec.households);
  const empty = homes.slice(spec.households);
  const tenantCount = Math.round(spec.households * spec.tenantShare);
  const rentedFlats = occupied.slice(0, tenantCount);
  const ownerFlats = occupied.slice(tenantCount);
  const visitAt = () => new Date(now.getTime() - rng.int(1, 700) * 86_400_000 - rng.int(0, 36_000) * 1000);
  for (const r of empty) r.verifiedAt = rng.chance(0.75) ? visitAt() : null;

  const personRows: SeedPerson[] = [];
  const householdRows: (typeof households.$inferInsert)[] = [];
  const residencyRows: (typeof residencies.$inferInsert)[] = [];
  const tenancyRows: (typeof tenancies.$inferInsert)[] = [];
  const visitRows: (typeof visits.$inferInsert)[] = [];
  const fileId = crypto.randomUUID();
  const compoundOpened = addDays(today, -2200);

  const addVisit = (personId: string, at: Date) => {
    const collector = collectors.length ? rng.pick(collectors) : null;
    visitRows.push({
      siteId,
      personId,
      collectorUserId: collector?.id ?? null,
      collectorName: collector?.displayName ?? '演示数据',
      at,
      kind: 'create',
      changedFields: ['name', 'idNumber', 'phone', 'hukouAddress', 'workplace'],
      note: null,
    });
  };
  const residency = (
    p: SeedPerson,
    room: { id: string },
    extra: Partial<typeof residencies.$inferInsert> &
      Pick<typeof residencies.$inferInsert, 'type' | 'validFrom'>,
  ) => {
    residencyRows.push({
      siteId,
      personId: p.id,
      roomId: room.id,
      createdAt: now,
      updatedAt: now,
      ...extra,
      // Nobody lives anywhere before they are born.
      validFrom: [p.birthDate, extra.validFrom].sort()[1]!,
    });
  };

  // --- owner households ---------------------------------------------------------------------
  let residentPersonId: string | null = null;
  const ownerAdults: SeedPerson[] = [];
  for (const [i, room] of ownerFlats.entries()) {
    const home = rng.chance(0.8)
      ? VILLAGE_HOME
      : rng.chance(0.6)
        ? rng.pick(ZHENGZHOU)
        : rng.pick([...HENAN_OTHER, ...OTHER_PROVINCES]);
    const since = addDays(compoundOpened, rng.chance(0.7) ? rng.int(0, 60) : rng.int(60, 2000));
    const roll = rng.next();
    const members: { p: SeedPerson; relation: Relation; owner: boolean }[] = [];
    const surname = people.surname();
    const spouseSurname = () => people.surname();
    if (roll < 0.08) {
      const p = people.person({ age: rng.int(70, 92), surname, home });
      p.careFlags = [...p.careFlags, 'elderly_alone'];
      p.emergencyContactName = `${surname}${people.givenName(rng.chance(0.5) ? 'male' : 'female', 40)}`;
      p.emergencyContactPhone = people.phone();
      members.push({ p, relation: 'head', owner: true });
    } else if (roll < 0.22) {
      const age = rng.int(65, 85);
      members.push({
        p: people.person({ age, gender: 'male', surname, home }),
        relation: 'head',
        owner: true,
      });
      members.push({
        p: people.person({ age: age - rng.int(0, 4), gender: 'female', surname: spouseSurname(), home }),
        relation: 'spouse',
        owner: true,
      });
    } else if (roll < 0.6 || roll >= 0.85) {
      const single = roll >= 0.95;
      const age = rng.int(28, 55);
      const headGender = rng.chance(0.7) ? 'male' : 'female';
      members.push({
        p: people.person({ age, gender: headGender, surname, home }),
        relation: 'head',
        owner: true,
      });
      if (!single) {
        members.push({
          p: people.person({
            age: age + rng.int(-4, 3),
            gender: headGender === 'male' ? 'female' : 'male',
            surname: spouseSurname(),
            home,
          }),
          relation: 'spouse',
          owner: true,
        });
        const kids = roll >= 0.85 ? 0 : rng.int(1, 2);
        for (let k = 0; k < kids; k++) {
          members.push({
            p: people.person({ age: Math.max(0, age - rng.int(24, 32)), surname, home }),
            relation: 'child',
            owner: false,
          });
        }
      }
    } else {
      // Three generations: a couple, their children and one or two grandparents.
      const age = rng.int(35, 52);
      members.push({
        p: people.person({ age, gender: 'male', surname, home }),
        relation: 'head',
        owner: true,
      });
      members.push({
        p: people.person({ age: age + rng.int(-4, 2), gender: 'female', surname: spouseSurname(), home }),
        relation: 'spouse',
        owner: true,
      });
      for (let k = rng.int(1, 2); k > 0; k--) {
        members.push({
          p: people.person({ age: Math.max(0, age - rng.int(24, 34)), surname, home }),
          relation: 'child',
          owner: false,
        });
      }
      const elderAge = age + rng.int(24, 32);
      members.push({
        p: people.person({ age: elderAge, gender: 'male', surname, home }),
        relation: 'parent',
        owner: false,
      });
      if (rng.chance(0.6)) {
        members.push({
          p: people.person({
            age: elderAge - rng.int(0, 4),
            gender: 'female',
            surname: spouseSurname(),
            home,
          }),
          relation: 'parent',
          owner: false,
        });
      }
    }
    const householdId = crypto.randomUUID();
    householdRows.push({
      id: householdId,
      siteId,
      roomId: room.id!,
      kind: 'owner',
      headPersonId: members[0]!.p.id,
      createdAt: now,
    });
    const at = visitAt();
    room.verifiedAt = at;
    for (const m of members) {
      personRows.push(m.p);
      residency(m.p, room, {
        householdId,
        type: m.owner ? 'owner' : 'family',
        relationToHead: m.relation,
        validFrom: since,
      });
      addVisit(m.p.id, at);
      if (m.owner && m.p.phone) ownerAdults.push(m.p);
    }
    if (spec.linkResident && !residentPersonId && members.length >= 3 && i >= 0)
      residentPersonId = members[0]!.p.id;
  }

  // --- tenant households --------------------------------------------------------------------
  const expiredCount = Math.max(1, Math.round(tenantCount * 0.04));
  const expiringCount = Math.max(1, Math.round(tenantCount * 0.07));
  for (const [i, room] of rentedFlats.entries()) {
    const end =
      i < expiredCount
        ? addDays(today, -rng.int(1, 60))
        : i < expiredCount + expiringCount
          ? addDays(today, rng.int(0, 30))
          : addDays(today, rng.int(31, 360));
    // Half-year contracts only where that still started in the past.
    const start = addDays(end, end <= addDays(today, 170) && rng.chance(0.3) ? -181 : -364);
    const status = end < today ? ('expired' as const) : ('active' as const);
    const hukou = () =>
      rng.chance(0.12)
        ? rng.pick(ZHENGZHOU)
        : rng.chance(0.62)
          ? rng.pick(HENAN_OTHER)
          : rng.pick(OTHER_PROVINCES);
    const roll = rng.next();
    const members: { p: SeedPerson; relation: Relation }[] = [];
    const home = hukou();
    if (roll < 0.45) members.push({ p: people.person({ age: rng.int(20, 40), home }), relation: 'head' });
    else if (roll < 0.95) {
      const age = rng.int(24, 42);
      const surname = people.surname();
      members.push({ p: people.person({ age, gender: 'male', surname, home }), relation: 'head' });
      members.push({
        p: people.person({ age: age + rng.int(-4, 2), gender: 'female', home }),
        relation: 'spouse',
      });
      if (roll >= 0.75) {
        members.push({ p: people.person({ age: rng.int(0, 12), surname, home }), relation: 'child' });
      }
    } else {
      for (let k = rng.int(2, 3); k > 0; k--) {
        members.push({
          p: people.person({ age: rng.int(20, 32), home: hukou() }),
          relation: k === 1 ? 'head' : 'other',
        });
      }
      members.reverse();
    }
    const householdId = crypto.randomUUID();
    householdRows.push({
      id: householdId,
      siteId,
      roomId: room.id!,
      kind: 'tenant',
      headPersonId: members[0]!.p.id,
      createdAt: now,
    });
    const landlord = `${people.surname()}${people.givenName(rng.chance(0.5) ? 'male' : 'female', 50)}`;
    const landlordPhoneEnc = sealPhone(keyring, people.phone()).enc;
    const rent = rng.int(12, 30) * 100;
    // Some flats have been let to the same household before: the renewal chain is history.
    let previousTenancyId: string | null = null;
    if (status === 'active' && rng.chance(0.15)) {
      previousTenancyId = crypto.randomUUID();
      const prevEnd = addDays(start, -1);
      const prevStart = addDays(prevEnd, -364);
      tenancyRows.push({
        id: previousTenancyId,
        siteId,
        roomId: room.id!,
        householdId,
        landlordName: landlord,
        landlordPhoneEnc,
        startDate: prevStart,
        endDate: prevEnd,
        monthlyRent: rent - 100,
        fileId,
        status: 'renewed',
        createdAt: now,
        updatedAt: now,
      });
      for (const m of members) {
        residency(m.p, room, {
          householdId,
          tenancyId: previousTenancyId,
          type: 'tenant',
          relationToHead: m.relation,
          validFrom: prevStart,
          validTo: prevEnd,
          status: 'ended',
          endReason: 'renewed',
        });
      }
    }
    const tenancyId = crypto.randomUUID();
    tenancyRows.push({
      id: tenancyId,
      siteId,
      roomId: room.id!,
      householdId,
      landlordName: landlord,
      landlordPhoneEnc,
      startDate: start,
      endDate: end,
      monthlyRent: rng.chance(0.8) ? rent : null,
      fileId,
      previousTenancyId,
      status,
      createdAt: now,
      updatedAt: now,
    });
    const at = new Date(`${start}T10:00:00+08:00`);
    room.verifiedAt = at;
    for (const m of members) {
      personRows.push(m.p);
      residency(m.p, room, {
        householdId,
        tenancyId,
        type: 'tenant',
        relationToHead: m.relation,
        validFrom: start,
        validTo: end,
        status,
        endReason: status === 'expired' ? 'contract_expired' : null,
      });
      addVisit(m.p.id, at);
    }
  }

  // --- shops --------------------------------------------------------------------------------
  const shopRows: (typeof shops.$inferInsert)[] = [];
  for (const room of shopRooms) {
    const [category, kind] = rng.pick(SHOP_KINDS);
    const shopId = crypto.randomUUID();
    const fromCompound = ownerAdults.length > 0 && rng.chance(0.3);
    const operator = fromCompound
      ? rng.pick(ownerAdults)
      : people.person({
          age: rng.int(25, 58),
          home: rng.chance(0.3) ? rng.pick(ZHENGZHOU) : rng.pick(HENAN_OTHER),
          workplace: '个体经营',
        });
    const shopName = `${rng.pick(['', '老', '小'])}${operator.name.slice(0, 1)}记${kind}`;
    shopRows.push({
      id: shopId,
      siteId,
      roomId: room.id,
      name: shopName,
      licenceNo: creditCode(rng, '410105'),
      category,
      operatorPersonId: operator.id,
      createdAt: now,
    });
    const opened = addDays(compoundOpened, rng.int(30, 1800));
    if (!fromCompound) {
      personRows.push(operator);
      addVisit(operator.id, visitAt());
    }
    residency(operator, room, { shopId, type: 'shop_operator', validFrom: opened });
    for (let e = rng.chance(0.55) ? rng.int(1, 2) : 0; e > 0; e--) {
      const employee = people.person({
        age: rng.int(18, 50),
        home: rng.chance(0.5) ? rng.pick(HENAN_OTHER) : rng.pick(OTHER_PROVINCES),
        workplace: shopName,
      });
      personRows.push(employee);
      residency(employee, room, { shopId, type: 'employee', validFrom: addDays(opened, rng.int(0, 300)) });
      addVisit(employee.id, visitAt());
    }
    room.verifiedAt = visitAt();
  }

  // --- write --------------------------------------------------------------------------------
  const initialsCache = new Map<string, string>();
  const initialsOf = (name: string) => {
    let v = initialsCache.get(name);
    if (v === undefined) {
      v = nameInitials(name);
      initialsCache.set(name, v);
    }
    return v;
  };
  const pdf = samplePdf();
  await ctx.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    await db
      .insert(registrySiteSettings)
      .values({
        siteId,
        cityRegionPrefix: spec.cityRegionPrefix ?? DEFAULT_CITY_REGION_PREFIX,
        cityName: spec.cityName ?? DEFAULT_CITY_NAME,
      })
      .onConflictDoNothing();
    await bulkInsert(db, 'buildings', buildingRows);
    await bulkInsert(db, 'rooms', roomRows);
    const personInserts = personRows.map((p) => {
      const id = sealIdNumber(keyring, p.idNumber);
      const phone = sealPhone(keyring, p.phone);
      return {
        id: p.id,
        siteId,
        name: p.name,
        nameInitials: initialsOf(p.name),
        gender: p.gender,
        birthDate: p.birthDate,
        ethnicity: p.ethnicity,
        idNumberEnc: id.enc,
        idNumberHash: id.hash,
        phoneEnc: phone.enc,
        phoneHash: phone.hash,
        hukouAddress: p.hukouAddress,
        hukouRegionCode: p.hukouRegionCode,
        workplace: p.workplace,
        emergencyContactName: p.emergencyContactName,
        emergencyContactPhoneEnc: sealPhone(keyring, p.emergencyContactPhone).enc,
        vehiclePlates: p.vehiclePlates,
        careFlags: p.careFlags,
        createdAt: now,
        updatedAt: now,
      };
    });
    await bulkInsert(db, 'persons', personInserts);
    await bulkInsert(db, 'households', householdRows);
    await db.insert(storedFiles).values({
      id: fileId,
      siteId,
      purpose: 'tenancy_contract',
      fileName: '演示合同样本.pdf',
      mime: 'application/pdf',
      size: pdf.length,
      sha256: crypto.createHash('sha256').update(pdf).digest('hex'),
      dataEnc: keyring.encrypt('file', pdf),
      createdAt: now,
    });
    // Renewed contracts first: the newer ones point at them.
    const ordered = [...tenancyRows].sort(
      (a, z) => (a.previousTenancyId ? 1 : 0) - (z.previousTenancyId ? 1 : 0),
    );
    await bulkInsert(db, 'tenancies', ordered);
    await bulkInsert(db, 'shops', shopRows);
    await bulkInsert(db, 'residencies', residencyRows);
    await bulkInsert(db, 'visits', visitRows);
    if (residentPersonId) {
      await db
        .update(users)
        .set({ personId: residentPersonId })
        .where(sql`${users.username} = 'resident' AND ${users.isDemo} = true`);
    }
  });
  // Fresh planner statistics: PGlite has no autovacuum, and the map and search plans depend on them.
  await ctx.db.execute(
    sql`ANALYZE buildings, rooms, persons, households, tenancies, shops, residencies, visits`,
  );
  return {
    buildings: buildingRows.length,
    flats: homes.length,
    households: householdRows.length,
    persons: personRows.length,
    shops: shopRows.length,
    tenancies: tenancyRows.length,
    residentPersonId,
    ms: Math.round(performance.now() - started),
  };
}

/** Demo seeder registered in modules/index.ts: the full demo compound. */
export const registryDemoSeeder: DemoSeeder = async (ctx, siteId) => {
  await seedRegistry(ctx, siteId, DEMO_REGISTRY);
};

/** Seeder factory for tests and other specs. */
export const registrySeeder =
  (spec: RegistrySeedSpec): DemoSeeder =>
  async (ctx, siteId) => {
    await seedRegistry(ctx, siteId, spec);
  };
