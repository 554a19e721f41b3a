import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * A small Prometheus registry (text format 0.0.4): counters, gauges and histograms with labels.
 * One registry per process, like prom-client's default: a scrape describes this process.
 *
 *   import { metrics } from '../../platform/ops/metrics.ts';
 *   const decisions = metrics.counter({ name: 'anju_x_total', help: '…', labelNames: ['outcome'] });
 *   decisions.inc({ outcome: 'granted' });
 *
 * Registering the same name twice returns the existing metric (modules may be imported by several
 * apps in one test process). Label values must never carry personal data.
 */
export type Labels = Record<string, string | number>;

interface MetricOptions {
  name: string;
  help: string;
  labelNames?: readonly string[];
}

interface Metric {
  readonly name: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  render(): string[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelKey(labelNames: readonly string[], labels: Labels | undefined, metric: string): string {
  const given = labels ?? {};
  for (const k of Object.keys(given)) {
    if (!labelNames.includes(k)) throw new Error(`${metric}: unknown label "${k}"`);
  }
  return labelNames.map((n) => `${n}="${escapeLabel(String(given[n] ?? ''))}"`).join(',');
}

const braces = (key: string, extra = '') => {
  const all = [key, extra].filter(Boolean).join(',');
  return all ? `{${all}}` : '';
};

function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

export class Counter implements Metric {
  readonly type = 'counter';
  private readonly values = new Map<string, number>();
  constructor(private readonly o: MetricOptions) {}
  get name() {
    return this.o.name;
  }
  inc(labels?: Labels, by = 1): void {
    if (by < 0) throw new Error(`${this.o.name}: counters only go up`);
    const key = labelKey(this.o.labelNames ?? [], labels, this.o.name);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
  get(labels?: Labels): number {
    return this.values.get(labelKey(this.o.labelNames ?? [], labels, this.o.name)) ?? 0;
  }
  render(): string[] {
    const lines = [`# HELP ${this.o.name} ${this.o.help}`, `# TYPE ${this.o.name} counter`];
    if (this.values.size === 0 && (this.o.labelNames ?? []).length === 0) lines.push(`${this.o.name} 0`);
    for (const [key, v] of this.values) lines.push(`${this.o.name}${braces(key)} ${formatNumber(v)}`);
    return lines;
  }
}

export class Gauge implements Metric {
  readonly type = 'gauge';
  private readonly values = new Map<string, number>();
  private collector: (() => number | Array<[Labels, number]>) | null = null;
  constructor(private readonly o: MetricOptions) {}
  get name() {
    return this.o.name;
  }
  set(value: number, labels?: Labels): void {
    this.values.set(labelKey(this.o.labelNames ?? [], labels, this.o.name), value);
  }
  inc(labels?: Labels, by = 1): void {
    const key = labelKey(this.o.labelNames ?? [], labels, this.o.name);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
  dec(labels?: Labels, by = 1): void {
    this.inc(labels, -by);
  }
  get(labels?: Labels): number {
    return this.values.get(labelKey(this.o.labelNames ?? [], labels, this.o.name)) ?? 0;
  }
  /** Sample the value when scraped (e.g. a queue's current length); replaces any earlier collector. */
  collect(fn: (() => number | Array<[Labels, number]>) | null): void {
    this.collector = fn;
  }
  render(): string[] {
    if (this.collector) {
      const sampled = this.collector();
      if (typeof sampled === 'number') this.set(sampled);
      else for (const [labels, v] of sampled) this.set(v, labels);
    }
    const lines = [`# HELP ${this.o.name} ${this.o.help}`, `# TYPE ${this.o.name} gauge`];
    if (this.values.size === 0 && (this.o.labelNames ?? []).length === 0) lines.push(`${this.o.name} 0`);
    for (const [key, v] of this.values) lines.push(`${this.o.name}${braces(key)} ${formatNumber(v)}`);
    return lines;
  }
}

/** Seconds: from 5 ms (a cached lookup) to 10 s (a stuck face engine). */
export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Histogram implements Metric {
  readonly type = 'histogram';
  private readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();
  private readonly buckets: number[];
  constructor(private readonly o: MetricOptions & { buckets?: number[] }) {
    this.buckets = [...(o.buckets ?? DEFAULT_BUCKETS)].sort((a, b) => a - b);
  }
  get name() {
    return this.o.name;
  }
  observe(value: number, labels?: Labels): void {
    const key = labelKey(this.o.labelNames ?? [], labels, this.o.name);
    let s = this.series.get(key);
    if (!s) {
      s = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]!) s.counts[i]!++;
    s.sum += value;
    s.count++;
  }
  /** Starts a timer; calling the returned function observes the elapsed seconds. */
  startTimer(labels?: Labels): (more?: Labels) => number {
    const start = process.hrtime.bigint();
    return (more) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      this.observe(seconds, { ...labels, ...more });
      return seconds;
    };
  }
  count(labels?: Labels): number {
    return this.series.get(labelKey(this.o.labelNames ?? [], labels, this.o.name))?.count ?? 0;
  }
  render(): string[] {
    const n = this.o.name;
    const lines = [`# HELP ${n} ${this.o.help}`, `# TYPE ${n} histogram`];
    for (const [key, s] of this.series) {
      this.buckets.forEach((b, i) => {
        lines.push(`${n}_bucket${braces(key, `le="${formatNumber(b)}"`)} ${s.counts[i]}`);
      });
      lines.push(`${n}_bucket${braces(key, 'le="+Inf"')} ${s.count}`);
      lines.push(`${n}_sum${braces(key)} ${formatNumber(s.sum)}`);
      lines.push(`${n}_count${braces(key)} ${s.count}`);
    }
    return lines;
  }
}

export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();

  private register<M extends Metric>(name: string, type: Metric['type'], make: () => M): M {
    if (!NAME.test(name)) throw new Error(`invalid metric name: ${name}`);
    const existing = this.metrics.get(name);
    if (existing) {
      if (existing.type !== type) throw new Error(`metric ${name} is already a ${existing.type}`);
      return existing as M;
    }
    const metric = make();
    this.metrics.set(name, metric);
    return metric;
  }

  counter(o: MetricOptions): Counter {
    return this.register(o.name, 'counter', () => new Counter(o));
  }
  gauge(o: MetricOptions): Gauge {
    return this.register(o.name, 'gauge', () => new Gauge(o));
  }
  histogram(o: MetricOptions & { buckets?: number[] }): Histogram {
    return this.register(o.name, 'histogram', () => new Histogram(o));
  }

  /** The Prometheus text exposition of every metric. */
  render(): string {
    return `${[...this.metrics.values()].flatMap((m) => m.render()).join('\n')}\n`;
  }
}

/** The process-wide registry that /metrics serves. */
export const metrics = new MetricsRegistry();

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

// ---- Metrics shared across modules: one definition, so names and labels stay consistent. ----

/** HTTP traffic by route pattern (never the raw URL: it can carry IDs) and status class. */
export const httpRequests = metrics.counter({
  name: 'anju_http_requests_total',
  help: 'HTTP requests by method, route pattern and status class',
  labelNames: ['method', 'route', 'status'],
});
export const httpDuration = metrics.histogram({
  name: 'anju_http_request_duration_seconds',
  help: 'HTTP request latency by method, route pattern and status class',
  labelNames: ['method', 'route', 'status'],
});

/** Gate decisions; outcome e.g. granted | denied | unknown_face | error. */
export const gateDecisions = metrics.counter({
  name: 'anju_gate_decisions_total',
  help: 'Gate access decisions by outcome',
  labelNames: ['outcome'],
});
export const gateDecisionDuration = metrics.histogram({
  name: 'anju_gate_decision_duration_seconds',
  help: 'Time from a gate request to its decision',
  labelNames: ['outcome'],
});

/** Face engine: jobs waiting, and how long detection/recognition takes. */
export const faceQueueLength = metrics.gauge({
  name: 'anju_face_engine_queue_length',
  help: 'Face-engine jobs waiting for a worker',
});
export const faceEngineDuration = metrics.histogram({
  name: 'anju_face_engine_duration_seconds',
  help: 'Face-engine job latency by operation (detect, embed, match)',
  labelNames: ['operation'],
});

/** Alert deliveries; channel e.g. console | sms | webhook, result ok | failed. */
export const alertDeliveries = metrics.counter({
  name: 'anju_alert_deliveries_total',
  help: 'Alert deliveries by channel and result',
  labelNames: ['channel', 'result'],
});

/** Scheduled backups. */
export const backupRuns = metrics.counter({
  name: 'anju_backups_total',
  help: 'Scheduled backups by result',
  labelNames: ['result'],
});
export const backupLastSuccess = metrics.gauge({
  name: 'anju_backup_last_success_timestamp_seconds',
  help: 'Unix time of the last successful scheduled backup (0 = none since start)',
});

// ---- Process ----
const startSeconds = Math.round(Date.now() / 1000 - process.uptime());
metrics
  .gauge({ name: 'process_start_time_seconds', help: 'Start time of the process since the Unix epoch' })
  .set(startSeconds);
metrics
  .gauge({ name: 'process_resident_memory_bytes', help: 'Resident memory size in bytes' })
  .collect(() => process.memoryUsage().rss);
metrics
  .gauge({ name: 'nodejs_heap_used_bytes', help: 'V8 heap in use, bytes' })
  .collect(() => process.memoryUsage().heapUsed);
metrics
  .gauge({ name: 'process_cpu_seconds', help: 'User plus system CPU time spent, seconds' })
  .collect(() => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  });
const loopDelay = monitorEventLoopDelay({ resolution: 20 });
loopDelay.enable();
metrics
  .gauge({
    name: 'nodejs_eventloop_delay_p99_seconds',
    help: 'Event-loop delay, 99th percentile since last scrape',
  })
  .collect(() => {
    const p99 = loopDelay.percentile(99) / 1e9;
    loopDelay.reset();
    return Number.isFinite(p99) ? p99 : 0;
  });
