/**
 * Enrolment, DB-free: photo -> engine -> enrolment quality gate -> template. The access/privacy module
 * wraps this with consent checks, encryption at rest (the template's bytes) and the gallery event;
 * bench:face calls it directly. The photo itself is never kept here.
 */
import type { Message } from '@anju/contracts';
import { normalize, type FaceEngine, type FaceQuality } from './engine.ts';
import type { FaceGallery } from './gallery.ts';
import { checkEnrolmentQuality, qualityMessage, type QualityReason } from './quality.ts';
import { ENROL_QUALITY, type QualityLimits } from './thresholds.ts';

export interface FaceTemplate {
  /** L2-normalised embedding (what the gallery stores and what gets encrypted at rest). */
  embedding: Float32Array;
  modelId: string;
  modelVersion: string;
  quality: FaceQuality;
  liveness?: number;
}

export type EnrolmentResult =
  | { ok: true; template: FaceTemplate }
  | { ok: false; reason: QualityReason; message: Message; quality?: FaceQuality };

export interface EnrolOptions {
  quality?: QualityLimits;
  /** Mirror-averaged template (default true: measured better, and enrolment is not latency-bound). */
  flip?: boolean;
}

/** Analyse one enrolment photo and return a template, or the specific reason it cannot be used. */
export async function enrolFromImage(
  engine: FaceEngine,
  image: Uint8Array,
  opts: EnrolOptions = {},
): Promise<EnrolmentResult> {
  // Image errors (not an image, truncated, too large) are thrown as FaceError by analyze().
  const analysis = await engine.analyze(image, { embed: 'primary', flip: opts.flip ?? true });
  const verdict = checkEnrolmentQuality(analysis, opts.quality ?? ENROL_QUALITY);
  if (!verdict.ok) {
    return {
      ok: false,
      reason: verdict.reason,
      message: qualityMessage(verdict.reason),
      quality: verdict.face?.quality,
    };
  }
  const { face } = verdict;
  if (!face.embedding) throw new Error('engine returned no embedding for the primary face');
  return {
    ok: true,
    template: {
      embedding: normalize(Float32Array.from(face.embedding)),
      modelId: engine.modelId,
      modelVersion: engine.modelVersion,
      quality: face.quality,
      liveness: face.liveness,
    },
  };
}

/** Put a stored template into a site's gallery (templates of another model are refused). */
export function addTemplateToGallery(
  gallery: FaceGallery,
  templateId: string,
  personId: string,
  template: Pick<FaceTemplate, 'embedding' | 'modelId'>,
  expectedModelId: string,
): void {
  if (template.modelId !== expectedModelId) {
    throw new Error(
      `template ${templateId} was made by ${template.modelId}, gallery uses ${expectedModelId}`,
    );
  }
  gallery.add(templateId, personId, template.embedding);
}

/** Templates cross process/DB boundaries as bytes (to be encrypted with the Keyring by the caller). */
export const templateToBytes = (embedding: Float32Array): Uint8Array =>
  new Uint8Array(embedding.buffer.slice(embedding.byteOffset, embedding.byteOffset + embedding.byteLength));

export function templateFromBytes(bytes: Uint8Array, dim: number): Float32Array {
  if (bytes.byteLength !== dim * 4)
    throw new Error(`template has ${bytes.byteLength} bytes, expected ${dim * 4}`);
  const copy = new Uint8Array(bytes);
  return new Float32Array(copy.buffer);
}
