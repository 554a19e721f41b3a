/**
 * One face engine pool (worker threads, models loaded in each) per process: the gate (access
 * module) and the kiosk's person-and-ID check share it. Memoised per AppContext, so a second app
 * built on another context (tests that stand for another process) gets its own.
 */
import os from 'node:os';
import type { AppContext } from '../../platform/context.ts';
import { faceQueueLength } from '../../platform/ops/metrics.ts';
import { registerReadinessCheck, type ReadinessState } from '../../platform/ops/readiness.ts';
import { FaceEnginePool } from './pool.ts';

export class FaceEngineHolder {
  private pool: Promise<FaceEnginePool> | undefined;
  private state: ReadinessState = 'not_configured';
  private queued: () => number = () => 0;
  private readonly unregister: () => void;
  private closed = false;

  constructor(
    private readonly workers = Number(process.env.ANJU_FACE_WORKERS ?? os.availableParallelism()),
    private readonly onClose?: () => void,
  ) {
    const unregister = registerReadinessCheck('faceEngine', () => this.state);
    faceQueueLength.collect(() => this.queued());
    this.unregister = () => {
      unregister();
      faceQueueLength.collect(null);
    };
  }

  /** For /api/ready: the engine counts as ready once its workers have loaded their models. */
  get readiness(): ReadinessState {
    return this.state;
  }

  /** Starts the worker pool (models load in each worker); later calls share it. */
  engine(): Promise<FaceEnginePool> {
    if (!this.pool) {
      this.state = 'loading';
      this.pool = FaceEnginePool.start({ size: this.workers });
      this.pool.then(
        (pool) => {
          this.state = 'ok';
          this.queued = () => pool.stats().queued;
        },
        () => {
          this.state = 'failed';
        },
      );
    }
    return this.pool;
  }

  get started(): boolean {
    return this.pool !== undefined;
  }

  /** Idempotent: every user of a shared holder may call it when its app closes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unregister();
    this.onClose?.();
    if (this.pool) await (await this.pool.catch(() => null))?.close();
  }
}

const shared = new WeakMap<AppContext, FaceEngineHolder>();

/** The process's face engine for this context (created on first use, started on first engine()). */
export function sharedFaceEngine(ctx: AppContext): FaceEngineHolder {
  let holder = shared.get(ctx);
  if (!holder) {
    holder = new FaceEngineHolder(undefined, () => {
      if (shared.get(ctx) === holder) shared.delete(ctx);
    });
    shared.set(ctx, holder);
  }
  return holder;
}
