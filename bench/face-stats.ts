/**
 * Small statistics for the face benchmarks: exact (Clopper–Pearson) binomial intervals, the spread
 * of a figure across folds, and a seeded shuffle so fold assignment is the same on every run.
 */
import { mulberry32 } from '../packages/server/src/platform/random.ts';

/** log Γ(x), Lanczos (g = 7); accurate to ~1e-15 relative, ample for binomial tails. */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const xx = x - 1;
  let a = c[0]!;
  const t = xx + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (xx + i);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(X <= k) for X ~ Binomial(n, p), summed in log space (n up to ~10^6 is fine). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n || p <= 0) return 1;
  if (p >= 1) return 0;
  const lc = logGamma(n + 1);
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  let s = 0;
  for (let i = 0; i <= k; i++)
    s += Math.exp(lc - logGamma(i + 1) - logGamma(n - i + 1) + i * lp + (n - i) * lq);
  return Math.min(1, s);
}

/** Root of a decreasing-in-p function on [0, 1] by bisection (60 halvings: far below 1e-12). */
function bisect(f: (p: number) => number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Exact two-sided Clopper–Pearson interval for k successes in n trials (the beta quantiles, found
 * as the p where the binomial tails equal alpha/2). 0 of n gives [0, 1 - (alpha/2)^(1/n)].
 */
export function clopperPearson(k: number, n: number, alpha = 0.05): [number, number] {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || n < 0 || k > n)
    throw new Error(`clopperPearson needs integers 0 <= k <= n, got ${k} of ${n}`);
  if (n === 0) return [0, 1];
  const tail = alpha / 2;
  // upper: P(X <= k | p) = alpha/2; lower: P(X >= k | p) = alpha/2.
  const upper = k === n ? 1 : bisect((p) => binomialCdf(k, n, p) - tail);
  const lower = k === 0 ? 0 : bisect((p) => tail - (1 - binomialCdf(k - 1, n, p)));
  return [lower, upper];
}

export interface Spread {
  mean: number;
  sd: number;
  min: number;
  max: number;
}

/** Mean, sample standard deviation, min and max of per-fold figures. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { mean: 0, sd: 0, min: 0, max: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd =
    values.length < 2 ? 0 : Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
  return { mean, sd, min: Math.min(...values), max: Math.max(...values) };
}

/** Deal items into k folds after a seeded shuffle (fold sizes differ by at most one). */
export function assignFolds<T>(items: readonly T[], k: number, seed: number): Map<T, number> {
  const rnd = mulberry32(seed);
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return new Map(a.map((x, i) => [x, i % k]));
}

/** "3 / 274 = 1.1 % (0.2–3.2 %)" for READMEs and logs. */
export function formatRate(k: number, n: number, digits = 1): string {
  const [lo, hi] = clopperPearson(k, n);
  const pct = (x: number) => `${(100 * x).toFixed(digits)}`;
  return k === 0 ? `0 / ${n} (< ${pct(hi)} %)` : `${k} / ${n} = ${pct(k / n)} % (${pct(lo)}–${pct(hi)} %)`;
}
