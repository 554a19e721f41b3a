/**
 * Server-made display text in the caller's language, beyond error messages: alert titles (built
 * at read time from stored facts) follow the request's Accept-Language in the list, the detail,
 * lifecycle replies and the live stream (the language of the request that opened it); the
 * replies that bypass the error handler (503 while starting, /metrics refusals, /ca.crt 404) are
 * English for an English caller. Chinese stays the default and is unchanged.
 */
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  langFromAcceptLanguage,
  ACCESS_METHODS,
  ACCESS_REASON_CODES,
  accessReasonText,
  ALERT_KINDS,
  type AlertKind,
  type AlertStreamEvent,
  type AlertView,
} from '@anju/contracts';
import { connectSse, type SseConnection, type SseEvent } from '../src/modules/alerts/sse-client.ts';
import { alertEvaluations, alerts } from '../src/modules/alerts/schema.ts';
import { alertTitle, type TitleFacts } from '../src/modules/alerts/titles.ts';
import { createTestEnv, describeBackends, pairedGate, signIn, type Client, type TestEnv } from './harness.ts';

const CJK = /[\u3400-\u9fff]/;
/** Full-width punctuation (（）：，) left behind by a half-translated title. */
const FULL_WIDTH = /[\u3000-\u303f\uff00-\uffef]/;
/** 2026-03-02 08:15 in Asia/Shanghai. */
const AT = new Date('2026-03-02T00:15:00Z');

const facts = (kind: AlertKind, over: Partial<TitleFacts> = {}): TitleFacts => ({
  kind,
  count: 1,
  gateName: 'East Gate',
  personName: 'Zhang San',
  roomLabel: '3-2-301',
  firstAt: AT,
  data: {},
  policeSide: true,
  ...over,
});

/**
 * Facts for every kind, each with the Chinese title it had before English existed. Typed by kind:
 * a new alert kind does not compile until it has cases here (and the loop below checks at run time).
 */
const CASES: Record<AlertKind, { facts: TitleFacts; zh: string }[]> = {
  watch_match: [
    {
      facts: facts('watch_match', { data: { direction: 'in' } }),
      zh: '关注人员 Zhang San（3-2-301） 08:15 进入East Gate',
    },
    {
      facts: facts('watch_match', { data: { direction: 'out' }, policeSide: false, personName: 'Z**' }),
      zh: '人员核查：Z**（3-2-301） 08:15 离开East Gate',
    },
    {
      facts: facts('watch_match', { gateName: null, roomLabel: null, data: {} }),
      zh: '关注人员 Zhang San 08:15 通过门禁',
    },
  ],
  stranger: [
    { facts: facts('stranger', { personName: null }), zh: '陌生人员：East Gate 出现未登记人脸' },
    {
      facts: facts('stranger', { personName: null, count: 3, data: { windowMinutes: 5 } }),
      zh: '陌生人员：East Gate 5 分钟内 3 次出现未登记人脸',
    },
  ],
  repeated_denial: [
    {
      facts: facts('repeated_denial', {
        personName: null,
        roomLabel: null,
        count: 3,
        data: { reason: 'unknown_card', method: 'card', windowMinutes: 10 },
      }),
      zh: '多次被拒：East Gate 未登记门禁卡 10 分钟内 3 次（卡片未登记）',
    },
    {
      facts: facts('repeated_denial', {
        count: 4,
        data: { reason: 'gate_not_allowed', method: 'face', windowMinutes: 15 },
      }),
      zh: '多次被拒：East Gate Zhang San（3-2-301）的人脸 15 分钟内 4 次（无权通过此门）',
    },
    {
      facts: facts('repeated_denial', { personName: null, count: 2, data: { reason: 'some_new_code' } }),
      zh: '多次被拒：East Gate 未登记凭证 10 分钟内 2 次（some_new_code）',
    },
  ],
  expired_tenant: [
    {
      facts: facts('expired_tenant'),
      zh: '合同已到期：Zhang San（3-2-301） 在East Gate尝试通行，请通知其到警务室重新登记',
    },
    {
      facts: facts('expired_tenant', { count: 2 }),
      zh: '合同已到期：Zhang San（3-2-301） 在East Gate尝试通行（2 次），请通知其到警务室重新登记',
    },
  ],
  tenancy_expiring: [
    {
      facts: facts('tenancy_expiring', {
        gateName: null,
        personName: null,
        data: { total: 4, withinDays: 7 },
      }),
      zh: '4 份租赁合同将在 7 天内到期',
    },
    {
      facts: facts('tenancy_expiring', {
        gateName: null,
        personName: null,
        data: { total: 1, withinDays: 1 },
      }),
      zh: '1 份租赁合同将在 1 天内到期',
    },
  ],
  elderly_not_seen: [
    {
      facts: facts('elderly_not_seen', { gateName: null, data: { hours: 48 } }),
      zh: '独居老人 Zhang San（3-2-301） 已超过 48 小时未经过门禁，请上门关怀',
    },
  ],
  gate_offline: [
    {
      facts: facts('gate_offline', { personName: null, data: { minutes: 10 } }),
      zh: '门禁离线：East Gate 超过 10 分钟无心跳',
    },
  ],
  emergency_release: [
    {
      facts: facts('emergency_release', { gateName: null, data: { open: true, reason: 'fire drill' } }),
      zh: '已开启紧急放行（所有门常开）：fire drill',
    },
    {
      facts: facts('emergency_release', { gateName: null, data: { open: false, reason: null } }),
      zh: '已解除紧急放行',
    },
  ],
  manual_open: [
    {
      facts: facts('manual_open', { data: { operatorName: 'Li Si', reason: 'delivery van' } }),
      zh: '人工开门：East Gate（Li Si：delivery van）',
    },
    { facts: facts('manual_open', { data: {} }), zh: '人工开门：East Gate（）' },
  ],
  relay_failed: [
    {
      facts: facts('relay_failed', {
        personName: null,
        roomLabel: null,
        data: { action: 'hold', cause: 'refused', statusCode: null },
      }),
      zh: '门锁控制器故障：East Gate 紧急放行保持开门失败（连接被拒绝）',
    },
    {
      facts: facts('relay_failed', {
        personName: null,
        roomLabel: null,
        count: 3,
        data: { action: 'open', cause: 'http', statusCode: 500 },
      }),
      zh: '门锁控制器故障：East Gate 开门失败（HTTP 500），共 3 次',
    },
    {
      facts: facts('relay_failed', {
        personName: null,
        roomLabel: null,
        data: { action: 'release', cause: 'timeout', statusCode: null },
      }),
      zh: '门锁控制器故障：East Gate 解除紧急放行失败（无响应）',
    },
  ],
  correction_request: [
    {
      facts: facts('correction_request', { gateName: null, data: { field: 'phone' } }),
      zh: '更正申请：Zhang San（3-2-301） 申请更正「手机号」',
    },
    {
      facts: facts('correction_request', { gateName: null, roomLabel: null, data: { field: 'other' } }),
      zh: '更正申请：Zhang San 申请更正「其他」',
    },
  ],
  mediation_no_agreement: [
    {
      facts: facts('mediation_no_agreement', { data: { serial: 'TJ-20260302-0001', type: 'noise' } }),
      zh: '调解未达成协议，激化风险高：TJ-20260302-0001（噪音）',
    },
  ],
  mediation_overdue: [
    {
      facts: facts('mediation_overdue', {
        data: { serial: 'TJ-20260302-0001', type: 'dog', deadline: 'grading' },
      }),
      zh: '调解案件超期：TJ-20260302-0001（养犬），分级已过期限',
    },
  ],
  mediation_term_overdue: [
    {
      facts: facts('mediation_term_overdue', {
        data: { serial: 'TJ-20260302-0001', seq: 2, dueOn: '2026-03-01' },
      }),
      zh: '调解协议逾期未履行：TJ-20260302-0001 第 2 项（应于 2026-03-01 前履行）',
    },
  ],
  mediation_judicial_due: [
    {
      facts: facts('mediation_judicial_due', {
        data: { serial: 'TJ-20260302-0001', deadline: '2026-03-31' },
      }),
      zh: '调解协议司法确认申请即将到期：TJ-20260302-0001（2026-03-31 前）',
    },
  ],
};

/** The English title uses no Chinese (all data values in the fixtures are ASCII). */
function expectEnglish(title: string, kind: AlertKind) {
  expect(title, title).not.toMatch(CJK);
  expect(title, title).not.toMatch(FULL_WIDTH);
  expect(title).not.toBe(kind);
}

describe('alert titles in both languages', () => {
  it('has an English title and the unchanged Chinese one for every alert kind', () => {
    for (const kind of ALERT_KINDS) {
      const cases = CASES[kind];
      expect(cases?.length ?? 0, `title cases for ${kind}`).toBeGreaterThan(0);
      for (const c of cases) {
        expect(alertTitle(c.facts)).toBe(c.zh);
        expect(alertTitle(c.facts, 'zh-CN')).toBe(c.zh);
        const en = alertTitle(c.facts, 'en');
        expectEnglish(en, kind);
        // The data values are in it as they are.
        for (const v of [c.facts.gateName, c.facts.personName, c.facts.roomLabel]) {
          if (v && c.zh.includes(v)) expect(en).toContain(v);
        }
      }
    }
  });

  it('words counts, directions and the masked wording in English', () => {
    const [policeIn, neutralOut, noGate] = CASES.watch_match.map((c) => alertTitle(c.facts, 'en'));
    expect(policeIn).toBe('Person of interest Zhang San (3-2-301) entered through East Gate at 08:15');
    expect(neutralOut).toBe('Person check: Z** (3-2-301) left through East Gate at 08:15');
    expect(noGate).toBe('Person of interest Zhang San passed the gate at 08:15');
    expect(alertTitle(CASES.repeated_denial[0]!.facts, 'en')).toBe(
      'Repeated refusals: unregistered card at East Gate, 3 times within 10 minutes (card not registered)',
    );
    expect(alertTitle(CASES.tenancy_expiring[1]!.facts, 'en')).toBe('1 tenancy ends within 1 day');
    expect(alertTitle(CASES.tenancy_expiring[0]!.facts, 'en')).toBe('4 tenancies end within 7 days');
    expect(alertTitle(CASES.manual_open[1]!.facts, 'en')).toBe('Manual opening: East Gate');
    expect(alertTitle(CASES.relay_failed[0]!.facts, 'en')).toBe(
      'Door controller failure: East Gate, emergency hold-open failed (connection refused)',
    );
    expect(alertTitle(CASES.relay_failed[1]!.facts, 'en')).toBe(
      'Door controller failure: East Gate, door opening failed (HTTP 500), 3 times',
    );
  });

  it('has English for every refusal reason and every access method in a repeated-refusal title', () => {
    for (const reason of ACCESS_REASON_CODES) {
      for (const method of ACCESS_METHODS) {
        const f = facts('repeated_denial', { count: 3, data: { reason, method, windowMinutes: 10 } });
        const en = alertTitle(f, 'en');
        expectEnglish(en, 'repeated_denial');
        // Not the bare code (the fallback for a code without words); one-word codes are words.
        if (reason.includes('_')) expect(en).not.toContain(`(${reason})`);
        expect(alertTitle(f)).toContain(accessReasonText(reason, 'zh-CN'));
      }
    }
  });

  it('reads the language from Accept-Language: en… is English, anything else Chinese', () => {
    expect(langFromAcceptLanguage('en')).toBe('en');
    expect(langFromAcceptLanguage('en-US,en;q=0.9')).toBe('en');
    expect(langFromAcceptLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(langFromAcceptLanguage('zh-CN')).toBe('zh-CN');
    expect(langFromAcceptLanguage(undefined)).toBe('zh-CN');
  });
});

// ---------------------------------------------------------------------------------------------
// Through the app: a real repeated-refusal alert raised by real card passages.

const parse = (e: SseEvent) => JSON.parse(e.data) as AlertStreamEvent;

describeBackends('display language through the API', (backend) => {
  let env: TestEnv;
  let base: string;
  let police: Client;
  let property: Client;
  let siteId: string;
  let gateId: string;
  let gateToken: string;
  const open: SseConnection[] = [];
  let alertId: string;

  const inLang = (client: Client, url: string, lang?: string, method: 'GET' | 'POST' = 'GET') =>
    client.request({ method, url, headers: lang ? { 'accept-language': lang } : {} });

  const evaluated = async (eventId: number) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [done] = await env.ctx.db
        .select()
        .from(alertEvaluations)
        .where(eq(alertEvaluations.accessEventId, eventId));
      if (done) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for evaluation of ${eventId}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const pass = async (card: string) => {
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/v1/access/terminal/credential',
      payload: { method: 'card', value: card },
      headers: { authorization: `Bearer ${gateToken}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { eventId: number; reason: string };
    expect(body.reason).toBe('unknown_card');
    await evaluated(body.eventId);
  };
  const stream = async (client: Client, headers: Record<string, string>, query = '') => {
    const conn = await connectSse(`${base}/api/v1/alerts/stream${query}`, {
      cookie: client.cookie,
      ...headers,
    });
    open.push(conn);
    expect(conn.status).toBe(200);
    return conn;
  };

  beforeAll(async () => {
    env = await createTestEnv(backend);
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}`;
    [police, property] = await Promise.all([signIn(env.app, 'police'), signIn(env.app, 'property')]);
    siteId = police.me.sites[0]!.id;
    ({ gateId, token: gateToken } = await pairedGate(env.app, property, {
      siteId,
      name: 'East Gate',
      direction: 'in',
    }));
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await env?.close();
  });

  it('streams titles in the language of the request that opened the stream', async () => {
    const english = await stream(property, { 'accept-language': 'en-US,en;q=0.9' });
    const chinese = await stream(property, { 'accept-language': 'zh-CN' });
    const plain = await stream(police, {});
    // A browser's EventSource sends the browser's Accept-Language: the console names its own.
    const named = await stream(police, { 'accept-language': 'zh-CN' }, '?lang=en');
    await pass('EEEE0001');
    await pass('EEEE0002');
    await pass('EEEE0003');
    const [row] = await env.ctx.db
      .select()
      .from(alerts)
      .where(and(eq(alerts.kind, 'repeated_denial'), eq(alerts.gateId, gateId)));
    expect(row).toMatchObject({ count: 3, desk: 'property_desk' });
    alertId = row!.id;
    const raised = (e: SseEvent) => parse(e).action === 'raised' && parse(e).alertId === alertId;
    const en = parse(await english.waitFor(raised)).alert!;
    const zh = parse(await chinese.waitFor(raised)).alert!;
    const zhDefault = parse(await plain.waitFor(raised)).alert!;
    const enNamed = parse(await named.waitFor(raised)).alert!;
    expectEnglish(en.title, 'repeated_denial');
    expect(en.title).toContain('East Gate');
    expect(en.title).toMatch(
      /^Repeated refusals: unregistered card at East Gate, \d+ times within 10 minutes/,
    );
    expect(zh.title).toMatch(/^多次被拒：East Gate 未登记门禁卡 10 分钟内 \d+ 次（卡片未登记）$/);
    expect(zhDefault.title).toMatch(/^多次被拒：East Gate 未登记门禁卡/);
    expect(enNamed.title).toBe(en.title);
    // Only the title changes with the language.
    expect({ ...en, title: '' }).toEqual({ ...zh, title: '' });

    // A later change on the same alert comes in each stream's own language too.
    await pass('EEEE0004');
    const repeated = (e: SseEvent) => parse(e).action === 'repeated' && parse(e).alert?.count === 4;
    expect(parse(await english.waitFor(repeated)).alert!.title).toBe(
      'Repeated refusals: unregistered card at East Gate, 4 times within 10 minutes (card not registered)',
    );
    expect(parse(await chinese.waitFor(repeated)).alert!.title).toBe(
      '多次被拒：East Gate 未登记门禁卡 10 分钟内 4 次（卡片未登记）',
    );
  });

  it('lists, shows and acknowledges with titles in the caller’s language', async () => {
    const titleIn = async (lang?: string) => {
      const res = await inLang(property, '/api/v1/alerts?kind=repeated_denial', lang);
      expect(res.statusCode).toBe(200);
      const items = res.json().items as AlertView[];
      return items.find((a) => a.id === alertId)!.title;
    };
    const en = await titleIn('en');
    expect(en).toBe(
      'Repeated refusals: unregistered card at East Gate, 4 times within 10 minutes (card not registered)',
    );
    const zh = '多次被拒：East Gate 未登记门禁卡 10 分钟内 4 次（卡片未登记）';
    expect(await titleIn('zh-CN')).toBe(zh);
    expect(await titleIn()).toBe(zh);
    expect(await titleIn('en-GB')).toBe(en);

    // The stored alert holds facts, not a title in either language.
    const [row] = await env.ctx.db.select().from(alerts).where(eq(alerts.id, alertId));
    expect(JSON.stringify(row)).not.toContain(en);
    expect(JSON.stringify(row)).not.toContain(zh);

    const detailEn = await inLang(police, `/api/v1/alerts/${alertId}`, 'en');
    expect(detailEn.statusCode).toBe(200);
    expect(detailEn.json().alert.title).toBe(en);
    expect((await inLang(police, `/api/v1/alerts/${alertId}`, 'zh-CN')).json().alert.title).toBe(zh);

    const acked = await inLang(property, `/api/v1/alerts/${alertId}/acknowledge`, 'en', 'POST');
    expect(acked.statusCode, acked.body).toBe(200);
    expect(acked.json().title).toBe(en);
  });

  it('answers the replies that skip the error handler in English for an English caller', async () => {
    env.app.serving = false;
    try {
      const startingEn = await inLang(police, '/api/v1/alerts', 'en');
      expect(startingEn.statusCode).toBe(503);
      expect(startingEn.json()).toEqual({
        error: { code: 'starting', message: 'The system is starting, please wait' },
      });
      const startingZh = await inLang(police, '/api/v1/alerts', 'zh-CN');
      expect(startingZh.statusCode).toBe(503);
      expect(startingZh.json().error.message).toBe('系统正在启动，请稍候');
    } finally {
      env.app.serving = true;
    }

    const metrics = (lang?: string) =>
      env.app.inject({
        url: '/metrics',
        remoteAddress: '192.168.1.50',
        headers: lang ? { 'accept-language': lang } : {},
      });
    const refusedEn = await metrics('en');
    expect(refusedEn.statusCode).toBe(403);
    expect(refusedEn.json().error).toEqual({
      code: 'forbidden',
      message: 'Metrics are only for this machine or a collector holding ANJU_METRICS_TOKEN',
    });
    expect((await metrics()).json().error.message).toBe('指标仅供本机或持有 ANJU_METRICS_TOKEN 的采集器访问');

    for (const file of ['/ca.crt', '/ca.der']) {
      const en = await env.app.inject({ url: file, headers: { 'accept-language': 'en' } });
      expect(en.statusCode).toBe(404);
      expect(en.json().error).toEqual({
        code: 'not_found',
        message: 'This server does not use a local certificate authority',
      });
      const zh = await env.app.inject({ url: file, headers: { 'accept-language': 'zh-CN' } });
      expect(zh.json().error.message).toBe('本服务器未使用本地证书颁发机构');
    }
  });
});
