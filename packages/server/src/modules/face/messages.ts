import { defineMessages } from '@anju/contracts';

/**
 * What the face module says: why an image could not be analysed (`image.*`, `engine.*`), what
 * the enrolment form and the gate screen show for a face that cannot be used (`quality.*`), and
 * the short words of a face decision (`decision.*`).
 */
export const faceMessages = defineMessages('face', {
  'image.empty': { zh: '图片为空', en: 'The image is empty' },
  'image.tooLarge': { zh: '图片文件过大（上限 10 MB）', en: 'The image file is too large (limit 10 MB)' },
  'image.tooManyPixels': {
    zh: '图片像素过多（上限 2000 万像素）',
    en: 'The image has too many pixels (limit 20 megapixels)',
  },
  'image.notAnImage': { zh: '文件不是图片', en: 'The file is not an image' },
  'image.unsupportedFormat': {
    zh: '不支持的图片格式（请用 JPEG、PNG 或 WebP）',
    en: 'Unsupported image format (use JPEG, PNG or WebP)',
  },
  'image.truncated': {
    zh: '图片不完整（文件被截断）',
    en: 'The image is incomplete (the file is truncated)',
  },
  'image.corrupt': { zh: '图片已损坏，无法解码', en: 'The image is corrupt and cannot be decoded' },
  'engine.overloaded': { zh: '人脸识别繁忙，请稍后再试', en: 'Face recognition is busy; try again later' },
  'engine.timeout': { zh: '人脸识别超时', en: 'Face recognition timed out' },
  'engine.workerDied': {
    zh: '人脸识别进程异常退出，请重试',
    en: 'The face recognition process exited unexpectedly; try again',
  },
  'engine.closed': { zh: '人脸识别服务已停止', en: 'The face recognition service has stopped' },
  'engine.failed': { zh: '人脸识别出错', en: 'Face recognition failed' },
  /** A message with a technical detail after it (the detail is not translated: it is for support). */
  withDetail: { zh: '{message}：{detail}', en: '{message}: {detail}' },

  'quality.no_face': { zh: '未检测到人脸', en: 'No face detected' },
  'quality.multiple_faces': {
    zh: '画面中有多张人脸，请只保留本人',
    en: 'More than one face in the picture; only the person should be in it',
  },
  'quality.face_too_small': {
    zh: '人脸太小，请靠近摄像头',
    en: 'The face is too small; move closer to the camera',
  },
  'quality.bad_pose': { zh: '请正对摄像头', en: 'Face the camera directly' },
  'quality.too_blurry': { zh: '图像模糊，请保持不动', en: 'The image is blurry; hold still' },
  'quality.low_liveness': {
    zh: '活体检测未通过，请本人正对摄像头',
    en: 'Liveness check failed; the person should face the camera',
  },

  'decision.matched': { zh: '验证通过', en: 'Verified' },
  'decision.unknown_face': { zh: '未登记', en: 'Not registered' },
  'decision.ambiguous_match': { zh: '请正对摄像头重试', en: 'Face the camera and try again' },
});
