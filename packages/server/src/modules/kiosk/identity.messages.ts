import { defineMessages } from '@anju/contracts';

/**
 * What the kiosk's identity side says (H2 of issue 13): pairing and devices, the person-and-ID
 * check, ID-photo rules (until the face module's), applications and their notices.
 */
export const kioskIdentityServerMessages = defineMessages('kioskId', {
  // Routes (API docs)
  'route.devices': { zh: '自助机列表（在线状态）', en: 'Kiosks (online state)' },
  'route.pairingCode': { zh: '生成自助机配对码', en: 'Make a kiosk pairing code' },
  'route.revoke': { zh: '吊销自助机', en: 'Revoke a kiosk' },
  'route.pair': { zh: '自助机配对（用配对码换取设备凭证）', en: 'Pair a kiosk (code for a device token)' },
  'route.heartbeat': {
    zh: '自助机心跳（返回警务室信息）',
    en: 'Kiosk heartbeat (answers the office details)',
  },
  'route.simulatedCards': { zh: '模拟读卡器的演示身份证', en: 'Demo ID cards of the simulated reader' },
  'route.check': {
    zh: '人证核验（multipart：card=JSON、chipPhoto=芯片照片、live=现场照片）',
    en: 'Person-and-ID check (multipart: card=JSON, chipPhoto=chip photo, live=camera frame)',
  },
  'route.idPhotoCheck': { zh: '证件照检查（multipart：photo）', en: 'ID photo check (multipart: photo)' },
  'route.submitApplication': {
    zh: '提交办证申请（multipart：checkId、kind、details=JSON、photo）',
    en: 'Submit an application (multipart: checkId, kind, details=JSON, photo)',
  },
  'route.applications': { zh: '办证申请列表', en: 'Applications' },
  'route.application': { zh: '办证申请详情', en: 'Application details' },
  'route.applicationPhoto': { zh: '申请照片（仅民警）', en: 'Application photo (police only)' },
  'route.applicationAction': { zh: '处理办证申请', en: 'Process an application' },
  'route.myApplications': { zh: '我的办证申请', en: 'My applications' },
  'route.myApplicationFix': {
    zh: '补正我的申请（multipart：details=JSON、photo）',
    en: 'Fix my application (multipart: details=JSON, photo)',
  },

  // Forms

  // Devices
  'device.notFound': { zh: '自助机不存在', en: 'Kiosk not found' },
  'device.defaultName': { zh: '自助机', en: 'Kiosk' },
  'sim.notDemo': {
    zh: '模拟读卡器仅在演示小区可用',
    en: 'The simulated reader is only available at a demo compound',
  },

  // The person-and-ID check
  'check.cardMissing': { zh: '缺少身份证信息（card）', en: 'The ID card details (card) are missing' },
  'check.cardInconsistent': {
    zh: '身份证信息不一致：{field}与身份证号不符，请到警务室窗口办理',
    en: 'The ID card does not agree with itself: its {field} does not match the ID number; please go to the police office counter',
  },
  'check.field.birthDate': { zh: '出生日期', en: 'date of birth' },
  'check.field.sex': { zh: '性别', en: 'sex' },
  'check.cardExpired': {
    zh: '身份证已过有效期（{date}），请到警务室窗口办理',
    en: 'The ID card expired on {date}; please go to the police office counter',
  },
  'check.liveMissing': { zh: '缺少现场照片（live）', en: 'The camera frame (live) is missing' },
  'check.unreadableImage': { zh: '照片无法读取，请重试', en: 'The photo could not be read; try again' },
  'check.engineUnavailable': {
    zh: '人脸比对暂不可用，请稍后再试或到警务室窗口办理',
    en: 'Face matching is unavailable; try later or go to the police office counter',
  },
  'check.faceMismatch': {
    zh: '人脸与身份证不一致，还可尝试 {left} 次（3 次不一致将锁定 {minutes} 分钟）',
    en: 'The face does not match the ID card; {left} tries left (3 failures lock it for {minutes} minutes)',
  },
  'check.livenessFailed': {
    zh: '未通过活体检测，请本人正对摄像头，还可尝试 {left} 次',
    en: 'Liveness check failed; face the camera yourself — {left} tries left',
  },
  'check.faceLocked': {
    zh: '此身份证在本机比对失败次数过多，已锁定 {minutes} 分钟，请到警务室窗口办理',
    en: 'Too many failed matches for this ID card here; locked for {minutes} minutes — please go to the counter',
  },
  'check.noFace': { zh: '未检测到人脸，请正对摄像头', en: 'No face found; face the camera' },
  'check.chipNoFace': {
    zh: '身份证芯片照片无法识别，请到警务室窗口办理',
    en: 'The ID card’s chip photo cannot be read; please go to the counter',
  },
  'check.noReference': {
    zh: '未读到芯片照片，无法核验，请重新放置身份证',
    en: 'No chip photo was read, so nothing to compare with; place the card again',
  },
  'check.poorQuality': {
    zh: '照片质量不足，请靠近并正对摄像头',
    en: 'The photo is not good enough; come closer and face the camera',
  },
  'check.notFound': { zh: '核验记录不存在，请重新核验', en: 'No such check; verify again' },
  'check.expired': { zh: '核验已超时，请重新核验', en: 'The check has expired; verify again' },

  // Service offers (applications)
  'offer.notInRegistry': {
    zh: '未在本小区实有人口中登记，请到警务室窗口办理',
    en: 'Not registered as living in this compound; please go to the counter',
  },
  'offer.under16': {
    zh: '未满 16 周岁，请由监护人陪同到窗口办理',
    en: 'Under 16: apply at the counter with a guardian',
  },
  'offer.hukouLocal': {
    zh: '户籍在本市，无需办理居住证',
    en: 'Household registration in this city: no residence permit needed',
  },
  'offer.hukouUnknown': {
    zh: '户籍地未登记，请到警务室窗口办理',
    en: 'Household registration not on record; please go to the counter',
  },
  'offer.under6Months': {
    zh: '在本小区居住未满 6 个月',
    en: 'Living in this compound for less than 6 months',
  },
  'offer.noTenancyOrJob': {
    zh: '无租赁合同或就业登记',
    en: 'No tenancy or job on record',
  },
  'offer.applicationOpen': {
    zh: '已有办理中的同类申请（{reference}）',
    en: 'An application of this kind is in progress ({reference})',
  },

  // ID photo (the rules and their messages are the face module's id-photo.ts)
  'photo.missing': { zh: '请拍摄证件照（photo）', en: 'Take the ID photo (photo)' },

  // Applications
  'app.notFound': { zh: '申请不存在', en: 'Application not found' },
  'app.notEligible': { zh: '不符合办理条件：{reason}', en: 'Not eligible: {reason}' },
  'app.badTransition': {
    zh: '当前状态（{status}）不能执行此操作',
    en: 'This cannot be done in the current status ({status})',
  },
  'app.detailsJson': { zh: '申请内容（details）不是有效的 JSON', en: 'The details are not valid JSON' },
  'app.photoRejected': { zh: '证件照不符合要求', en: 'The ID photo does not meet the rules' },
  'app.nothingToFix': { zh: '此申请无需补正', en: 'This application needs no changes' },
  'app.fixMissing': { zh: '请补正：{fields}', en: 'Please fix: {fields}' },
  'app.noPhoto': { zh: '此申请没有照片', en: 'This application has no photo' },
  'app.notLinked': {
    zh: '账号未关联实有人口记录',
    en: 'This account is not linked to a registry record',
  },

  // Notices to the applicant (stored as keys, rendered in the reader's language)
  'notice.submitted': {
    zh: '您的{kind}申请（{reference}）已提交',
    en: 'Your {kind} application ({reference}) was submitted',
  },
  'notice.accepted': {
    zh: '您的{kind}申请（{reference}）已受理',
    en: 'Your {kind} application ({reference}) was accepted',
  },
  'notice.changes_requested': {
    zh: '您的{kind}申请（{reference}）需要补正：{note}',
    en: 'Your {kind} application ({reference}) needs changes: {note}',
  },
  'notice.resubmitted': {
    zh: '您的{kind}申请（{reference}）已补正提交',
    en: 'Your {kind} application ({reference}) was resubmitted',
  },
  'notice.approved': {
    zh: '您的{kind}申请（{reference}）已批准',
    en: 'Your {kind} application ({reference}) was approved',
  },
  'notice.rejected': {
    zh: '您的{kind}申请（{reference}）未予批准：{note}',
    en: 'Your {kind} application ({reference}) was rejected: {note}',
  },
  'notice.ready_for_pickup': {
    zh: '您的{kind}（{reference}）已可领取，请带本人身份证到警务室领取',
    en: 'Your {kind} ({reference}) is ready; collect it at the police office with your ID card',
  },
  'notice.collected': {
    zh: '您的{kind}（{reference}）已领取',
    en: 'Your {kind} ({reference}) was collected',
  },
});
