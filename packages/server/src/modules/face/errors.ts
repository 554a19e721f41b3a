import { HttpError } from '../../platform/errors.ts';

/**
 * Why an image could not be analysed. Each code is specific so the gate can log it as the access
 * event's reason and the enrolment form can tell staff what to fix.
 */
export const FACE_ERROR_CODES = {
  image_empty: { status: 400, message: '图片为空' },
  image_too_large: { status: 413, message: '图片文件过大（上限 10 MB）' },
  image_too_many_pixels: { status: 413, message: '图片像素过多（上限 2000 万像素）' },
  not_an_image: { status: 415, message: '文件不是图片' },
  unsupported_image_format: { status: 415, message: '不支持的图片格式（请用 JPEG、PNG 或 WebP）' },
  image_truncated: { status: 400, message: '图片不完整（文件被截断）' },
  image_corrupt: { status: 400, message: '图片已损坏，无法解码' },
  engine_overloaded: { status: 503, message: '人脸识别繁忙，请稍后再试' },
  engine_timeout: { status: 503, message: '人脸识别超时' },
  engine_worker_died: { status: 503, message: '人脸识别进程异常退出，请重试' },
  engine_closed: { status: 503, message: '人脸识别服务已停止' },
  engine_failed: { status: 500, message: '人脸识别出错' },
} as const satisfies Record<string, { status: number; message: string }>;

export type FaceErrorCode = keyof typeof FACE_ERROR_CODES;

/** An HttpError with one of the codes above; survives the trip out of a worker thread by code. */
export class FaceError extends HttpError {
  constructor(
    readonly faceCode: FaceErrorCode,
    detail?: string,
  ) {
    const { status, message } = FACE_ERROR_CODES[faceCode];
    super(status, faceCode, detail ? `${message}：${detail}` : message);
    this.name = 'FaceError';
  }
}

export const isFaceErrorCode = (code: unknown): code is FaceErrorCode =>
  typeof code === 'string' && Object.hasOwn(FACE_ERROR_CODES, code);
