import { defineMessages } from '@anju/contracts';

/**
 * What the privacy module says: its errors, the file a person receives (in the language of the
 * one who asked for it), the stored wording of its audit entries and visit records, and its
 * operation summaries. The payloads' own words are in contracts/src/privacy.messages.ts.
 */
export const privacyModuleMessages = defineMessages('privacy', {
  // Errors.
  noPersonLinked: {
    zh: '账号未关联居民信息，请到物业或警务室登记',
    en: 'This account is not linked to a resident; register at the property office or police office',
  },
  tooManyCorrections: {
    zh: '您已有 {max} 项更正申请尚未处理，请等处理后再提交',
    en: 'You already have {max} correction requests waiting; submit more once they are handled',
  },
  correctionNotFound: { zh: '更正申请不存在', en: 'Correction request not found' },
  notApplicable: {
    zh: '该项须在登记信息中手动更正，不能直接写入',
    en: 'This item must be corrected by hand in the registry record; it cannot be written in directly',
  },
  notValidForRecord: {
    zh: '申请的内容不符合登记要求，不能直接写入',
    en: 'The value asked for does not meet the registry’s rules, so it cannot be written in directly',
  },

  // The subject export (the file a person receives).
  'export.fileName': {
    zh: '安居个人信息-{name}-{date}.json',
    en: 'Anju-personal-data-{name}-{date}.json',
  },
  'export.legalBasis': {
    zh: '《中华人民共和国个人信息保护法》第四十五条（查阅、复制）、第四十六条（更正、补充）',
    en: 'Personal Information Protection Law of the People’s Republic of China, Art. 45 (access and copies) and Art. 46 (correction and completion)',
  },
  'export.note.contents': {
    zh: '本文件包含本系统中与您本人有关的全部个人信息，以及您所在家庭的成员组成（姓名、关系、居住类型与期限）。',
    en: 'This file holds all the personal information about you in this system, and who is in your household (names, relations, types and periods of residence).',
  },
  'export.note.otherMembers': {
    zh: '其他家庭成员的身份证号、电话、通行记录等属于他们本人的信息，不在本文件中；他们可以各自申请。',
    en: 'The ID numbers, phone numbers, access records and other information of the other members of your household are theirs and are not in this file; each of them can ask for their own.',
  },
  'export.note.credentials': {
    zh: '出于安全，门禁凭证只列出类型、状态和有效期：不含密码（PIN）、完整卡号和人脸模板；人脸照片与抓拍图像不导出。',
    en: 'For security, gate credentials are listed by kind, status and validity only: no PIN, no full card number and no face template; face photos and captured images are not exported.',
  },
  'export.note.withheld': {
    zh: '警务备注，以及依法不予告知的公共安全处理记录（《个人信息保护法》第十八条、第三十五条），不在本文件中。',
    en: 'Police notes, and records of public-security measures the law exempts from notification (Personal Information Protection Law, Art. 18 and 35), are not in this file.',
  },
  'export.note.retention': {
    zh: '通行记录保存 {days} 天，更早的记录已按保存期限删除；访客通行码列出最近 200 个。',
    en: 'Access records are kept for {days} days; older ones have been deleted at the end of that period. The latest 200 visitor passes are listed.',
  },
  'export.note.corrections': {
    zh: '如发现信息有误，可在“我的家庭”页面提交更正申请，物业服务台或社区警务室处理后您会看到结果。',
    en: 'If anything is wrong, ask for a correction on the “My household” page; once the property desk or the community police office has handled it, you will see the outcome.',
  },

  // Stored with the audit entries and the visit record (kept in Chinese, see service.ts).
  'audit.selfExport': {
    zh: '本人查阅、复制个人信息（个人信息保护法第四十五条）',
    en: 'The person’s own access to and copy of their data (Personal Information Protection Law, Art. 45)',
  },
  'audit.counterExport': {
    zh: '本人到柜台申请查阅、复制：{note}',
    en: 'Access and copy asked for in person at the counter: {note}',
  },
  'audit.acceptedApplied': { zh: '采纳并更正登记信息', en: 'Accepted and the record corrected' },
  'audit.accepted': { zh: '采纳', en: 'Accepted' },
  'audit.rejected': { zh: '驳回', en: 'Rejected' },
  visitNote: { zh: '居民更正申请', en: 'Resident’s correction request' },

  // Operation summaries in the API document.
  'route.myExport': {
    zh: '下载我的个人信息（本人及家庭，一个 JSON 文件；记入审计）',
    en: 'Download my personal data (mine and my household’s, one JSON file; audited)',
  },
  'route.fileCorrection': {
    zh: '申请更正我的信息（交物业服务台或社区警务室处理）',
    en: 'Ask for a correction of my data (handled by the property desk or the community police office)',
  },
  'route.myCorrections': {
    zh: '我的更正申请及处理结果',
    en: 'My correction requests and their outcomes',
  },
  'route.correctionDetail': {
    zh: '更正申请详情（申请更正的项目与内容；查看记入审计）',
    en: 'A correction request (what is to be corrected and the value asked for; reading it is audited)',
  },
  'route.decideCorrection': {
    zh: '处理更正申请：采纳（可同时写入登记信息）或驳回并说明理由',
    en: 'Decide a correction request: accept it (optionally writing the value into the record) or reject it with a reason',
  },
  'route.counterExport': {
    zh: '为到柜台申请的本人导出其个人信息（须填写申请人及核验情况；记入审计）',
    en: 'Export the personal data of a person asking at the counter (who asked and how they were identified is required; audited)',
  },
});
