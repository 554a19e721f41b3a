import { HttpError } from '../../platform/errors.ts';
import { faceMessages as m } from './messages.ts';

/**
 * Why an image could not be analysed. Each code is specific so the gate can log it as the access
 * event's reason and the enrolment form can tell staff what to fix.
 */
export const FACE_ERROR_CODES = {
  image_empty: { status: 400, key: 'image.empty' },
  image_too_large: { status: 413, key: 'image.tooLarge' },
  image_too_many_pixels: { status: 413, key: 'image.tooManyPixels' },
  not_an_image: { status: 415, key: 'image.notAnImage' },
  unsupported_image_format: { status: 415, key: 'image.unsupportedFormat' },
  image_truncated: { status: 400, key: 'image.truncated' },
  image_corrupt: { status: 400, key: 'image.corrupt' },
  engine_overloaded: { status: 503, key: 'engine.overloaded' },
  engine_timeout: { status: 503, key: 'engine.timeout' },
  engine_worker_died: { status: 503, key: 'engine.workerDied' },
  engine_closed: { status: 503, key: 'engine.closed' },
  engine_failed: { status: 500, key: 'engine.failed' },
} as const satisfies Record<string, { status: number; key: keyof typeof m.entries }>;

export type FaceErrorCode = keyof typeof FACE_ERROR_CODES;

/** An HttpError with one of the codes above; survives the trip out of a worker thread by code. */
export class FaceError extends HttpError {
  constructor(
    readonly faceCode: FaceErrorCode,
    detail?: string,
  ) {
    const { status, key } = FACE_ERROR_CODES[faceCode];
    super(status, faceCode, detail ? m.msg('withDetail', { message: m.key(key), detail }) : m.msg(key));
    this.name = 'FaceError';
  }
}

export const isFaceErrorCode = (code: unknown): code is FaceErrorCode =>
  typeof code === 'string' && Object.hasOwn(FACE_ERROR_CODES, code);
