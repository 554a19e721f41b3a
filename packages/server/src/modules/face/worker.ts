/**
 * Face worker thread: builds one engine (tfjs WASM is single-threaded, so one worker per core) and
 * analyses one image at a time for the pool. Started through worker-entry.mjs, which registers tsx.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from './create-engine.ts';
import type { AnalyzeOptions, EngineInfo, EngineSpec, FaceAnalysis } from './engine.ts';
import { FaceError } from './errors.ts';

export type WorkerRequest = { type: 'analyze'; id: number; image: Uint8Array; opts: AnalyzeOptions };

export type WorkerReply =
  | { type: 'ready'; info: EngineInfo }
  | { type: 'init_error'; message: string }
  | { type: 'result'; id: number; analysis: FaceAnalysis }
  | { type: 'error'; id: number; code: string; message: string };

const port = parentPort;
if (!port) throw new Error('face worker must run in a worker thread');
const send = (msg: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

try {
  const engine = await createEngine((workerData as { spec: EngineSpec }).spec);
  const { modelId, modelVersion, embeddingDim, metric, hasLiveness } = engine;
  port.on('message', async (msg: WorkerRequest) => {
    if (msg.type !== 'analyze') return;
    try {
      const analysis = await engine.analyze(msg.image, msg.opts);
      const transfer: ArrayBuffer[] = [];
      for (const f of analysis.faces) if (f.embedding) transfer.push(f.embedding.buffer as ArrayBuffer);
      send({ type: 'result', id: msg.id, analysis }, transfer);
    } catch (err) {
      if (err instanceof FaceError)
        send({ type: 'error', id: msg.id, code: err.faceCode, message: err.message });
      else
        send({
          type: 'error',
          id: msg.id,
          code: 'engine_failed',
          message: String((err as Error)?.message ?? err),
        });
    }
  });
  send({ type: 'ready', info: { modelId, modelVersion, embeddingDim, metric, hasLiveness } });
} catch (err) {
  send({ type: 'init_error', message: String((err as Error)?.message ?? err) });
}
