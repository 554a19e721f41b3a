/**
 * The kiosk's 1:1 person-and-ID check on real photos from ../shared/faces/dev (read at test time):
 * a 102x126 chip photo made from one photo, a camera frame from another.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cameraFrame, chipPhotoOf, DEV_FACES, devPhoto, haveDevFaces } from '../../../test/face-photos.ts';
import type { FaceAnalysis } from './engine.ts';
import { enrolFromImage } from './enrolment.ts';
import { FaceEnginePool } from './pool.ts';
import { KIOSK_VERIFY } from './thresholds.ts';
import { analyzeChipPhoto, decideVerification, verifyFaces } from './verify.ts';

describe.skipIf(!haveDevFaces)(
  `kiosk 1:1 verification on real photos (${haveDevFaces ? DEV_FACES : 'skipped: dev faces absent'})`,
  () => {
    let pool: FaceEnginePool;
    const chip: Record<string, Buffer> = {};
    const template: Record<string, Float32Array> = {};

    beforeAll(async () => {
      pool = await FaceEnginePool.start({ size: 2, maxQueue: 8, jobTimeoutMs: 30_000 });
      for (const id of ['Dick_Cheney', 'Laura_Bush']) {
        const bytes = devPhoto(`${id}/1.jpg`);
        const a = await pool.analyze(bytes, { embed: 'none' });
        chip[id] = await chipPhotoOf(bytes, a.faces[0]!.box);
        const e = await enrolFromImage(pool, bytes);
        if (!e.ok) throw new Error(`enrolment of ${id} failed: ${e.reason}`);
        template[id] = e.template.embedding;
      }
    });
    afterAll(async () => {
      await pool?.close();
    });

    it('finds the face in a 102x126 chip photo', async () => {
      expect(await sharp(chip.Dick_Cheney!).metadata()).toMatchObject({ width: 102, height: 126 });
      const ref = await analyzeChipPhoto(pool, chip.Dick_Cheney!);
      expect(ref.ok).toBe(true);
    });

    it('matches the same person against the chip photo, and against chip + enrolled template', async () => {
      const live = await cameraFrame(devPhoto('Dick_Cheney/2.jpg'));
      const r = await verifyFaces(pool, { live, chipPhoto: chip.Dick_Cheney });
      expect(r).toMatchObject({ outcome: 'match', templateScore: null });
      expect(r.score).toBeGreaterThanOrEqual(KIOSK_VERIFY.minScore);
      expect(r.liveness).toBeGreaterThanOrEqual(KIOSK_VERIFY.minLiveness);
      expect(r.message.key).toBe('face.verify.matched');

      const both = await verifyFaces(pool, {
        live,
        chipPhoto: chip.Dick_Cheney,
        templates: [template.Laura_Bush!, template.Dick_Cheney!],
      });
      expect(both.outcome).toBe('match');
      expect(both.templateScore).toBeGreaterThanOrEqual(KIOSK_VERIFY.minScoreWithTemplate);
      expect(both.score).toBe(Math.min(both.chipScore!, both.templateScore!));
    });

    it('refuses another person', async () => {
      const live = await cameraFrame(devPhoto('Laura_Bush/2.jpg'));
      const r = await verifyFaces(pool, { live, chipPhoto: chip.Dick_Cheney });
      expect(r).toMatchObject({ outcome: 'mismatch', reason: 'mismatch' });
      expect(r.score).toBeLessThan(KIOSK_VERIFY.minScore);
      expect(r.message.texts.en).toMatch(/does not match/);
    });

    it('refuses when the chip photo matches but the enrolled template is someone else (AND rule)', async () => {
      const live = await cameraFrame(devPhoto('Dick_Cheney/2.jpg'));
      const r = await verifyFaces(pool, {
        live,
        chipPhoto: chip.Dick_Cheney,
        templates: [template.Laura_Bush!],
      });
      expect(r.outcome).toBe('mismatch');
      expect(r.chipScore).toBeGreaterThanOrEqual(KIOSK_VERIFY.minScore);
      expect(r.templateScore).toBeLessThan(KIOSK_VERIFY.minScoreWithTemplate);
    });

    it('says no_face for a frame without a face, and no_reference without any reference', async () => {
      const grey = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#808080' } })
        .jpeg()
        .toBuffer();
      const r = await verifyFaces(pool, { live: grey, chipPhoto: chip.Dick_Cheney });
      expect(r).toMatchObject({ outcome: 'no_face', reason: 'no_face', score: null, liveness: null });

      const live = await cameraFrame(devPhoto('Dick_Cheney/2.jpg'));
      expect(await verifyFaces(pool, { live, chipPhoto: null })).toMatchObject({
        outcome: 'no_reference',
        reason: 'no_reference',
      });
      const blankChip = await sharp({
        create: { width: 102, height: 126, channels: 3, background: '#ffffff' },
      })
        .jpeg()
        .toBuffer();
      expect(await verifyFaces(pool, { live, chipPhoto: blankChip })).toMatchObject({
        outcome: 'no_reference',
        reason: 'chip_no_face',
      });
      // Templates alone decide when the reader gives no chip photo.
      expect(await verifyFaces(pool, { live, templates: [template.Dick_Cheney!] })).toMatchObject({
        outcome: 'match',
        chipScore: null,
      });
    });
  },
);

/** The pure decision, on a hand-made analysis (no engine). */
describe('decideVerification', () => {
  const unit = (i: number) => {
    const v = new Float32Array(4);
    v[i] = 1;
    return v;
  };
  const analysis = (
    faces: Array<{ width: number; liveness?: number; embedding?: Float32Array }>,
  ): FaceAnalysis => ({
    width: 640,
    height: 480,
    decodeMs: 0,
    analyzeMs: 0,
    padded: false,
    faces: faces.map((f) => ({
      box: { x: 200, y: 100, width: f.width, height: f.width },
      liveness: f.liveness,
      embedding: f.embedding,
      quality: {
        faceWidthPx: f.width,
        yaw: 0,
        pitch: 0,
        roll: 0,
        blur: 100,
        centered: true,
        centerOffset: 0,
        detectionScore: 0.9,
      },
    })),
  });
  const chipOf = (v: Float32Array) => ({
    ok: true as const,
    embedding: v,
    face: analysis([{ width: 60 }]).faces[0]!,
  });

  it('refuses a frame with a second person beside the first', () => {
    const r = decideVerification(
      analysis([
        { width: 150, liveness: 0.9, embedding: unit(0) },
        { width: 120, liveness: 0.9 },
      ]),
      { chip: chipOf(unit(0)) },
    );
    expect(r).toMatchObject({ outcome: 'poor_quality', reason: 'multiple_faces' });
  });

  it('fails liveness closed: low score, or no score at all', () => {
    const low = decideVerification(analysis([{ width: 150, liveness: 0.01, embedding: unit(0) }]), {
      chip: chipOf(unit(0)),
    });
    expect(low).toMatchObject({ outcome: 'liveness_failed', reason: 'low_liveness' });
    const none = decideVerification(analysis([{ width: 150, embedding: unit(0) }]), {
      chip: chipOf(unit(0)),
    });
    expect(none.outcome).toBe('liveness_failed');
    const optedOut = decideVerification(
      analysis([{ width: 150, embedding: unit(0) }]),
      { chip: chipOf(unit(0)) },
      { requireLiveness: false },
    );
    expect(optedOut.outcome).toBe('match');
  });

  it('needs every reference to clear the threshold', () => {
    const live = analysis([{ width: 150, liveness: 0.9, embedding: unit(0) }]);
    expect(decideVerification(live, { chip: chipOf(unit(0)), templates: [unit(1), unit(0)] }).outcome).toBe(
      'match',
    );
    expect(decideVerification(live, { chip: chipOf(unit(0)), templates: [unit(1)] })).toMatchObject({
      outcome: 'mismatch',
      chipScore: 1,
      templateScore: 0,
      score: 0,
    });
    expect(decideVerification(live, { chip: chipOf(unit(2)), templates: [unit(0)] }).outcome).toBe(
      'mismatch',
    );
  });
});
