import type { Texts } from '@anju/contracts';

/**
 * The public certificate check (`/verify`, no sign-in): what anyone holding a printed certificate
 * (an employer, a school, a bank clerk) reads. app/catalogues.ts merges it with the others.
 */
export const verifyPageMessages = {
  'verifyPage.brand': { zh: '安居 · 证明核验', en: 'Anju · Certificate check' },
  'verifyPage.title': { zh: '证明真伪核验', en: 'Check a certificate' },
  'verifyPage.intro': {
    zh: '扫描证明上的二维码，或粘贴二维码中的内容。签名在您的浏览器中校验，之后再向签发机关查询证明的当前状态。',
    en: "Scan the QR code on the certificate, or paste what it contains. The signature is checked in your browser, then the issuing office is asked for the certificate's current status.",
  },
  'verifyPage.inputLabel': { zh: '二维码内容', en: 'QR code content' },
  'verifyPage.inputPlaceholder': {
    zh: '粘贴以 c1. 开头的核验码，或完整的核验链接',
    en: 'Paste the code starting with c1., or the whole verification link',
  },
  'verifyPage.check': { zh: '核验', en: 'Check' },
  'verifyPage.scan': { zh: '扫描二维码', en: 'Scan QR code' },
  'verifyPage.scanHint': {
    zh: '将证明右下角的二维码对准摄像头',
    en: 'Hold the QR code on the certificate up to the camera',
  },
  'verifyPage.scanWrong': {
    zh: '这不是安居证明的二维码',
    en: 'This is not the QR code of an Anju certificate',
  },
  'verifyPage.loadingKeys': { zh: '正在获取签发机关公钥…', en: 'Fetching the offices’ public keys…' },
  'verifyPage.keysFailed': {
    zh: '无法获取签发机关公钥，无法校验签名，请检查网络后重试',
    en: 'The offices’ public keys could not be fetched, so the signature cannot be checked; check the connection and retry',
  },
  'verifyPage.keysCached': {
    zh: '当前离线：使用本机保存的公钥校验签名',
    en: 'Offline: the signature is checked with the keys saved on this device',
  },

  'verifyPage.signature.title': {
    zh: '① 数字签名（本机校验）',
    en: '① Digital signature (checked on this device)',
  },
  'verifyPage.signature.valid': { zh: '签名有效', en: 'Signature valid' },
  'verifyPage.signature.validText': {
    zh: '内容由「{office}」的签名密钥（{kid}）签发，签发后未被改动。',
    en: 'Signed with the key {kid} of {office}; nothing has changed since.',
  },
  'verifyPage.signature.retired': {
    zh: '该密钥已轮换停用，之前签发的证明仍可校验。',
    en: 'This key has since been rotated out; certificates it signed still verify.',
  },
  'verifyPage.signature.malformed': { zh: '核验码无效', en: 'Not a valid code' },
  'verifyPage.signature.malformedText': {
    zh: '这不是有效的证明核验码：内容不完整、已损坏或被篡改，无法读取。',
    en: 'This is not a valid certificate code: it is incomplete, damaged or altered, and cannot be read.',
  },
  'verifyPage.signature.bad': { zh: '签名校验失败', en: 'Signature check failed' },
  'verifyPage.signature.badText': {
    zh: '签名与内容不符：证明内容在签发后被改动，或签名系伪造。此证明不可信。',
    en: 'The signature does not match the content: it was changed after signing, or the signature is forged. Do not trust this certificate.',
  },
  'verifyPage.signature.unknownKey': { zh: '签名密钥未知', en: 'Unknown signing key' },
  'verifyPage.signature.unknownKeyText': {
    zh: '签名所用的密钥（{kid}）不是任何签发机关公布的公钥，此证明不是由本系统签发。',
    en: 'The key it names ({kid}) is not one any office has published; this certificate was not issued by this system.',
  },
  'verifyPage.signature.notAsked': {
    zh: '签名未通过，未向服务器查询状态。',
    en: 'The signature failed, so the server was not asked for the status.',
  },

  'verifyPage.claims.title': { zh: '二维码所载内容', en: 'What the QR code states' },
  'verifyPage.field.serial': { zh: '证明编号', en: 'Serial number' },
  'verifyPage.field.type': { zh: '证明类型', en: 'Type' },
  'verifyPage.field.holder': { zh: '持证人', en: 'Holder' },
  'verifyPage.field.issuedOn': { zh: '开具日期', en: 'Issued on' },
  'verifyPage.field.validUntil': { zh: '有效期至', en: 'Valid until' },
  'verifyPage.field.office': { zh: '签发机关', en: 'Issuing office' },
  'verifyPage.field.revokedAt': { zh: '吊销时间', en: 'Revoked at' },
  'verifyPage.field.revokedReason': { zh: '吊销原因', en: 'Reason for revocation' },

  'verifyPage.status.title': {
    zh: '② 证明状态（签发机关查询）',
    en: '② Status (asked of the issuing office)',
  },
  'verifyPage.status.loading': { zh: '正在查询状态…', en: 'Asking for the status…' },
  'verifyPage.status.failed': {
    zh: '无法查询证明状态：{message}。签名结果仍然有效，但无法确认证明是否已被吊销。',
    en: 'The status could not be fetched: {message}. The signature result stands, but whether it was revoked is unknown.',
  },
  'verifyPage.status.valid': { zh: '有效', en: 'Valid' },
  'verifyPage.status.validText': { zh: '该证明真实有效。', en: 'This certificate is genuine and in force.' },
  'verifyPage.status.expired': { zh: '已过期', en: 'Expired' },
  'verifyPage.status.expiredText': {
    zh: '该证明已超过有效期，不再有效。',
    en: 'This certificate is past its validity and no longer in force.',
  },
  'verifyPage.status.revoked': { zh: '已吊销', en: 'Revoked' },
  'verifyPage.status.revokedText': {
    zh: '该证明已被签发机关吊销，不再有效。',
    en: 'The issuing office has revoked this certificate; it is no longer in force.',
  },
  'verifyPage.status.superseded': { zh: '已被替换', en: 'Superseded' },
  'verifyPage.status.supersededText': {
    zh: '该证明已被新开具的证明替换，请以新证明为准。',
    en: 'A newer certificate replaces this one; rely on the newer one.',
  },
  'verifyPage.status.unknown': { zh: '查无此证', en: 'Unknown' },
  'verifyPage.status.unknownText': {
    zh: '签发机关没有此编号的证明记录。',
    en: 'The issuing office has no certificate with this serial number.',
  },
  'verifyPage.status.detailsHidden': {
    zh: '该证明的详细信息查看次数已达上限，仅显示状态。',
    en: 'This certificate’s details have been viewed as often as allowed; only the status is shown.',
  },
} satisfies Record<string, Texts>;
