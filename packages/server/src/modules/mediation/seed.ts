/**
 * Mediation demo data: the N roster (the people's mediator linked to the demo `mediator` login,
 * two lawyers, the five elders, a deputy, a CPPCC member, with their specialities) and, over the
 * last twelve months, 125 concluded "2+N" cases across the article's dispute types — each with its
 * team, sessions with records and the lawyer's advice, an agreement (written, or oral performed on
 * the spot), terms performed and a follow-up visit — so the statistics page computes the article's
 * 125 cases, 100 % success and 100 % fulfilment from the data. Two of the 125 are still in
 * fulfilment with terms not yet due (concluded, agreement reached; not yet counted as due). Plus
 * two open cases in each earlier state (intake, graded, team ready, in mediation), not concluded.
 * Deterministic: the platform's mulberry32.
 */
import crypto from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { MediationStatus, MediationType, RosterKind } from '@anju/contracts';
import type { Db } from '../../db/client.ts';
import type { DemoSeeder } from '../../platform/demo-seed.ts';
import { users } from '../../platform/org/schema.ts';
import { Rng } from '../../platform/random.ts';
import { addDays, shanghaiDate, shanghaiDayStart } from '../../platform/time.ts';
import type { Keyring } from '../../platform/crypto.ts';
import { persons, residencies, rooms } from '../registry/schema.ts';
import { sealPhone } from '../registry/sql.ts';
import {
  mediationAgreements,
  mediationCases,
  mediationFollowups,
  mediationParties,
  mediationRoster,
  mediationSessions,
  mediationTeam,
  mediationTerms,
} from './schema.ts';

type Kind = Exclude<RosterKind, 'other'>;
const ROSTER: { name: string; kind: Kind; specialities: MediationType[]; availability: string }[] = [
  {
    name: '陈调解员（演示）',
    kind: 'people_mediator',
    specialities: ['noise', 'dog', 'neighbour', 'family', 'property', 'rental', 'high_rise', 'debt'],
    availability: '工作日 9:00–17:00',
  },
  {
    name: '刘律师（演示）',
    kind: 'lawyer',
    specialities: ['rental', 'debt', 'property', 'high_rise'],
    availability: '每周二、四下午',
  },
  {
    name: '孙律师（演示）',
    kind: 'lawyer',
    specialities: ['family', 'debt', 'neighbour'],
    availability: '预约',
  },
  {
    name: '周老党员（五老·演示）',
    kind: 'elder',
    specialities: ['neighbour', 'family'],
    availability: '每天上午',
  },
  {
    name: '吴老干部（五老·演示）',
    kind: 'elder',
    specialities: ['noise', 'neighbour'],
    availability: '工作日',
  },
  {
    name: '郑老教师（五老·演示）',
    kind: 'elder',
    specialities: ['family', 'noise'],
    availability: '周一至周五',
  },
  { name: '冯老战士（五老·演示）', kind: 'elder', specialities: ['dog', 'high_rise'], availability: '随时' },
  {
    name: '何老模范（五老·演示）',
    kind: 'elder',
    specialities: ['dog', 'neighbour', 'property'],
    availability: '上午',
  },
  {
    name: '韩代表（人大代表·演示）',
    kind: 'deputy',
    specialities: ['property', 'high_rise'],
    availability: '每月第一周',
  },
  {
    name: '唐委员（政协委员·演示）',
    kind: 'cppcc',
    specialities: ['property', 'rental'],
    availability: '预约',
  },
];

/** The article's types with how often each comes (noise and neighbours most). */
const TYPES: readonly (readonly [MediationType, number])[] = [
  ['noise', 26],
  ['neighbour', 20],
  ['dog', 14],
  ['property', 14],
  ['rental', 10],
  ['family', 8],
  ['high_rise', 5],
  ['debt', 3],
];

interface Story {
  facts: string;
  disputed: string;
  responsibilities: string;
  terms: { text: string; obligor: 'applicant' | 'respondent'; how: string; place: string }[];
  advice: string;
  amountCents: number | null;
}
const STORIES: Record<MediationType, Story> = {
  noise: {
    facts: '被申请人家中装修，连续多日早晚施工，噪音影响申请人一家休息，双方多次争吵并报警。',
    disputed: '装修施工时间及噪音扰民的补偿。',
    responsibilities: '被申请人未按规定时段施工，负主要责任；申请人情绪激动上门争执，负次要责任。',
    terms: [
      {
        text: '被申请人装修施工时间限定为工作日 8:00–12:00、14:00–18:00，周末不进行噪音较大的作业',
        obligor: 'respondent',
        how: '自行遵守，物业监督',
        place: '被申请人住所',
      },
      { text: '被申请人向申请人当面赔礼道歉', obligor: 'respondent', how: '当面道歉', place: '警务室调解室' },
    ],
    advice:
      '《噪声污染防治法》第六十六条：对已竣工交付使用的住宅楼进行室内装修活动，应当限定作业时间，采取有效措施，防止、减轻噪声污染。',
    amountCents: null,
  },
  dog: {
    facts: '被申请人遛狗未拴绳，犬只扑咬申请人，致其手臂擦伤，申请人就医花费医药费。',
    disputed: '医药费、误工费的赔偿及今后文明养犬。',
    responsibilities: '被申请人未对犬只采取安全措施，应承担侵权责任。',
    terms: [
      {
        text: '被申请人赔偿申请人医药费、误工费共计 1,200 元',
        obligor: 'respondent',
        how: '微信转账',
        place: '警务室调解室',
      },
      {
        text: '被申请人今后遛狗一律拴绳并为犬只办理登记、接种疫苗',
        obligor: 'respondent',
        how: '自行履行，物业监督',
        place: '小区内',
      },
    ],
    advice:
      '《民法典》第一千二百四十六条：违反管理规定，未对动物采取安全措施造成他人损害的，动物饲养人或者管理人应当承担侵权责任。',
    amountCents: 120_000,
  },
  rental: {
    facts: '申请人租住被申请人房屋，租期届满退租时，被申请人以墙面损坏为由拒退押金。',
    disputed: '押金是否退还及墙面修复费用。',
    responsibilities: '申请人对墙面轻微损坏负修复责任；被申请人扣留全部押金不当。',
    terms: [
      {
        text: '被申请人退还申请人押金 2,400 元，扣除墙面修复费 300 元',
        obligor: 'respondent',
        how: '银行转账',
        place: '线上',
      },
    ],
    advice:
      '《民法典》第七百三十三条：租赁期限届满，承租人应当返还租赁物，返还的租赁物应当符合按照约定或者根据租赁物的性质使用后的状态。',
    amountCents: 240_000,
  },
  property: {
    facts: '申请人因地下车库漏水造成车辆受损，认为物业公司维护不到位，拒缴物业费，双方发生争执。',
    disputed: '车辆损失的承担及欠缴物业费的处理。',
    responsibilities: '物业公司对车库防水维护不及时负主要责任；业主以拒缴物业费维权方式不当。',
    terms: [
      {
        text: '物业公司承担车辆清洗、维修费用 800 元并在一个月内完成车库防水维修',
        obligor: 'respondent',
        how: '现金支付，维修完成后书面告知',
        place: '物业服务中心',
      },
      {
        text: '申请人补缴所欠物业费',
        obligor: 'applicant',
        how: '到物业服务中心缴纳',
        place: '物业服务中心',
      },
    ],
    advice:
      '《物业管理条例》第三十五条：物业服务企业未能履行物业服务合同的约定，导致业主人身、财产安全受到损害的，应当依法承担相应的法律责任。',
    amountCents: 80_000,
  },
  high_rise: {
    facts: '楼上住户阳台花盆坠落，砸坏停放在楼下的申请人电动车，所幸未伤及行人。',
    disputed: '电动车维修费用的赔偿及阳台物品的安全摆放。',
    responsibilities: '被申请人阳台物品摆放不当致坠落，应承担赔偿责任。',
    terms: [
      {
        text: '被申请人赔偿申请人电动车维修费 650 元',
        obligor: 'respondent',
        how: '现金支付',
        place: '警务室调解室',
      },
      {
        text: '被申请人清理阳台外沿摆放物品',
        obligor: 'respondent',
        how: '自行清理，社区回访核实',
        place: '被申请人住所',
      },
    ],
    advice:
      '《民法典》第一千二百五十四条：禁止从建筑物中抛掷物品；从建筑物中抛掷物品或者从建筑物上坠落的物品造成他人损害的，由侵权人依法承担侵权责任。',
    amountCents: 65_000,
  },
  neighbour: {
    facts: '被申请人长期在楼道堆放杂物，占用消防通道，申请人多次劝说未果，双方发生口角。',
    disputed: '楼道杂物清理及今后公共空间的使用。',
    responsibilities: '被申请人占用公共通道负主要责任。',
    terms: [
      {
        text: '被申请人清理楼道内堆放的全部杂物',
        obligor: 'respondent',
        how: '自行清理，物业协助',
        place: '所在单元楼道',
      },
    ],
    advice:
      '《民法典》第二百八十八条：不动产的相邻权利人应当按照有利生产、方便生活、团结互助、公平合理的原则，正确处理相邻关系。',
    amountCents: null,
  },
  family: {
    facts: '申请人与其子因老人赡养费及探望问题多次争吵，申请人到警务室求助。',
    disputed: '赡养费的数额、支付方式及探望安排。',
    responsibilities: '被申请人作为成年子女负有赡养义务。',
    terms: [
      {
        text: '被申请人每月向申请人支付赡养费 800 元',
        obligor: 'respondent',
        how: '每月 5 日前银行转账',
        place: '线上',
      },
      { text: '被申请人每周至少探望申请人一次', obligor: 'respondent', how: '上门探望', place: '申请人住所' },
    ],
    advice:
      '《民法典》第一千零六十七条：成年子女不履行赡养义务的，缺乏劳动能力或者生活困难的父母，有要求成年子女给付赡养费的权利。',
    amountCents: 80_000,
  },
  debt: {
    facts: '申请人借给被申请人 5,000 元，约定三个月归还，逾期未还，双方发生争执。',
    disputed: '借款的归还时间与方式。',
    responsibilities: '被申请人逾期未还款，应承担还款责任。',
    terms: [
      { text: '被申请人分两期归还借款 5,000 元', obligor: 'respondent', how: '银行转账', place: '线上' },
    ],
    advice: '《民法典》第六百七十五条：借款人应当按照约定的期限返还借款。',
    amountCents: 500_000,
  },
  other: {
    facts: '双方因琐事发生争执。',
    disputed: '争执事项的处理。',
    responsibilities: '双方均有一定责任。',
    terms: [{ text: '双方互相谅解，今后和睦相处', obligor: 'applicant', how: '自行履行', place: '小区内' }],
    advice: '',
    amountCents: null,
  },
};

const ROOM_TEXT = '警务室调解室';
const STATEMENT = '申请人陈述了纠纷经过及诉求；被申请人陈述了自己的理由，对部分事实表示认可。';
const RECORD = '调解员释法明理，双方各退一步，在自愿、平等的基础上达成一致意见。';
const FOLLOWUP_DONE = '回访：协议已履行完毕，双方关系缓和，无新矛盾。';
const RISK_REASON = '双方曾多次争吵，情绪激动';
const ON_SPOT_NOTE = '民警到场后当面说和，双方互相谅解，当场达成口头协议并即时履行。';
/** What an officer settles on the spot: the simple everyday disputes. */
const ON_SPOT_TYPES: readonly MediationType[] = ['noise', 'dog', 'neighbour'];

export interface SeedPeople {
  id: string;
  name: string;
  phoneEnc: string | null;
  phoneHash: string | null;
  address: string | null;
}

export interface CaseWorld {
  siteId: string;
  officerId: string | null;
  mediatorUserId: string | null;
  /** roster ids by kind; [0] of people_mediator is the case's mediator */
  roster: { id: string; kind: RosterKind; specialities: MediationType[] }[];
  people: SeedPeople[];
  /** who the parties of a case accepted at that time are (default: two at random from `people`) */
  parties?: (acceptedAt: Date) => [SeedPeople, SeedPeople];
}

export interface CaseBundle {
  case: typeof mediationCases.$inferInsert;
  parties: (typeof mediationParties.$inferInsert)[];
  team: (typeof mediationTeam.$inferInsert)[];
  sessions: (typeof mediationSessions.$inferInsert)[];
  agreement: typeof mediationAgreements.$inferInsert | null;
  terms: (typeof mediationTerms.$inferInsert)[];
  followups: (typeof mediationFollowups.$inferInsert)[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
function weighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1]![0];
}
const maxDate = (a: string, b: string) => (a > b ? a : b);
const plusMonth = (d: Date) => {
  const out = new Date(d);
  out.setUTCMonth(out.getUTCMonth() + 1);
  return out;
};

function twoAtRandom(rng: Rng, people: SeedPeople[]): [SeedPeople, SeedPeople] {
  const applicant = rng.pick(people);
  let respondent = rng.pick(people);
  while (respondent.id === applicant.id) respondent = rng.pick(people);
  return [applicant, respondent];
}

/**
 * Parties drawn from a large pool without putting back (shuffled once), so most cases are about
 * people new to the police office; with `repeatShare` a case brings back a party of a case
 * accepted in the 60 days before (a dispute that flared up again): the "repeat calls within 90
 * days" figure comes out a small minority, as it is in practice. Cases must be built in the order
 * they were accepted. The pool is reused from the start only when exhausted.
 */
export function partyDraw(
  rng: Rng,
  people: SeedPeople[],
  repeatShare: number,
): (acceptedAt: Date) => [SeedPeople, SeedPeople] {
  const pool = rng.shuffle([...people]);
  let next = 0;
  const fresh = () => pool[next++ % pool.length]!;
  const history: { at: number; people: [SeedPeople, SeedPeople] }[] = [];
  return (acceptedAt) => {
    const at = acceptedAt.getTime();
    const recent = history.filter((h) => h.at < at && at - h.at <= 60 * DAY);
    let applicant = fresh();
    if (recent.length > 0 && rng.chance(repeatShare)) applicant = rng.pick(rng.pick(recent).people);
    let respondent = fresh();
    while (respondent.id === applicant.id) respondent = fresh();
    const pair: [SeedPeople, SeedPeople] = [applicant, respondent];
    history.push({ at, people: pair });
    return pair;
  };
}

/**
 * A simple dispute settled on the spot by the officer (graded on_spot, oral agreement performed at
 * once): accepted, contacted within minutes, concluded and closed within the hour or two.
 */
export function buildOnSpotCase(
  rng: Rng,
  world: CaseWorld,
  acceptedAt: Date,
  today: string,
  serials: { day: Map<string, number>; year: Map<string, number> },
): CaseBundle {
  const b = buildCase(rng, world, 'intake', acceptedAt, today, serials);
  const type = rng.pick(ON_SPOT_TYPES);
  const settledAt = new Date(acceptedAt.getTime() + rng.int(40, 110) * 60_000);
  Object.assign(b.case, {
    type,
    facts: STORIES[type].facts,
    amountCents: STORIES[type].amountCents,
    risk: 'low',
    riskReasons: null,
    status: 'closed',
    grade: 'on_spot',
    outcome: 'oral_agreement',
    outcomeNote: ON_SPOT_NOTE,
    firstContactAt: new Date(acceptedAt.getTime() + rng.int(5, 30) * 60_000),
    gradedAt: settledAt,
    concludedAt: settledAt,
    closedAt: settledAt,
    updatedAt: settledAt,
  } satisfies Partial<CaseBundle['case']>);
  return b;
}

/**
 * One case in `status`, accepted at `acceptedAt`, numbered by the `serials` counters: closed cases
 * are concluded with an agreement (written with terms, or oral performed on the spot) whose terms
 * were all performed before `today`; fulfilment cases have terms due after `today`.
 */
export function buildCase(
  rng: Rng,
  world: CaseWorld,
  status: MediationStatus,
  acceptedAt: Date,
  today: string,
  serials: { day: Map<string, number>; year: Map<string, number> },
): CaseBundle {
  const type = weighted(rng, TYPES);
  const story = STORIES[type];
  const id = crypto.randomUUID();
  const acceptedDay = shanghaiDate(acceptedAt);
  const n = (serials.day.get(acceptedDay) ?? 0) + 1;
  serials.day.set(acceptedDay, n);
  const source = weighted(rng, [
    ['incident', 5],
    ['phone', 2],
    ['walk_in', 2],
    ['referral', 1],
  ] as const);
  const call = source === 'incident' || source === 'phone';
  const risk = weighted(rng, [
    ['low', 6],
    ['medium', 3],
    ['high', 1],
  ] as const);
  const [applicant, respondent] = world.parties?.(acceptedAt) ?? twoAtRandom(rng, world.people);
  const parties = [
    { p: applicant, role: 'applicant' as const },
    { p: respondent, role: 'respondent' as const },
  ].map(({ p, role }) => ({
    caseId: id,
    role,
    personId: p.id,
    name: p.name,
    phoneEnc: p.phoneEnc,
    phoneHash: p.phoneHash,
    address: p.address,
  }));
  const order = ['intake', 'graded', 'team_ready', 'in_mediation', 'fulfilment', 'closed'];
  const reached = (s: MediationStatus) => order.indexOf(status) >= order.indexOf(s);
  const gradedAt = new Date(acceptedAt.getTime() + rng.int(1, 18) * HOUR);
  const bundle: CaseBundle = {
    case: {
      id,
      siteId: world.siteId,
      serial: `TJ-${acceptedDay.replaceAll('-', '')}-${String(n).padStart(4, '0')}`,
      source,
      type,
      facts: story.facts,
      amountCents: story.amountCents,
      risk,
      riskReasons: risk === 'low' ? null : RISK_REASON,
      status,
      grade: reached('graded') ? 'two_plus_n' : null,
      acceptedAt,
      firstContactAt:
        call && status !== 'intake' ? new Date(acceptedAt.getTime() + rng.int(5, 50) * 60_000) : null,
      firstContactDue: call ? new Date(acceptedAt.getTime() + HOUR) : null,
      gradingDue: new Date(acceptedAt.getTime() + 24 * HOUR),
      concludeDue: plusMonth(acceptedAt),
      gradedAt: reached('graded') ? gradedAt : null,
      createdBy: world.officerId,
      createdAt: acceptedAt,
      updatedAt: acceptedAt,
    },
    parties,
    team: [],
    sessions: [],
    agreement: null,
    terms: [],
    followups: [],
  };
  if (!reached('team_ready')) return bundle;

  const teamAt = new Date(gradedAt.getTime() + rng.int(1, 4) * HOUR);
  const mediator = world.roster.find((r) => r.kind === 'people_mediator');
  if (world.officerId)
    bundle.team.push({ caseId: id, role: 'officer', userId: world.officerId, addedAt: teamAt });
  if (mediator)
    bundle.team.push({
      caseId: id,
      role: 'mediator',
      userId: world.mediatorUserId,
      rosterId: mediator.id,
      addedAt: teamAt,
    });
  const matching = world.roster.filter((r) => r.kind !== 'people_mediator' && r.specialities.includes(type));
  const lawyer = matching.find((r) => r.kind === 'lawyer');
  const others = rng.shuffle(matching.filter((r) => r.kind !== 'lawyer')).slice(0, rng.int(0, 2));
  for (const r of [...(lawyer ? [lawyer] : []), ...others])
    bundle.team.push({ caseId: id, role: 'member', rosterId: r.id, addedAt: teamAt });
  if (!reached('in_mediation')) return bundle;

  const sessions = rng.int(1, 2);
  let at = new Date(
    shanghaiDayStart(shanghaiDate(new Date(teamAt.getTime() + rng.int(1, 5) * DAY))).getTime() +
      rng.int(9, 16) * HOUR,
  );
  const attendees = [applicant.name, respondent.name];
  for (let s = 0; s < sessions; s++) {
    const ends = new Date(at.getTime() + rng.int(1, 2) * HOUR);
    bundle.sessions.push({
      caseId: id,
      startsAt: at,
      endsAt: ends,
      placeKind: 'room',
      placeText: ROOM_TEXT,
      attendees,
      statements: STATEMENT,
      legalAdvice: story.advice || null,
      record: RECORD,
      recordedAt: ends,
      recordedBy: world.officerId,
      createdBy: world.officerId,
      createdAt: at,
    });
    at = new Date(at.getTime() + rng.int(2, 6) * DAY);
  }
  if (!reached('fulfilment')) return bundle;

  const concludedAt = bundle.sessions[bundle.sessions.length - 1]!.endsAt as Date;
  const signedOn = shanghaiDate(concludedAt);
  const oral = status === 'closed' && rng.chance(0.08);
  bundle.case.outcome = oral ? 'oral_agreement' : 'agreement';
  bundle.case.concludedAt = concludedAt;
  bundle.case.updatedAt = concludedAt;
  if (oral) {
    bundle.case.closedAt = concludedAt;
    bundle.case.outcomeNote = RECORD;
    bundle.followups.push({
      caseId: id,
      dueOn: addDays(signedOn, 7),
      doneAt: new Date(concludedAt.getTime() + 7 * DAY),
      byUserId: world.mediatorUserId,
      note: FOLLOWUP_DONE,
    });
    return bundle;
  }
  const year = signedOn.slice(0, 4);
  const k = `${world.siteId}:${year}`;
  const an = (serials.year.get(k) ?? 0) + 1;
  serials.year.set(k, an);
  const agreementId = crypto.randomUUID();
  bundle.agreement = {
    id: agreementId,
    caseId: id,
    siteId: world.siteId,
    serial: `XY-${year}-${String(an).padStart(4, '0')}`,
    kind: 'written',
    partiesSummary: parties.map((p) => `${p.name}，住${p.address ?? '本小区'}`).join('；'),
    mainFacts: story.facts,
    disputedMatters: story.disputed,
    responsibilities: story.responsibilities,
    signedOn,
    copies: 3,
    judicialRequested: false,
    createdBy: world.officerId,
    createdAt: concludedAt,
    updatedAt: concludedAt,
  };
  let lastDue = signedOn;
  story.terms.forEach((t, i) => {
    const dueOn = status === 'closed' ? addDays(signedOn, rng.int(3, 20)) : addDays(today, rng.int(5, 20));
    if (dueOn > lastDue) lastDue = dueOn;
    const performed = status === 'closed';
    bundle.terms.push({
      agreementId,
      seq: i + 1,
      text: t.text,
      obligor: (t.obligor === 'applicant' ? applicant : respondent)!.name,
      how: t.how,
      place: t.place,
      dueOn,
      status: performed ? 'performed' : 'pending',
      settledOn: performed ? maxDate(signedOn, addDays(dueOn, -rng.int(0, 2))) : null,
    });
  });
  const followOn = addDays(lastDue, 2);
  if (status === 'closed') {
    bundle.case.closedAt = new Date(shanghaiDayStart(lastDue).getTime() + 17 * HOUR);
    bundle.followups.push({
      caseId: id,
      dueOn: followOn,
      doneAt: new Date(shanghaiDayStart(followOn).getTime() + 10 * HOUR),
      byUserId: world.mediatorUserId,
      note: FOLLOWUP_DONE,
    });
  } else {
    bundle.followups.push({ caseId: id, dueOn: followOn, note: null });
  }
  return bundle;
}

/** Writes bundles in bulk (chunks of 500 rows per statement). */
export async function insertBundles(db: Db, bundles: CaseBundle[]): Promise<void> {
  const all = <T>(pick: (b: CaseBundle) => T[]) => bundles.flatMap(pick);
  const chunked = async <T>(rows: T[], insert: (part: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
  };
  await chunked(
    all((b) => [b.case]),
    (p) => db.insert(mediationCases).values(p),
  );
  await chunked(
    all((b) => b.parties),
    (p) => db.insert(mediationParties).values(p),
  );
  await chunked(
    all((b) => b.team),
    (p) => db.insert(mediationTeam).values(p),
  );
  await chunked(
    all((b) => b.sessions),
    (p) => db.insert(mediationSessions).values(p),
  );
  await chunked(
    all((b) => (b.agreement ? [b.agreement] : [])),
    (p) => db.insert(mediationAgreements).values(p),
  );
  await chunked(
    all((b) => b.terms),
    (p) => db.insert(mediationTerms).values(p),
  );
  await chunked(
    all((b) => b.followups),
    (p) => db.insert(mediationFollowups).values(p),
  );
}

/** The demo roster (the people's mediator linked to `mediatorUserId`), returned with ids. */
export async function seedRoster(
  db: Db,
  keyring: Keyring,
  siteId: string,
  mediatorUserId: string | null,
): Promise<CaseWorld['roster']> {
  const rows = await db
    .insert(mediationRoster)
    .values(
      ROSTER.map((r, i) => ({
        siteId,
        userId: r.kind === 'people_mediator' ? mediatorUserId : null,
        name: r.name,
        kind: r.kind,
        specialities: r.specialities,
        availability: r.availability,
        // Fictional numbers in the 1390000 block.
        phoneEnc: sealPhone(keyring, `1390000${String(1000 + i)}`).enc,
      })),
    )
    .returning({
      id: mediationRoster.id,
      kind: mediationRoster.kind,
      specialities: mediationRoster.specialities,
    });
  return rows;
}

/** Registry people with their flat, as parties. */
export async function seedPeople(db: Db, siteId: string, limit = 400): Promise<SeedPeople[]> {
  const rows = await db
    .select({
      id: persons.id,
      name: persons.name,
      phoneEnc: persons.phoneEnc,
      phoneHash: persons.phoneHash,
      address: rooms.label,
    })
    .from(persons)
    .innerJoin(residencies, and(eq(residencies.personId, persons.id), eq(residencies.status, 'active')))
    .innerJoin(rooms, eq(rooms.id, residencies.roomId))
    .where(eq(persons.siteId, siteId))
    .orderBy(persons.id)
    .limit(limit);
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
}

export async function userIdsByName(db: Db, names: string[]): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(inArray(users.username, names));
  return new Map(rows.map((r) => [r.username, r.id]));
}

/** The demo officer and mediator, the demo roster and the given people: what cases are built from. */
export async function caseWorld(
  db: Db,
  keyring: Keyring,
  siteId: string,
  people: SeedPeople[],
): Promise<CaseWorld> {
  const ids = await userIdsByName(db, ['police', 'mediator']);
  return {
    siteId,
    officerId: ids.get('police') ?? null,
    mediatorUserId: ids.get('mediator') ?? null,
    roster: await seedRoster(db, keyring, siteId, ids.get('mediator') ?? null),
    people,
  };
}

export const DEMO_CONCLUDED = 125;
/** Of the concluded: settled on the spot by the officer (the rest went through "2+N"). */
export const DEMO_ON_SPOT = 6;
/** Share of cases bringing back a party of a recent case (the repeat calls). */
export const DEMO_REPEAT_SHARE = 0.08;
export const DEMO_IN_FULFILMENT = 2;
export const DEMO_OPEN_PER_STATE = 2;

export const mediationDemoSeeder: DemoSeeder = async (ctx, siteId) => {
  const { db } = ctx;
  const [existing] = await db
    .select({ id: mediationCases.id })
    .from(mediationCases)
    .where(eq(mediationCases.siteId, siteId))
    .limit(1);
  if (existing) return;
  // A large pool (distinct phones), so the parties are mostly different people.
  const seenPhones = new Set<string>();
  const people = (await seedPeople(db, siteId, 5000))
    // Ids are random: order by flat and name so the same registry gives the same cases.
    .sort(
      (a, b) =>
        (a.address ?? '').localeCompare(b.address ?? '') ||
        a.name.localeCompare(b.name) ||
        a.id.localeCompare(b.id),
    )
    .filter((p) => !p.phoneHash || (!seenPhones.has(p.phoneHash) && seenPhones.add(p.phoneHash)));
  if (people.length < 2) return;
  const world = await caseWorld(db, ctx.keyring, siteId, people);
  const rng = new Rng(20_261_216);
  world.parties = partyDraw(rng, people, DEMO_REPEAT_SHARE);
  const now = ctx.now();
  const today = shanghaiDate(now);
  const serials = { day: new Map<string, number>(), year: new Map<string, number>() };
  const bundles: CaseBundle[] = [];
  const acceptedOn = (daysAgo: number) =>
    new Date(
      shanghaiDayStart(addDays(today, -daysAgo)).getTime() + rng.int(8, 20) * HOUR + rng.int(0, 59) * 60_000,
    );
  // What to build, then built in the order accepted (the party draw looks back in time).
  const plan: { kind: MediationStatus | 'on_spot'; at: Date }[] = [];
  // Concluded and fulfilled: accepted between 11½ months and 6 weeks ago (all terms long due).
  for (let i = 0; i < DEMO_CONCLUDED - DEMO_IN_FULFILMENT - DEMO_ON_SPOT; i++)
    plan.push({ kind: 'closed', at: acceptedOn(rng.int(45, 345)) });
  for (let i = 0; i < DEMO_ON_SPOT; i++) plan.push({ kind: 'on_spot', at: acceptedOn(rng.int(10, 340)) });
  for (let i = 0; i < DEMO_IN_FULFILMENT; i++)
    plan.push({ kind: 'fulfilment', at: acceptedOn(rng.int(20, 25)) });
  // Open, not concluded: accepted in the last days (not past their deadlines).
  const open: MediationStatus[] = ['intake', 'graded', 'team_ready', 'in_mediation'];
  open.forEach((status, s) => {
    for (let i = 0; i < DEMO_OPEN_PER_STATE; i++) {
      const at = new Date(now.getTime() - (s === 0 ? 20 + i * 10 : s * 2 * 24 * 60 + i * 60) * 60_000);
      plan.push({ kind: status, at });
    }
  });
  plan.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const { kind, at } of plan)
    bundles.push(
      kind === 'on_spot'
        ? buildOnSpotCase(rng, world, at, today, serials)
        : buildCase(rng, world, kind, at, today, serials),
    );
  // Sessions of in-mediation cases happened already.
  for (const b of bundles) {
    if (b.case.status !== 'in_mediation') continue;
    const teamAt = b.team[0]?.addedAt;
    if (!(teamAt instanceof Date)) continue;
    const start = new Date(teamAt.getTime() + HOUR);
    for (const s of b.sessions) {
      s.startsAt = start;
      s.endsAt = new Date(start.getTime() + HOUR);
      s.recordedAt = s.endsAt;
      s.createdAt = start;
    }
  }
  await db.transaction(async (tx) => insertBundles(tx as unknown as Db, bundles));
};
