import { defineMessages } from './i18n.ts';

/**
 * The words of the kiosk certificate contracts (kiosk.ts): certificate types and statuses, the
 * services a kiosk offers, and the messages of the shared schemas (the console's forms and the
 * server's checks). Server-only words (errors, PDF wording, route summaries) are in the server's
 * kiosk catalogue.
 */
export const kioskContractMessages = defineMessages('kiosk', {
  // Certificate types (the printed titles) and statuses.
  'type.hukou': { zh: '户籍证明', en: 'Household registration certificate' },
  'type.temporary_identity': { zh: '临时身份证明', en: 'Temporary identity certificate' },
  'type.no_criminal_record': { zh: '无犯罪记录证明', en: 'No-criminal-record certificate' },
  'status.valid': { zh: '有效', en: 'valid' },
  'status.expired': { zh: '已过期', en: 'expired' },
  'status.revoked': { zh: '已撤销', en: 'revoked' },
  'status.superseded': { zh: '已被替代', en: 'superseded' },
  'status.unknown': { zh: '查无此证', en: 'unknown' },
  'service.hukou': { zh: '户籍证明', en: 'Household registration certificate' },
  'service.temporary_identity': { zh: '临时身份证明', en: 'Temporary identity certificate' },
  'service.no_criminal_record': { zh: '无犯罪记录证明', en: 'No-criminal-record certificate' },
  'service.id_card': { zh: '居民身份证申领', en: 'Resident ID card application' },
  'service.residence_permit': { zh: '居住证申领', en: 'Residence permit application' },
  'keyStatus.active': { zh: '使用中', en: 'active' },
  'keyStatus.retired': { zh: '已停用（仍可验证）', en: 'retired (still verifies)' },

  // Field messages of the shared schemas.
  'field.siteIdInvalid': { zh: '请选择小区', en: 'Choose the compound' },
  'field.checkIdInvalid': { zh: '核验编号无效', en: 'The check ID is invalid' },
  'field.typeInvalid': { zh: '证明类型无效', en: 'The certificate type is invalid' },
  'field.purposeTooLong': { zh: '用途不超过 {max} 个字', en: 'The purpose is at most {max} characters' },
  'field.tokenInvalid': { zh: '二维码内容无效', en: 'The QR code content is invalid' },
  'field.reasonRequired': { zh: '请填写撤销原因', en: 'Enter the reason for revoking' },
  'field.reasonTooLong': { zh: '原因不超过 {max} 个字', en: 'The reason is at most {max} characters' },
  'field.dateInvalid': { zh: '日期格式应为 YYYY-MM-DD', en: 'Dates are written YYYY-MM-DD' },
  'field.idNumberRequired': { zh: '请输入身份证号', en: 'Enter the ID number' },
  'field.nameRequired': { zh: '请输入姓名', en: 'Enter the name' },
  'field.offenceRequired': { zh: '请填写罪名或案由', en: 'Enter the offence' },
  'field.textTooLong': { zh: '不超过 {max} 个字', en: 'At most {max} characters' },
  'field.officeNameRequired': { zh: '请填写办证单位名称', en: 'Enter the issuing office’s name' },
  'field.officePhoneRequired': { zh: '请填写办公电话', en: 'Enter the office’s phone number' },
  'field.openingHoursRequired': { zh: '请填写窗口办公时间', en: 'Enter the counter’s opening hours' },
  'field.regionPrefixInvalid': {
    zh: '区划代码前缀为 2–6 位数字',
    en: 'A region code prefix is 2–6 digits',
  },
  'field.regionPrefixesRequired': {
    zh: '至少填写一个户籍辖区代码前缀',
    en: 'Enter at least one household registration region prefix',
  },
  'field.numberRange': {
    zh: '应为 {min}–{max} 之间的整数',
    en: 'Must be a whole number from {min} to {max}',
  },
});
