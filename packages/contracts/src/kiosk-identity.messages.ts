import { defineMessages } from './i18n.ts';

/**
 * The words of the kiosk's person-and-ID check and of the ID-card / residence-permit applications
 * (kiosk-identity.ts): statuses, kinds, reasons and the rule messages of the payloads. The console
 * and the kiosk page render them with `renderKey` / `kioskIdentityMessages.text`.
 */
export const kioskIdentityMessages = defineMessages('kioskIdentity', {
  // Application kinds
  'kind.id_card': { zh: '居民身份证', en: 'Resident ID card' },
  'kind.residence_permit': { zh: '居住证', en: 'Residence permit' },
  // ID-card reasons
  'reason.first': { zh: '首次申领', en: 'First issue' },
  'reason.expiry': { zh: '有效期满换领', en: 'Renewal on expiry' },
  'reason.loss': { zh: '丢失补领', en: 'Replacement after loss' },
  'reason.damage': { zh: '损坏换领', en: 'Replacement after damage' },
  // Application statuses
  'status.submitted': { zh: '已提交', en: 'Submitted' },
  'status.accepted': { zh: '已受理', en: 'Accepted' },
  'status.changes_requested': { zh: '需补正', en: 'Changes requested' },
  'status.resubmitted': { zh: '已补正', en: 'Resubmitted' },
  'status.approved': { zh: '已批准', en: 'Approved' },
  'status.rejected': { zh: '未予批准', en: 'Rejected' },
  'status.ready_for_pickup': { zh: '可领取', en: 'Ready for pick-up' },
  'status.collected': { zh: '已领取', en: 'Collected' },
  // Fields an officer can ask to have fixed
  'fix.photo': { zh: '照片', en: 'Photo' },
  'fix.address': { zh: '居住地址', en: 'Address' },
  'fix.workplace': { zh: '工作单位', en: 'Workplace' },
  'fix.reason': { zh: '申领原因', en: 'Reason' },
  // Input rules
  'input.pairingCode': { zh: '配对码为 6 位数字', en: 'The pairing code is 6 digits' },
  'input.deviceName': {
    zh: '请填写设备名称（最多 60 字）',
    en: 'Enter the device name (at most 60 characters)',
  },
  'input.cardName': { zh: '证件姓名不正确', en: 'The name on the card is not valid' },
  'input.cardDate': { zh: '日期应为 YYYY-MM-DD', en: 'Dates are YYYY-MM-DD' },
  'input.cardField': { zh: '证件信息不完整', en: 'The card details are incomplete' },
  'input.address': { zh: '请填写居住地址（最多 200 字）', en: 'Enter the address (at most 200 characters)' },
  'input.workplace': {
    zh: '请填写工作单位（最多 100 字）',
    en: 'Enter the workplace (at most 100 characters)',
  },
  'input.note': { zh: '请填写说明（最多 500 字）', en: 'Enter a note (at most 500 characters)' },
  'input.rejectReason': {
    zh: '请填写驳回理由（最多 500 字）',
    en: 'Enter the reason (at most 500 characters)',
  },
  'input.fields': { zh: '请选择需补正的项目', en: 'Choose what must be fixed' },
  'input.kind': { zh: '申请类型应为居民身份证或居住证', en: 'The kind is an ID card or a residence permit' },
  'input.idCardReason': { zh: '请选择申领原因', en: 'Choose the reason' },
  'input.pickupAt': { zh: '领取时间格式不正确', en: 'The pick-up time is not valid' },
});
