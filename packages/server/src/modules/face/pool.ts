/**
 * A pool of face worker threads so the HTTP event loop never runs a model. One worker per core by
 * default (tfjs WASM uses one thread). Jobs wait in a bounded FIFO queue; a worker that dies or hangs
 * is replaced and its in-flight job fails with a specific FaceError.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  type AnalyzeOptions,
  DEFAULT_ENGINE_SPEC,
  type EngineInfo,
  type EngineSpec,
  type FaceAnalysis,
  type FaceEngine,
  type Metric,
} from './engine.ts';
import { FaceError, isFaceErrorCode } from './errors.ts';
import type { WorkerReply, WorkerRequest } from './worker.ts';

export interface FacePoolOptions {
  /** Worker threads; default one per core. */
  size?: number;
  spec?: EngineSpec;
  /** Jobs allowed to wait (beyond those running); more are refused with engine_overloaded. */
  maxQueue?: number;
  /** A job running longer than this kills its worker (engine_timeout). */
  jobTimeoutMs?: number;
}

export interface FacePoolStats {
  workers: number;
  busy: number;
  queued: number;
  maxQueuedSeen: number;
  completed: number;
  failed: number;
  rejectedOverload: number;
  workerRestarts: number;
  /** Over the last 1000 jobs: time waiting in the queue, and time in the worker (incl. transfer). */
  waitMs: { p50: number; p95: number; max: number };
  serviceMs: { p50: number; p95: number; max: number };
}

interface Job {
  id: number;
  image: Uint8Array;
  opts: AnalyzeOptions;
  enqueuedAt: number;
  startedAt?: number;
  resolve: (a: FaceAnalysis) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
  /** Why we are terminating it (so the in-flight job gets the right error). */
  killReason?: 'engine_timeout' | 'engine_worker_died';
}

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);
const WINDOW = 1000;

function percentiles(values: number[]) {
  if (values.length === 0) return { p50: 0, p95: 0, max: 0 };
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { p50: round(at(0.5)), p95: round(at(0.95)), max: round(s[s.length - 1]!) };
}
const round = (x: number) => Math.round(x * 10) / 10;

export class FaceEnginePool implements FaceEngine {
  modelId = '';
  modelVersion = '';
  embeddingDim = 0;
  metric: Metric = 'euclidean';
  hasLiveness = false;

  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly spec: EngineSpec;
  private readonly size: number;
  private readonly maxQueue: number;
  private readonly jobTimeoutMs: number;
  private nextId = 1;
  private closing = false;
  private readonly waits: number[] = [];
  private readonly services: number[] = [];
  private counters = { completed: 0, failed: 0, rejectedOverload: 0, workerRestarts: 0, maxQueuedSeen: 0 };

  private constructor(opts: FacePoolOptions) {
    this.spec = opts.spec ?? DEFAULT_ENGINE_SPEC;
    this.size = Math.max(1, opts.size ?? availableParallelism());
    this.maxQueue = opts.maxQueue ?? 64;
    this.jobTimeoutMs = opts.jobTimeoutMs ?? 15_000;
  }

  /** Start the workers and wait until every one has loaded its models. */
  static async start(opts: FacePoolOptions = {}): Promise<FaceEnginePool> {
    const pool = new FaceEnginePool(opts);
    try {
      const infos = await Promise.all(Array.from({ length: pool.size }, () => pool.spawn()));
      const info = infos[0]!;
      pool.modelId = info.modelId;
      pool.modelVersion = info.modelVersion;
      pool.embeddingDim = info.embeddingDim;
      pool.metric = info.metric;
      pool.hasLiveness = info.hasLiveness;
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  private spawn(): Promise<EngineInfo> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(ENTRY, { workerData: { spec: this.spec } });
      const slot: Slot = { worker, ready: false };
      this.slots.push(slot);
      worker.on('message', (msg: WorkerReply) => {
        if (msg.type === 'ready') {
          slot.ready = true;
          resolve(msg.info);
          this.dispatch();
        } else if (msg.type === 'init_error') {
          reject(new Error(`face worker failed to start: ${msg.message}`));
          void worker.terminate();
        } else {
          this.finish(slot, msg);
        }
      });
      worker.on('error', (err) => {
        if (!slot.ready) reject(err);
        slot.killReason ??= 'engine_worker_died';
      });
      worker.on('exit', () => this.onExit(slot, reject));
    });
  }

  private onExit(slot: Slot, rejectStart: (e: Error) => void) {
    clearTimeout(slot.timer);
    const idx = this.slots.indexOf(slot);
    if (idx >= 0) this.slots.splice(idx, 1);
    if (!slot.ready) rejectStart(new Error('face worker exited while starting'));
    const job = slot.job;
    slot.job = undefined;
    if (job) {
      this.counters.failed++;
      job.reject(new FaceError(this.closing ? 'engine_closed' : (slot.killReason ?? 'engine_worker_died')));
    }
    if (this.closing) return;
    if (!slot.ready) {
      // A worker that cannot even start would crash-loop; fail what waits and stop here.
      if (this.slots.length === 0)
        this.failQueue(new FaceError('engine_failed', 'no face worker could start'));
      return;
    }
    this.counters.workerRestarts++;
    this.spawn().catch(() => {
      if (this.slots.length === 0)
        this.failQueue(new FaceError('engine_failed', 'no face worker could start'));
    });
  }

  private failQueue(err: Error) {
    for (const job of this.queue.splice(0)) {
      this.counters.failed++;
      job.reject(err);
    }
  }

  analyze(image: Uint8Array, opts: AnalyzeOptions = {}): Promise<FaceAnalysis> {
    if (this.closing) return Promise.reject(new FaceError('engine_closed'));
    const busy = this.slots.filter((s) => s.job).length;
    const idle = this.slots.filter((s) => s.ready && !s.job).length;
    if (idle === 0 && this.queue.length >= this.maxQueue) {
      this.counters.rejectedOverload++;
      return Promise.reject(
        new FaceError('engine_overloaded', `${busy} running, ${this.queue.length} waiting`),
      );
    }
    // Own copy: the caller's Buffer may be a slice of a shared pool, and we transfer it to the worker.
    const copy = new Uint8Array(image.length);
    copy.set(image);
    return new Promise<FaceAnalysis>((resolve, reject) => {
      this.queue.push({
        id: this.nextId++,
        image: copy,
        opts,
        enqueuedAt: performance.now(),
        resolve,
        reject,
      });
      this.counters.maxQueuedSeen = Math.max(this.counters.maxQueuedSeen, this.queue.length);
      this.dispatch();
    });
  }

  private dispatch() {
    for (const slot of this.slots) {
      if (!slot.ready || slot.job || slot.killReason) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.job = job;
      job.startedAt = performance.now();
      slot.timer = setTimeout(() => {
        slot.killReason = 'engine_timeout';
        void slot.worker.terminate();
      }, this.jobTimeoutMs);
      const msg: WorkerRequest = { type: 'analyze', id: job.id, image: job.image, opts: job.opts };
      slot.worker.postMessage(msg, [job.image.buffer as ArrayBuffer]);
    }
  }

  private finish(slot: Slot, msg: Extract<WorkerReply, { type: 'result' | 'error' }>) {
    const job = slot.job;
    if (!job || job.id !== msg.id) return;
    clearTimeout(slot.timer);
    slot.job = undefined;
    const now = performance.now();
    this.record(this.waits, job.startedAt! - job.enqueuedAt);
    this.record(this.services, now - job.startedAt!);
    if (msg.type === 'result') {
      this.counters.completed++;
      job.resolve(msg.analysis);
    } else {
      this.counters.failed++;
      job.reject(
        isFaceErrorCode(msg.code) ? new FaceError(msg.code) : new FaceError('engine_failed', msg.message),
      );
    }
    this.dispatch();
  }

  private record(list: number[], value: number) {
    list.push(value);
    if (list.length > WINDOW) list.shift();
  }

  stats(): FacePoolStats {
    return {
      workers: this.slots.length,
      busy: this.slots.filter((s) => s.job).length,
      queued: this.queue.length,
      ...this.counters,
      waitMs: percentiles(this.waits),
      serviceMs: percentiles(this.services),
    };
  }

  /**
   * Terminate one worker as if it had crashed (a busy one if any): its job fails with
   * engine_worker_died and a replacement starts. For tests and for operators' fault drills.
   */
  killOneWorker(): boolean {
    const slot = this.slots.find((s) => s.job) ?? this.slots[0];
    if (!slot) return false;
    slot.killReason = 'engine_worker_died';
    void slot.worker.terminate();
    return true;
  }

  /** Resolves when every worker is up again (after a restart). */
  async whenFull(timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.slots.filter((s) => s.ready).length < this.size) {
      if (Date.now() > until) throw new Error('face pool did not recover in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    this.failQueue(new FaceError('engine_closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
