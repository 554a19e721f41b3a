import type { Texts } from '@anju/contracts';

/**
 * The gate terminal (`/terminal/gate`): pairing, the camera, the PIN keypad, what the person at the door reads.
 * Chinese and English side by side under each key; app/catalogues.ts merges every module's words.
 */
export const terminalMessages = {
  'terminal.brand': { zh: '安居 · 人像门禁', en: 'Anju · Face gate' },
  'terminal.online': { zh: '在线', en: 'Online' },
  'terminal.offline': { zh: '离线', en: 'Offline' },
  'terminal.connecting': { zh: '连接中', en: 'Connecting' },
  'terminal.fullscreen': { zh: '全屏', en: 'Full screen' },
  'terminal.emergency': { zh: '紧急放行中 · 所有门禁常开', en: 'Emergency release · all doors open' },
  'terminal.lookHere': { zh: '请正对摄像头', en: 'Please look at the camera' },
  'terminal.checking': { zh: '正在识别…', en: 'Checking…' },
  /** While the gate gathers the frames of a passage (it decides over several). */
  'terminal.pleaseWait': { zh: '请稍候', en: 'Please wait' },
  'terminal.useAlternatives': { zh: '请刷卡、扫码或输入密码', en: 'Use your card, QR code or PIN' },
  'terminal.cameraStarting': { zh: '正在打开摄像头…', en: 'Starting the camera…' },
  'terminal.cameraDenied': {
    zh: '摄像头权限被拒绝，请在浏览器设置中允许',
    en: 'Camera access was refused; allow it in the browser settings',
  },
  'terminal.cameraInsecure': {
    zh: '摄像头需通过 HTTPS 访问本页面',
    en: 'The camera needs this page over HTTPS',
  },
  'terminal.cameraMissing': { zh: '未检测到摄像头', en: 'No camera found' },
  'terminal.uploadPhoto': { zh: '上传照片识别', en: 'Recognise a photo' },
  'terminal.uploadSmall': { zh: '无摄像头？上传照片', en: 'No camera? Upload a photo' },
  'terminal.doorOpen': { zh: '门已打开', en: 'Door open' },
  'terminal.doorClosed': { zh: '门已关闭', en: 'Door closed' },
  'terminal.doorHeldOpen': { zh: '紧急常开', en: 'Held open' },
  'terminal.doorOpenFor': { zh: '门已打开，请通行（{n} 秒）', en: 'Door open, please go through ({n} s)' },
  'terminal.doorFailed': {
    zh: '门锁控制器报错，门未打开，请联系值班人员',
    en: 'The lock controller reported an error; the door did not open. Please contact the staff on duty',
  },
  'terminal.tryAlternatives': {
    zh: '也可刷卡、扫码或输入密码',
    en: 'You can also use your card, QR code or PIN',
  },
  'terminal.askDesk': { zh: '如有疑问请联系物业或警务室', en: 'Ask the property desk or police office' },
  'terminal.elapsed': { zh: '用时 {ms} ms', en: '{ms} ms' },
  'terminal.scanCamera': {
    zh: '扫码 / 刷卡：将二维码对准摄像头或扫码器',
    en: 'QR / card: hold the code to the camera or the reader',
  },
  'terminal.scanReader': {
    zh: '扫码 / 刷卡：将二维码对准扫码器',
    en: 'QR / card: hold the code to the reader',
  },
  'terminal.scanPlaceholder': { zh: '扫码器读入或手动输入卡号', en: 'Scanned code or card number' },
  'terminal.pinButton': { zh: '密码开门', en: 'Open with PIN' },
  'terminal.pinTitle': { zh: '请输入 8 位通行密码', en: 'Enter your 8-digit PIN' },
  'terminal.pinClear': { zh: '清除', en: 'Clear' },
  'terminal.cancel': { zh: '取消', en: 'Cancel' },
  'terminal.networkError': {
    zh: '网络异常，请稍后再试或刷卡',
    en: 'Network trouble; try again or use your card',
  },
  'terminal.revoked': {
    zh: '本终端的授权已失效，请重新配对',
    en: "This terminal's authorisation has ended; please pair again",
  },
  'terminal.unpairTitle': { zh: '解除与「{name}」的配对？', en: 'Unpair from {name}?' },
  'terminal.unpairText': {
    zh: '解除后本平板不再作为门禁终端工作，需要管理员重新生成配对码。',
    en: 'This tablet stops working as the gate terminal until paired again with a new code.',
  },
  'terminal.unpairOk': { zh: '解除配对', en: 'Unpair' },
  'terminal.pairTitle': { zh: '门禁终端配对', en: 'Pair this gate terminal' },
  'terminal.pairIntro': {
    zh: '请输入管理后台生成的 6 位配对码',
    en: 'Enter the 6-digit code from the console',
  },
  'terminal.deviceName': { zh: '终端名称', en: 'Terminal name' },
  'terminal.defaultName': { zh: '门禁平板', en: 'Gate tablet' },
  'terminal.codeFormat': { zh: '配对码为 6 位数字', en: 'The code has 6 digits' },
  'terminal.pairSubmit': { zh: '配对', en: 'Pair' },
  'terminal.pairHelp': {
    zh: '在「门禁通行 → 门禁管理」中选择门禁，点击「配对终端」获取配对码；配对码 10 分钟内有效、仅可使用一次。',
    en: 'In the console open Access control → Gates, choose the gate and click “Pair terminal”; the code lasts 10 minutes and works once.',
  },
  'terminal.scanQr': { zh: '扫码配对', en: 'Scan QR' },
  'terminal.scanQrHint': {
    zh: '将管理后台「配对终端」窗口中的二维码对准摄像头，识别后自动配对',
    en: 'Hold the QR code from the console’s “Pair terminal” window up to the camera; pairing starts by itself',
  },
  'terminal.scanQrWrong': {
    zh: '这不是安居配对二维码，请扫描管理后台「配对终端」窗口中的二维码',
    en: 'This is not an Anju pairing QR code; scan the one in the console’s “Pair terminal” window',
  },
  'terminal.scanQrCancel': { zh: '取消扫码', en: 'Stop scanning' },
  'terminal.scanQrDenied': {
    zh: '摄像头权限被拒绝，无法扫码；请在上方输入 6 位配对码',
    en: 'Camera access was refused, so the QR code cannot be scanned; type the 6-digit code above instead',
  },
  'terminal.scanQrInsecure': {
    zh: '本页面未通过 HTTPS 打开，浏览器不允许使用摄像头（局域网内须以 HTTPS 访问才能扫码）；请在上方输入 6 位配对码',
    en: 'The browser allows the camera only over HTTPS (on the LAN, open this page over HTTPS to scan); type the 6-digit code above instead',
  },
  'terminal.scanQrMissing': {
    zh: '未检测到可用的摄像头；请在上方输入 6 位配对码',
    en: 'No camera found; type the 6-digit code above instead',
  },
} satisfies Record<string, Texts>;
