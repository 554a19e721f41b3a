/**
 * Part of `npm test`: vitest.config.ts includes the bench folder's tests.
 * Reference values: scipy.stats.beta.ppf (the textbook form of the Clopper–Pearson interval).
 */
import { describe, expect, it } from 'vitest';
import { assignFolds, binomialCdf, clopperPearson, formatRate, spread } from './face-stats.ts';

describe('clopperPearson', () => {
  it.each([
    [0, 74, 0, 0.04862761623798953],
    [29, 274, 0.07203649608624334, 0.14845775977605294],
    [1, 79, 0.0003204272343042667, 0.06851990948677214],
    [5, 10, 0.18708602844739855, 0.8129139715526015],
    [9, 16831, 0.00024453972539024803, 0.001014835734409765],
    [274, 274, 0.9866271580002837, 1],
  ])('%i of %i', (k, n, lo, hi) => {
    const [l, h] = clopperPearson(k, n);
    expect(l).toBeCloseTo(lo, 9);
    expect(h).toBeCloseTo(hi, 9);
  });

  it('0 of n has the closed form 1 - 0.025^(1/n)', () => {
    expect(clopperPearson(0, 288)[1]).toBeCloseTo(1 - 0.025 ** (1 / 288), 10);
  });

  it('refuses impossible counts and gives [0, 1] for no trials', () => {
    expect(() => clopperPearson(3, 2)).toThrow();
    expect(() => clopperPearson(-1, 2)).toThrow();
    expect(clopperPearson(0, 0)).toEqual([0, 1]);
  });

  it('formats "0 of 74" as an upper bound', () => {
    expect(formatRate(0, 74)).toBe('0 / 74 (< 4.9 %)');
    expect(formatRate(29, 274)).toBe('29 / 274 = 10.6 % (7.2–14.8 %)');
  });
});

describe('binomialCdf', () => {
  it('matches a hand-computed case and its edges', () => {
    // P(X <= 1 | n = 3, p = 0.5) = (1 + 3) / 8
    expect(binomialCdf(1, 3, 0.5)).toBeCloseTo(0.5, 12);
    expect(binomialCdf(3, 3, 0.2)).toBe(1);
    expect(binomialCdf(-1, 3, 0.2)).toBe(0);
  });
});

describe('spread and folds', () => {
  it('mean, sample sd, min, max', () => {
    const s = spread([1, 2, 3, 4]);
    expect(s.mean).toBe(2.5);
    expect(s.sd).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect([s.min, s.max]).toEqual([1, 4]);
  });

  it('deals every item to one of k folds, the same way for the same seed', () => {
    const ids = Array.from({ length: 23 }, (_, i) => `id${i}`);
    const a = assignFolds(ids, 5, 17);
    expect(assignFolds(ids, 5, 17)).toEqual(a);
    const sizes = [0, 1, 2, 3, 4].map((f) => [...a.values()].filter((x) => x === f).length);
    expect(sizes.sort()).toEqual([4, 4, 5, 5, 5]);
    expect(assignFolds(ids, 5, 18)).not.toEqual(a);
  });
});
