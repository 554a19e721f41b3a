import { describe, expect, it } from 'vitest';
import { renderMessage } from '@anju/contracts';
import { decideFace } from './decision.ts';
import type { AnalyzedFace, FaceAnalysis, FaceQuality } from './engine.ts';
import { FaceGallery } from './gallery.ts';
import { checkEnrolmentQuality, checkProbeQuality } from './quality.ts';
import { ENROL_QUALITY, PROBE_QUALITY } from './thresholds.ts';

const goodQuality: FaceQuality = {
  faceWidthPx: 180,
  yaw: 2,
  pitch: -3,
  roll: 1,
  blur: 300,
  centered: true,
  centerOffset: 0.02,
  detectionScore: 0.95,
};

const face = (over: Partial<FaceQuality> = {}, embedding?: number[], liveness?: number): AnalyzedFace => ({
  box: { x: 200, y: 120, width: over.faceWidthPx ?? 180, height: over.faceWidthPx ?? 180 },
  quality: { ...goodQuality, ...over },
  embedding: embedding ? Float32Array.from(embedding) : undefined,
  liveness,
});

const analysis = (...faces: AnalyzedFace[]): FaceAnalysis => ({
  faces,
  width: 640,
  height: 480,
  decodeMs: 3,
  analyzeMs: 100,
  padded: false,
});

const gallery = () => {
  const g = new FaceGallery(3);
  g.add('a1', 'alice', Float32Array.from([1, 0, 0]));
  g.add('b1', 'bob', Float32Array.from([0, 1, 0]));
  // carol and dave look alike to the model.
  g.add('c1', 'carol', Float32Array.from([0, 0, 1]));
  g.add('d1', 'dave', Float32Array.from([0, 0.05, 1]));
  return g;
};
const thresholds = { minScore: 0.9, minMargin: 0.01 };

describe('decideFace', () => {
  it('matches the enrolled person', () => {
    const d = decideFace(analysis(face({}, [0.98, 0.1, 0.05])), gallery(), { thresholds });
    expect(d).toMatchObject({ outcome: 'match', reason: 'matched', personId: 'alice', templateId: 'a1' });
    expect(d.score).toBeGreaterThan(0.9);
    expect(d.secondScore).toBeLessThan(d.score!);
  });

  it('refuses an unknown face with its best score', () => {
    const d = decideFace(analysis(face({}, [0.6, 0.6, 0.5])), gallery(), { thresholds });
    expect(d).toMatchObject({ outcome: 'unknown_face', reason: 'unknown_face' });
    expect(renderMessage(d.message, 'zh-CN')).toBe('未登记');
    expect(renderMessage(d.message, 'en')).toBe('Not registered');
    expect(d.personId).toBeUndefined();
    expect(d.score).toBeLessThan(0.9);
  });

  it('refuses when two people are within the margin (never open for the wrong resident)', () => {
    const d = decideFace(analysis(face({}, [0, 0.025, 1])), gallery(), { thresholds });
    expect(d).toMatchObject({ outcome: 'ambiguous', reason: 'ambiguous_match' });
    expect(d.personId).toBeUndefined();
  });

  it('an empty gallery gives unknown_face', () => {
    const d = decideFace(analysis(face({}, [1, 0, 0])), new FaceGallery(3), { thresholds });
    expect(d).toMatchObject({ outcome: 'unknown_face', score: null });
  });

  it('says why a frame is unusable', () => {
    const g = gallery();
    expect(decideFace(analysis(), g)).toMatchObject({ outcome: 'no_face', reason: 'no_face' });
    expect(decideFace(analysis(face({ faceWidthPx: 30 }, [1, 0, 0])), g)).toMatchObject({
      outcome: 'poor_quality',
      reason: 'face_too_small',
    });
    const pose = decideFace(analysis(face({ yaw: 70 }, [1, 0, 0])), g);
    expect(pose).toMatchObject({ outcome: 'poor_quality', reason: 'bad_pose' });
    expect(renderMessage(pose.message, 'zh-CN')).toBe('请正对摄像头');
    expect(renderMessage(pose.message, 'en')).toBe('Face the camera directly');
    expect(decideFace(analysis(face({ blur: 1 }, [1, 0, 0])), g)).toMatchObject({ reason: 'too_blurry' });
    expect(decideFace(analysis(face({}, [1, 0, 0], 0.01)), g)).toMatchObject({
      outcome: 'low_liveness',
      reason: 'low_liveness',
    });
  });

  it('refuses a face without a liveness score when the engine scores liveness', () => {
    const g = gallery();
    const unscored = analysis(face({}, [1, 0, 0]));
    expect(decideFace(unscored, g, { requireLiveness: true })).toMatchObject({ outcome: 'low_liveness' });
    expect(decideFace(unscored, g).outcome).toBe('match');
    expect(decideFace(analysis(face({}, [1, 0, 0], 0.6)), g, { requireLiveness: true })).toMatchObject({
      outcome: 'match',
      liveness: 0.6,
    });
  });

  it('judges the primary face only; bystanders do not matter at the gate', () => {
    const d = decideFace(
      analysis(face({}, [1, 0, 0]), face({ faceWidthPx: 170, centered: false })),
      gallery(),
    );
    expect(d.outcome).toBe('match');
  });
});

describe('enrolment quality', () => {
  it('wants exactly one usable face', () => {
    expect(checkEnrolmentQuality(analysis())).toEqual({ ok: false, reason: 'no_face' });
    const two = analysis(face(), face({ faceWidthPx: 150, centered: false, centerOffset: 0.3 }));
    expect(checkEnrolmentQuality(two)).toMatchObject({ ok: false, reason: 'multiple_faces' });
    // A small face far in the background is fine.
    const background = analysis(face(), face({ faceWidthPx: 40, centered: false, centerOffset: 0.4 }));
    expect(checkEnrolmentQuality(background).ok).toBe(true);
  });

  it('is stricter than the gate', () => {
    const small = analysis(
      face({ faceWidthPx: (ENROL_QUALITY.minFaceWidthPx + PROBE_QUALITY.minFaceWidthPx) / 2 }),
    );
    expect(checkEnrolmentQuality(small)).toMatchObject({ ok: false, reason: 'face_too_small' });
    expect(checkProbeQuality(small).ok).toBe(true);
    const turned = analysis(face({ yaw: ENROL_QUALITY.maxYawDeg + 1 }));
    expect(checkEnrolmentQuality(turned)).toMatchObject({ ok: false, reason: 'bad_pose' });
    const blurry = analysis(face({ blur: ENROL_QUALITY.minBlur - 1 }));
    expect(checkEnrolmentQuality(blurry)).toMatchObject({ ok: false, reason: 'too_blurry' });
  });
});

describe('exposure', () => {
  it('refuses a too dark or too bright face with its own reason and message, before blur', () => {
    const dark = checkProbeQuality(analysis(face({ brightness: 20, blur: 5 })));
    expect(dark).toMatchObject({ ok: false, reason: 'too_dark' });
    const bright = checkProbeQuality(analysis(face({ brightness: 240 })));
    expect(bright).toMatchObject({ ok: false, reason: 'too_bright' });
    expect(checkProbeQuality(analysis(face({ brightness: 130 })))).toMatchObject({ ok: true });
    // Engines that do not measure brightness are not refused for it.
    expect(checkProbeQuality(analysis(face()))).toMatchObject({ ok: true });
    // Enrolment is stricter than the gate.
    expect(checkEnrolmentQuality(analysis(face({ brightness: 50 })))).toMatchObject({ reason: 'too_dark' });
    expect(checkProbeQuality(analysis(face({ brightness: 50 })))).toMatchObject({ ok: true });
    const g = gallery();
    const d = decideFace(analysis(face({ brightness: 20 }, [1, 0, 0])), g);
    expect(d).toMatchObject({ outcome: 'poor_quality', reason: 'too_dark' });
    expect(renderMessage(d.message, 'zh-CN')).toBe('光线太暗，请到亮处');
    expect(renderMessage(d.message, 'en')).toBe('Too dark; move into the light');
  });
});
