/**
 * Appointments in the staff console (issue 14), in Chromium at desk size:
 * 1. police book for a caller by phone (预约台 → 电话预约: service → first day with a free slot →
 *    first free slot → name and a fixed-line number); the confirmation code is shown and the
 *    booking is on the day view of its date, with the phone masked;
 * 2. a booking moved from the day view (block → 改约 → another free slot, a reason): the drawer and
 *    the server show the new time, and the old slot is free again;
 * 3. check-in by typing the code, and by the confirmation QR (its text is the manage URL) held up to
 *    the console's camera — Chromium's fake camera playing the QR — each giving a queue number;
 * 4. 预约设置: a service added through the form is listed and offered by the server;
 * 5. 今日队列 → 取号: a walk-in's ticket number, which then stands in today's queue;
 * 6. 节假日日历: the legend and the packaged years; an upload with an impossible date names it and
 *    loads nothing.
 *
 * The office's availability is made through the API first: the police officer's weekly hours
 * every day 08:00–20:00 and a weekend/holiday session with the same hours, so every day of the next
 * two weeks has free slots whatever the date the test runs on. Check-in only takes bookings of the
 * server's today: those tests set the server's clock to shortly before the booking (the browser
 * does not need the same clock: it sends only the code).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppointmentBookingDetail, AppointmentService, FreeSlots, ServiceDay } from '@anju/contracts';
import { type Client, signIn } from '../packages/server/test/harness.ts';
import { launchBrowser, saveScreenshot } from './support/browser.ts';
import { signInAs } from './support/console.ts';
import { useServerAndBrowser } from './support/suite.ts';
import { writeY4m } from './support/y4m.ts';

const suite = useServerAndBrowser();
const DESK = { width: 1440, height: 900 };
const API = '/api/v1/appointments';

let police: Client;
let siteId: string;
let policeId: string;
let policeName: string;
let service: AppointmentService;
let tmpDir: string;
let cameraBrowser: Browser | null = null;

/** An API call that must succeed; answers its JSON. */
async function ok<T>(
  call: Promise<{ statusCode: number; body: string; json(): unknown }>,
  status = 200,
): Promise<T> {
  const res = await call;
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
}

function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The first day with three free slots and its free slots, as the server offers them. */
async function freeDay() {
  const from = shanghaiDate(new Date());
  const { days } = await ok<{ days: ServiceDay[] }>(
    police.get(`${API}/services/${service.id}/days?siteId=${siteId}&from=${from}&to=${addDays(from, 13)}`),
  );
  const day = days.find((d) => d.free >= 3);
  if (!day) throw new Error(`no free day: ${JSON.stringify(days)}`);
  const { slots } = await ok<FreeSlots>(
    police.get(`${API}/services/${service.id}/slots?siteId=${siteId}&date=${day.date}`),
  );
  return { date: day.date, slots };
}

/** A booking made through the API (channel phone) at a given start. */
async function book(start: string, name: string, phone: string): Promise<AppointmentBookingDetail> {
  const created = await ok<{ id: string }>(
    police.post(`${API}/bookings`, { serviceId: service.id, start, name, phone, channel: 'phone' }),
    201,
  );
  return ok<AppointmentBookingDetail>(police.get(`${API}/bookings/${created.id}`));
}

async function deskPage(browser: Browser) {
  const context = await browser.newContext({ baseURL: suite.server.url, locale: 'zh-CN', viewport: DESK });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
      problems.push(`console: ${msg.text()}`);
  });
  return { context, page, problems };
}

/** Chooses an option of an antd Select found by its test id. */
async function choose(page: Page, testId: string, label: string) {
  await page.getByTestId(testId).click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: label })
    .first()
    .click();
}

beforeAll(async () => {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anju-appt-'));
  police = await signIn(suite.server.env.app, 'police');
  siteId = police.me.sites[0]!.id;
  policeId = police.me.user.id;
  const staff = await ok<{ items: { userId: string; displayName: string }[] }>(
    police.get(`${API}/staff?siteId=${siteId}`),
  );
  policeName = staff.items.find((s) => s.userId === policeId)!.displayName;
  const everyDay = Object.fromEntries(
    ['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, [{ start: 480, end: 1200 }]]),
  );
  await ok(
    police.request({
      method: 'PUT',
      url: `${API}/staff/${policeId}/hours`,
      payload: { siteId, weekly: everyDay },
    }),
  );
  await ok(
    police.post(`${API}/sessions`, {
      siteId,
      nameZh: '全天服务',
      nameEn: 'All-day service',
      on: ['weekend', 'statutory_holiday'],
      startMin: 480,
      endMin: 1200,
      staffIds: [policeId],
    }),
    201,
  );
  service = await ok<AppointmentService>(
    police.post(`${API}/services`, {
      siteId,
      code: 'e2e_household',
      nameZh: '户口迁移咨询',
      nameEn: 'Household move advice',
      documentsZh: ['户口簿'],
      documentsEn: ['Household register'],
      durationMin: 20,
      capacity: 1,
      // An hour's notice: the slot picked is never one that starts while the test clicks.
      minNoticeMin: 60,
      maxAdvanceDays: 14,
      inSessions: true,
      staffIds: [policeId],
      perPhoneDailyLimit: 0,
      perPhoneWeeklyLimit: 0,
    }),
    201,
  );
});

afterAll(async () => {
  suite.server.env.setNow(undefined);
  await cameraBrowser?.close();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

describe('appointments in the console', () => {
  it('police book for a caller by phone; the code is shown and the booking is on the day view', async () => {
    const { page, problems, context } = await deskPage(suite.browser);
    try {
      await signInAs(page, 'police');
      await page.goto('/appointments');
      await page.getByTestId('open-phone-booking').click();
      await choose(page, 'book-service', '户口迁移咨询');
      // The first look-up of a service's 14 days is the slowest request of the file; on a loaded
      // machine it has been seen to take over 30 s, so it gets the hook's bound, and an error the
      // page shows instead is reported as such.
      const days = page.getByTestId('slot-days').or(page.locator('.ant-modal .ant-alert-error'));
      await days.first().waitFor({ timeout: 120_000 });
      expect(await page.locator('.ant-modal .ant-alert-error').count()).toBe(0);
      // Days without a free slot are disabled: the first enabled one is the first bookable day.
      const day = page.getByTestId('slot-days').locator('button:not([disabled])').first();
      const date = (await day.getAttribute('data-testid'))!.replace('day-', '');
      await day.click();
      await page.getByTestId('slot-list').getByRole('button').first().click();
      const form = page.getByTestId('book-caller-form');
      await form.getByLabel('姓名').fill('王大爷');
      // A fixed line: elderly callers often have no mobile.
      await form.getByLabel('联系电话').fill('0371-65512345');
      await page.getByTestId('book-submit').click();
      const code = (await page.getByTestId('booked-code').textContent())!.trim();
      expect(code).toMatch(/^[23456789A-HJ-NP-Z]{8}$/);
      await saveScreenshot(page, 'appointments-phone-booked.png');
      await page.getByRole('button', { name: '关闭' }).click();

      await page.goto(`/appointments?date=${date}`);
      const block = page.getByTestId(`booking-block-${code}`);
      await expect.poll(() => block.textContent()).toContain('王大爷');
      const text = (await block.textContent()) ?? '';
      expect(text).toContain('户口迁移咨询');
      expect(text).toContain('电话代约');
      expect(text).not.toContain('65512345');
      await saveScreenshot(page, 'appointments-day-view.png');

      const found = await ok<{ items: { code: string; channel: string; name: string }[] }>(
        police.get(`${API}/bookings?siteId=${siteId}&from=${date}&to=${date}`),
      );
      expect(found.items.find((b) => b.code === code)).toMatchObject({ channel: 'phone', name: '王大爷' });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a booking moved from the day view: the new time is shown and the old slot is free again', async () => {
    const { date, slots } = await freeDay();
    const original = await book(slots[0]!.start, '李阿姨', '13800138001');
    const { page, problems, context } = await deskPage(suite.browser);
    try {
      await signInAs(page, 'police');
      await page.goto(`/appointments?date=${date}`);
      await page.getByTestId(`booking-block-${original.code}`).click();
      const drawer = page.getByTestId('booking-drawer');
      await drawer.getByTestId('detail-code').getByText(original.code).waitFor();
      await drawer.getByTestId('action-reschedule').click();
      const modal = page.locator('.ant-modal:visible');
      await modal.getByTestId(`day-${date}`).click();
      // The booking's own slot is not offered as a new time: the first one listed is another.
      const newSlot = modal.getByTestId('slot-list').getByRole('button').first();
      const newTime = (await newSlot.textContent())!.trim();
      await newSlot.click();
      await modal.getByTestId('reschedule-reason').fill('来电要求改时间');
      await modal.getByRole('button', { name: '确认改约' }).click();
      await expect
        .poll(() => drawer.getByTestId('detail-time').textContent())
        .toContain(`${date} ${newTime}`);
      await saveScreenshot(page, 'appointments-rescheduled.png');

      const moved = await ok<AppointmentBookingDetail>(police.get(`${API}/bookings/${original.id}`));
      expect(moved.start).not.toBe(original.start);
      expect(moved.rescheduleCount).toBe(1);
      const again = await ok<FreeSlots>(
        police.get(`${API}/services/${service.id}/slots?siteId=${siteId}&date=${date}`),
      );
      expect(again.slots.map((s) => s.start)).toContain(original.start);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('check-in by typing the code gives the day’s queue number', async () => {
    const { slots } = await freeDay();
    const booking = await book(slots[1]!.start, '赵先生', '13800138002');
    // The server's today is the booking's day, ten minutes before it.
    suite.server.env.setNow(new Date(Date.parse(booking.start) - 10 * 60_000));
    // Signed in on the moved clock: the suite's session, from the real now, has expired on it
    // when the free day is tomorrow (a run after the day's last slot).
    const desk = await signIn(suite.server.env.app, 'police');
    const { page, problems, context } = await deskPage(suite.browser);
    try {
      await signInAs(page, 'police');
      await page.goto('/appointments');
      await page.getByTestId('open-check-in').click();
      await page.getByTestId('check-in-code').fill(booking.code.toLowerCase());
      await page.getByTestId('check-in-submit').click();
      await expect.poll(() => page.getByTestId('checked-in-number').textContent()).toMatch(/\d/);
      expect(await page.getByTestId('checked-in-name').textContent()).toBe('赵先生');
      const after = await ok<AppointmentBookingDetail>(desk.get(`${API}/bookings/${booking.id}`));
      expect(after.status).toBe('checked_in');
      expect(after.queueNumber).toBe((await page.getByTestId('checked-in-number').textContent())?.trim());
      expect(problems).toEqual([]);
    } finally {
      suite.server.env.setNow(undefined);
      await context.close();
    }
  });

  it('check-in by the confirmation QR held up to the console camera', async () => {
    const { date, slots } = await freeDay();
    const booking = await book(slots[2]!.start, '钱女士', '13800138003');
    expect(booking.qrText).toContain(`/book/${siteId}/manage?code=${booking.code}`);
    // The QR as the resident's phone shows it, played by Chromium's fake camera.
    const qr = await sharp(await QRCode.toBuffer(booking.qrText, { margin: 2, width: 300 }))
      .resize(300, 300, { kernel: 'nearest' })
      .toBuffer();
    const frame = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#ffffff' } })
      .composite([{ input: qr, gravity: 'centre' }])
      .png()
      .toBuffer();
    const y4m = path.join(tmpDir, 'booking-qr.y4m');
    await writeY4m(frame, y4m, '#ffffff');
    cameraBrowser = await launchBrowser([
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${y4m}`,
    ]);
    suite.server.env.setNow(new Date(Date.parse(booking.start) - 10 * 60_000));
    // Signed in on the moved clock: the suite's session, from the real now, has expired on it
    // when the free day is tomorrow (a run after the day's last slot).
    const desk = await signIn(suite.server.env.app, 'police');
    const { page, problems, context } = await deskPage(cameraBrowser);
    await context.grantPermissions(['camera'], { origin: suite.server.url });
    const checkIns: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/counter/check-in')) checkIns.push(r.postData() ?? '');
    });
    try {
      await signInAs(page, 'police');
      await page.goto(`/appointments?date=${date}`);
      await page.getByTestId('open-check-in').click();
      await page.getByTestId('check-in-mode').getByText('扫描二维码').click();
      await page.getByTestId('checked-in-number').waitFor();
      expect(await page.getByTestId('checked-in-name').textContent()).toBe('钱女士');
      await saveScreenshot(page, 'appointments-checked-in-by-qr.png');
      // One request, carrying the QR's text (the server takes the code out of the manage URL).
      expect(checkIns.map((b) => JSON.parse(b) as { qrText?: string })).toEqual([
        expect.objectContaining({ qrText: booking.qrText }),
      ]);
      const after = await ok<AppointmentBookingDetail>(desk.get(`${API}/bookings/${booking.id}`));
      expect(after.status).toBe('checked_in');
      expect(problems).toEqual([]);
    } finally {
      suite.server.env.setNow(undefined);
      await context.close();
    }
  });

  it('预约设置: a service added through the form is listed and offered', async () => {
    const { page, problems, context } = await deskPage(suite.browser);
    try {
      await signInAs(page, 'police');
      await page.goto('/appointments/settings');
      // The public link to share with people without an account: this site's booking page.
      await page
        .getByTestId('appt-public-link')
        .getByRole('link', { name: `${suite.server.url}/book/${siteId}` })
        .waitFor();
      await page.getByTestId('add-service').click();
      const form = page.getByTestId('service-form');
      await form.getByLabel('中文名称').fill('居住证面谈');
      await form.getByLabel('英文名称').fill('Residence permit interview');
      await form.getByLabel('代码').fill('e2e_permit_interview');
      await form.getByLabel('办理时长').fill('30');
      await choose(page, 'service-staff', policeName);
      // Closes the multiple select's list (Escape would close the modal too).
      await form.getByLabel('中文名称').click();
      await page
        .locator('.ant-modal:visible')
        .getByRole('button', { name: /保\s*存/ })
        .click();
      await page.getByTestId('service-row-e2e_permit_interview').waitFor();
      await saveScreenshot(page, 'appointments-settings-service.png');

      const list = await ok<{ items: AppointmentService[] }>(police.get(`${API}/services?siteId=${siteId}`));
      const added = list.items.find((s) => s.code === 'e2e_permit_interview');
      expect(added).toMatchObject({
        nameZh: '居住证面谈',
        durationMin: 30,
        staffIds: [policeId],
        active: true,
      });
      const from = shanghaiDate(new Date());
      const days = await ok<{ days: ServiceDay[] }>(
        police.get(`${API}/services/${added!.id}/days?siteId=${siteId}&from=${from}&to=${addDays(from, 6)}`),
      );
      expect(days.days.some((d) => d.free > 0)).toBe(true);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('取号: a walk-in gets a printable number that joins today’s queue', async () => {
    const { page, problems, context } = await deskPage(suite.browser);
    try {
      await signInAs(page, 'police');
      await page.goto('/appointments/today');
      await page.getByTestId('today-page').waitFor();
      await page.getByRole('button', { name: /取\s*号/ }).click();
      await choose(page, 'walk-in-service', '户口迁移咨询');
      await page.getByTestId('walk-in-submit').click();
      const number = (
        await page.getByTestId('walk-in-ticket').locator('.appt-ticket-number').textContent()
      )?.trim();
      expect(number).toMatch(/\d/);
      await saveScreenshot(page, 'appointments-walk-in-ticket.png');
      await page.locator('.ant-modal:visible .ant-modal-close').click();
      await expect.poll(() => page.getByTestId('today-page').textContent()).toContain(number);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('节假日日历: the legend and known years; a malformed upload names the bad date and loads nothing', async () => {
    const { page, problems, context } = await deskPage(suite.browser);
    try {
      await signInAs(page, 'police');
      await page.goto('/appointments/holidays');
      await page.getByTestId('holiday-legend').getByText('调休上班').waitFor();
      const thisYear = shanghaiDate(new Date()).slice(0, 4);
      await page.getByTestId(`year-${thisYear}`).getByText('chinese-days').waitFor();
      const form = page.getByTestId('load-year');
      await form.getByLabel('年份').fill('2030');
      await form.getByLabel('来源').fill('e2e');
      await form.getByLabel('放假日期').fill('2030-01-01 元旦 New Year\n2030-02-30 春节 Spring Festival');
      await form.getByRole('button', { name: /载\s*入/ }).click();
      await expect.poll(() => page.getByTestId('load-year-errors').textContent()).toContain('2030-02-30');
      const years = await ok<{ items: { year: number }[] }>(police.get(`${API}/holidays/years`));
      expect(years.items.map((y) => y.year)).not.toContain(2030);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
