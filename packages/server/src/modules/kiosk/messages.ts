import { defineMessages } from '@anju/contracts';

/**
 * What the kiosk's certificate side says: errors, refusal reasons, the printed wording of the
 * certificates, default settings and route summaries. (The identity check and applications keep
 * their words in their own catalogue.)
 */
export const kioskMessages = defineMessages('kiosk', {
  // Refusals (the kiosk shows these; a present record says only "see the officer").
  'refusal.not_registered': {
    zh: '本警务室户籍资料中没有您的登记信息，请到窗口办理',
    en: 'You are not in this office’s household register; please ask at the counter',
  },
  'refusal.hukou_elsewhere': {
    zh: '您的户籍不在本警务室辖区，请到户籍所在地派出所办理',
    en: 'Your household registration is held elsewhere; please ask the police station where it is held',
  },
  'refusal.not_local': {
    zh: '无犯罪记录证明仅为本市户籍人员出具，请到户籍所在地公安机关办理',
    en: 'The no-criminal-record certificate is issued only to people registered in this city; please ask where your household is registered',
  },
  'refusal.see_officer': { zh: '请到警务室窗口办理', en: 'Please see the officer at the counter' },
  'refusal.quota_exceeded': {
    zh: '已达到办理次数上限（{days} 天内最多 {max} 份），请到窗口办理',
    en: 'You have reached the limit ({max} in {days} days); please ask at the counter',
  },

  // Errors.
  'error.notEligible': { zh: '不符合自助办理条件：{reason}', en: 'Not eligible for self-service: {reason}' },
  'error.quotaExceeded': {
    zh: '已达到办理次数上限（{days} 天内最多 {max} 份）',
    en: 'The limit is reached ({max} in {days} days)',
  },
  'error.purposeRequired': { zh: '请填写证明用途', en: 'Enter what the certificate is for' },
  'error.checkExpired': {
    zh: '人证核验已过期，请重新刷身份证核验',
    en: 'The identity check has expired; read the ID card again',
  },
  'error.checkNotFound': { zh: '人证核验记录不存在', en: 'No such identity check' },
  'error.certificateNotFound': { zh: '证明不存在', en: 'Certificate not found' },
  'error.alreadyRevoked': { zh: '该证明已撤销', en: 'This certificate is already revoked' },
  'error.tokenMalformed': {
    zh: '二维码内容无法识别或已被篡改',
    en: 'The QR code cannot be read or has been altered',
  },
  'error.tokenBadSignature': {
    zh: '签名校验失败：该证明不是本系统签发或内容已被篡改',
    en: 'The signature does not match: this certificate was not issued here or has been altered',
  },
  'error.tokenUnknownKey': {
    zh: '签发密钥未知：该证明不是本系统签发',
    en: 'Unknown signing key: this certificate was not issued here',
  },
  'error.criminalRecordNotFound': { zh: '记录不存在', en: 'Record not found' },
  'error.sealNotPng': { zh: '印章图片必须是 PNG 格式', en: 'The seal image must be a PNG' },
  'error.sealTooLarge': { zh: '印章图片不能超过 {kb} KB', en: 'The seal image must be at most {kb} KB' },
  'error.sealBadSize': {
    zh: '印章图片尺寸应在 {min}–{max} 像素之间',
    en: 'The seal image must be {min}–{max} pixels wide and high',
  },
  'error.sealRequired': { zh: '请上传印章图片（字段 file）', en: 'Upload the seal image (field file)' },

  // Defaults of the settings (stored as the office's own words once saved).
  'default.openingHours': {
    zh: '工作日 8:30–12:00，14:30–18:00',
    en: 'Weekdays 8:30–12:00, 14:30–18:00',
  },

  // The printed certificate.
  'pdf.holder': { zh: '姓名', en: 'Name' },
  'pdf.sex': { zh: '性别', en: 'Sex' },
  'pdf.sex.male': { zh: '男', en: 'male' },
  'pdf.sex.female': { zh: '女', en: 'female' },
  'pdf.birthDate': { zh: '出生日期', en: 'Date of birth' },
  'pdf.idNumber': { zh: '公民身份号码', en: 'ID number' },
  'pdf.hukouAddress': { zh: '户籍地址', en: 'Registered address' },
  'pdf.purpose': { zh: '用途', en: 'Purpose' },
  'pdf.office': { zh: '出具单位', en: 'Issued by' },
  'pdf.issuedAt': { zh: '出具时间', en: 'Issued at' },
  'pdf.validity': { zh: '有效期', en: 'Valid' },
  'pdf.validityRange': { zh: '{from} 至 {to}', en: '{from} to {to}' },
  'pdf.serial': { zh: '证明编号', en: 'Serial' },
  'pdf.verifyHint': {
    zh: '扫描二维码或访问 {origin}/verify 核验本证明真伪及状态',
    en: 'Scan the QR code or visit {origin}/verify to check this certificate',
  },
  'pdf.body.hukou': {
    zh: '兹证明上述人员为本辖区常住户籍人口，户籍登记信息如上。',
    en: 'This certifies that the person above is permanently registered in this jurisdiction, with the registration details above.',
  },
  'pdf.body.temporary_identity': {
    zh: '兹证明上述人员身份信息经人证核验属实。本证明仅在有效期内作为临时身份证明使用。',
    en: 'This certifies that the identity above was verified in person against the ID card. It serves as proof of identity only while valid.',
  },
  'pdf.body.no_criminal_record': {
    zh: '经查询，截至 {date}，未发现上述人员在本市公安机关有违法犯罪记录。',
    en: 'A search found no record of offences by the person above with the city’s police up to {date}.',
  },
  'pdf.footer': {
    zh: '本证明由 24 小时警务自助机出具，经电子签名，涂改无效。',
    en: 'Issued by the 24-hour police self-service kiosk and electronically signed; any alteration voids it.',
  },

  // Route summaries.
  'route.issue': {
    zh: '自助机出具证明（需有效的人证核验）',
    en: 'Issue a certificate at the kiosk (needs a valid identity check)',
  },
  'route.terminalPdf': {
    zh: '自助机下载证明 PDF（仅限出具时的核验）',
    en: 'Download a certificate PDF at the kiosk (only the issuing check)',
  },
  'route.verifyKeys': { zh: '公开的签发公钥（含已停用的）', en: 'Published signing keys (retired ones too)' },
  'route.verify': {
    zh: '核验证明状态（公开，无需登录）',
    en: 'Check a certificate’s status (public, no sign-in)',
  },
  'route.list': { zh: '查询已出具的证明', en: 'Search certificates issued' },
  'route.detail': { zh: '证明详情', en: 'Certificate details' },
  'route.revoke': { zh: '撤销证明（填写原因）', en: 'Revoke a certificate (with a reason)' },
  'route.reprint': { zh: '重新打印证明 PDF（留痕）', en: 'Reprint a certificate PDF (audited)' },
  'route.daily': { zh: '每日出具数量（按类型）', en: 'Certificates issued per day, by type' },
  'route.mine': { zh: '本人的证明', en: 'My certificates' },
  'route.criminalList': { zh: '违法犯罪记录（仅民警）', en: 'Criminal records (police only)' },
  'route.criminalCreate': { zh: '登记违法犯罪记录', en: 'Add a criminal record' },
  'route.criminalDelete': { zh: '删除违法犯罪记录', en: 'Delete a criminal record' },
  'route.settings': { zh: '自助机设置', en: 'Kiosk settings' },
  'route.saveSettings': { zh: '保存自助机设置', en: 'Save the kiosk settings' },
  'route.seal': {
    zh: '上传印章图片（multipart：file=PNG，透明背景）',
    en: 'Upload the seal image (multipart: file=PNG with a transparent background)',
  },
  'route.keys': { zh: '签发密钥', en: 'Signing keys' },
  'route.rotateKey': {
    zh: '更换签发密钥（旧密钥继续可验证）',
    en: 'Rotate the signing key (the old one keeps verifying)',
  },
});

export type KioskMessageKey = keyof typeof kioskMessages.entries;
