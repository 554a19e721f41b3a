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
  'quality.too_dark': { zh: '光线太暗，请到亮处', en: 'Too dark; move into the light' },
  'quality.too_bright': {
    zh: '光线太强，请避开强光或逆光',
    en: 'Too bright; move out of direct light or glare',
  },
  'quality.low_liveness': {
    zh: '活体检测未通过，请本人正对摄像头',
    en: 'Liveness check failed; the person should face the camera',
  },

  'decision.matched': { zh: '验证通过', en: 'Verified' },
  'decision.unknown_face': { zh: '未登记', en: 'Not registered' },
  'decision.ambiguous_match': { zh: '请正对摄像头重试', en: 'Face the camera and try again' },

  'verify.matched': { zh: '人证核验通过', en: 'Identity verified' },
  'verify.mismatch': {
    zh: '人脸与证件照片不一致',
    en: 'The face does not match the ID card photo',
  },
  'verify.chip_no_face': {
    zh: '无法读取证件照片中的人脸，请到窗口办理',
    en: 'The face in the ID card photo cannot be read; please go to the counter',
  },
  'verify.no_reference': {
    zh: '没有可比对的证件照片，请到窗口办理',
    en: 'There is no ID photo to compare with; please go to the counter',
  },

  'idPhoto.no_face': { zh: '照片中未检测到人脸', en: 'No face found in the photo' },
  'idPhoto.multiple_faces': {
    zh: '照片中只能有本人一张人脸',
    en: 'Only the applicant may be in the photo',
  },
  'idPhoto.face_not_centred': {
    zh: '人脸未居中，请站在取景框正中',
    en: 'The face is not centred; stand in the middle of the frame',
  },
  'idPhoto.face_too_small': {
    zh: '人脸太小，请靠近一些',
    en: 'The face is too small; come a little closer',
  },
  'idPhoto.face_too_large': {
    zh: '人脸太大，请离远一些，露出头顶和肩部',
    en: 'The face is too large; step back so the top of the head and the shoulders show',
  },
  'idPhoto.resolution_too_low': {
    zh: '照片分辨率太低，请重新拍摄',
    en: 'The photo resolution is too low; take it again',
  },
  'idPhoto.face_not_frontal': {
    zh: '请正面直视镜头，不要侧脸、抬头或低头',
    en: 'Look straight into the camera; do not turn, raise or lower the head',
  },
  'idPhoto.head_tilted': { zh: '请保持头部端正，不要歪头', en: 'Keep the head straight; do not tilt it' },
  'idPhoto.not_neutral': {
    zh: '请保持自然表情，闭合嘴巴',
    en: 'Keep a neutral expression with the mouth closed',
  },
  'idPhoto.background_not_light': {
    zh: '背景太暗，证件照需要浅色背景',
    en: 'The background is too dark; an ID photo needs a light background',
  },
  'idPhoto.background_not_plain': {
    zh: '背景不纯净，请在单色背景前拍摄',
    en: 'The background is not plain; stand in front of a plain, single-colour background',
  },
  'idPhoto.too_dark': { zh: '照片太暗，脸部曝光不足', en: 'The photo is too dark; the face is underexposed' },
  'idPhoto.too_bright': {
    zh: '照片太亮，脸部曝光过度',
    en: 'The photo is too bright; the face is overexposed',
  },
  'idPhoto.uneven_lighting': {
    zh: '脸部光线不均匀，请避免侧光和阴影',
    en: 'The lighting on the face is uneven; avoid side light and shadows',
  },
  'idPhoto.too_blurry': {
    zh: '照片模糊，请保持不动重新拍摄',
    en: 'The photo is blurry; hold still and take it again',
  },
});
