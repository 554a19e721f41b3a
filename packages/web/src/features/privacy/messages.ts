import type { Texts } from '@anju/contracts';

/**
 * The resident's own data (PIPL Art. 45–46): download, correction requests, the counter export, and
 * the names of their audited actions.
 * Chinese and English side by side under each key; app/catalogues.ts merges every module's words.
 */
export const privacyMessages = {
  'privacy.myData': { zh: '我的信息', en: 'My data' },
  'privacy.download': { zh: '下载我的信息', en: 'Download my data' },
  'privacy.downloaded': { zh: '文件已下载', en: 'File downloaded' },
  'privacy.downloadExplain': {
    zh: '依据《个人信息保护法》第四十五条，您可以下载本系统中与您有关的全部信息（一个 JSON 文件）：登记信息、居住与租赁、家庭成员组成、授权同意、门禁凭证（不含密码和完整卡号）、通行记录等。每次下载都会记入审计日志。',
    en: 'Under Art. 45 of the Personal Information Protection Law you can download everything this system holds about you (one JSON file): your record, residence and tenancy, who is in your household, consents, gate credentials (without PIN or full card number), your access log and more. Every download is written to the audit log.',
  },
  'privacy.downloadExplainShort': {
    zh: '下载本系统中与您有关的全部信息（含通行记录），每次下载记入审计日志。',
    en: 'Download everything this system holds about you, your access log included; every download is audited.',
  },
  'privacy.correctionTitle': { zh: '申请更正', en: 'Ask for a correction' },
  'privacy.correctionField': { zh: '需要更正的项目', en: 'What is wrong' },
  'privacy.correctionFieldRequired': { zh: '请选择需要更正的项目', en: 'Choose what is wrong' },
  'privacy.correctionFieldPlaceholder': {
    zh: '如 手机号、姓名、居住信息',
    en: 'e.g. mobile number, name, residence',
  },
  'privacy.proposedValue': { zh: '正确内容', en: 'Correct value' },
  'privacy.proposedValueRequired': { zh: '请填写正确内容', en: 'Enter the correct value' },
  'privacy.proposedValuePlaceholder': { zh: '填写正确的内容', en: 'What it should say' },
  'privacy.correctionNote': { zh: '说明', en: 'Note' },
  'privacy.correctionNotePlaceholder': {
    zh: '可说明原因，便于工作人员核实（选填）',
    en: 'Why, to help the staff check it (optional)',
  },
  'privacy.submitCorrection': { zh: '提交更正申请', en: 'Send the request' },
  'privacy.correctionFiled': {
    zh: '更正申请已提交，处理后会在此显示结果',
    en: 'Request sent; the outcome will show here',
  },
  'privacy.myCorrections': { zh: '我的更正申请', en: 'My correction requests' },
  'privacy.noCorrections': { zh: '暂无更正申请', en: 'No correction requests' },
  'privacy.applied': { zh: '已更正', en: 'Corrected' },
  'privacy.decisionNote': { zh: '处理说明', en: 'Decision note' },
  'privacy.decisionNoteRequired': { zh: '请填写处理说明', en: 'Enter a note on the decision' },
  'privacy.decisionNotePlaceholder': {
    zh: '采纳：写明已更正的内容；驳回：写明理由',
    en: 'Accepted: what was corrected; rejected: why',
  },
  'privacy.statusLabel': { zh: '处理状态', en: 'Status' },
  'privacy.decide': { zh: '处理更正', en: 'Decide' },
  'privacy.acceptApply': { zh: '采纳并更正登记信息', en: 'Accept and correct the record' },
  'privacy.accept': { zh: '采纳（已手动更正）', en: 'Accept (corrected by hand)' },
  'privacy.reject': { zh: '驳回', en: 'Reject' },
  'privacy.accepted': { zh: '已采纳', en: 'Accepted' },
  'privacy.rejected': { zh: '已驳回', en: 'Rejected' },
  'privacy.counterExport': { zh: '导出本人信息', en: 'Export their data' },
  'privacy.counterExportTitle': { zh: '为 {name} 导出个人信息', en: 'Export the personal data of {name}' },
  'privacy.counterExportExplain': {
    zh: '仅限本人（或其监护人）到警务室申请时使用。导出文件与居民在手机上下载的相同，包含通行记录；申请人与核验情况记入审计日志。',
    en: 'Only for the person themselves (or their guardian) asking at the police office. The file is the one a resident downloads on their phone, access log included; who asked and how they were identified is written to the audit log.',
  },
  'privacy.requesterNote': { zh: '申请人及身份核验情况', en: 'Who is asking, and how they were identified' },
  'privacy.requesterNoteRequired': {
    zh: '请填写申请人及身份核验情况',
    en: 'Enter who is asking and how they were identified',
  },
  'privacy.requesterNotePlaceholder': {
    zh: '如：本人持身份证到警务室申请，已核验',
    en: 'e.g. came in person with their ID card, checked',
  },
  'privacy.status.pending': { zh: '待处理', en: 'Waiting' },
  'privacy.status.in_progress': { zh: '处理中', en: 'In progress' },
  'privacy.status.accepted': { zh: '已采纳', en: 'Accepted' },
  'privacy.status.rejected': { zh: '已驳回', en: 'Rejected' },
  'privacy.status.closed': { zh: '已处理', en: 'Handled' },
  'privacy.field.name': { zh: '姓名', en: 'Name' },
  'privacy.field.idNumber': { zh: '身份证号', en: 'ID number' },
  'privacy.field.gender': { zh: '性别', en: 'Gender' },
  'privacy.field.ethnicity': { zh: '民族', en: 'Ethnic group' },
  'privacy.field.phone': { zh: '手机号', en: 'Mobile number' },
  'privacy.field.hukouAddress': { zh: '户籍地址', en: 'Household registration address' },
  'privacy.field.hukouRegionCode': { zh: '户籍地行政区划代码', en: 'Household registration region code' },
  'privacy.field.workplace': { zh: '工作单位/学校', en: 'Workplace or school' },
  'privacy.field.emergencyContactName': { zh: '紧急联系人', en: 'Emergency contact' },
  'privacy.field.emergencyContactPhone': { zh: '紧急联系人电话', en: 'Emergency contact phone' },
  'privacy.field.vehiclePlates': { zh: '车牌号', en: 'Licence plates' },
  'privacy.field.residency': {
    zh: '居住信息（房屋、入住日期、与户主关系）',
    en: 'Residence (flat, move-in date, relation to head)',
  },
  'privacy.field.tenancy': { zh: '租赁合同信息', en: 'Tenancy details' },
  'privacy.field.other': { zh: '其他', en: 'Other' },

  'audit.action.privacy.subject_export': { zh: '导出本人信息', en: 'Personal data export' },
  'audit.action.privacy.correction_request': { zh: '提交更正申请', en: 'Correction requested' },
  'audit.action.privacy.correction_read': { zh: '查看更正申请', en: 'Correction request read' },
  'audit.action.privacy.correction_accepted': { zh: '采纳更正申请', en: 'Correction accepted' },
  'audit.action.privacy.correction_rejected': { zh: '驳回更正申请', en: 'Correction rejected' },
} satisfies Record<string, Texts>;
