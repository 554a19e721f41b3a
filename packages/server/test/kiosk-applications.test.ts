/**
 * Issue 13, applications the kiosk takes (ID card, residence permit): who may apply (a table of
 * cases), the ID-photo rules at the kiosk, submission after a person-and-ID check, the police's
 * state machine (409 on a wrong step, audited), the applicant's page with what to fix and the
 * notices of every status change, and other sites' applications answering 404.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationKind } from '@anju/contracts';
import { queryRows } from '../src/db/client.ts';
import {
  type ChannelTarget,
  type NotificationChannel,
  type OutboundMessage,
  replaceChannel,
} from '../src/modules/alerts/channels.ts';
import { sealPhone } from '../src/modules/registry/sql.ts';
import { persons } from '../src/modules/registry/schema.ts';
import { applicationEligibility, monthsBefore } from '../src/modules/kiosk/applications.ts';
import { seedDemoApplications } from '../src/modules/kiosk/applications-seed.ts';
import type { KioskPersonFacts } from '../src/modules/kiosk/registry-facts.ts';
import { kioskApplicationNotices, kioskApplications } from '../src/modules/kiosk/schema-identity.ts';
import { messagesFor } from '../src/platform/notify/outbox.ts';
import { sharedFaceEngine } from '../src/modules/face/shared-engine.ts';
import { sites } from '../src/platform/org/schema.ts';
import { createUser } from '../src/platform/org/service.ts';
import { busyBackground, idPortrait } from './face-photos.ts';
import {
  createTestEnv,
  describeBackends,
  kioskDevice,
  signIn,
  type Client,
  type TestEnv,
} from './harness.ts';
import { addPerson, checkRequest, FACES, hasFaces, photo } from './kiosk-fixtures.ts';

// ---------------------------------------------------------------- eligibility, as a table

type Facts = Pick<KioskPersonFacts, 'birthDate' | 'hukouRegionCode' | 'workplace' | 'residencies'>;
const TODAY = '2026-12-02';
const CITY = '4101';
const lived = (validFrom: string, extra: Partial<Facts['residencies'][number]> = {}) => ({
  type: 'owner',
  validFrom,
  status: 'active',
  hasTenancy: false,
  ...extra,
});
const person = (f: Partial<Facts>): Facts => ({
  birthDate: '1990-01-01',
  hukouRegionCode: '420102',
  workplace: null,
  residencies: [],
  ...f,
});

describe('who may apply for an ID card or a residence permit', () => {
  const cases: Array<[string, ApplicationKind, Facts | null, string]> = [
    ['not in the registry: no ID card', 'id_card', null, 'not_in_registry'],
    ['not in the registry: no residence permit', 'residence_permit', null, 'not_in_registry'],
    ['ID card at 15 (a day before 16)', 'id_card', person({ birthDate: '2010-12-03' }), 'under_16'],
    [
      'ID card on the 16th birthday (first issue)',
      'id_card',
      person({ birthDate: '2010-12-02' }),
      'eligible',
    ],
    ['ID card renewal at 60', 'id_card', person({ birthDate: '1966-05-01' }), 'eligible'],
    [
      'residence permit: hukou in the city',
      'residence_permit',
      person({ hukouRegionCode: '410105', residencies: [lived('2020-01-01', { hasTenancy: true })] }),
      'hukou_local',
    ],
    [
      'residence permit: hukou unknown',
      'residence_permit',
      person({ hukouRegionCode: null }),
      'hukou_unknown',
    ],
    [
      'residence permit: here 5 months with a tenancy',
      'residence_permit',
      person({ residencies: [lived('2026-07-01', { type: 'tenant', hasTenancy: true })] }),
      'resident_under_6_months',
    ],
    [
      'residence permit: exactly 6 months with a tenancy',
      'residence_permit',
      person({ residencies: [lived('2026-06-02', { type: 'tenant', hasTenancy: true })] }),
      'eligible',
    ],
    [
      'residence permit: 2 years, but that residency has ended',
      'residence_permit',
      person({ residencies: [lived('2024-01-01', { status: 'ended', hasTenancy: true })] }),
      'resident_under_6_months',
    ],
    [
      'residence permit: 2 years as an employee (job on record)',
      'residence_permit',
      person({ residencies: [lived('2024-01-01', { type: 'employee' })] }),
      'eligible',
    ],
    [
      'residence permit: 2 years with a workplace on record',
      'residence_permit',
      person({ workplace: 'Factory', residencies: [lived('2024-01-01', { type: 'family' })] }),
      'eligible',
    ],
    [
      'residence permit: 2 years, no tenancy, no job',
      'residence_permit',
      person({ residencies: [lived('2024-01-01', { type: 'family' })] }),
      'no_tenancy_or_job',
    ],
  ];
  it.each(cases)('%s', (_name, kind, facts, expected) => {
    const verdict = applicationEligibility(kind, facts, TODAY, CITY);
    expect(verdict.eligible ? 'eligible' : verdict.reason).toBe(expected);
  });
  it('counts months on the calendar', () => {
    expect(monthsBefore('2026-12-02', 6)).toBe('2026-06-02');
    expect(monthsBefore('2026-08-31', 6)).toBe('2026-02-28');
    expect(monthsBefore('2026-03-15', 6)).toBe('2025-09-15');
  });
});

// ---------------------------------------------------------------- through the API

describeBackends('kiosk applications: submission, processing, the applicant’s page', (backend) => {
  let env: TestEnv;
  let police: Client;
  let auxiliary: Client;
  let applicant: Client;
  let siteId = '';
  let kiosk = { deviceId: '', token: '' };
  let floating: Awaited<ReturnType<typeof addPerson>>;
  let local: Awaited<ReturnType<typeof addPerson>>;
  let goodPhoto: Buffer;
  let badPhoto: Buffer;
  const genuine = { chip: photo('Adrien_Brody', 1), live: photo('Adrien_Brody', 2) };

  const post = (url: string, form: FormData) =>
    env.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${kiosk.token}`, 'accept-language': 'en' },
      payload: form as unknown as string,
    });
  const submit = (checkId: string, kind: string, details: unknown, image: Buffer | null) => {
    const form = new FormData();
    form.append('checkId', checkId);
    form.append('kind', kind);
    form.append('details', JSON.stringify(details));
    if (image) form.append('photo', new Blob([new Uint8Array(image)]), 'photo.jpg');
    return post('/api/v1/kiosk/terminal/applications', form);
  };
  const checkOf = async (card: Awaited<ReturnType<typeof addPerson>>['card']) => {
    const res = await checkRequest(env, kiosk.token, card, genuine);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  beforeAll(async () => {
    if (!hasFaces) throw new Error(`face photos not found at ${FACES}`);
    env = await createTestEnv(backend);
    [police, auxiliary] = await Promise.all([signIn(env.app, 'police'), signIn(env.app, 'auxiliary')]);
    siteId = police.me.sites[0]!.id;
    kiosk = await kioskDevice(police, siteId);
    floating = await addPerson(env, siteId, {
      name: 'Floating',
      birthDate: '1992-03-04',
      hukou: '420102',
      since: '2024-05-01',
      tenancy: true,
    });
    local = await addPerson(env, siteId, {
      name: 'Local',
      birthDate: '1980-02-02',
      hukou: '410105',
      since: '2010-01-01',
    });
    await createUser(env.ctx.db, {
      username: 'floating_resident',
      displayName: 'Floating',
      role: 'resident',
      password: 'floating-password-1',
      siteIds: [siteId],
      personId: floating.id,
    });
    applicant = await signIn(env.app, 'floating_resident', 'floating-password-1');
    const engine = await sharedFaceEngine(env.ctx).engine();
    // A frontal, neutral dev face, framed as an ID photo on white (face-photos.ts).
    const source = photo('Abdullah_Gul', 2);
    const box = (await engine.analyze(source)).faces[0]!.box;
    goodPhoto = await idPortrait(source, box);
    badPhoto = await busyBackground(goodPhoto);
  }, 180_000);
  afterAll(() => env?.close());

  it('checks an ID photo at the kiosk: a good portrait passes, a busy background is named', async () => {
    const check = async (image: Buffer) => {
      const form = new FormData();
      form.append('photo', new Blob([new Uint8Array(image)]), 'p.jpg');
      const res = await post('/api/v1/kiosk/terminal/id-photo-check', form);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const good = await check(goodPhoto);
    expect(good, JSON.stringify(good)).toEqual({ ok: true, problems: [] });
    const bad = await check(badPhoto);
    expect(bad.ok).toBe(false);
    expect(bad.problems.map((p: { code: string }) => p.code)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^background_/)]),
    );
    expect(bad.problems.every((p: { message: string }) => p.message.length > 0)).toBe(true);
    // The raw camera photo of a person in the street is no ID photo either.
    const street = await check(photo('Angela_Merkel', 1));
    expect(street.ok).toBe(false);
  });

  it('refuses a photo that fails the rules, an ineligible person and a bad check; takes a good one', async () => {
    const check = await checkOf(floating.card);
    const offer = check.services.find((s: { service: string }) => s.service === 'residence_permit');
    expect(offer).toEqual({ service: 'residence_permit', available: true });
    const details = { address: 'Flat 1', workplace: 'Factory' };

    const rejected = await submit(check.checkId, 'residence_permit', details, badPhoto);
    expect(rejected.statusCode, rejected.body).toBe(400);
    expect(rejected.json().error.code).toBe('photo_rejected');
    expect(rejected.json().error.details[0]).toMatchObject({ field: 'body.photo', code: expect.any(String) });
    const noPhoto = await submit(check.checkId, 'residence_permit', details, null);
    expect(noPhoto.json().error.code).toBe('photo_rejected');
    const noDetails = await submit(check.checkId, 'residence_permit', { address: '' }, goodPhoto);
    expect(noDetails.statusCode).toBe(400);
    const noCheck = await submit(crypto.randomUUID(), 'residence_permit', details, goodPhoto);
    expect(noCheck.statusCode).toBe(404);
    expect(
      (await env.ctx.db.select().from(kioskApplications).where(eq(kioskApplications.personId, floating.id)))
        .length,
    ).toBe(0);

    const localCheck = await checkOf(local.card);
    expect(
      localCheck.services.find((s: { service: string }) => s.service === 'residence_permit'),
    ).toMatchObject({ available: false, reasonCode: 'hukou_local' });
    const notEligible = await submit(localCheck.checkId, 'residence_permit', details, goodPhoto);
    expect(notEligible.statusCode).toBe(403);
    expect(notEligible.json().error.code).toBe('not_eligible');
    // Refusals are logged: which kind and why, never the photo.
    const refusals = await queryRows<{ purpose: string }>(
      env.ctx.db,
      sql`SELECT purpose FROM audit_log WHERE action = 'application.refused' ORDER BY id`,
    );
    expect(refusals.map((r) => r.purpose)).toEqual(
      expect.arrayContaining(['residence_permit: photo_rejected', 'residence_permit: not_eligible']),
    );

    const ok = await submit(check.checkId, 'residence_permit', details, goodPhoto);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ status: 'submitted', reference: expect.stringMatching(/^SQ\d{8}/) });
    // One at a time: a second one is refused while the first is open.
    expect((await submit(check.checkId, 'residence_permit', details, goodPhoto)).statusCode).toBe(409);
    const [row] = await env.ctx.db
      .select()
      .from(kioskApplications)
      .where(eq(kioskApplications.id, ok.json().id));
    expect(row!.photoEnc).not.toBeNull();
    expect(row!.photoEnc!.includes(goodPhoto.subarray(0, 32).toString('base64'))).toBe(false);
  });

  it('goes through the police’s steps; wrong steps are 409; the applicant fixes what was asked and sees every notice', async () => {
    const [app] = await env.ctx.db
      .select()
      .from(kioskApplications)
      .where(eq(kioskApplications.personId, floating.id));
    const id = app!.id;
    const act = (who: Client, action: string, body: unknown = {}) =>
      who.post(`/api/v1/kiosk/applications/${id}/${action}`, body);

    // The applicant's phone gets every change as an SMS through the notification channel.
    const texts: { to: string[]; text: string }[] = [];
    const recordingSms: NotificationChannel = {
      kind: 'sms',
      async send(target: ChannelTarget, message: OutboundMessage) {
        texts.push({ to: target.recipients, text: message.text });
        return { ok: true, statusCode: null };
      },
    };
    const previousSms = replaceChannel(env.ctx.config, recordingSms);
    const phone = '13912345678';
    await env.ctx.db
      .update(persons)
      .set({ phoneEnc: sealPhone(env.ctx.keyring, phone).enc })
      .where(eq(persons.id, floating.id));

    const queue = (await police.get(`/api/v1/kiosk/applications?siteId=${siteId}&status=submitted`)).json();
    expect(queue.items.map((a: { id: string }) => a.id)).toContain(id);
    expect(queue.items.find((a: { id: string }) => a.id === id).applicantIdNumber).toBe(floating.idNumber);

    expect((await act(police, 'approve')).statusCode).toBe(409);
    expect((await act(police, 'ready')).statusCode).toBe(409);
    expect((await act(auxiliary, 'accept')).statusCode).toBe(200);
    // Approving is the police's.
    expect((await act(auxiliary, 'approve')).statusCode).toBe(403);
    const asked = await act(police, 'request-changes', { fields: ['address'], note: 'Give the flat number' });
    expect(asked.statusCode, asked.body).toBe(200);

    expect(texts.map((t) => t.to)).toEqual([[phone], [phone]]);
    expect(texts[1]!.text).toContain(app!.reference);
    expect(texts[1]!.text).toContain('Give the flat number');
    // The texts went through the outbox (retried there had the channel failed).
    const sentNotices = await env.ctx.db
      .select({ id: kioskApplicationNotices.id, channel: kioskApplicationNotices.channel })
      .from(kioskApplicationNotices)
      .where(and(eq(kioskApplicationNotices.applicationId, id), eq(kioskApplicationNotices.channel, 'sms')));
    expect(sentNotices).toHaveLength(2);
    for (const n of sentNotices)
      expect((await messagesFor(env.ctx.db, `kiosk.notice:${n.id}`)).map((r) => r.status)).toEqual(['sent']);
    replaceChannel(env.ctx.config, previousSms);

    const mine = (await applicant.get('/api/v1/kiosk/my/applications')).json().items;
    const view = mine.find((a: { id: string }) => a.id === id);
    expect(view).toMatchObject({
      status: 'changes_requested',
      fixFields: ['address'],
      note: 'Give the flat number',
    });
    expect(view.notices.map((n: { status: string }) => n.status)).toEqual([
      'changes_requested',
      'accepted',
      'submitted',
    ]);
    expect(view.notices[0].text).toContain('Give the flat number');

    const fix = (details: unknown) => {
      const form = new FormData();
      form.append('details', JSON.stringify(details));
      return applicant.request({
        method: 'PUT',
        url: `/api/v1/kiosk/my/applications/${id}`,
        payload: form as unknown as string,
      });
    };
    // Sending something else than what was asked is not a fix.
    const unchanged = await fix({ workplace: 'Another factory' });
    expect(unchanged.statusCode, unchanged.body).toBe(400);
    expect(unchanged.json().error.details[0].missing).toEqual(['address']);
    const fixed = await fix({ address: 'Building 3, flat 1201' });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json().status).toBe('resubmitted');
    expect((await fix({ address: 'again' })).statusCode).toBe(409);

    for (const [who, action, body] of [
      [police, 'accept', {}],
      [police, 'approve', { note: 'ok' }],
      [police, 'ready', { pickupAt: '2026-12-10T02:00:00.000Z' }],
      [auxiliary, 'collected', {}],
    ] as const) {
      const res = await act(who, action, body);
      expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
    }
    expect((await act(police, 'reject', { reason: 'late' })).statusCode).toBe(409);
    const detail = (await police.get(`/api/v1/kiosk/applications/${id}`)).json();
    expect(detail.status).toBe('collected');
    expect(detail.details.address).toBe('Building 3, flat 1201');
    expect(detail.history.map((h: { status: string }) => h.status)).toEqual([
      'submitted',
      'accepted',
      'changes_requested',
      'resubmitted',
      'accepted',
      'approved',
      'ready_for_pickup',
      'collected',
    ]);
    const notices = (await applicant.get('/api/v1/kiosk/my/applications')).json().items[0].notices;
    expect(notices).toHaveLength(8);

    const audits = await queryRows<{ action: string }>(
      env.ctx.db,
      sql`SELECT action FROM audit_log WHERE subject_id = ${id} ORDER BY id`,
    );
    expect(audits.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'application.submit',
        'application.accept',
        'application.request-changes',
        'application.resubmit',
        'application.approve',
        'application.ready',
        'application.collected',
      ]),
    );
  });

  it('shows the photo to police only, and rejects with a reason the applicant reads', async () => {
    const check = await checkOf(local.card);
    const created = await submit(check.checkId, 'id_card', { reason: 'loss' }, goodPhoto);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const photoRes = await police.get(`/api/v1/kiosk/applications/${id}/photo`);
    expect(photoRes.statusCode).toBe(200);
    expect(photoRes.headers['content-type']).toBe('image/jpeg');
    expect(photoRes.rawPayload.equals(goodPhoto)).toBe(true);
    expect((await auxiliary.get(`/api/v1/kiosk/applications/${id}/photo`)).statusCode).toBe(403);
    // Police-side staff (registry.fullIdNumber) read the full number.
    const seen = (await auxiliary.get(`/api/v1/kiosk/applications/${id}`)).json();
    expect(seen.applicantIdNumber).toBe(local.idNumber);
    const rejected = await police.post(`/api/v1/kiosk/applications/${id}/reject`, {
      reason: 'Card not lost',
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect((await police.get(`/api/v1/kiosk/applications/${id}`)).json().rejectReason).toBe('Card not lost');
    // The floating resident does not see the local person's application.
    const mine = (await applicant.get('/api/v1/kiosk/my/applications')).json().items;
    expect(mine.some((a: { id: string }) => a.id === id)).toBe(false);
    const notTheirs = await applicant.request({
      method: 'PUT',
      url: `/api/v1/kiosk/my/applications/${id}`,
      payload: new FormData() as unknown as string,
    });
    expect(notTheirs.statusCode).toBe(404);
  });

  it('answers 404 to another site’s staff for every application route', async () => {
    const [app] = await env.ctx.db.select().from(kioskApplications).limit(1);
    const [other] = await env.ctx.db.insert(sites).values({ name: 'other site' }).returning();
    await createUser(env.ctx.db, {
      username: 'police_other',
      displayName: 'Other police',
      role: 'police',
      password: 'other-password-1',
      siteIds: [other!.id],
    });
    const outsider = await signIn(env.app, 'police_other', 'other-password-1');
    expect((await outsider.get(`/api/v1/kiosk/applications/${app!.id}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/v1/kiosk/applications/${app!.id}/photo`)).statusCode).toBe(404);
    expect((await outsider.post(`/api/v1/kiosk/applications/${app!.id}/accept`, {})).statusCode).toBe(404);
    const list = (await outsider.get('/api/v1/kiosk/applications')).json();
    expect(list.total).toBe(0);
    expect((await outsider.get(`/api/v1/kiosk/applications?siteId=${siteId}`)).statusCode).toBe(403);
  });

  it('seeds a demo application in each status, with its history and notices', async () => {
    const [demo] = await env.ctx.db.select().from(sites).where(eq(sites.id, siteId));
    expect(demo!.isDemo).toBe(true);
    const before = await env.ctx.db.select().from(kioskApplications);
    await seedDemoApplications(env.ctx, siteId);
    const after = await env.ctx.db.select().from(kioskApplications);
    const seeded = after.filter((a) => !before.some((b) => b.id === a.id));
    expect(new Set(seeded.map((a) => a.status))).toEqual(
      new Set([
        'submitted',
        'accepted',
        'changes_requested',
        'resubmitted',
        'approved',
        'rejected',
        'ready_for_pickup',
        'collected',
      ]),
    );
    const collected = seeded.find((a) => a.status === 'collected')!;
    const detail = (await police.get(`/api/v1/kiosk/applications/${collected.id}`)).json();
    expect(detail.history.map((h: { status: string }) => h.status)).toEqual([
      'submitted',
      'accepted',
      'approved',
      'ready_for_pickup',
      'collected',
    ]);
  });
});
