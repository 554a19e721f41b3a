import type { Texts } from '@anju/contracts';

/**
 * The self-service kiosk (`/terminal/kiosk`): what the person at the 24-hour kiosk reads.
 * Chinese and English side by side; app/catalogues.ts merges every module's words.
 */
export const kioskTerminalMessages = {
  'kioskTerminal.brand': { zh: '安居 · 24小时警务自助机', en: 'Anju · 24-hour police kiosk' },
  'kioskTerminal.offlineBanner': {
    zh: '网络连接中断，暂时无法办理业务，请稍后再试或到窗口办理',
    en: 'The network connection is down; services are unavailable for now. Try again shortly or go to the counter',
  },
  'kioskTerminal.revoked': {
    zh: '本自助机的授权已失效，请联系管理员重新配对',
    en: "This kiosk's authorisation has ended; ask the administrator to pair it again",
  },
  'kioskTerminal.unpairTitle': { zh: '解除本自助机的配对？', en: 'Unpair this kiosk?' },
  'kioskTerminal.unpairText': {
    zh: '解除后本机不再作为警务自助机工作，需要管理员重新生成配对码。',
    en: 'This machine stops working as the kiosk until paired again with a new code.',
  },
  'kioskTerminal.pairTitle': { zh: '警务自助机配对', en: 'Pair this kiosk' },
  'kioskTerminal.pairIntro': {
    zh: '请输入管理后台生成的 6 位配对码',
    en: 'Enter the 6-digit code from the console',
  },
  'kioskTerminal.defaultName': { zh: '警务自助机', en: 'Police kiosk' },
  'kioskTerminal.pairHelp': {
    zh: '在管理后台「自助办证 → 自助机」中点击「配对自助机」并生成配对码；配对码 10 分钟内有效、仅可使用一次。',
    en: 'In the console open Self-service kiosk → Kiosks, click “Pair a kiosk” and get a pairing code; the code lasts 10 minutes and works once.',
  },

  'kioskTerminal.home.title': { zh: '请选择要办理的业务', en: 'Choose a service' },
  'kioskTerminal.home.subtitle': {
    zh: '全天 24 小时自助办理 · 需本人持身份证',
    en: 'Open 24 hours · bring your own ID card',
  },
  'kioskTerminal.home.certificates': { zh: '开具证明', en: 'Certificates' },
  'kioskTerminal.home.applications': { zh: '证件申领', en: 'Applications' },
  'kioskTerminal.home.privacy': {
    zh: '核验所用的身份证信息和人脸照片仅用于本次办理，不在本机保存；离开后页面将自动清除。',
    en: 'Your card data and face picture are used for this visit only and are not kept on this machine; the screen clears itself when you leave.',
  },
  'kioskTerminal.service.hukou': { zh: '户籍证明', en: 'Household registration certificate' },
  'kioskTerminal.service.temporary_identity': { zh: '临时身份证明', en: 'Temporary identity certificate' },
  'kioskTerminal.service.no_criminal_record': { zh: '无犯罪记录证明', en: 'No-criminal-record certificate' },
  'kioskTerminal.service.id_card': { zh: '身份证申领', en: 'ID card application' },
  'kioskTerminal.service.residence_permit': { zh: '居住证申领', en: 'Residence permit application' },
  'kioskTerminal.serviceHint.hukou': {
    zh: '户籍在本所辖区的居民',
    en: 'For residents registered in this jurisdiction',
  },
  'kioskTerminal.serviceHint.temporary_identity': {
    zh: '全国居民均可办理，短期有效',
    en: 'For anyone in the country; valid for a short period',
  },
  'kioskTerminal.serviceHint.no_criminal_record': {
    zh: '户籍在本市的居民，需填写用途',
    en: 'For residents registered in this city; states a purpose',
  },
  'kioskTerminal.serviceHint.id_card': {
    zh: '首次申领、到期换领、挂失补领、损坏换领',
    en: 'First issue, renewal, loss or damage',
  },
  'kioskTerminal.serviceHint.residence_permit': {
    zh: '在本小区居住满 6 个月的流动人口',
    en: 'For people living in the compound 6 months or more',
  },

  'kioskTerminal.back': { zh: '返回', en: 'Back' },
  'kioskTerminal.exit': { zh: '结束办理', en: 'Finish' },
  'kioskTerminal.retry': { zh: '重试', en: 'Try again' },
  'kioskTerminal.step.card': { zh: '放置身份证', en: 'Place your ID card' },
  'kioskTerminal.step.face': { zh: '人脸核验', en: 'Face check' },
  'kioskTerminal.step.service': { zh: '办理业务', en: 'Your service' },
  'kioskTerminal.step.done': { zh: '完成', en: 'Done' },

  'kioskTerminal.card.title': { zh: '请将身份证放在读卡区', en: 'Place your ID card on the reader' },
  'kioskTerminal.card.simulated': {
    zh: '演示读卡器：请点选一张演示身份证',
    en: 'Demo reader: tap one of the demo ID cards',
  },
  'kioskTerminal.card.simulatedEmpty': {
    zh: '没有可用的演示身份证',
    en: 'No demo ID cards are available',
  },
  'kioskTerminal.card.bridgeWaiting': {
    zh: '等待读卡器读取身份证…',
    en: 'Waiting for the card reader…',
  },
  'kioskTerminal.card.unavailable': {
    zh: '读卡器未连接，请到窗口办理或联系工作人员',
    en: 'The card reader is not connected; please go to the counter or ask the staff',
  },
  'kioskTerminal.card.bad': {
    zh: '无法读取该身份证，请重新放置',
    en: 'The card could not be read; please place it again',
  },
  'kioskTerminal.card.validTo': { zh: '有效期至 {date}', en: 'Valid until {date}' },
  'kioskTerminal.card.validLong': { zh: '长期有效', en: 'No expiry' },

  'kioskTerminal.face.title': {
    zh: '请正对摄像头，摘下帽子和墨镜',
    en: 'Look at the camera; take off hat and sunglasses',
  },
  'kioskTerminal.face.hint': {
    zh: '将面部置于框内，点击「开始核验」',
    en: 'Put your face inside the frame and tap “Start check”',
  },
  'kioskTerminal.face.start': { zh: '开始核验', en: 'Start check' },
  'kioskTerminal.face.checking': { zh: '正在进行人证核验…', en: 'Checking your face against the card…' },
  'kioskTerminal.face.cardOf': { zh: '身份证：{name} {id}', en: 'ID card: {name} {id}' },
  'kioskTerminal.camera.starting': { zh: '正在打开摄像头…', en: 'Starting the camera…' },
  'kioskTerminal.camera.problem': {
    zh: '摄像头不可用，无法进行人证核验；请到窗口办理',
    en: 'The camera is not available, so the face check cannot run; please go to the counter',
  },
  'kioskTerminal.check.failed': { zh: '人证核验未通过', en: 'The check did not pass' },

  'kioskTerminal.offers.title': { zh: '{name}，您好', en: 'Hello, {name}' },
  'kioskTerminal.offers.subtitle': {
    zh: '人证核验已通过，请选择办理的业务',
    en: 'Your identity is confirmed; choose a service',
  },
  'kioskTerminal.offers.available': { zh: '可办理', en: 'Available' },
  'kioskTerminal.offers.unavailable': { zh: '不可办理', en: 'Not available' },
  'kioskTerminal.offers.choose': { zh: '办理', en: 'Continue' },
  'kioskTerminal.counter.title': { zh: '请到窗口办理', en: 'Please come to the counter' },
  'kioskTerminal.counter.text': {
    zh: '{office} 办公时间：{hours}；咨询 / 预约电话：{phone}',
    en: '{office} opening hours: {hours}; enquiries and appointments: {phone}',
  },
  'kioskTerminal.counter.bookQr': { zh: '扫码预约柜台办理', en: 'Scan to book a time at the counter' },
  'kioskTerminal.counter.bookHint': {
    zh: '用手机扫码选择时间（含周末服务日），到时凭预约码办理，无需排队',
    en: 'Pick a time on your phone (weekend service days too) and come with the booking code; no queue',
  },

  'kioskTerminal.cert.title': { zh: '开具{service}', en: 'Issue: {service}' },
  'kioskTerminal.cert.holder': { zh: '持证人', en: 'Holder' },
  'kioskTerminal.cert.purpose': { zh: '用途', en: 'Purpose' },
  'kioskTerminal.cert.purposePlaceholder': {
    zh: '例如：入职审查、出国签证',
    en: 'e.g. employment check, visa application',
  },
  'kioskTerminal.cert.purposeRequired': { zh: '请填写证明用途', en: 'Please state the purpose' },
  'kioskTerminal.cert.purposeOption.employment': { zh: '入职审查', en: 'Employment check' },
  'kioskTerminal.cert.purposeOption.visa': { zh: '出国签证', en: 'Visa application' },
  'kioskTerminal.cert.purposeOption.study': { zh: '升学报考', en: 'School or exam application' },
  'kioskTerminal.cert.issue': { zh: '确认开具', en: 'Issue the certificate' },
  'kioskTerminal.cert.issuing': { zh: '正在开具…', en: 'Issuing…' },
  'kioskTerminal.cert.issued': { zh: '证明已开具', en: 'Certificate issued' },
  'kioskTerminal.cert.serial': { zh: '证明编号', en: 'Serial number' },
  'kioskTerminal.cert.validUntil': { zh: '有效期至', en: 'Valid until' },
  'kioskTerminal.cert.issuedOn': { zh: '开具日期', en: 'Issued on' },
  'kioskTerminal.cert.print': { zh: '打印证明', en: 'Print' },
  'kioskTerminal.cert.download': { zh: '下载 PDF', en: 'Download PDF' },
  'kioskTerminal.cert.pdfLoading': { zh: '正在生成 PDF…', en: 'Preparing the PDF…' },
  'kioskTerminal.cert.printHint': {
    zh: '证明上的二维码可在 {url} 查验真伪',
    en: 'The QR code on the certificate can be checked at {url}',
  },

  'kioskTerminal.photo.title': { zh: '拍摄证件照', en: 'ID photo' },
  'kioskTerminal.photo.hint': {
    zh: '请站在浅色背景前，正对镜头、表情自然、露出双耳，点击「拍照」',
    en: 'Stand before a light background, face the camera with a neutral look, ears visible, then tap “Take photo”',
  },
  'kioskTerminal.photo.take': { zh: '拍照', en: 'Take photo' },
  'kioskTerminal.photo.checking': { zh: '正在检查照片…', en: 'Checking the photo…' },
  'kioskTerminal.photo.problems': { zh: '照片不符合要求：', en: 'The photo does not meet the rules:' },
  'kioskTerminal.photo.retake': { zh: '重新拍照', en: 'Take again' },
  'kioskTerminal.photo.ok': { zh: '照片符合要求', en: 'The photo meets the rules' },
  'kioskTerminal.photo.use': { zh: '使用此照片', en: 'Use this photo' },

  'kioskTerminal.details.title': { zh: '填写申请信息', en: 'Application details' },
  'kioskTerminal.details.reason': { zh: '申领原因', en: 'Reason' },
  'kioskTerminal.details.reason.first': { zh: '首次申领', en: 'First issue' },
  'kioskTerminal.details.reason.expiry': { zh: '有效期满换领', en: 'Renewal on expiry' },
  'kioskTerminal.details.reason.loss': { zh: '丢失补领', en: 'Lost card' },
  'kioskTerminal.details.reason.damage': { zh: '损坏换领', en: 'Damaged card' },
  'kioskTerminal.details.address': { zh: '居住地址', en: 'Address where you live' },
  'kioskTerminal.details.workplace': { zh: '工作单位', en: 'Workplace' },
  'kioskTerminal.details.required': { zh: '请填写此项', en: 'Please fill this in' },
  'kioskTerminal.details.submit': { zh: '提交申请', en: 'Submit the application' },
  'kioskTerminal.details.submitting': { zh: '正在提交…', en: 'Submitting…' },
  'kioskTerminal.submitted.title': { zh: '申请已提交', en: 'Application submitted' },
  'kioskTerminal.submitted.reference': { zh: '受理编号', en: 'Reference number' },
  'kioskTerminal.submitted.notify': {
    zh: '民警审核后将通过短信或居民端通知您办理进度，请留意。',
    en: 'You will be notified by text message or on your resident page as the police process it.',
  },

  'kioskTerminal.done.thanks': {
    zh: '感谢使用，请带好您的身份证和证明',
    en: 'Thank you; take your ID card and certificate',
  },
  'kioskTerminal.idle.countdown': {
    zh: '{n} 秒后将清除本页信息并返回首页',
    en: 'This screen clears and returns to the start in {n} s',
  },
  'kioskTerminal.idle.continue': { zh: '继续办理', en: 'Continue' },
  'kioskTerminal.checkExpired': {
    zh: '本次核验已超时，请重新放置身份证',
    en: 'This check has timed out; please place your ID card again',
  },
} satisfies Record<string, Texts>;
