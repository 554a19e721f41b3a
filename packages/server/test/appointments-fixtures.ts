/**
 * Shared set-up of the appointments suites: a site with the police officer's weekly hours
 * (Mon–Fri 09:00–12:00 and 14:00–17:00), a Saturday session and a public-holiday session, and
 * the clock on Monday 2026-09-21 10:00 Asia/Shanghai (before the 2026 Mid-Autumn and National Day
 * holidays: 09-25…27 and 10-01…07 off, Saturday 10-10 a make-up working day).
 */
import type { Client, TestEnv } from './harness.ts';

export const NOW = new Date('2026-09-21T10:00:00+08:00');
export const BASE = '/api/v1/appointments';
export const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`).toISOString();

export const put = (client: Client, url: string, payload: unknown) =>
  client.request({ method: 'PUT', url, payload: payload as object });

export interface Fixture {
  siteId: string;
  policeId: string;
  auxiliaryId: string;
}

export async function appointmentFixture(env: TestEnv, police: Client, auxiliary: Client): Promise<Fixture> {
  const siteId = police.me.sites[0]!.id;
  const policeId = police.me.user.id;
  const auxiliaryId = auxiliary.me.user.id;
  const weekday = [
    { start: 540, end: 720 },
    { start: 840, end: 1020 },
  ];
  const weekly = { '1': weekday, '2': weekday, '3': weekday, '4': weekday, '5': weekday };
  for (const id of [policeId, auxiliaryId]) {
    const res = await put(police, `${BASE}/staff/${id}/hours`, { siteId, weekly });
    if (res.statusCode !== 200) throw new Error(`hours: ${res.statusCode} ${res.body}`);
  }
  for (const session of [
    { nameZh: '周六上午', nameEn: 'Saturday morning', on: ['weekend'], weekdays: [6] },
    { nameZh: '节假日上午', nameEn: 'Holiday morning', on: ['statutory_holiday'], weekdays: [] },
  ]) {
    const res = await police.post(`${BASE}/sessions`, {
      siteId,
      ...session,
      startMin: 540,
      endMin: 720,
      staffIds: [policeId],
    });
    if (res.statusCode !== 201) throw new Error(`session: ${res.statusCode} ${res.body}`);
  }
  void env;
  return { siteId, policeId, auxiliaryId };
}

let serial = 0;
/** A service served by the police officer only (30 min, one seat unless told). */
export async function makeService(
  police: Client,
  fx: Fixture,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; [k: string]: unknown }> {
  serial++;
  const res = await police.post(`${BASE}/services`, {
    siteId: fx.siteId,
    code: `svc_${serial}_${Math.random().toString(36).slice(2, 8)}`,
    nameZh: `事项${serial}`,
    nameEn: `Service ${serial}`,
    documentsZh: ['身份证', '户口簿'],
    documentsEn: ['ID card', 'Household register'],
    durationMin: 30,
    capacity: 1,
    minNoticeMin: 60,
    maxAdvanceDays: 30,
    inSessions: true,
    staffIds: [fx.policeId],
    perPhoneDailyLimit: 1,
    perPhoneWeeklyLimit: 3,
    ...overrides,
  });
  if (res.statusCode !== 201) throw new Error(`service: ${res.statusCode} ${res.body}`);
  return res.json();
}
