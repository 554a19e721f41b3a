import { defineMessages } from './i18n.ts';

/**
 * The words of the resident's own data (privacy.ts): the fields a correction can name, the
 * statuses a correction goes through, and the rule messages of the privacy payloads. The console
 * has the same `privacy.field.*` / `privacy.status.*` words in its own dictionary.
 */
export const privacyMessages = defineMessages('privacy', {
  // What a resident can ask to have corrected.
  'field.name': { zh: '姓名', en: 'Name' },
  'field.idNumber': { zh: '身份证号', en: 'ID number' },
  'field.gender': { zh: '性别', en: 'Gender' },
  'field.ethnicity': { zh: '民族', en: 'Ethnic group' },
  'field.phone': { zh: '手机号', en: 'Mobile number' },
  'field.hukouAddress': { zh: '户籍地址', en: 'Household registration address' },
  'field.hukouRegionCode': { zh: '户籍地行政区划代码', en: 'Household registration region code' },
  'field.workplace': { zh: '工作单位/学校', en: 'Workplace or school' },
  'field.emergencyContactName': { zh: '紧急联系人', en: 'Emergency contact' },
  'field.emergencyContactPhone': { zh: '紧急联系人电话', en: 'Emergency contact phone' },
  'field.vehiclePlates': { zh: '车牌号', en: 'Licence plates' },
  'field.residency': {
    zh: '居住信息（房屋、入住日期、与户主关系）',
    en: 'Residence (flat, move-in date, relation to head)',
  },
  'field.tenancy': { zh: '租赁合同信息', en: 'Tenancy details' },
  'field.other': { zh: '其他', en: 'Other' },

  // Where a correction stands.
  'status.pending': { zh: '待处理', en: 'Waiting' },
  'status.in_progress': { zh: '处理中', en: 'In progress' },
  'status.accepted': { zh: '已采纳', en: 'Accepted' },
  'status.rejected': { zh: '已驳回', en: 'Rejected' },
  'status.closed': { zh: '已处理', en: 'Handled' },

  // A correction request (POST /privacy/me/corrections).
  'correction.invalidValue': { zh: '内容格式不正确', en: 'The value is not in a valid format' },
  'correction.fieldRequired': { zh: '请选择要更正的项目', en: 'Choose what to correct' },
  'correction.valueRequired': { zh: '请填写正确内容', en: 'Enter the correct value' },
  'correction.valueInvalid': {
    zh: '正确内容格式不正确',
    en: 'The correct value is not in a valid format',
  },
  'correction.valueTooLong': {
    zh: '正确内容过长（最多 {max} 字）',
    en: 'The correct value is too long (at most {max} characters)',
  },
  'correction.noteRequired': { zh: '请填写说明', en: 'Enter the note' },
  'correction.noteInvalid': { zh: '说明格式不正确', en: 'The note is not in a valid format' },
  'correction.noteTooLong': {
    zh: '说明过长（最多 {max} 字）',
    en: 'The note is too long (at most {max} characters)',
  },

  // The desk's decision (POST /privacy/corrections/:alertId/decide).
  'decision.outcome': {
    zh: '处理结果应为 accepted（采纳）或 rejected（驳回）',
    en: 'The outcome must be accepted or rejected',
  },
  'decision.noteRequired': { zh: '请填写处理说明', en: 'Enter a note on the decision' },
  'decision.noteTooShort': {
    zh: '请填写处理说明（至少 {min} 个字）',
    en: 'Enter a note on the decision (at least {min} characters)',
  },
  'decision.noteTooLong': {
    zh: '处理说明最多 {max} 字',
    en: 'The note on the decision can have at most {max} characters',
  },
  'decision.apply': {
    zh: '是否同时更正记录应为 true 或 false',
    en: 'Whether to correct the record must be true or false',
  },

  // The counter export (POST /privacy/persons/:personId/export).
  'counter.noteRequired': {
    zh: '请填写申请人及身份核验情况',
    en: 'Enter who is asking and how their identity was checked',
  },
  'counter.noteTooShort': {
    zh: '请填写申请人及身份核验情况（至少 {min} 个字）',
    en: 'Enter who is asking and how their identity was checked (at least {min} characters)',
  },
  'counter.noteTooLong': {
    zh: '申请说明最多 {max} 字',
    en: 'The request note can have at most {max} characters',
  },
});
