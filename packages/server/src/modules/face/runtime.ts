/**
 * Loads tfjs on the WASM backend and the model packages from node_modules (nothing is downloaded).
 * One instance per thread: each worker thread has its own module graph and its own WASM heap.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

export type FaceApi = typeof import('@vladmandic/face-api/dist/face-api.node-wasm.js');
/** The full tfjs API (face-api's bundled typings only cover what face-api itself uses); same instance. */
export type Tfjs = typeof import('@tensorflow/tfjs');
export const tfjs = (): Tfjs => require('@tensorflow/tfjs') as Tfjs;

const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

export const FACE_API_MODEL_DIR = path.join(packageDir('@vladmandic/face-api'), 'model');
const WASM_DIR = `${path.join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist')}${path.sep}`;

export const packageVersion = (name: string): string =>
  (require(`${name}/package.json`) as { version: string }).version;

let faceApiPromise: Promise<FaceApi> | undefined;

/** face-api's node-wasm build, with tfjs on the WASM backend (single-threaded, SIMD). */
export function loadFaceApi(): Promise<FaceApi> {
  faceApiPromise ??= (async () => {
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
    const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(prefix: string): void };
    // Plain path (not a URL): the WASM loader then reads the file with fs instead of fetch.
    wasm.setWasmPaths(WASM_DIR);
    const tf = tfjs();
    await tf.setBackend('wasm');
    await tf.ready();
    return faceapi;
  })();
  return faceApiPromise;
}

const loadedNets = new Set<string>();

/** Load face-api nets once per thread from the npm package folder. */
export async function loadFaceApiNets(
  names: Array<'tinyFaceDetector' | 'ssdMobilenetv1' | 'faceLandmark68Net' | 'faceRecognitionNet'>,
): Promise<FaceApi> {
  const faceapi = await loadFaceApi();
  for (const name of names) {
    if (loadedNets.has(name)) continue;
    await faceapi.nets[name].loadFromDisk(FACE_API_MODEL_DIR);
    loadedNets.add(name);
  }
  return faceapi;
}

let fetchShimmed = false;

/**
 * human's WASM build loads models with global fetch, and Node's fetch has no file:// support:
 * serve file:// URLs from disk, pass everything else through.
 */
export function installFileFetchShim(): void {
  if (fetchShimmed) return;
  fetchShimmed = true;
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith('file://')) return new Response(await readFile(fileURLToPath(url)));
    return realFetch(input, init);
  };
}

// human's package `exports` hide package.json; its main file lives in dist/.
const humanDir = () => path.resolve(path.dirname(require.resolve('@vladmandic/human')), '..');
export const humanModelDir = () => path.join(humanDir(), 'models');
export const humanVersion = () =>
  (JSON.parse(readFileSync(path.join(humanDir(), 'package.json'), 'utf8')) as { version: string }).version;

/** human's node-wasm bundle; its package `exports` do not allow the subpath, so load by file path. */
export function humanWasmBundlePath(): string {
  return require.resolve('@vladmandic/human').replace(/human\.node\.js$/, 'human.node-wasm.js');
}

export function requireByPath<T>(file: string): T {
  return require(file) as T;
}

export const tfjsWasmDir = () => WASM_DIR;
