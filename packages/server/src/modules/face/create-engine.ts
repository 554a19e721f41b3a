import { DEFAULT_ENGINE_SPEC, type EngineSpec, type FaceEngine } from './engine.ts';

/** Build an in-thread engine. human is only imported when asked for (it is large and slow to load). */
export async function createEngine(spec: EngineSpec = DEFAULT_ENGINE_SPEC): Promise<FaceEngine> {
  if (spec.kind === 'faceapi') {
    const { FaceApiEngine } = await import('./faceapi-engine.ts');
    return FaceApiEngine.create(spec);
  }
  const { HumanEngine } = await import('./human-engine.ts');
  return HumanEngine.create(spec);
}
