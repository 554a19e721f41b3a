import { and, eq, inArray } from 'drizzle-orm';
import { BOOKING_CODE_ALPHABET, idCheckChar } from '@anju/contracts';
import type { DemoSeeder } from '../../platform/demo-seed.ts';
import { users } from '../../platform/org/schema.ts';
import { Rng } from '../../platform/random.ts';
import { addDays, shanghaiDate } from '../../platform/time.ts';
import { sealIdNumber, sealPhone } from '../registry/sql.ts';
import { workingCalendar } from './holidays.ts';
import {
  appointmentBookings,
  appointmentClosures,
  appointmentOverrides,
  appointmentQueueCounters,
  appointmentResources,
  appointmentSeats,
  appointmentServices,
  appointmentSessions,
  appointmentStaffHours,
} from './schema.ts';
import { loadSlotInput } from './slot-input.ts';
import { dayStartMs, freeSlots, type HeldTime, type SlotInput } from './slots.ts';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙'];
const GIVEN = ['建国', '秀英', '桂兰', '志强', '丽娟', '海燕', '伟', '敏', '静', '磊', '洋', '婷'];
const CHANNELS = ['resident', 'public', 'phone', 'phone', 'counter'] as const;

/**
 * The demo office's appointments: six services (户口迁移, 身份证领取, 居住证面谈,
 * 无犯罪记录证明(柜台), 调解咨询 holding the mediation room, 其他), the demo police officer's and
 * auxiliary's weekly hours, a Saturday session 9:00–12:00 and a public-holiday session, one
 * closure, one override, and four weeks of bookings around today computed with the real slot
 * rules (past ones served, checked in or no-show, future ones booked) across channels, plus a few
 * walk-ins. Rows are written in bulk (no reminders are queued for demo bookings) so a fresh
 * `npm start` stays quick; a site that already has services is left alone.
 */
export const appointmentsDemoSeeder: DemoSeeder = async (ctx, siteId) => {
  const { db, keyring } = ctx;
  const [existing] = await db
    .select({ id: appointmentServices.id })
    .from(appointmentServices)
    .where(eq(appointmentServices.siteId, siteId))
    .limit(1);
  if (existing) return;
  const staff = await db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(and(inArray(users.username, ['police', 'auxiliary']), eq(users.isDemo, true)));
  const police = staff.find((s) => s.username === 'police')?.id;
  const auxiliary = staff.find((s) => s.username === 'auxiliary')?.id;
  if (!police || !auxiliary) return;
  const both = [police, auxiliary];

  const weekday = [
    { start: 510, end: 720 },
    { start: 870, end: 1080 },
  ];
  for (const userId of both)
    await db.insert(appointmentStaffHours).values({
      siteId,
      userId,
      weekly: { 1: weekday, 2: weekday, 3: weekday, 4: weekday, 5: weekday },
    });
  await db.insert(appointmentSessions).values([
    {
      siteId,
      nameZh: '周六上午服务',
      nameEn: 'Saturday morning service',
      on: ['weekend'],
      weekdays: [6],
      startMin: 540,
      endMin: 720,
      staffIds: both,
    },
    {
      siteId,
      nameZh: '节假日值班服务',
      nameEn: 'Public holiday service',
      on: ['statutory_holiday'],
      startMin: 540,
      endMin: 720,
      staffIds: [police],
    },
  ]);
  const [room] = await db
    .insert(appointmentResources)
    .values({ siteId, nameZh: '调解室', nameEn: 'Mediation room' })
    .returning();

  const common = { siteId, capacity: 1, minNoticeMin: 60, maxAdvanceDays: 14, inSessions: true };
  const services = await db
    .insert(appointmentServices)
    .values([
      {
        ...common,
        code: 'hukou_transfer',
        nameZh: '户口迁移',
        nameEn: 'Household registration transfer',
        descriptionZh: '户口迁入、迁出及市内迁移',
        descriptionEn: 'Moving a household registration in, out or within the city',
        documentsZh: ['居民身份证', '户口簿', '迁移证明或准迁证', '房产证或租房合同'],
        documentsEn: [
          'Resident ID card',
          'Household register',
          'Transfer certificate',
          'Property deed or lease',
        ],
        durationMin: 30,
        needsIdNumber: true,
        staffIds: [police],
        sortOrder: 1,
      },
      {
        ...common,
        code: 'id_card_pickup',
        nameZh: '身份证领取',
        nameEn: 'ID card pick-up',
        descriptionZh: '领取已制好的居民身份证',
        descriptionEn: 'Collect a resident ID card that is ready',
        documentsZh: ['受理回执', '旧身份证（如有）'],
        documentsEn: ['Application receipt', 'Old ID card (if any)'],
        durationMin: 10,
        capacity: 2,
        staffIds: both,
        perPhoneDailyLimit: 1,
        sortOrder: 2,
      },
      {
        ...common,
        code: 'residence_permit_interview',
        nameZh: '居住证面谈',
        nameEn: 'Residence permit interview',
        documentsZh: ['居民身份证', '租房合同或单位证明', '近期免冠照片'],
        documentsEn: ['Resident ID card', 'Lease or employer letter', 'Recent photo'],
        durationMin: 20,
        staffIds: both,
        sortOrder: 3,
      },
      {
        ...common,
        code: 'no_criminal_record_counter',
        nameZh: '无犯罪记录证明(柜台)',
        nameEn: 'No-criminal-record certificate (counter)',
        documentsZh: ['居民身份证', '用途说明（单位出具的函）'],
        documentsEn: ['Resident ID card', 'Letter stating the purpose'],
        durationMin: 15,
        needsIdNumber: true,
        inSessions: false,
        audience: 'residents',
        staffIds: [police],
        sortOrder: 4,
      },
      {
        ...common,
        code: 'mediation_consult',
        nameZh: '调解咨询',
        nameEn: 'Mediation consultation',
        documentsZh: ['相关材料（如有）'],
        documentsEn: ['Related papers (if any)'],
        durationMin: 45,
        bufferAfterMin: 15,
        inSessions: false,
        staffIds: [auxiliary],
        resourceId: room!.id,
        sortOrder: 5,
      },
      {
        ...common,
        code: 'other',
        nameZh: '其他',
        nameEn: 'Other',
        descriptionZh: '其他需要到窗口办理的事项',
        descriptionEn: 'Anything else done at the counter',
        durationMin: 20,
        staffIds: both,
        sortOrder: 6,
      },
    ])
    .returning();

  const now = ctx.now();
  const today = shanghaiDate(now);
  const calendar = await workingCalendar(db);
  // The closure and the override: the next ordinary working days a week and ten days out.
  const nextWorkday = (from: string) => {
    let d = from;
    while (calendar.day(d).kind !== 'workday') d = addDays(d, 1);
    return d;
  };
  const closed = nextWorkday(addDays(today, 8));
  await db.insert(appointmentClosures).values({ siteId, date: closed, reason: '全所业务培训（演示）' });
  await db.insert(appointmentOverrides).values({
    siteId,
    userId: auxiliary,
    date: nextWorkday(addDays(today, 3)),
    intervals: [{ start: 870, end: 1080 }],
    reason: '上午外出走访（演示）',
  });

  // Four weeks of bookings placed by the real slot rules, as if each day were booked the day before.
  const rng = new Rng(20261202);
  const from = addDays(today, -21);
  const to = addDays(today, 10);
  const rows: (typeof appointmentBookings.$inferInsert)[] = [];
  const held: HeldTime[] = [];
  const codes = new Set<string>();
  const newCode = () => {
    for (;;) {
      let code = '';
      for (let i = 0; i < 8; i++) code += BOOKING_CODE_ALPHABET[rng.int(0, BOOKING_CODE_ALPHABET.length - 1)];
      if (!codes.has(code)) {
        codes.add(code);
        return code;
      }
    }
  };
  const idNumber = () => {
    const first17 = `410105${rng.int(1950, 2004)}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(1, 28)).padStart(2, '0')}${rng.int(100, 999)}`;
    return first17 + idCheckChar(first17);
  };
  const inputs: SlotInput[] = [];
  for (const s of services) inputs.push(await loadSlotInput(db, s, from, to, now));
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const bookingNow = new Date(dayStartMs(date) - 12 * 3_600_000);
    services.forEach((service, i) => {
      const [day] = freeSlots({ ...inputs[i]!, bookings: held, now: bookingNow }, date, date);
      for (const slot of day?.slots ?? []) {
        if (!rng.chance(service.code === 'id_card_pickup' ? 0.25 : 0.12)) continue;
        const start = new Date(slot.start);
        const end = new Date(slot.end);
        const staffId = slot.freeStaffIds[0]!;
        held.push({ staffId, serviceId: service.id, start: start.getTime(), end: end.getTime() });
        const phone = `139${String(rng.int(10_000_000, 99_999_999))}`;
        const sealed = sealPhone(keyring, phone) as { enc: string; hash: string };
        const past = end < now;
        const outcome = rng.next();
        const status = past
          ? outcome < 0.78
            ? 'served'
            : outcome < 0.92
              ? 'no_show'
              : 'cancelled'
          : 'booked';
        const minutes = (n: number) => new Date(start.getTime() + n * 60_000);
        const channel = service.audience === 'residents' ? 'resident' : rng.pick(CHANNELS);
        rows.push({
          siteId,
          serviceId: service.id,
          staffId,
          resourceId: service.resourceId,
          startAt: start,
          endAt: end,
          code: newCode(),
          name: `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}`,
          phoneEnc: sealed.enc,
          phoneHash: sealed.hash,
          idNumberEnc: service.needsIdNumber ? sealIdNumber(keyring, idNumber()).enc : null,
          channel,
          status,
          checkedInAt: status === 'served' ? minutes(-rng.int(2, 15)) : null,
          calledAt: status === 'served' ? minutes(rng.int(0, 12)) : null,
          servedAt: status === 'served' ? minutes(service.durationMin + rng.int(0, 10)) : null,
          noShowAt: status === 'no_show' ? new Date(dayStartMs(addDays(date, 1)) - 60_000) : null,
          cancelledAt: status === 'cancelled' ? minutes(-24 * 60) : null,
          cancelledBy: status === 'cancelled' ? 'booker' : null,
          cancelReason: status === 'cancelled' ? '' : null,
          createdByUserId: channel === 'phone' || channel === 'counter' ? staffId : null,
          createdAt: new Date(start.getTime() - rng.int(1, 7) * 86_400_000),
        });
      }
    });
  }
  // Walk-ins on past working days, and the day's queue numbers in order of arrival.
  for (let date = from; date < today; date = addDays(date, 1)) {
    if (!calendar.isWorkingDay(date)) continue;
    for (let w = rng.int(0, 3); w > 0; w--) {
      const start = new Date(dayStartMs(date) + rng.int(540, 1020) * 60_000);
      const sealed = sealPhone(keyring, `137${String(rng.int(10_000_000, 99_999_999))}`) as {
        enc: string;
        hash: string;
      };
      rows.push({
        siteId,
        serviceId: services[5]!.id,
        staffId: rng.pick(both),
        startAt: start,
        endAt: new Date(start.getTime() + 20 * 60_000),
        code: newCode(),
        name: `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}`,
        phoneEnc: sealed.enc,
        phoneHash: sealed.hash,
        channel: 'walk_in',
        status: 'served',
        checkedInAt: start,
        calledAt: new Date(start.getTime() + rng.int(3, 25) * 60_000),
        servedAt: new Date(start.getTime() + 30 * 60_000),
        createdAt: start,
      });
    }
  }
  const counters = new Map<string, number>();
  for (const row of [...rows].sort((a, b) => +(a.checkedInAt ?? 0) - +(b.checkedInAt ?? 0))) {
    if (!row.checkedInAt) continue;
    const day = shanghaiDate(row.checkedInAt);
    const n = (counters.get(day) ?? 0) + 1;
    counters.set(day, n);
    row.queueNumber = `A-${String(n).padStart(3, '0')}`;
  }
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await db
      .insert(appointmentBookings)
      .values(rows.slice(i, i + 500))
      .returning({
        id: appointmentBookings.id,
        status: appointmentBookings.status,
        serviceId: appointmentBookings.serviceId,
        staffId: appointmentBookings.staffId,
        resourceId: appointmentBookings.resourceId,
        startAt: appointmentBookings.startAt,
      });
    // Seats for the bookings still holding their slot (seat numbers per service and start).
    const seatRows = inserted
      .filter((b) => b.status === 'booked')
      .flatMap((b) => {
        const same = inserted.filter(
          (o) => o.status === 'booked' && o.serviceId === b.serviceId && +o.startAt === +b.startAt,
        );
        const holders = [`service:${b.serviceId}#${same.indexOf(b)}`, `staff:${b.staffId}`];
        if (b.resourceId) holders.push(`room:${b.resourceId}`);
        return holders.map((holder) => ({ bookingId: b.id, siteId, holder, startAt: b.startAt }));
      });
    if (seatRows.length) await db.insert(appointmentSeats).values(seatRows);
  }
  if (counters.size)
    await db
      .insert(appointmentQueueCounters)
      .values([...counters].map(([day, last]) => ({ siteId, day, last })));
};
