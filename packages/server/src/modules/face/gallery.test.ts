import { describe, expect, it } from 'vitest';
import { FaceGallery, type ScanKind } from './gallery.ts';

const vec = (...xs: number[]) => Float32Array.from(xs);

describe.each<ScanKind>(['js', 'usearch'])('FaceGallery (%s scan)', (scan) => {
  it('returns the best template and the best template of another person', () => {
    const g = new FaceGallery(3, { scan });
    g.add('a1', 'alice', vec(1, 0, 0));
    g.add('a2', 'alice', vec(0.9, 0.1, 0));
    g.add('b1', 'bob', vec(0, 1, 0));
    g.add('c1', 'carol', vec(0.6, 0.6, 0));
    const r = g.search(vec(1, 0.05, 0));
    expect(r.best).toMatchObject({ templateId: 'a1', personId: 'alice' });
    // alice's second template is closer than carol, but the runner-up must be another person.
    expect(r.second).toMatchObject({ templateId: 'c1', personId: 'carol' });
    expect(r.best!.score).toBeGreaterThan(r.second!.score);
    expect(r.best!.score).toBeCloseTo(1 / Math.hypot(1, 0.05), 5);
    expect(r.scanned).toBe(4);
  });

  it('normalises vectors, so scores are cosines', () => {
    const g = new FaceGallery(2, { scan });
    g.add('t', 'p', vec(10, 0));
    expect(g.search(vec(3, 3)).best!.score).toBeCloseTo(Math.SQRT1_2, 5);
  });

  it('removes templates and persons, and grows past its initial capacity', () => {
    const g = new FaceGallery(4, { scan, initialCapacity: 16 });
    for (let i = 0; i < 100; i++) {
      const v = new Float32Array(4);
      v[i % 4] = 1;
      v[(i + 1) % 4] = i / 100;
      g.add(`t${i}`, `p${i % 10}`, v);
    }
    expect(g.size).toBe(100);
    expect(g.remove('t0')).toBe(true);
    expect(g.remove('t0')).toBe(false);
    expect(g.has('t0')).toBe(false);
    expect(g.size).toBe(99);
    // Every remaining template is still found exactly.
    for (const i of [1, 50, 99]) {
      const v = g.templateVector(`t${i}`)!;
      expect(g.search(v).best!.score).toBeCloseTo(1, 5);
    }
    expect(g.removePerson('p3')).toBe(10);
    expect(g.size).toBe(89);
    for (let k = 0; k < 20; k++) {
      const r = g.search(Float32Array.from([Math.random(), Math.random(), Math.random(), Math.random()]));
      expect(r.best!.personId).not.toBe('p3');
      expect(r.second!.personId).not.toBe(r.best!.personId);
    }
  });

  it('replaces a template added again under the same id', () => {
    const g = new FaceGallery(2, { scan });
    g.add('t', 'p', vec(1, 0));
    g.add('t', 'q', vec(0, 1));
    expect(g.size).toBe(1);
    expect(g.search(vec(0, 1)).best).toMatchObject({ personId: 'q' });
  });

  it('answers an empty gallery and a single person without a runner-up', () => {
    const g = new FaceGallery(2, { scan });
    expect(g.search(vec(1, 0))).toEqual({ scanned: 0 });
    g.add('t1', 'p', vec(1, 0));
    g.add('t2', 'p', vec(0, 1));
    const r = g.search(vec(1, 0));
    expect(r.best!.personId).toBe('p');
    expect(r.second).toBeUndefined();
  });

  it('refuses vectors of the wrong dimension', () => {
    const g = new FaceGallery(3, { scan });
    expect(() => g.add('t', 'p', vec(1, 0))).toThrow(/dimensions/);
    expect(() => g.search(vec(1, 0))).toThrow(/dimensions/);
  });
});

it('js and usearch scans agree on random data', () => {
  const js = new FaceGallery(16, { scan: 'js' });
  const us = new FaceGallery(16, { scan: 'usearch' });
  for (let i = 0; i < 2000; i++) {
    const v = Float32Array.from({ length: 16 }, () => Math.random() - 0.5);
    js.add(`t${i}`, `p${i % 700}`, v);
    us.add(`t${i}`, `p${i % 700}`, v);
  }
  for (let k = 0; k < 50; k++) {
    const q = Float32Array.from({ length: 16 }, () => Math.random() - 0.5);
    const a = js.search(q);
    const b = us.search(q);
    expect(b.best!.templateId).toBe(a.best!.templateId);
    expect(b.second!.personId).toBe(a.second!.personId);
    expect(b.best!.score).toBeCloseTo(a.best!.score, 5);
  }
});
