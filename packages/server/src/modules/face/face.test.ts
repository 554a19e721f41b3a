/**
 * The face engine end to end on real photos from ../shared/faces/dev (read at test time, never copied),
 * through the worker pool the server uses.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideFace } from './decision.ts';
import { addTemplateToGallery, enrolFromImage } from './enrolment.ts';
import { FaceError } from './errors.ts';
import { FaceGallery } from './gallery.ts';
import { FaceEnginePool } from './pool.ts';
import { MATCH_MODEL_ID, MATCH_THRESHOLDS } from './thresholds.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const DEV = path.resolve(repoRoot, '../shared/faces/dev');
const haveDev = existsSync(path.join(DEV, 'enrolled.txt'));
const photo = (rel: string) => readFileSync(path.join(DEV, rel));

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(FaceError);
    return (err as FaceError).code;
  }
  return 'no error';
}

describe.skipIf(!haveDev)(
  `face engine on real photos (${haveDev ? DEV : `skipped: ${DEV} is absent`})`,
  () => {
    let pool: FaceEnginePool;
    const gallery = new FaceGallery(128);

    beforeAll(async () => {
      pool = await FaceEnginePool.start({ size: 1, maxQueue: 4, jobTimeoutMs: 30_000 });
      for (const id of ['Abdullah_Gul', 'Adrien_Brody', 'Angela_Merkel']) {
        const r = await enrolFromImage(pool, photo(`${id}/1.jpg`));
        if (!r.ok) throw new Error(`enrolment of ${id} failed: ${r.reason}`);
        expect(r.template.modelId).toBe(MATCH_MODEL_ID);
        expect(r.template.embedding).toHaveLength(128);
        addTemplateToGallery(gallery, `${id}-1`, id, r.template, MATCH_MODEL_ID);
      }
    });
    afterAll(async () => {
      await pool?.close();
    });

    it('matches a different photo of an enrolled person', async () => {
      const a = await pool.analyze(photo('Abdullah_Gul/2.jpg'));
      expect(a.faces.length).toBeGreaterThanOrEqual(1);
      expect(a.faces[0]!.embedding).toHaveLength(128);
      expect(a.faces[0]!.landmarks).toHaveLength(68);
      expect(pool.hasLiveness).toBe(true);
      expect(a.faces[0]!.liveness).toBeGreaterThan(0);
      const d = decideFace(a, gallery, { requireLiveness: pool.hasLiveness });
      expect(d).toMatchObject({ outcome: 'match', personId: 'Abdullah_Gul' });
      expect(d.score).toBeGreaterThanOrEqual(MATCH_THRESHOLDS.minScore);
    });

    it('does not open for an impostor', async () => {
      const d = decideFace(await pool.analyze(photo('Bill_Belichick/1.jpg')), gallery);
      expect(d.outcome).not.toBe('match');
      expect(d.personId).toBeUndefined();
    });

    it('finds no face in a flat grey frame', async () => {
      const grey = await sharp({
        create: { width: 640, height: 480, channels: 3, background: { r: 128, g: 128, b: 128 } },
      })
        .jpeg()
        .toBuffer();
      const a = await pool.analyze(grey);
      expect(a.faces).toHaveLength(0);
      expect(decideFace(a, gallery)).toMatchObject({ outcome: 'no_face', reason: 'no_face' });
      const enrol = await enrolFromImage(pool, grey);
      expect(enrol).toMatchObject({ ok: false, reason: 'no_face' });
    });

    it('reports bad input with specific codes across the worker boundary', async () => {
      expect(await codeOf(pool.analyze(Buffer.from('GET / HTTP/1.1 — not an image')))).toBe('not_an_image');
      const jpeg = photo('Adrien_Brody/2.jpg');
      expect(await codeOf(pool.analyze(jpeg.subarray(0, Math.floor(jpeg.length / 2))))).toBe(
        'image_truncated',
      );
      const big = Buffer.alloc(10 * 1024 * 1024 + 1);
      jpeg.copy(big);
      expect(await codeOf(pool.analyze(big))).toBe('image_too_large');
      const huge = await sharp({ create: { width: 6000, height: 4000, channels: 3, background: 'white' } })
        .jpeg({ quality: 20 })
        .toBuffer();
      expect(await codeOf(pool.analyze(huge))).toBe('image_too_many_pixels');
    });

    it('replaces a worker that dies; its in-flight job fails with a clear error', async () => {
      const before = pool.stats().workerRestarts;
      const job = pool.analyze(photo('Adrien_Brody/2.jpg'));
      // Killed while a worker has the job (not after a fixed time).
      await expect.poll(() => pool.stats().busy).toBe(1);
      expect(pool.killOneWorker()).toBe(true);
      expect(await codeOf(job)).toBe('engine_worker_died');
      await pool.whenFull();
      expect(pool.stats().workerRestarts).toBe(before + 1);
      // The replacement works.
      const d = decideFace(await pool.analyze(photo('Adrien_Brody/2.jpg')), gallery);
      expect(d).toMatchObject({ outcome: 'match', personId: 'Adrien_Brody' });
    });

    it('refuses work beyond its queue instead of piling up', async () => {
      const img = photo('Angela_Merkel/2.jpg');
      const jobs = Array.from({ length: 8 }, () =>
        pool.analyze(img).then(
          () => 'ok',
          (e: FaceError) => e.code,
        ),
      );
      const results = await Promise.all(jobs);
      // One running + 4 queued are accepted; the rest are refused at once.
      expect(results.filter((r) => r === 'ok')).toHaveLength(5);
      expect(results.filter((r) => r === 'engine_overloaded')).toHaveLength(3);
      expect(pool.stats().rejectedOverload).toBeGreaterThanOrEqual(3);
    });
  },
);
