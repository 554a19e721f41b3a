/**
 * Mediation (issue 16): agreements, fulfilment, statistics and the demo seed.
 * - the demo seed makes the article's figures come out of the data: 125 concluded, 100 %, 100 %;
 * - statistics on a hand-made fixture: exact rates, average days, repeat calls (person / phone);
 * - an agreement missing a statutory field, or with a term due before it → 400 naming the field,
 *   nothing written; the PDF's text carries the statutory content;
 * - an overdue term raises one alert per desk, once; settling the last term closes the case;
 * - no agreement at high risk alerts the police desk; a mediator off the team gets 404;
 * - the parties' joint request for judicial confirmation round-trips and drives the 30-day reminder.
 */
import { and, eq } from 'drizzle-orm';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { alerts } from '../src/modules/alerts/schema.ts';
import { judicialReminderDue } from '../src/modules/mediation/agreements.ts';
import { mediationFulfilmentJob } from '../src/modules/mediation/jobs.ts';
import {
  mediationAgreements,
  mediationCases,
  mediationParties,
  mediationTerms,
} from '../src/modules/mediation/schema.ts';
import {
  buildCase,
  caseWorld,
  type CaseWorld,
  DEMO_ON_SPOT,
  DEMO_OPEN_PER_STATE,
  insertBundles,
  mediationDemoSeeder,
  seedPeople,
} from '../src/modules/mediation/seed.ts';
import { runJob } from '../src/platform/jobs.ts';
import { Rng } from '../src/platform/random.ts';
import { addDays, shanghaiDate } from '../src/platform/time.ts';
import { type Client, createTestEnv, describeBackends, signIn, type TestEnv } from './harness.ts';

const API = '/api/v1/mediation';

async function textOf(bytes: Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: bytes });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

const put = (c: Client, url: string, payload: unknown) =>
  c.request({ method: 'PUT', url, payload: payload as Record<string, unknown> });

describeBackends('mediation agreements, fulfilment and statistics', (backend) => {
  let env: TestEnv;
  let police: Client;
  let mediator: Client;
  let siteId: string;
  let world: CaseWorld;
  let serial = 0;
  const rng = new Rng(7);

  /** A case in `status` built like the demo's, with a test serial; risk as given. */
  async function fixtureCase(
    status: 'in_mediation' | 'closed',
    opts: { risk?: 'low' | 'high'; onTeam?: boolean } = {},
  ): Promise<string> {
    const now = env.ctx.now();
    const w = opts.onTeam === false ? { ...world, mediatorUserId: null } : world;
    const b = buildCase(rng, w, status, new Date(now.getTime() - 6 * 86_400_000), shanghaiDate(now), {
      day: new Map(),
      year: new Map(),
    });
    serial++;
    b.case.serial = `TJ-TEST-${String(serial).padStart(4, '0')}`;
    b.case.risk = opts.risk ?? 'low';
    b.case.concludeDue = new Date(now.getTime() + 20 * 86_400_000);
    if (b.agreement) b.agreement.serial = `XY-TEST-${String(serial).padStart(4, '0')}`;
    // Sessions in the past (the fixture's case is 6 days old).
    for (const s of b.sessions) {
      s.startsAt = new Date(now.getTime() - 2 * 86_400_000);
      s.endsAt = new Date(now.getTime() - 2 * 86_400_000 + 3_600_000);
    }
    await insertBundles(env.ctx.db, [b]);
    return b.case.id as string;
  }

  const agreementBody = (today: string) => ({
    kind: 'written',
    partiesSummary: '申请人与被申请人系上下楼邻居',
    mainFacts: '被申请人家中装修噪音扰民',
    disputedMatters: '施工时间与赔礼道歉',
    responsibilities: '被申请人负主要责任',
    signedOn: today,
    copies: 3,
    terms: [
      {
        text: '限定施工时间',
        obligor: '被申请人',
        how: '自行遵守',
        place: '被申请人住所',
        dueOn: addDays(today, 3),
      },
      {
        text: '当面赔礼道歉',
        obligor: '被申请人',
        how: '当面道歉',
        place: '警务室调解室',
        dueOn: addDays(today, 5),
      },
    ],
  });

  beforeAll(async () => {
    env = await createTestEnv(backend);
    police = await signIn(env.app, 'police');
    mediator = await signIn(env.app, 'mediator');
    siteId = police.me.sites[0]!.id;
    world = await caseWorld(env.ctx.db, env.ctx.keyring, siteId, await seedPeople(env.ctx.db, siteId));
  }, 120_000);
  afterAll(async () => env?.close());

  it('the demo seed makes 125 concluded cases, 100 % success and 100 % fulfilment, once', async () => {
    await mediationDemoSeeder(env.ctx, siteId);
    const res = await police.get(`${API}/stats?siteId=${siteId}`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.concluded).toBe(125);
    expect(s.agreements).toBe(125);
    expect(s.successRate).toBe(1);
    expect(s.fulfilmentRate).toBe(1);
    // Open cases count as accepted, not as concluded.
    expect(s.accepted).toBe(133);
    // A few simple disputes settled on the spot by the officer, the rest through "2+N".
    expect(s.onSpot).toBe(DEMO_ON_SPOT);
    // (the open cases still in intake are not graded yet)
    expect(s.twoPlusN).toBe(133 - DEMO_ON_SPOT - DEMO_OPEN_PER_STATE);
    // Repeat calls about the same party within 90 days: a small minority (5–15 %).
    console.info(
      `demo figures [${backend}]: ${JSON.stringify({ ...s, byType: undefined, byMonth: undefined })}`,
    );
    expect(s.repeatParties90d / s.accepted).toBeGreaterThanOrEqual(0.05);
    expect(s.repeatParties90d / s.accepted).toBeLessThanOrEqual(0.15);
    expect(s.byType.filter((t: { concluded: number }) => t.concluded > 0).length).toBe(8);
    const cases = (await env.ctx.db.select({ id: mediationCases.id }).from(mediationCases)).length;
    await mediationDemoSeeder(env.ctx, siteId);
    expect((await env.ctx.db.select({ id: mediationCases.id }).from(mediationCases)).length).toBe(cases);
  }, 60_000);

  it('computes the figures of a hand-made fixture exactly', async () => {
    const [p1, p2, p3, p4, p5] = world.people;
    let n = 0;
    const add = async (c: {
      type: 'noise' | 'dog' | 'rental' | 'family' | 'debt';
      accepted: string;
      concluded?: string;
      status: 'intake' | 'graded' | 'in_mediation' | 'closed';
      grade?: 'on_spot' | 'two_plus_n';
      outcome?: 'agreement' | 'oral_agreement' | 'no_agreement';
      terms?: ('performed' | 'not_performed' | 'pending')[];
      party: { personId: string | null; phoneHash: string | null };
    }) => {
      n++;
      const acceptedAt = new Date(`${c.accepted}T10:00:00+08:00`);
      const [row] = await env.ctx.db
        .insert(mediationCases)
        .values({
          siteId,
          serial: `TJ-FIX-${String(n).padStart(4, '0')}`,
          source: 'walk_in',
          type: c.type,
          facts: 'x',
          risk: 'low',
          status: c.status,
          grade: c.grade ?? (c.status === 'intake' ? null : 'two_plus_n'),
          outcome: c.outcome ?? null,
          acceptedAt,
          gradingDue: acceptedAt,
          concludeDue: acceptedAt,
          concludedAt: c.concluded ? new Date(`${c.concluded}T10:00:00+08:00`) : null,
        })
        .returning({ id: mediationCases.id });
      await env.ctx.db
        .insert(mediationParties)
        .values({ caseId: row!.id, role: 'applicant', name: 'x', ...c.party });
      if (c.terms) {
        const [a] = await env.ctx.db
          .insert(mediationAgreements)
          .values({
            caseId: row!.id,
            siteId,
            serial: `XY-FIX-${String(n).padStart(4, '0')}`,
            partiesSummary: 'x',
            mainFacts: 'x',
            disputedMatters: 'x',
            responsibilities: 'x',
            signedOn: c.concluded!,
          })
          .returning({ id: mediationAgreements.id });
        await env.ctx.db.insert(mediationTerms).values(
          c.terms.map((status, i) => ({
            agreementId: a!.id,
            seq: i + 1,
            text: 'x',
            obligor: 'x',
            how: 'x',
            place: 'x',
            dueOn: addDays(c.concluded!, 9),
            status,
          })),
        );
      }
    };
    const person = (p: { id: string } | undefined) => ({ personId: p!.id, phoneHash: null });
    // Before the window: X (p1) — makes A a repeat call.
    await add({
      type: 'debt',
      accepted: '2024-12-20',
      concluded: '2024-12-25',
      status: 'closed',
      outcome: 'no_agreement',
      party: person(p1),
    });
    // Accepted before, concluded inside the window: Y (8 days, fulfilled).
    await add({
      type: 'debt',
      accepted: '2024-12-28',
      concluded: '2025-01-05',
      status: 'closed',
      outcome: 'agreement',
      terms: ['performed'],
      party: person(p5),
    });
    // A: 10 days, fulfilled; repeat (X 71 days before).
    await add({
      type: 'noise',
      accepted: '2025-03-01',
      concluded: '2025-03-11',
      status: 'closed',
      outcome: 'agreement',
      terms: ['performed', 'performed'],
      party: person(p1),
    });
    // B: oral, nothing to perform (due and fulfilled), 4 days.
    await add({
      type: 'noise',
      accepted: '2025-03-05',
      concluded: '2025-03-09',
      status: 'closed',
      outcome: 'oral_agreement',
      party: person(p2),
    });
    // H: open, repeat (A 19 days before).
    await add({ type: 'noise', accepted: '2025-03-20', status: 'graded', party: person(p1) });
    // C: 6 days, one term not performed (due, not fulfilled); phone hash shared with G.
    await add({
      type: 'dog',
      accepted: '2025-04-01',
      concluded: '2025-04-07',
      status: 'closed',
      outcome: 'agreement',
      terms: ['performed', 'not_performed'],
      party: { personId: null, phoneHash: 'fixture-phone' },
    });
    // D: no agreement, 2 days.
    await add({
      type: 'rental',
      accepted: '2025-04-10',
      concluded: '2025-04-12',
      status: 'closed',
      outcome: 'no_agreement',
      party: person(p3),
    });
    // E: on the spot, the same day.
    await add({
      type: 'noise',
      accepted: '2025-05-01',
      concluded: '2025-05-01',
      status: 'closed',
      grade: 'on_spot',
      outcome: 'oral_agreement',
      party: person(p4),
    });
    // G: intake, repeat by phone (C 49 days before).
    await add({
      type: 'dog',
      accepted: '2025-05-20',
      status: 'intake',
      party: { personId: null, phoneHash: 'fixture-phone' },
    });
    // F: open; p2 last seen 88 days before? No: B was 2025-03-05, 88 days → a repeat too.
    await add({ type: 'family', accepted: '2025-06-01', status: 'in_mediation', party: person(p2) });

    const res = await police.get(`${API}/stats?siteId=${siteId}&from=2025-01-01&to=2025-06-30`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({
      accepted: 8,
      onSpot: 1,
      twoPlusN: 6,
      concluded: 6,
      agreements: 5,
      successRate: 0.8333,
      fulfilmentRate: 0.8,
      avgDaysToConclude: 5,
      repeatParties90d: 4,
    });
    const byType = Object.fromEntries(s.byType.map((t: { type: string }) => [t.type, t]));
    expect(byType.noise).toEqual({ type: 'noise', accepted: 4, concluded: 3, agreements: 3 });
    expect(byType.dog).toEqual({ type: 'dog', accepted: 2, concluded: 1, agreements: 1 });
    expect(byType.debt).toEqual({ type: 'debt', accepted: 0, concluded: 1, agreements: 1 });
    expect(s.byMonth).toEqual([
      { month: '2025-01', accepted: 0, concluded: 1, agreements: 1 },
      { month: '2025-02', accepted: 0, concluded: 0, agreements: 0 },
      { month: '2025-03', accepted: 3, concluded: 2, agreements: 2 },
      { month: '2025-04', accepted: 2, concluded: 2, agreements: 1 },
      { month: '2025-05', accepted: 2, concluded: 1, agreements: 1 },
      { month: '2025-06', accepted: 1, concluded: 0, agreements: 0 },
    ]);
    // Another site's figures are not the caller's (the guard's site check).
    const other = await police.get(`${API}/stats?siteId=00000000-0000-4000-8000-000000000000`);
    expect(other.statusCode).toBe(403);
  });

  it('refuses an agreement missing statutory content or with a term due before it, writing nothing', async () => {
    const id = await fixtureCase('in_mediation');
    const today = shanghaiDate(env.ctx.now());
    const body = agreementBody(today);
    const missing = await put(police, `${API}/cases/${id}/agreement`, { ...body, disputedMatters: '  ' });
    expect(missing.statusCode, missing.body).toBe(400);
    expect(missing.json().error.details.map((d: { field: string }) => d.field)).toContain(
      'body.disputedMatters',
    );
    const noHow = await put(police, `${API}/cases/${id}/agreement`, {
      ...body,
      terms: [{ ...body.terms[0], how: '' }],
    });
    expect(noHow.statusCode).toBe(400);
    expect(noHow.json().error.details.map((d: { field: string }) => d.field)).toContain('body.terms.0.how');
    const early = await put(police, `${API}/cases/${id}/agreement`, {
      ...body,
      terms: [body.terms[0], { ...body.terms[1], dueOn: addDays(today, -1) }],
    });
    expect(early.statusCode, early.body).toBe(400);
    expect(early.json().error.details.map((d: { field: string }) => d.field)).toContain('body.terms.1.dueOn');
    const written = await env.ctx.db
      .select()
      .from(mediationAgreements)
      .where(eq(mediationAgreements.caseId, id));
    expect(written).toHaveLength(0);
    // Concluding "agreement" without a recorded one: 409.
    const conclude = await police.post(`${API}/cases/${id}/conclude`, { outcome: 'agreement' });
    expect(conclude.statusCode).toBe(409);
    expect(conclude.json().error.code).toBe('agreement_missing');
  });

  it('records, prints, watches and closes an agreement', async () => {
    const id = await fixtureCase('in_mediation');
    const now = env.ctx.now();
    const today = shanghaiDate(now);
    const saved = await put(police, `${API}/cases/${id}/agreement`, agreementBody(today));
    expect(saved.statusCode, saved.body).toBe(200);
    const agreement = saved.json();
    expect(agreement.serial).toMatch(new RegExp(`^XY-${today.slice(0, 4)}-\\d{4}$`));
    expect(agreement.judicialDeadline).toBe(addDays(today, 30));

    const concluded = await police.post(`${API}/cases/${id}/conclude`, { outcome: 'agreement' });
    expect(concluded.statusCode, concluded.body).toBe(200);
    expect(concluded.json().status).toBe('fulfilment');
    // Once concluded the agreement is fixed: a second save is an illegal transition.
    const again = await put(police, `${API}/cases/${id}/agreement`, agreementBody(today));
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('illegal_transition');

    // The PDF carries the statutory content (the team's mediator may print it).
    const pdf = await mediator.get(`${API}/cases/${id}/agreement.pdf`);
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await textOf(new Uint8Array(pdf.rawPayload))).replace(/\s+/g, '');
    const [party] = await env.ctx.db.select().from(mediationParties).where(eq(mediationParties.caseId, id));
    for (const expected of [
      '人民调解协议书',
      agreement.serial,
      '当事人基本情况',
      party!.name,
      '纠纷主要事实',
      '被申请人家中装修噪音扰民',
      '争议事项',
      '施工时间与赔礼道歉',
      '各方当事人的责任',
      '被申请人负主要责任',
      '限定施工时间',
      '履行方式：自行遵守',
      '履行地点：被申请人住所',
      `履行期限：${addDays(today, 3)}`,
      '一式三份',
      '指印',
      '人民调解员（签名）',
      '人民调解委员会（印章）',
      '样章',
      '司法确认',
    ]) {
      expect(text, expected).toContain(expected);
    }

    // Overdue: the day after the first term's due date → one alert on each desk, and only once.
    const later = new Date(now.getTime() + 4 * 86_400_000);
    const first = await runJob(env.ctx, mediationFulfilmentJob, later);
    expect(first.result).toMatchObject({ termAlerts: 2 });
    const second = await runJob(env.ctx, mediationFulfilmentJob, later);
    expect(second.result).toMatchObject({ termAlerts: 0 });
    const raised = await env.ctx.db
      .select({ desk: alerts.desk, data: alerts.data })
      .from(alerts)
      .where(and(eq(alerts.siteId, siteId), eq(alerts.kind, 'mediation_term_overdue')));
    expect(raised.map((a) => a.desk).sort()).toEqual(['police_office', 'property_desk']);
    expect(raised[0]!.data).toMatchObject({ serial: agreement.serial, seq: 1 });

    // Follow-up visit scheduled and recorded.
    const fu = await police.post(`${API}/cases/${id}/followups`, {
      termId: agreement.terms[0].id,
      dueOn: addDays(today, 4),
    });
    expect(fu.statusCode, fu.body).toBe(201);
    const done = await mediator.post(`${API}/followups/${fu.json().id}/done`, { note: '已按约定时段施工' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().doneAt).not.toBeNull();
    expect((await mediator.post(`${API}/followups/${fu.json().id}/done`, { note: 'x' })).statusCode).toBe(
      409,
    );

    // Terms settle; the case closes with the last one.
    const [t1, t2] = agreement.terms;
    const s1 = await police.post(`${API}/terms/${t1.id}/settle`, {
      status: 'performed',
      settledOn: addDays(today, 3),
    });
    expect(s1.statusCode, s1.body).toBe(200);
    const [mid] = await env.ctx.db.select().from(mediationCases).where(eq(mediationCases.id, id));
    expect(mid!.status).toBe('fulfilment');
    expect(
      (await police.post(`${API}/terms/${t1.id}/settle`, { status: 'performed', settledOn: today }))
        .statusCode,
    ).toBe(409);
    const noNext = await police.post(`${API}/terms/${t2.id}/settle`, {
      status: 'not_performed',
      settledOn: today,
    });
    expect(noNext.statusCode).toBe(400);
    const s2 = await police.post(`${API}/terms/${t2.id}/settle`, {
      status: 'not_performed',
      settledOn: addDays(today, 5),
      note: '被申请人拒绝道歉，申请人表示将向法院起诉',
    });
    expect(s2.statusCode, s2.body).toBe(200);
    const [closed] = await env.ctx.db.select().from(mediationCases).where(eq(mediationCases.id, id));
    expect(closed!.status).toBe('closed');
    expect(closed!.closedAt).not.toBeNull();
    // A closed case's pending terms: none; the job has nothing more to say.
    expect((await runJob(env.ctx, mediationFulfilmentJob, later)).result).toMatchObject({ termAlerts: 0 });

    // Judicial confirmation recorded on the agreement.
    const judicial = await put(police, `${API}/cases/${id}/agreement/judicial`, {
      appliedOn: addDays(today, 6),
      court: '示范区人民法院',
      number: '（2026）示0101民特调确1号',
      result: '确认有效',
    });
    expect(judicial.statusCode, judicial.body).toBe(200);
    expect(judicial.json().judicialNumber).toBe('（2026）示0101民特调确1号');

    // The case board: a draft without the parties' names.
    const draft = await police.post(`${API}/cases/${id}/board-draft`);
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json().post.bodyHtml).not.toContain(party!.name);
    expect(draft.json().post.bodyHtml).toContain('【法律提示】');
  });

  it('no agreement at high risk alerts the police desk; a mediator off the team gets 404', async () => {
    const id = await fixtureCase('in_mediation', { risk: 'high', onTeam: false });
    expect((await mediator.get(`${API}/cases/${id}/agreement.pdf`)).statusCode).toBe(404);
    expect(
      (await mediator.post(`${API}/cases/${id}/conclude`, { outcome: 'no_agreement', note: 'x' })).statusCode,
    ).toBe(404);
    const res = await police.post(`${API}/cases/${id}/conclude`, {
      outcome: 'no_agreement',
      note: '已告知双方可向人民法院起诉',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('closed');
    const raised = await env.ctx.db
      .select({ desk: alerts.desk, data: alerts.data })
      .from(alerts)
      .where(and(eq(alerts.siteId, siteId), eq(alerts.kind, 'mediation_no_agreement')));
    expect(raised).toHaveLength(1);
    expect(raised[0]!.desk).toBe('police_office');
    // Concluding twice is an illegal transition.
    const twice = await police.post(`${API}/cases/${id}/conclude`, { outcome: 'no_agreement', note: 'x' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('illegal_transition');
  });

  it("the parties' joint request for judicial confirmation round-trips and drives the reminder", async () => {
    const now = env.ctx.now();
    const today = shanghaiDate(now);
    const requested = await fixtureCase('in_mediation');
    const notRequested = await fixtureCase('in_mediation');

    // A value that is not a boolean: 400 naming the field, nothing written.
    const bad = await put(police, `${API}/cases/${requested}/agreement`, {
      ...agreementBody(today),
      judicialRequested: 'yes',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { field: string }) => d.field)).toContain(
      'body.judicialRequested',
    );
    const none = await env.ctx.db
      .select()
      .from(mediationAgreements)
      .where(eq(mediationAgreements.caseId, requested));
    expect(none).toHaveLength(0);

    const a = await put(police, `${API}/cases/${requested}/agreement`, {
      ...agreementBody(today),
      judicialRequested: true,
    });
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json().judicialRequested).toBe(true);
    // Left out → false (the default); replacing the draft changes it.
    const b = await put(police, `${API}/cases/${notRequested}/agreement`, agreementBody(today));
    expect(b.statusCode, b.body).toBe(200);
    expect(b.json().judicialRequested).toBe(false);
    const flip = await put(police, `${API}/cases/${notRequested}/agreement`, {
      ...agreementBody(today),
      judicialRequested: true,
    });
    expect(flip.json().judicialRequested).toBe(true);
    const back = await put(police, `${API}/cases/${notRequested}/agreement`, {
      ...agreementBody(today),
      judicialRequested: false,
    });
    expect(back.json().judicialRequested).toBe(false);
    // The case detail shows it too (to the team's mediator as well).
    const detail = await mediator.get(`${API}/cases/${requested}`);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json().agreement.judicialRequested).toBe(true);

    for (const id of [requested, notRequested]) {
      const res = await police.post(`${API}/cases/${id}/conclude`, { outcome: 'agreement' });
      expect(res.statusCode, res.body).toBe(200);
    }
    const rowOf = async (caseId: string) =>
      (await env.ctx.db.select().from(mediationAgreements).where(eq(mediationAgreements.caseId, caseId)))[0]!;
    const [rowA, rowB] = [await rowOf(requested), await rowOf(notRequested)];
    // The flag: requested, not applied, 5 days or fewer before the 30-day limit.
    expect(judicialReminderDue(rowA, addDays(today, 24))).toBe(false);
    expect(judicialReminderDue(rowA, addDays(today, 25))).toBe(true);
    expect(judicialReminderDue(rowA, addDays(today, 30))).toBe(true);
    expect(judicialReminderDue(rowA, addDays(today, 31))).toBe(false);
    expect(judicialReminderDue(rowB, addDays(today, 26))).toBe(false);

    // The job raises the reminder for the requested agreement only, once.
    const day26 = new Date(now.getTime() + 26 * 86_400_000);
    await runJob(env.ctx, mediationFulfilmentJob, day26);
    await runJob(env.ctx, mediationFulfilmentJob, day26);
    const reminders = async (agreementId: string) =>
      env.ctx.db
        .select({ desk: alerts.desk })
        .from(alerts)
        .where(
          and(eq(alerts.kind, 'mediation_judicial_due'), eq(alerts.dedupeKey, `agreement:${agreementId}`)),
        );
    expect(await reminders(rowA.id)).toEqual([{ desk: 'police_office' }]);
    expect(await reminders(rowB.id)).toEqual([]);

    // Once applied, the flag is down.
    const applied = await put(police, `${API}/cases/${requested}/agreement/judicial`, {
      appliedOn: addDays(today, 27),
      court: '示范区人民法院',
    });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().judicialRequested).toBe(true);
    expect(judicialReminderDue(await rowOf(requested), addDays(today, 28))).toBe(false);
  });
});
