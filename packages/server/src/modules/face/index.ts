/**
 * Face engine, DB-free. What the access module uses:
 *   const pool = await FaceEnginePool.start();              // once, at start-up (workers load models)
 *   const r = await enrolFromImage(pool, photo);            // -> template or { reason }
 *   gallery.add(templateId, personId, template.embedding);  // per-site FaceGallery, from decrypted templates
 *   const d = decideFace(await pool.analyze(frame), gallery); // the gate's face decision
 */
export { decideFace, type FaceDecision, type FaceDecisionReason, type FaceOutcome } from './decision.ts';
export {
  type AnalyzedFace,
  type AnalyzeOptions,
  DEFAULT_ENGINE_SPEC,
  type EngineSpec,
  type FaceAnalysis,
  type FaceEngine,
  type FaceQuality,
} from './engine.ts';
export {
  addTemplateToGallery,
  type EnrolmentResult,
  enrolFromImage,
  type FaceTemplate,
  templateFromBytes,
  templateToBytes,
} from './enrolment.ts';
export { FACE_ERROR_CODES, FaceError, type FaceErrorCode } from './errors.ts';
export { FaceGallery, type GalleryHit, type GallerySearch } from './gallery.ts';
export { IMAGE_LIMITS } from './image.ts';
export { FaceEnginePool, type FacePoolOptions, type FacePoolStats } from './pool.ts';
export { qualityMessage, type QualityReason } from './quality.ts';
export { faceMessages } from './messages.ts';
export { ENROL_QUALITY, MATCH_MODEL_ID, MATCH_THRESHOLDS, PROBE_QUALITY } from './thresholds.ts';
