/**
 * A person's face template set: up to FACE_SET.maxEnrolled enrolled photos (a further one refused
 * with 409, nothing written), refreshed templates added from confirmed passages within their
 * limits (face/template-refresh.ts), and withdrawal of the face consent deleting every template of
 * the set so the gallery no longer matches. Real photos from ../shared/faces/dev at test time.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { users } from '../src/platform/org/schema.ts';
import { auditLog } from '../src/platform/audit/schema.ts';
import { FaceService } from '../src/modules/access/face-service.ts';
import { faceTemplates } from '../src/modules/access/schema.ts';
import { FACE_SET } from '../src/modules/face/thresholds.ts';
import {
  type RefreshInput,
  REFRESH_LIMITS,
  refreshFromPassage,
} from '../src/modules/face/template-refresh.ts';
import { cameraFrame, devPhoto, haveDevFaces } from './face-photos.ts';
import { createTestEnv, describeBackends, signIn, waitFor, type Client, type TestEnv } from './harness.ts';

const DAY = 24 * 60 * 60 * 1000;

describeBackends('face template sets', (backend) => {
  let env: TestEnv;
  let property: Client;
  let resident: Client;
  let personId: string;
  let siteId: string;
  let faces: FaceService;

  beforeAll(async () => {
    if (!haveDevFaces) throw new Error('face photos not found (../shared/faces/dev)');
    env = await createTestEnv(backend);
    property = await signIn(env.app, 'property');
    resident = await signIn(env.app, 'resident');
    const [user] = await env.ctx.db.select().from(users).where(eq(users.username, 'resident'));
    personId = user!.personId!;
    siteId = property.me.sites[0]!.id;
    // The process's shared engine (the routes' service uses the same one) and a view of the gallery.
    faces = new FaceService(env.ctx);
  });
  afterAll(async () => {
    await faces?.close();
    await env?.close();
  });

  const enrol = (image: Buffer) =>
    property.request({
      method: 'POST',
      url: `/api/v1/access/persons/${personId}/faces`,
      payload: image,
      headers: { 'content-type': 'image/jpeg' },
    });
  const templatesOf = () =>
    env.ctx.db.select().from(faceTemplates).where(eq(faceTemplates.personId, personId));
  /** What the gallery says about a frame: the best person and score. */
  const search = async (image: Buffer) => {
    const engine = await faces.engine();
    const analysis = await engine.analyze(image, { embed: 'primary' });
    const face = analysis.faces[0]!;
    const hit = (await faces.gallery(siteId)).search(face.embedding!);
    return { face, engine, hit };
  };

  it('enrols up to three photos, refuses a fourth with 409 and lists the set with quality', async () => {
    const consent = await property.post(`/api/v1/access/persons/${personId}/consents`, {
      purpose: 'face_recognition',
      textVersion: 'face-2026-01',
      channel: 'in_person',
    });
    expect(consent.statusCode).toBe(201);
    for (const n of [1, 2, 3]) {
      const res = await enrol(devPhoto(`Abdullah_Gul/${n}.jpg`));
      expect(res.statusCode, res.body).toBe(201);
    }
    const fourth = await enrol(devPhoto('Abdullah_Gul/4.jpg'));
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json().error.code).toBe('face_template_limit');
    expect(fourth.json().error.message).toContain(String(FACE_SET.maxEnrolled));
    expect(await templatesOf()).toHaveLength(3);

    const list = await property.get(`/api/v1/access/persons/${personId}/faces`);
    expect(list.statusCode).toBe(200);
    const body = list.json();
    expect(body.maxEnrolled).toBe(3);
    expect(body.items).toHaveLength(3);
    for (const item of body.items) {
      expect(item.source).toBe('upload');
      expect(item.quality.faceWidthPx).toBeGreaterThan(80);
      expect(item.quality.brightness).toBeGreaterThan(0);
      expect(item.quality.brightness).toBeLessThan(256);
    }
    // Deleting one frees a place.
    const del = await property.request({ method: 'DELETE', url: `/api/v1/access/faces/${body.items[2].id}` });
    expect(del.statusCode).toBe(200);
    expect((await enrol(devPhoto('Abdullah_Gul/4.jpg'))).statusCode).toBe(201);
    expect(await templatesOf()).toHaveLength(3);
  });

  it('refreshes from confirmed passages within the limits, audited, replacing the oldest refreshed one', async () => {
    const frame = await cameraFrame(devPhoto('Abdullah_Gul/1.jpg'));
    const { face, engine } = await search(frame);
    const hit = await waitFor(async () => {
      const h = (await search(frame)).hit;
      return h.best?.personId === personId ? h : null;
    });
    const base: RefreshInput = {
      siteId,
      personId,
      embedding: face.embedding!,
      modelId: engine.modelId,
      modelVersion: engine.modelVersion,
      score: hit.best!.score,
      secondScore: hit.second?.score ?? null,
      credentialContradicts: false,
      quality: face.quality,
      passageId: 'test-passage',
    };
    expect(base.score).toBeGreaterThanOrEqual(
      REFRESH_LIMITS.threshold + REFRESH_LIMITS.minScoreAboveThreshold,
    );
    const start = Date.now();
    const at = (days: number) => env.setNow(new Date(start + days * DAY));

    at(0);
    expect(await refreshFromPassage(env.ctx, { ...base, credentialContradicts: true })).toEqual({
      added: false,
      reason: 'contradicted',
    });
    expect(await refreshFromPassage(env.ctx, { ...base, score: REFRESH_LIMITS.threshold + 0.005 })).toEqual({
      added: false,
      reason: 'score_too_low',
    });
    const first = await refreshFromPassage(env.ctx, base);
    expect(first).toMatchObject({ added: true, replacedTemplateId: null });
    expect(await refreshFromPassage(env.ctx, base)).toEqual({ added: false, reason: 'too_soon' });
    at(8);
    expect(await refreshFromPassage(env.ctx, base)).toMatchObject({ added: true, replacedTemplateId: null });
    at(16);
    const third = await refreshFromPassage(env.ctx, base);
    expect(third.added && third.replacedTemplateId).toBe(first.added ? first.templateId : 'none');
    env.setNow(undefined);

    const rows = await templatesOf();
    expect(rows.filter((r) => r.source === 'passage_refresh')).toHaveLength(2);
    expect(rows.filter((r) => r.source === 'upload')).toHaveLength(3);
    const audits = await env.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'face.refresh'), eq(auditLog.subjectId, personId)));
    expect(audits).toHaveLength(3);
    // The gallery took the refreshed templates in (event bus).
    const gallery = await faces.gallery(siteId);
    await waitFor(() => rows.every((r) => gallery.has(r.id)));
  });

  it('withdrawing the face consent deletes every template of the set and the gallery forgets the person', async () => {
    const list = await resident.get('/api/v1/access/me/consents');
    const consent = list
      .json()
      .items.find(
        (c: { purpose: string; withdrawnAt: string | null }) =>
          c.purpose === 'face_recognition' && !c.withdrawnAt,
      );
    const frame = await cameraFrame(devPhoto('Abdullah_Gul/5.jpg'));
    expect((await search(frame)).hit.best?.personId).toBe(personId);
    const res = await resident.post(`/api/v1/access/me/consents/${consent.id}/withdraw`);
    expect(res.statusCode).toBe(200);
    expect(res.json().templatesDeleted).toBe(5);
    expect(await templatesOf()).toHaveLength(0);
    await waitFor(async () => ((await search(frame)).hit.best?.personId !== personId ? true : null));
    // And no refresh brings a template back.
    const { face, engine } = await search(frame);
    expect(
      await refreshFromPassage(env.ctx, {
        siteId,
        personId,
        embedding: face.embedding!,
        modelId: engine.modelId,
        modelVersion: engine.modelVersion,
        score: 0.99,
        secondScore: null,
        credentialContradicts: false,
        quality: face.quality,
      }),
    ).toEqual({ added: false, reason: 'consent_inactive' });
  });
});
