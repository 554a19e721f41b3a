/**
 * The face gate decides per passage, through the API on real photos from ../shared/faces/dev: a
 * person's frames are pending (请稍候, no access event) until k of n agree; a stranger is refused
 * only after enough frames; another enrolled face in between stops the opening; a passage id is
 * this gate's only; a passage whose frames are older than the window starts over.
 */
import { and, eq, sql } from 'drizzle-orm';
import { auditLog } from '../src/platform/audit/schema.ts';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../src/db/client.ts';
import { users } from '../src/platform/org/schema.ts';
import { PASSAGE_DEFAULTS } from '../src/modules/face/passage.ts';
import { accessEvents, facePassageFrames, faceTemplates, gates } from '../src/modules/access/schema.ts';
import { devPhoto, haveDevFaces } from './face-photos.ts';
import { otherSiteGate, sendFaceFrame } from './gate-passage.ts';
import { createTestEnv, describeBackends, pairedGate, signIn, type Client, type TestEnv } from './harness.ts';

const photo = (identity: string, n: number) => devPhoto(`${identity}/${n}.jpg`);

describeBackends('face gate: decided per passage', (backend) => {
  let env: TestEnv;
  let police: Client;
  let siteId: string;
  let token: string;
  let residentId: string;
  let neighbourId: string;
  let clock = 0;

  /** One frame, half a second after the last one on the app's clock (a tablet's 2 frames/s). */
  const frame = async (image: Buffer, passage?: string, gapMs = 500) => {
    clock += gapMs;
    env.setNow(new Date(clock));
    const res = await sendFaceFrame(env, token, image, passage);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const eventsOf = (passageId: string) =>
    env.ctx.db.select().from(accessEvents).where(eq(accessEvents.passageId, passageId));
  const framesOf = (passageId: string) =>
    env.ctx.db.select().from(facePassageFrames).where(eq(facePassageFrames.passageId, passageId));

  beforeAll(async () => {
    if (!haveDevFaces) throw new Error('face photos not found (../shared/faces/dev)');
    env = await createTestEnv(backend);
    police = await signIn(env.app, 'police');
    siteId = police.me.sites[0]!.id;
    ({ token } = await pairedGate(env.app, police, { siteId, name: '北门', direction: 'both' }));
    const [residentUser] = await env.ctx.db.select().from(users).where(eq(users.username, 'resident'));
    residentId = residentUser!.personId!;
    const [adult] = await queryRows<{ person_id: string }>(
      env.ctx.db,
      sql`SELECT r.person_id FROM residencies r JOIN persons p ON p.id = r.person_id
          WHERE r.site_id = ${siteId} AND r.status = 'active' AND r.type = 'owner'
            AND p.birth_date < now() - interval '18 years' AND r.person_id <> ${residentId}
          LIMIT 1`,
    );
    neighbourId = adult!.person_id;
    for (const [personId, identity] of [
      [residentId, 'Abdullah_Gul'],
      [neighbourId, 'Angela_Merkel'],
    ] as const) {
      const consent = await police.post(`/api/v1/access/persons/${personId}/consents`, {
        purpose: 'face_recognition',
        textVersion: 'face-2026-01',
        channel: 'in_person',
      });
      expect(consent.statusCode).toBe(201);
      const enrolled = await police.request({
        method: 'POST',
        url: `/api/v1/access/persons/${personId}/faces`,
        payload: photo(identity, 1),
        headers: { 'content-type': 'image/jpeg' },
      });
      expect(enrolled.statusCode, enrolled.body).toBe(201);
    }
    clock = Date.now();
  });
  afterEach(() => {
    // Each test starts well past the last one's window.
    clock += 60_000;
    env.setNow(undefined);
  });
  afterAll(() => env?.close());

  it('keeps a genuine person waiting for two frames and opens at the third, with one event for the passage', async () => {
    expect(PASSAGE_DEFAULTS).toMatchObject({ k: 3, n: 3 });
    const first = await frame(photo('Abdullah_Gul', 2));
    expect(first).toMatchObject({ pending: true, message: '请稍候', hintReason: null, hint: null });
    const passageId: string = first.passageId;
    expect(await eventsOf(passageId)).toHaveLength(0);
    const second = await frame(photo('Abdullah_Gul', 2), passageId);
    expect(second).toMatchObject({ pending: true, passageId });
    expect(await eventsOf(passageId)).toHaveLength(0);
    const third = await frame(photo('Abdullah_Gul', 2), passageId);
    expect(third).toMatchObject({ pending: false, passageId, decision: 'grant', reason: 'resident' });
    const events = await eventsOf(passageId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id: third.eventId, personId: residentId, method: 'face' });
    expect(events[0]!.score).toBeGreaterThanOrEqual(PASSAGE_DEFAULTS.minScore);
    const rows = await framesOf(passageId);
    expect(rows).toHaveLength(3);
    // Minimum data: who matched and how closely, no image, no name.
    for (const row of rows) {
      expect(row).toMatchObject({ kind: 'face', personId: residentId, reason: 'matched' });
      expect(Object.keys(row).sort()).toEqual(
        [
          'at',
          'gateId',
          'id',
          'kind',
          'passageId',
          'personId',
          'reason',
          'score',
          'secondScore',
          'siteId',
          'trackId',
        ].sort(),
      );
    }
    // A decided passage is over: a further frame with its id starts a new one.
    const again = await frame(photo('Abdullah_Gul', 2), passageId);
    expect(again.pending).toBe(true);
    expect(again.passageId).not.toBe(passageId);
  });

  it("refuses a stranger's frames as unknown_face only at the third, in English for an English tablet", async () => {
    const first = await frame(photo('Alice_Fisher', 1));
    expect(first.pending).toBe(true);
    const second = await frame(photo('Alice_Fisher', 1), first.passageId);
    expect(second).toMatchObject({ pending: true, passageId: first.passageId });
    clock += 500;
    env.setNow(new Date(clock));
    const third = (
      await sendFaceFrame(env, token, photo('Alice_Fisher', 1), first.passageId, { 'accept-language': 'en' })
    ).json();
    expect(third).toMatchObject({
      pending: false,
      decision: 'deny',
      reason: 'unknown_face',
      displayName: null,
    });
    const events = await eventsOf(first.passageId);
    expect(events).toHaveLength(1);
    expect(events[0]!.personId).toBeNull();
    expect(events[0]!.snapshotEnc).not.toBeNull();
    expect(await framesOf(first.passageId)).toHaveLength(3);
  });

  it('does not open while a frame of another enrolled person is among the last frames', async () => {
    const first = await frame(photo('Abdullah_Gul', 2));
    const passageId: string = first.passageId;
    // resident, neighbour, resident, resident: every window of three holds both people.
    for (const image of [photo('Angela_Merkel', 2), photo('Abdullah_Gul', 2), photo('Abdullah_Gul', 2)]) {
      expect(await frame(image, passageId)).toMatchObject({ pending: true, passageId });
    }
    expect(await eventsOf(passageId)).toHaveLength(0);
    const rows = await framesOf(passageId);
    expect(rows.map((r) => r.personId)).toEqual([residentId, neighbourId, residentId, residentId]);
    // Once the last three agree, the resident is let in.
    expect(await frame(photo('Abdullah_Gul', 2), passageId)).toMatchObject({
      pending: false,
      decision: 'grant',
    });
  });

  it("answers 404 for a passage of another site's gate, 400 for a malformed id, and writes nothing", async () => {
    const { gateId: gateB, token: tokenB } = await otherSiteGate(env, police);
    const mine = await frame(photo('Alice_Fisher', 1));
    const before = await framesOf(mine.passageId);
    const foreign = await sendFaceFrame(env, tokenB, photo('Alice_Fisher', 1), mine.passageId);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('passage_not_found');
    // An id nobody issued is not this gate's either.
    const madeUp = await sendFaceFrame(env, token, photo('Alice_Fisher', 1), crypto.randomUUID());
    expect(madeUp.statusCode).toBe(404);
    const malformed = await sendFaceFrame(env, token, photo('Alice_Fisher', 1), 'not-a-uuid');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.details[0].field).toBe('query.passage');
    expect(await framesOf(mine.passageId)).toHaveLength(before.length);
    const [{ n }] = (await queryRows<{ n: number }>(
      env.ctx.db,
      sql`SELECT count(*)::int AS n FROM face_passage_frames WHERE gate_id = ${gateB}`,
    )) as [{ n: number }];
    expect(n).toBe(0);
  });

  it('starts a passage over when its frames are older than the window', async () => {
    const first = await frame(photo('Abdullah_Gul', 2));
    await frame(photo('Abdullah_Gul', 2), first.passageId);
    // The person stepped away; the next frame comes after the window.
    const late = await frame(photo('Abdullah_Gul', 2), first.passageId, PASSAGE_DEFAULTS.windowMs + 500);
    expect(late.pending).toBe(true);
    expect(late.passageId).not.toBe(first.passageId);
    expect(await eventsOf(first.passageId)).toHaveLength(0);
    expect(await frame(photo('Abdullah_Gul', 2), late.passageId)).toMatchObject({ pending: true });
    const opened = await frame(photo('Abdullah_Gul', 2), late.passageId);
    expect(opened).toMatchObject({ pending: false, decision: 'grant', passageId: late.passageId });
    expect(await framesOf(late.passageId)).toHaveLength(3);
  });

  it('says what to fix when the frame was refused for quality, and still waits', async () => {
    const sharp = (await import('sharp')).default;
    const grey = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#777' } })
      .jpeg()
      .toBuffer();
    const res = await frame(grey);
    expect(res).toMatchObject({ pending: true, hintReason: 'no_face', hint: '未检测到人脸' });
    expect(await framesOf(res.passageId)).toMatchObject([{ kind: 'no_face', personId: null, score: null }]);
    expect(await eventsOf(res.passageId)).toHaveLength(0);
  });

  it('the retention job drops frame rows older than a day and keeps the events', async () => {
    const { runJob } = await import('../src/platform/jobs.ts');
    const { accessRetentionJob } = await import('../src/modules/access/retention.ts');
    const rowCount = async (table: 'face_passage_frames' | 'access_events') =>
      (
        await queryRows<{ n: number }>(
          env.ctx.db,
          sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE site_id = ${siteId}`,
        )
      )[0]!.n;
    const frames = await rowCount('face_passage_frames');
    const events = await rowCount('access_events');
    expect(frames).toBeGreaterThan(0);
    // Within the day nothing goes; a day after the last frame every frame row has gone.
    const soon = await runJob(env.ctx, accessRetentionJob, new Date(clock + 60_000));
    expect(soon.result?.passageFramesPurged).toBe(0);
    const later = await runJob(env.ctx, accessRetentionJob, new Date(clock + 86_400_000 + 60_000));
    expect(later.result?.passageFramesPurged).toBe(frames);
    expect(await rowCount('face_passage_frames')).toBe(0);
    expect(await rowCount('access_events')).toBe(events);
  });

  it('refreshes the template set from a granted passage well above the threshold, not behind a card', async () => {
    const refreshed = async () =>
      (
        await env.ctx.db
          .select()
          .from(faceTemplates)
          .where(and(eq(faceTemplates.personId, residentId), eq(faceTemplates.source, 'passage_refresh')))
      ).length;
    const audits = async () =>
      (
        await env.ctx.db
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.action, 'face.refresh'), eq(auditLog.subjectId, residentId)))
      ).length;
    // Past the refresh spacing of any earlier passage in this file.
    clock += 8 * 24 * 3600_000;
    const before = { templates: await refreshed(), audits: await audits() };
    const [gate] = await env.ctx.db.select().from(gates).where(eq(gates.siteId, siteId));
    // The neighbour's card at this gate a moment before: the face passage must not teach the gallery.
    clock += 500;
    await env.ctx.db.insert(accessEvents).values({
      siteId,
      gateId: gate!.id,
      at: new Date(clock),
      personId: neighbourId,
      method: 'card',
      decision: 'grant',
      reason: 'resident',
    });
    const first = await frame(photo('Abdullah_Gul', 1));
    await frame(photo('Abdullah_Gul', 1), first.passageId);
    const behindCard = await frame(photo('Abdullah_Gul', 1), first.passageId);
    expect(behindCard).toMatchObject({ pending: false, decision: 'grant' });
    expect(await refreshed()).toBe(before.templates);
    expect(await audits()).toBe(before.audits);

    // Well past the card: the same confident passage adds one refreshed template, audited.
    clock += 120_000;
    const again = await frame(photo('Abdullah_Gul', 1));
    await frame(photo('Abdullah_Gul', 1), again.passageId);
    const opened = await frame(photo('Abdullah_Gul', 1), again.passageId);
    expect(opened).toMatchObject({ pending: false, decision: 'grant' });
    expect(await refreshed()).toBe(Math.min(before.templates + 1, 2));
    expect(await audits()).toBe(before.audits + 1);
  });
});
