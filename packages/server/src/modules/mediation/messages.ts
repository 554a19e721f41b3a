import { defineMessages } from '@anju/contracts';

/**
 * What the mediation core says on the server: errors and route summaries. Field messages of the
 * shared schemas are in the contracts' mediation catalogue; agreements, fulfilment and statistics
 * have their own (agreements.messages.ts).
 */
export const mediationMessages = defineMessages('mediation', {
  'error.caseNotFound': { zh: '调解案件不存在', en: 'No such mediation case' },
  'error.fileNotFound': { zh: '附件不存在', en: 'No such attachment' },
  'error.sessionNotFound': { zh: '调解记录不存在', en: 'No such mediation session' },
  'error.rosterNotFound': { zh: '名册中没有该成员', en: 'No such roster member' },
  'error.illegalTransition': {
    zh: '案件当前为「{from}」，不能{action}（→「{to}」）',
    en: 'The case is {from}: cannot {action} (→ {to})',
  },
  'error.acceptedInFuture': { zh: '受理时间不能晚于现在', en: 'The acceptance time cannot be in the future' },
  'error.incidentNotFound': { zh: '该警情不在本小区的警情登记中', en: 'No such incident in this compound' },
  'error.incidentHasCase': {
    zh: '该警情已转为调解案件 {serial}',
    en: 'This incident has already become mediation case {serial}',
  },
  'error.personNotFound': { zh: '该人员不在本小区的实有人口中', en: 'No such person in this compound' },
  'error.officerRequired': {
    zh: '"2"中须有一名本小区的民警或辅警',
    en: 'The "2" needs a police officer or auxiliary of this compound',
  },
  'error.mediatorRequired': {
    zh: '"2"中须有一名在册、在岗的人民调解员',
    en: 'The "2" needs an active people’s mediator of the roster',
  },
  'error.memberNotFound': {
    zh: '名册中没有该成员或其已停用',
    en: 'No such active roster member',
  },
  'error.memberTwice': { zh: '同一成员不能重复加入', en: 'A member cannot join twice' },
  'error.recusedHousehold': {
    zh: '{name} 与当事人 {party} 同户，应当回避',
    en: '{name} shares a household with party {party} and must step aside',
  },
  'error.recusedDeclared': {
    zh: '{name} 已声明与当事人有利害关系，应当回避：{reason}',
    en: '{name} declared a relation to a party and must step aside: {reason}',
  },
  'error.recusalOnTeam': {
    zh: '{name} 已在调解小组中，请先调整小组',
    en: '{name} is on the team: change the team first',
  },
  'error.violationFirst': {
    zh: '本案涉及治安违法，须先由民警记录违法事实和告知后果，再进行民事调解',
    en: 'A public-security violation is involved: the police record of the facts and consequences comes first',
  },
  'error.violationExists': { zh: '违法事实已记录', en: 'The violation record already exists' },
  'error.alreadyContacted': { zh: '已记录首次联系', en: 'First contact is already recorded' },
  'error.extendNotLater': {
    zh: '延长后的期限应晚于现有期限',
    en: 'The new deadline must be later than the current one',
  },
  'error.roomNotFound': { zh: '本小区没有该调解室', en: 'No such room in this compound' },
  'error.sessionRecorded': { zh: '该次调解已记录', en: 'This session is already recorded' },
  'error.sessionRecordedCancel': {
    zh: '该次调解已记录，不能取消',
    en: 'This session is already recorded and cannot be cancelled',
  },
  'error.rosterServed': {
    zh: '{name} 已参与 {n} 件案件，不能删除（历史记录需保留），请改为停用',
    en: '{name} has been on {n} case(s) and cannot be deleted (the history stays): deactivate instead',
  },
  'error.fileRequired': { zh: '请选择文件', en: 'Choose a file' },
  'error.fileType': {
    zh: '只能上传 PNG、JPEG 图片或 PDF 文件',
    en: 'Only PNG or JPEG images and PDF files',
  },
  'error.fileTooLarge': { zh: '文件不能超过 10 MB', en: 'Files are at most 10 MB' },
  'error.userNotFound': { zh: '该账号不存在或不是调解员', en: 'No such mediator login' },

  'action.contact': { zh: '记录首次联系', en: 'record first contact' },
  'action.settleOnSpot': { zh: '现场化解结案', en: 'settle on the spot' },
  'action.grade': { zh: '分级为"2+N"', en: 'grade as "2+N"' },
  'action.assignTeam': { zh: '组建调解小组', en: 'assign the team' },
  'action.recusal': { zh: '登记回避', en: 'record a recusal' },
  'action.violation': { zh: '记录违法事实', en: 'record the violation' },
  'action.scheduleSession': { zh: '安排调解', en: 'schedule a session' },
  'action.recordSession': { zh: '记录调解笔录', en: 'record a session' },
  'action.conclude': { zh: '登记调解结果', en: 'record the outcome' },
  'action.saveAgreement': { zh: '制作调解协议', en: 'record the agreement' },
  'action.judicial': { zh: '登记司法确认', en: 'record judicial confirmation' },
  'action.settleTerm': { zh: '登记履行情况', en: 'settle a term' },
  'action.followup': { zh: '安排回访', en: 'schedule a follow-up' },
  'action.extend': { zh: '延长办理期限', en: 'extend the deadline' },
  'action.attach': { zh: '上传附件', en: 'attach a file' },
  'action.boardDraft': { zh: '生成案例宣传稿', en: 'draft a board post' },

  'route.list': { zh: '调解案件列表', en: 'Mediation cases' },
  'route.get': { zh: '调解案件详情', en: 'A mediation case' },
  'route.create': { zh: '受理调解案件', en: 'Accept a mediation case' },
  'route.contact': { zh: '记录首次联系', en: 'Record first contact' },
  'route.settleOnSpot': { zh: '现场化解', en: 'Settle on the spot' },
  'route.grade': { zh: '分级为"2+N"调解', en: 'Grade as a "2+N" case' },
  'route.extend': { zh: '延长办理期限', en: 'Extend the deadline' },
  'route.team': { zh: '组建调解小组', en: 'Assign the team' },
  'route.recusal': { zh: '登记回避声明', en: 'Record a declared relation' },
  'route.suggestions': { zh: '推荐调解成员', en: 'Suggested roster members' },
  'route.violation': { zh: '记录违法事实及告知', en: 'Record the violation' },
  'route.sessionCreate': { zh: '安排/记录调解', en: 'Schedule or record a session' },
  'route.sessionRecord': { zh: '记录调解笔录', en: 'Record a session' },
  'route.fileUpload': { zh: '上传附件', en: 'Attach a file' },
  'route.file': { zh: '下载附件', en: 'Download an attachment' },
  'route.roster': { zh: '调解员名册', en: 'The roster' },
  'route.rosterCreate': { zh: '新增名册成员', en: 'Add a roster member' },
  'route.rosterUpdate': { zh: '修改名册成员', en: 'Change a roster member' },
  'route.rosterDelete': {
    zh: '删除名册成员（未参与过案件）',
    en: 'Delete a roster member (never on a case)',
  },
  'route.sessionCancel': { zh: '取消已安排的调解', en: 'Cancel a scheduled session' },
});
