/**
 * @vladmandic/human on the shared tfjs WASM backend: its node-wasm bundle loaded by file path, models
 * from its npm folder through a file:// fetch shim, frame caching off.
 */
import { pathToFileURL } from 'node:url';
import type { Config, Human } from '@vladmandic/human';
import {
  humanModelDir,
  humanWasmBundlePath,
  installFileFetchShim,
  loadFaceApi,
  requireByPath,
  tfjsWasmDir,
} from './runtime.ts';

export async function createHuman(opts: {
  liveness: boolean;
  minScore: number;
  describe: boolean;
  mesh: boolean;
}): Promise<Human> {
  const { liveness, minScore, describe, mesh } = opts;
  // face-api first: it sets up the shared tfjs WASM backend that human then reuses.
  await loadFaceApi();
  installFileFetchShim();
  const { Human: HumanClass } = requireByPath<{ Human: new (config: Partial<Config>) => Human }>(
    humanWasmBundlePath(),
  );
  const off = { enabled: false };
  const fresh = { skipFrames: 0, skipTime: 0 };
  const human = new HumanClass({
    backend: 'wasm',
    wasmPath: tfjsWasmDir(),
    modelBasePath: `${pathToFileURL(humanModelDir()).href}/`,
    debug: false,
    warmup: 'none',
    // Never reuse the previous frame's result: that would hand over the previous person's embedding.
    cacheSensitivity: 0,
    filter: { enabled: false },
    body: off,
    hand: off,
    object: off,
    gesture: off,
    segmentation: off,
    face: {
      enabled: true,
      detector: { maxDetected: 10, minConfidence: minScore, rotation: false, ...fresh },
      mesh: { enabled: mesh },
      iris: { enabled: false },
      emotion: { enabled: false },
      description: { enabled: describe, ...fresh },
      antispoof: { enabled: liveness, ...fresh },
      liveness: { enabled: liveness, ...fresh },
    } as Config['face'],
  });
  await human.load();
  return human;
}
