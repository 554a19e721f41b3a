import sharp from 'sharp';
import { and, eq, ne } from 'drizzle-orm';
import type { AccessReason } from '@anju/contracts';
import type { AppContext } from '../../platform/context.ts';
import { HttpError } from '../../platform/errors.ts';
import { decideFace, type FaceDecision } from '../face/decision.ts';
import { enrolFromImage, templateFromBytes, templateToBytes } from '../face/enrolment.ts';
import { FaceError } from '../face/errors.ts';
import { FaceGallery } from '../face/gallery.ts';
import type { FaceQuality } from '../face/engine.ts';
import type { FaceEnginePool } from '../face/pool.ts';
import { FACE_SET } from '../face/thresholds.ts';
import { persons } from '../registry/schema.ts';
import { FaceEngineHolder, sharedFaceEngine } from '../face/shared-engine.ts';
import { faceEngineDuration } from '../../platform/ops/metrics.ts';
import { activeConsent, activeFaceCredentialId } from './credentials.ts';
import { accessMessages as m } from './messages.ts';
import type { Claim } from './passage.ts';
import { credentials, faceTemplates } from './schema.ts';

/** What a matched gate frame offers a template refresh (modules/face/template-refresh.ts). */
export interface FrameProbe {
  embedding: Float32Array;
  quality: FaceQuality;
  modelId: string;
  modelVersion: string;
}

export interface EnrolInput {
  person: { id: string; siteId: string };
  image: Uint8Array;
  source: 'upload' | 'gate_camera';
  keepPhoto: boolean;
  createdBy: string | null;
}

/**
 * The face side of the gate inside the product: one engine pool (worker threads) per process,
 * one in-memory gallery per site filled from the encrypted templates, kept in sync through the
 * event bus (so a withdrawal or an enrolment on another process reaches this one).
 */
export class FaceService {
  private readonly holder: FaceEngineHolder;
  private readonly galleries = new Map<string, Promise<FaceGallery>>();
  private readonly unsubscribe: () => void;

  /**
   * The pool is the process's shared one (modules/face/shared-engine.ts, also used by the kiosk);
   * a service given its own worker count (a test) starts a private pool instead.
   */
  constructor(
    private readonly ctx: AppContext,
    workers?: number,
  ) {
    this.holder = workers === undefined ? sharedFaceEngine(ctx) : new FaceEngineHolder(workers);
    this.unsubscribe = ctx.events.subscribe('face.gallery_changed', ({ siteId, personId }) => {
      void this.reloadPerson(siteId, personId);
    });
  }

  /** Starts the worker pool (models load in each worker); later calls share it. */
  engine(): Promise<FaceEnginePool> {
    return this.holder.engine();
  }

  get started(): boolean {
    return this.holder.started;
  }

  async gallery(siteId: string): Promise<FaceGallery> {
    let gallery = this.galleries.get(siteId);
    if (!gallery) {
      gallery = this.loadGallery(siteId);
      this.galleries.set(siteId, gallery);
      gallery.catch(() => this.galleries.delete(siteId));
    }
    return gallery;
  }

  private async loadGallery(siteId: string): Promise<FaceGallery> {
    const engine = await this.engine();
    const gallery = new FaceGallery(engine.embeddingDim);
    const rows = await this.ctx.db
      .select({ id: faceTemplates.id, personId: faceTemplates.personId, enc: faceTemplates.embeddingEnc })
      .from(faceTemplates)
      .where(and(eq(faceTemplates.siteId, siteId), eq(faceTemplates.modelId, engine.modelId)));
    for (const row of rows)
      gallery.add(row.id, row.personId, this.decryptTemplate(row.enc, engine.embeddingDim));
    // Bring templates of an older model along in the background; the gallery serves meanwhile.
    void this.reenrolStale(siteId).catch(() => undefined);
    return gallery;
  }

  private decryptTemplate(sealed: string, dim: number): Float32Array {
    return templateFromBytes(this.ctx.keyring.decrypt('face-template', sealed), dim);
  }

  /** Replaces a person's rows in a loaded gallery with what the database holds now. */
  async reloadPerson(siteId: string, personId: string): Promise<void> {
    const pending = this.galleries.get(siteId);
    if (!pending) return; // not loaded here yet: it will read the database when it is
    const gallery = await pending;
    const engine = await this.engine();
    const rows = await this.ctx.db
      .select({ id: faceTemplates.id, enc: faceTemplates.embeddingEnc })
      .from(faceTemplates)
      .where(and(eq(faceTemplates.personId, personId), eq(faceTemplates.modelId, engine.modelId)));
    gallery.removePerson(personId);
    for (const row of rows) gallery.add(row.id, personId, this.decryptTemplate(row.enc, engine.embeddingDim));
  }

  /**
   * Enrols one photo after checking the person's separate consent. The template is stored
   * encrypted; the photo is kept (encrypted) only with its own consent, otherwise dropped here.
   */
  async enrol(input: EnrolInput): Promise<{ templateId: string; quality: Record<string, number> }> {
    const { db, keyring } = this.ctx;
    if (!(await activeConsent(db, input.person.id, 'face_recognition'))) {
      throw new HttpError(409, 'consent_required', m.msg('consent.faceRequired'));
    }
    if (input.keepPhoto && !(await activeConsent(db, input.person.id, 'keep_enrolment_photo'))) {
      throw new HttpError(409, 'photo_consent_required', m.msg('consent.photoRequired'), [
        { field: 'body.keepPhoto', message: m.msg('consent.photoMissing') },
      ]);
    }
    const engine = await this.engine();
    const result = await enrolFromImage(engine, input.image);
    if (!result.ok) {
      throw new HttpError(422, `face_${result.reason}`, result.message, [
        { field: 'file', message: result.message },
      ]);
    }
    const { template } = result;
    const quality = storedQuality(template.quality, template.liveness);
    const templateId = await db.transaction(async (tx) => {
      // The person's row is locked so that two enrolments at once cannot both pass the count.
      await tx.select({ id: persons.id }).from(persons).where(eq(persons.id, input.person.id)).for('update');
      const enrolled = await tx
        .select({ id: faceTemplates.id })
        .from(faceTemplates)
        .where(and(eq(faceTemplates.personId, input.person.id), ne(faceTemplates.source, 'passage_refresh')));
      if (enrolled.length >= FACE_SET.maxEnrolled) {
        throw new HttpError(
          409,
          'face_template_limit',
          m.msg('template.limit', { max: FACE_SET.maxEnrolled }),
        );
      }
      const [row] = await tx
        .insert(faceTemplates)
        .values({
          siteId: input.person.siteId,
          personId: input.person.id,
          modelId: template.modelId,
          modelVersion: template.modelVersion,
          embeddingEnc: keyring.encrypt('face-template', Buffer.from(templateToBytes(template.embedding))),
          photoEnc: input.keepPhoto ? Buffer.from(keyring.encrypt('file', Buffer.from(input.image))) : null,
          quality,
          source: input.source,
          createdBy: input.createdBy,
        })
        .returning({ id: faceTemplates.id });
      if (!(await activeFaceCredentialId(tx, input.person.id)))
        await tx
          .insert(credentials)
          .values({ siteId: input.person.siteId, personId: input.person.id, kind: 'face' });
      return row!.id;
    });
    await this.ctx.events.publish('face.gallery_changed', {
      siteId: input.person.siteId,
      personId: input.person.id,
      change: 'added',
    });
    return { templateId, quality };
  }

  /**
   * Templates made by another model cannot be compared with this engine's embeddings. Those whose
   * photo was kept (with consent) are re-enrolled from it; the others are listed so staff can ask
   * the person to re-enrol. Runs when the gallery of a site is first loaded.
   */
  async reenrolStale(siteId: string): Promise<{ reenrolled: number; needPhoto: string[] }> {
    const { db, keyring } = this.ctx;
    const engine = await this.engine();
    const stale = await db
      .select()
      .from(faceTemplates)
      .where(and(eq(faceTemplates.siteId, siteId), ne(faceTemplates.modelId, engine.modelId)));
    let reenrolled = 0;
    const needPhoto = new Set<string>();
    for (const t of stale) {
      if (!t.photoEnc) {
        needPhoto.add(t.personId);
        continue;
      }
      const result = await enrolFromImage(engine, keyring.decrypt('file', t.photoEnc.toString('utf8')));
      if (!result.ok) {
        needPhoto.add(t.personId);
        continue;
      }
      await db
        .update(faceTemplates)
        .set({
          modelId: result.template.modelId,
          modelVersion: result.template.modelVersion,
          embeddingEnc: keyring.encrypt(
            'face-template',
            Buffer.from(templateToBytes(result.template.embedding)),
          ),
        })
        .where(eq(faceTemplates.id, t.id));
      reenrolled++;
      await this.ctx.events.publish('face.gallery_changed', {
        siteId,
        personId: t.personId,
        change: 'added',
      });
    }
    return { reenrolled, needPhoto: [...needPhoto] };
  }

  /** Frame → face decision → claim for the gate rules. Fails safe: any engine trouble denies. */
  async claimFromFrame(
    siteId: string,
    image: Uint8Array,
    keepSnapshot: boolean,
  ): Promise<{
    claim: Claim;
    decision: FaceDecision | null;
    snapshotEnc: Buffer | null;
    /** The matched face's embedding and quality (for a template refresh after the passage opens). */
    probe?: FrameProbe;
    error?: unknown;
  }> {
    let decision: FaceDecision;
    let probe: FrameProbe | undefined;
    try {
      const engine = await this.engine();
      const started = performance.now();
      const [analysis, gallery] = await Promise.all([
        engine.analyze(image, { embed: 'primary' }),
        this.gallery(siteId),
      ]);
      const matchStarted = performance.now();
      decision = decideFace(analysis, gallery, { requireLiveness: engine.hasLiveness });
      const primary = analysis.faces[0];
      if (primary?.embedding)
        probe = {
          embedding: primary.embedding,
          quality: primary.quality,
          modelId: engine.modelId,
          modelVersion: engine.modelVersion,
        };
      faceEngineDuration.observe((matchStarted - started) / 1000, { operation: 'analyze' });
      faceEngineDuration.observe((performance.now() - matchStarted) / 1000, { operation: 'match' });
    } catch (error) {
      // Fail safe: a frame the engine cannot read, or an engine in trouble, keeps the door shut
      // and is logged as such; staff can still open by hand.
      const reason: AccessReason =
        error instanceof FaceError && error.statusCode < 500 ? 'invalid_image' : 'engine_error';
      return { claim: { kind: 'refused', reason }, decision: null, snapshotEnc: null, error };
    }
    const liveness = decision.liveness ?? null;
    if (decision.outcome === 'match' && decision.personId) {
      return {
        claim: {
          kind: 'person',
          personId: decision.personId,
          credentialId: await activeFaceCredentialId(this.ctx.db, decision.personId),
          score: decision.score,
          liveness,
        },
        decision,
        snapshotEnc: null,
        ...(probe ? { probe } : {}),
      };
    }
    const reason = FACE_REASONS[decision.reason] ?? 'poor_quality';
    const snapshotEnc = reason === 'unknown_face' && keepSnapshot ? await this.strangerSnapshot(image) : null;
    return { claim: { kind: 'refused', reason, score: decision.score, liveness }, decision, snapshotEnc };
  }

  /** A small re-encoded copy of a stranger's frame, encrypted; purged after the retention days. */
  async strangerSnapshot(image: Uint8Array): Promise<Buffer | null> {
    try {
      const small = await sharp(image)
        .rotate()
        .resize({ width: 320, withoutEnlargement: true })
        .jpeg({ quality: 70 })
        .toBuffer();
      return Buffer.from(this.ctx.keyring.encrypt('snapshot', small));
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.holder.close();
  }
}

/** The quality figures kept with a template (shown in the console's face panel). */
export function storedQuality(q: FaceQuality, liveness: number | undefined): Record<string, number> {
  return {
    faceWidthPx: q.faceWidthPx,
    yaw: q.yaw,
    pitch: q.pitch,
    blur: q.blur,
    detectionScore: q.detectionScore,
    ...(q.brightness !== undefined ? { brightness: q.brightness } : {}),
    ...(liveness !== undefined ? { liveness } : {}),
  };
}

const FACE_REASONS: Partial<Record<FaceDecision['reason'], AccessReason>> = {
  unknown_face: 'unknown_face',
  ambiguous_match: 'ambiguous_match',
  no_face: 'no_face',
  face_too_small: 'face_too_small',
  bad_pose: 'bad_pose',
  too_blurry: 'too_blurry',
  too_dark: 'too_dark',
  too_bright: 'too_bright',
  multiple_faces: 'multiple_faces',
  low_liveness: 'liveness_failed',
};
