import { describe, expect, it } from 'vitest';
import {
  REFRESH_LIMITS,
  type RefreshCandidate,
  refreshPolicy,
  type RefreshState,
} from './template-refresh.ts';

const DAY = 24 * 60 * 60 * 1000;
const now = new Date('2026-12-03T08:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY);
const high = REFRESH_LIMITS.threshold + REFRESH_LIMITS.minScoreAboveThreshold;

const good: RefreshCandidate = {
  enrolledScore: high + 0.005,
  score: high + 0.005,
  secondScore: high - 0.1,
  credentialContradicts: false,
  quality: { faceWidthPx: 160, yaw: 5, pitch: -3 },
};
const state = (
  templates: RefreshState['templates'] = [{ id: 'e1', source: 'upload', createdAt: daysAgo(100) }],
) => ({
  consentActive: true,
  modelMatches: true,
  templates,
  now,
});

describe('template refresh policy', () => {
  it('adds a template from a clear, uncontradicted passage', () => {
    expect(refreshPolicy(good, state())).toEqual({ add: true, replaceTemplateId: null });
  });

  it('needs the score well above the gate threshold, against the enrolled photos too', () => {
    const justAbove = REFRESH_LIMITS.threshold + 0.01;
    expect(refreshPolicy({ ...good, score: justAbove }, state())).toEqual({
      add: false,
      reason: 'score_too_low',
    });
    // A frame that only matches an earlier refreshed template (drift) is not learnt from.
    expect(refreshPolicy({ ...good, enrolledScore: justAbove }, state())).toEqual({
      add: false,
      reason: 'score_too_low',
    });
    expect(refreshPolicy({ ...good, enrolledScore: Number.NEGATIVE_INFINITY }, state())).toMatchObject({
      add: false,
    });
  });

  it('refuses a small margin over another person, and takes no second person as no competitor', () => {
    expect(refreshPolicy({ ...good, secondScore: good.score - 0.02 }, state())).toEqual({
      add: false,
      reason: 'margin_too_small',
    });
    expect(refreshPolicy({ ...good, secondScore: null }, state())).toMatchObject({ add: true });
  });

  it('never learns from a passage another credential contradicts, nor without consent', () => {
    expect(refreshPolicy({ ...good, credentialContradicts: true }, state())).toEqual({
      add: false,
      reason: 'contradicted',
    });
    expect(refreshPolicy(good, { ...state(), consentActive: false })).toEqual({
      add: false,
      reason: 'consent_inactive',
    });
    expect(refreshPolicy(good, { ...state(), modelMatches: false })).toEqual({
      add: false,
      reason: 'model_mismatch',
    });
    expect(refreshPolicy(good, state([]))).toEqual({ add: false, reason: 'no_enrolled_template' });
  });

  it('refuses a turned or small face', () => {
    expect(refreshPolicy({ ...good, quality: { ...good.quality, yaw: 35 } }, state())).toEqual({
      add: false,
      reason: 'poor_quality',
    });
    expect(refreshPolicy({ ...good, quality: { ...good.quality, faceWidthPx: 70 } }, state())).toEqual({
      add: false,
      reason: 'poor_quality',
    });
  });

  it('refreshes at most once per period and replaces the oldest refreshed template, never an enrolled one', () => {
    const enrolled = [
      { id: 'e1', source: 'upload', createdAt: daysAgo(400) },
      { id: 'e2', source: 'gate_camera', createdAt: daysAgo(300) },
    ];
    const recent = [...enrolled, { id: 'r1', source: 'passage_refresh', createdAt: daysAgo(2) }];
    expect(refreshPolicy(good, state(recent))).toEqual({ add: false, reason: 'too_soon' });
    const oneOld = [
      ...enrolled,
      { id: 'r1', source: 'passage_refresh', createdAt: daysAgo(REFRESH_LIMITS.minDaysBetween) },
    ];
    expect(refreshPolicy(good, state(oneOld))).toEqual({ add: true, replaceTemplateId: null });
    const full = [
      ...enrolled,
      { id: 'r2', source: 'passage_refresh', createdAt: daysAgo(10) },
      { id: 'r1', source: 'passage_refresh', createdAt: daysAgo(30) },
    ];
    expect(refreshPolicy(good, state(full))).toEqual({ add: true, replaceTemplateId: 'r1' });
  });
});
