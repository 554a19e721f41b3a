/**
 * Appointments on the phone (issue 14), in Chromium at 360×740, zh-CN:
 * 1. a resident books a Saturday slot (a weekend service session) on 我的预约 and sees the code;
 *    staff see it in the day's bookings and move it; the resident's page shows the new time —
 *    with the phone's clock in New York, so every time on the page must be Beijing time —; the
 *    resident then moves it and cancels it;
 * 2. someone without an account books from the public link (a time taken meanwhile is refused
 *    and the times refreshed), then cancels with code + phone: the time is offered again;
 * 3. a wrong code or a wrong phone gets the one specific message (and a link to no site says so);
 *    the booker moves the booking;
 * 4. a phone over the service's daily limit is told the limit, at the phone field;
 * 5. the resident's ID card, ready for pick-up on 我的申请, offers 预约领取, which opens
 *    我的预约 at the ID card pick-up service.
 *
 * The staff step (moving the booking) is done in the console's day view at a desk's screen size.
 */
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppointmentBooking, FreeSlots, PublicService, ServiceDay } from '@anju/contracts';
import { createApplication, transition } from '../packages/server/src/modules/kiosk/applications.ts';
import { persons } from '../packages/server/src/modules/registry/schema.ts';
import { users } from '../packages/server/src/platform/org/schema.ts';
import { type Client, signIn } from '../packages/server/test/harness.ts';
import { saveScreenshot } from './support/browser.ts';
import { signInAs } from './support/console.ts';
import { useServerAndBrowser } from './support/suite.ts';

const suite = useServerAndBrowser();
const PHONE = { width: 360, height: 740 };
const API = '/api/v1/appointments';
const SERVICE_CODE = 'e2e_weekend_visit';

let police: Client;
let siteId: string;
let service: PublicService;
/** The first Saturday ahead that is a weekend (not a 调休 working day) with the session running. */
let saturday: string;

/** An office date 'YYYY-MM-DD' n days from today (Asia/Shanghai). */
function officeDate(daysAhead = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + daysAhead);
  return d.toISOString().slice(0, 10);
}

/** 'HH:mm' Beijing time of an instant. */
const beijingTime = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));

async function json<T>(res: { statusCode: number; body: string }, expected: number): Promise<T> {
  expect(res.statusCode, res.body).toBe(expected);
  return JSON.parse(res.body) as T;
}

async function publicGet<T>(path: string): Promise<T> {
  const res = await fetch(`${suite.server.url}${API}/public/sites/${siteId}${path}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function freeStarts(date: string): Promise<number[]> {
  const free = await publicGet<FreeSlots>(`/services/${service.id}/slots?date=${date}`);
  return free.slots.map((s) => Date.parse(s.start));
}

/**
 * Staff's view of a day's bookings: the list the console's day view reads. To drive the console
 * instead (branch appt-aconsole): police open `/appointments?date=<date>`, the booking is the
 * block `booking-block-<code>`, and 改期 is its drawer's `action-reschedule` with a reason.
 */
/** The day's bookings as the API lists them to staff (what the day view draws). */
async function staffDayView(date: string): Promise<AppointmentBooking[]> {
  const list = await json<{ items: AppointmentBooking[] }>(
    await police.get(`${API}/bookings?siteId=${siteId}&from=${date}&to=${date}`),
    200,
  );
  return list.items;
}

/** A police officer at the desk opens the day view, the booking's drawer, and moves it to `time`. */
async function moveInDayView(date: string, code: string, time: string, reason: string): Promise<void> {
  const context = await suite.browser.newContext({
    baseURL: suite.server.url,
    locale: 'zh-CN',
    viewport: { width: 1440, height: 900 },
  });
  try {
    const page = await context.newPage();
    await signInAs(page, 'police');
    await page.goto(`/appointments?date=${date}`);
    await page.getByTestId(`booking-block-${code}`).click();
    const drawer = page.getByTestId('booking-drawer');
    await drawer.getByTestId('detail-code').getByText(code).waitFor();
    await drawer.getByTestId('action-reschedule').click();
    const modal = page.locator('.ant-modal:visible');
    await modal.getByTestId(`day-${date}`).click();
    await modal.getByTestId('slot-list').getByRole('button').filter({ hasText: time }).first().click();
    await modal.getByTestId('reschedule-reason').fill(reason);
    await modal.getByRole('button', { name: '确认改约' }).click();
    await expect.poll(() => drawer.getByTestId('detail-time').textContent()).toContain(`${date} ${time}`);
    await saveScreenshot(page, 'appointments-phone-moved-by-staff.png');
  } finally {
    await context.close();
  }
}

/** A booking made from the public API, as another phone would. */
async function bookOverApi(start: string, name: string, phone: string): Promise<{ code: string }> {
  const res = await fetch(`${suite.server.url}${API}/public/sites/${siteId}/bookings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: service.id, start, name, phone }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { code: string };
}

async function phonePage(
  browser: Browser,
  timezoneId: string,
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    baseURL: suite.server.url,
    locale: 'zh-CN',
    timezoneId,
    viewport: PHONE,
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
      problems.push(`console: ${msg.text()}`);
    }
  });
  return { context, page, problems };
}

async function expectNoSideways(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

beforeAll(async () => {
  const app = suite.server.env.app;
  police = await signIn(app, 'police');
  siteId = police.me.sites[0]!.id;
  const staffId = police.me.user.id;
  // A service of this test's own, offered in the Saturday session, one seat per slot, served by
  // the demo police officer: the test does not depend on what the demo data books.
  await json(
    await police.post(`${API}/services`, {
      siteId,
      code: SERVICE_CODE,
      nameZh: '周末预约测试',
      nameEn: 'Weekend booking test',
      documentsZh: ['居民身份证', '户口簿'],
      documentsEn: ['Resident ID card', 'Household register'],
      durationMin: 30,
      capacity: 1,
      minNoticeMin: 0,
      maxAdvanceDays: 14,
      inSessions: true,
      audience: 'anyone',
      needsIdNumber: false,
      staffIds: [staffId],
      perPhoneDailyLimit: 2,
      perPhoneWeeklyLimit: 4,
    }),
    201,
  );
  await json(
    await police.post(`${API}/sessions`, {
      siteId,
      nameZh: '周六上午服务',
      nameEn: 'Saturday morning service',
      on: ['weekend'],
      weekdays: [6],
      startMin: 9 * 60,
      endMin: 12 * 60,
      staffIds: [staffId],
    }),
    201,
  );
  const site = await publicGet<{ services: PublicService[] }>('');
  const found = site.services.find((s) => s.code === SERVICE_CODE);
  if (!found) throw new Error(`the public page does not offer ${SERVICE_CODE}`);
  service = found;
  const { days } = await publicGet<{ days: ServiceDay[] }>(
    `/services/${service.id}/days?from=${officeDate(1)}&to=${officeDate(13)}`,
  );
  const sat = days.find((d) => d.weekday === 6 && d.kind === 'weekend' && d.session && d.free > 0);
  if (!sat) throw new Error(`no Saturday session in ${JSON.stringify(days)}`);
  saturday = sat.date;
});

describe('appointments on the phone', () => {
  it('a resident books a Saturday slot, staff move it, the resident sees the new time (in Beijing time)', async () => {
    // The phone's clock is in New York: 09:00 in Beijing is 20:00 the evening before there.
    const { context, page, problems } = await phonePage(suite.browser, 'America/New_York');
    try {
      await signInAs(page, 'resident');
      await page.goto('/my-appointments');
      await page.getByTestId('my-appointments-new').click();
      await page.getByTestId(`booking-service-${SERVICE_CODE}`).click();
      const day = page.getByTestId(`booking-day-${saturday}`);
      await expect.poll(() => day.getAttribute('data-session')).toBe('true');
      expect(await day.getAttribute('data-kind')).toBe('weekend');
      await day.getByText('周末服务').waitFor();
      await day.click();
      const slot = page.getByTestId('booking-slot-09:00');
      await slot.click();
      const start = await slot.getAttribute('data-start');
      expect(start && beijingTime(start)).toBe('09:00');
      await saveScreenshot(page, 'appointments-phone-slots-360.png');
      await expectNoSideways(page);
      await page.getByTestId('booking-next').click();
      // Name and phone come from the registry: nothing to type.
      await page.getByText('姓名和手机号取自您的住户登记信息').waitFor();
      await page.getByTestId('booking-summary').getByText('09:00–09:30').waitFor();
      await page.getByTestId('booking-submit').click();

      const done = page.getByTestId('booking-done');
      const code = (await done.getByTestId('booking-code').textContent())?.trim() ?? '';
      expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
      await done.getByTestId('booking-when').getByText('09:00–09:30').waitFor();
      await done.getByTestId('booking-qr').waitFor();
      expect(await done.getByTestId('booking-qr').getAttribute('data-qr-text')).toContain(
        `/book/${siteId}/manage?code=${code}`,
      );
      await done.getByTestId('booking-documents').getByText('户口簿').waitFor();
      await saveScreenshot(page, 'appointments-phone-booked-360.png');
      await expectNoSideways(page);

      // Staff see it in the console's day view and move it to 10:00 with a reason.
      const booked = (await staffDayView(saturday)).find((b) => b.code === code);
      expect(booked?.status).toBe('booked');
      expect(booked?.channel).toBe('resident');
      expect(Date.parse(booked?.start ?? '')).toBe(Date.parse(`${saturday}T09:00:00+08:00`));
      await moveInDayView(saturday, code, '10:00', '居民来电要求改到十点');
      const moved = (await staffDayView(saturday)).find((b) => b.code === code)!;
      expect(Date.parse(moved.start)).toBe(Date.parse(`${saturday}T10:00:00+08:00`));

      // The resident's list shows the new time.
      await page.getByTestId('my-appointments-back').click();
      await page.reload();
      const mine = page.getByTestId(`my-booking-${code}`);
      await mine.getByTestId('booking-when').getByText('10:00–10:30').waitFor();
      expect(Date.parse((await mine.getByTestId('booking-when').getAttribute('data-start')) ?? '')).toBe(
        Date.parse(`${saturday}T10:00:00+08:00`),
      );
      await saveScreenshot(page, 'appointments-phone-mine-360.png');

      // The resident moves it again, then cancels it: it goes to the past ones, cancelled.
      await mine.getByTestId('booking-reschedule-open').click();
      const chooser = mine.getByTestId('booking-reschedule');
      await chooser.getByTestId(`booking-day-${saturday}`).click();
      const later = chooser.getByTestId('booking-slots').locator('button').last();
      const laterStart = (await later.getAttribute('data-start')) ?? '';
      await later.click();
      await chooser.getByTestId('booking-reschedule-confirm').click();
      await expect.poll(() => mine.getByTestId('booking-when').getAttribute('data-start')).toBe(laterStart);
      await mine.getByTestId('booking-cancel').click();
      await page.locator('.bk-cancel-yes').click();
      await page
        .getByTestId('my-appointments-past')
        .getByTestId(`booking-card-${code}`)
        .getByTestId('booking-status')
        .getByText('已取消')
        .waitFor();
      expect(
        await page.getByTestId('my-appointments-upcoming').getByTestId(`my-booking-${code}`).count(),
      ).toBe(0);
      expect(await freeStarts(saturday)).toContain(Date.parse(laterStart));
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('someone without an account books from the public link, cancels with code + phone, and the slot is free again', async () => {
    const { context, page, problems } = await phonePage(suite.browser, 'Europe/London');
    try {
      // The kiosk's and the pick-up links preselect a service: the page opens at its days.
      await page.goto(`/book/${siteId}?service=${SERVICE_CODE}`);
      await page.getByTestId(`booking-day-${saturday}`).click();
      const first = page.getByTestId('booking-slots').locator('button').first();
      await first.click();
      const takenStart = (await first.getAttribute('data-start')) ?? '';
      const takenLabel = beijingTime(takenStart);
      expect((await first.textContent())?.trim()).toContain(takenLabel);

      // Someone else takes that very time meanwhile: the page says so and offers the rest.
      await bookOverApi(takenStart, '王五', '13700001111');
      await page.getByTestId('booking-next').click();
      await page.getByTestId('booking-name').fill('李四');
      await page.getByTestId('booking-phone').fill('139 1234 5678');
      await page.getByTestId('booking-submit').click();
      await page.getByTestId('booking-slot-taken').waitFor();
      await page.getByTestId('booking-slots').waitFor();
      await expect.poll(() => page.getByTestId(`booking-slot-${takenLabel}`).count()).toBe(0);

      // Another time, booked.
      const other = page.getByTestId('booking-slots').locator('button').first();
      await other.click();
      const start = (await other.getAttribute('data-start')) ?? '';
      await page.getByTestId('booking-next').click();
      await page.getByTestId('booking-submit').click();
      const done = page.getByTestId('booking-done');
      const code = (await done.getByTestId('booking-code').textContent())?.trim() ?? '';
      expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
      await done.getByTestId('booking-when').getByText(beijingTime(start)).waitFor();
      await saveScreenshot(page, 'appointments-public-booked-360.png');
      await expectNoSideways(page);
      expect(await freeStarts(saturday)).not.toContain(Date.parse(start));

      // Manage: the code comes with the link, the phone is typed; cancel.
      await done.getByTestId('booking-manage-this').click();
      expect(await page.getByTestId('manage-code').inputValue()).toBe(code);
      await page.getByTestId('manage-phone').fill('13912345678');
      await page.getByTestId('manage-find').click();
      const card = page.getByTestId(`booking-card-${code}`);
      await card.getByTestId('booking-status').getByText('已预约').waitFor();
      await card.getByTestId('booking-cancel').click();
      await page.locator('.bk-cancel-yes').click();
      await card.getByTestId('booking-status').getByText('已取消').waitFor();
      await page.getByTestId('manage-notice').getByText('预约已取消').waitFor();
      await saveScreenshot(page, 'appointments-public-cancelled-360.png');

      // The time is offered again, to the API and on the page.
      expect(await freeStarts(saturday)).toContain(Date.parse(start));
      await page.goto(`/book/${siteId}?service=${SERVICE_CODE}`);
      await page.getByTestId(`booking-day-${saturday}`).click();
      await page.getByTestId(`booking-slot-${beijingTime(start)}`).waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a wrong code or a wrong phone on the manage page gets the specific message', async () => {
    const { code } = await bookOverApi(`${saturday}T11:30:00+08:00`, '赵六', '13600002222');
    const { context, page, problems } = await phonePage(suite.browser, 'Asia/Shanghai');
    try {
      await page.goto(`/book/${siteId}/manage?code=${code}`);
      await page.getByTestId('manage-phone').fill('13600009999');
      await page.getByTestId('manage-find').click();
      const error = page.getByTestId('manage-error');
      await expect.poll(() => error.getAttribute('data-tries')).toBe('1');
      await error.getByText('预约码或手机号不正确，请核对后重试').waitFor();

      // Right phone, a code that does not exist: the same words (which one was wrong is not told).
      const wrongCode = code.startsWith('A') ? 'BBBBBBBB' : 'AAAAAAAA';
      await page.getByTestId('manage-code').fill(wrongCode);
      await page.getByTestId('manage-phone').fill('13600002222');
      await page.getByTestId('manage-find').click();
      await expect.poll(() => error.getAttribute('data-tries')).toBe('2');
      await error.getByText('预约码或手机号不正确，请核对后重试').waitFor();

      // The same in English, the page's other language.
      await page.getByTestId('booking-lang').click();
      await page.getByTestId('manage-find').click();
      await expect.poll(() => error.getAttribute('data-tries')).toBe('3');
      await error.getByText('The booking code or the phone number is not right').waitFor();
      await page.getByTestId('booking-lang').click();

      // Not a code at all: said at the field, nothing asked of the server.
      await page.getByTestId('manage-code').fill('12');
      await page.getByTestId('manage-find').click();
      await page.getByText('预约码为 8 位字母数字').waitFor();
      await saveScreenshot(page, 'appointments-manage-wrong-360.png');

      // A link to a site that does not exist says so.
      await page.goto('/book/00000000-0000-4000-8000-000000000000');
      await page.getByTestId('booking-site-error').getByText('找不到这个预约地点').waitFor();
      await page.goto(`/book/${siteId}/manage?code=${code}`);
      await page.getByTestId('manage-phone').fill('13600002222');

      // Both right: the booking.
      await page.getByTestId('manage-code').fill(code);
      await page.getByTestId('manage-find').click();
      const card = page.getByTestId(`booking-card-${code}`);
      await card.getByText('11:30–12:00').waitFor();

      // The booker moves it: the same day strip and times, one confirm.
      await card.getByTestId('booking-reschedule-open').click();
      const chooser = page.getByTestId('booking-reschedule');
      await chooser.getByTestId(`booking-day-${saturday}`).click();
      const slot = chooser.getByTestId('booking-slots').locator('button').last();
      const start = (await slot.getAttribute('data-start')) ?? '';
      await slot.click();
      await chooser.getByTestId('booking-reschedule-confirm').click();
      await page.getByTestId('manage-notice').getByText(`已改到`).waitFor();
      expect(await card.getByTestId('booking-when').getAttribute('data-start')).toBe(start);
      await card.getByText(`${beijingTime(start)}–`).waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a phone over the daily limit is told the limit at the phone field, and nothing is booked', async () => {
    // 13600002222 holds a Saturday slot (test 3); one more reaches the service's daily limit of two.
    const [free] = await freeStarts(saturday);
    if (free === undefined) throw new Error(`no free time left on ${saturday}`);
    await bookOverApi(new Date(free).toISOString(), '赵六', '13600002222');
    const before = await freeStarts(saturday);
    const { context, page, problems } = await phonePage(suite.browser, 'Asia/Shanghai');
    try {
      await page.goto(`/book/${siteId}?service=${SERVICE_CODE}`);
      await page.getByTestId(`booking-day-${saturday}`).click();
      await page.getByTestId('booking-slots').locator('button').first().click();
      await page.getByTestId('booking-next').click();
      await page.getByTestId('booking-name').fill('赵六');
      await page.getByTestId('booking-phone').fill('13600002222');
      await page.getByTestId('booking-submit').click();
      await page
        .locator('.ant-form-item')
        .filter({ has: page.getByTestId('booking-phone') })
        .getByText('同一手机号每天最多预约该事项 2 次')
        .waitFor();
      expect(await page.getByTestId('booking-done').count()).toBe(0);
      expect(await freeStarts(saturday)).toEqual(before);
      await saveScreenshot(page, 'appointments-public-limit-360.png');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a ready ID card on 我的申请 offers 预约领取, which opens 我的预约 at the pick-up service', async () => {
    const { ctx } = suite.server.env;
    await json(
      await police.post(`${API}/services`, {
        siteId,
        code: 'id_card_pickup',
        nameZh: '身份证领取',
        nameEn: 'ID card pick-up',
        documentsZh: ['受理回执'],
        documentsEn: ['Application receipt'],
        durationMin: 10,
        minNoticeMin: 0,
        inSessions: true,
        staffIds: [police.me.user.id],
      }),
      201,
    );
    // The demo resident's ID card application, made and moved along as the kiosk and the console do.
    const [account] = await ctx.db.select().from(users).where(eq(users.username, 'resident'));
    const [person] = await ctx.db
      .select()
      .from(persons)
      .where(eq(persons.id, account?.personId ?? ''));
    if (!person) throw new Error('the demo resident has no registry record');
    let application = await createApplication(ctx, {
      check: {
        checkId: '',
        siteId,
        idNumber: ctx.keyring.decrypt('id-number', person.idNumberEnc).toString('utf8'),
        name: person.name,
        sex: person.gender,
        birthDate: person.birthDate,
        personId: person.id,
        hukouRegionCode: person.hukouRegionCode,
        hukouAddress: person.hukouAddress,
      },
      deviceId: null,
      kind: 'id_card',
      details: { reason: 'expiry' },
      photo: null,
    });
    for (const action of ['accept', 'approve', 'ready'] as const)
      application = await transition(ctx, application, action, {}, police.me.user.id);

    const { context, page, problems } = await phonePage(suite.browser, 'Asia/Shanghai');
    try {
      await signInAs(page, 'resident');
      await page.goto('/my-applications');
      const card = page.getByTestId(`my-application-${application.reference}`);
      await card.getByTestId('my-application-book-pickup').click();
      await page.waitForURL(/\/my-appointments\?service=id_card_pickup$/);
      // Straight at the pick-up service's days and times.
      await page.getByTestId('booking-flow').getByText('身份证领取').first().waitFor();
      expect(await page.getByTestId('booking-flow').getAttribute('data-step')).toBe('time');
      await page.getByTestId('booking-slots').waitFor();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
