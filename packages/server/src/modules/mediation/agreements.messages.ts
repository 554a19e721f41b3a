import { defineMessages } from '@anju/contracts';

/**
 * What the agreement, fulfilment, statistics and case-board part of the mediation module says:
 * errors, the agreement PDF's wording (printed in Chinese, the document's language) and the
 * case-board text.
 */
export const agreementMessages = defineMessages('mediationAgreements', {
  'error.caseNotFound': { zh: '调解案件不存在', en: 'No such mediation case' },
  'error.termNotFound': { zh: '协议条款不存在', en: 'No such agreement term' },
  'error.followupNotFound': { zh: '回访记录不存在', en: 'No such follow-up visit' },
  'error.agreementNotFound': { zh: '该案件尚无调解协议', en: 'The case has no agreement yet' },
  'error.statutoryMissing': {
    zh: '调解协议缺少法定内容：{field}',
    en: 'The agreement lacks statutory content: {field}',
  },
  'error.fieldRequired': { zh: '此项为调解协议的法定内容，必须填写', en: 'Statutory content: required' },
  'error.dueBeforeAgreement': {
    zh: '履行期限（{dueOn}）不能早于协议签订日期（{signedOn}）',
    en: 'The due date ({dueOn}) cannot be before the agreement was signed ({signedOn})',
  },
  'error.termsNeedWritten': {
    zh: '口头协议没有书面协议书，不能生成协议书 PDF',
    en: 'An oral agreement has no written agreement document to print',
  },
  'error.notInFulfilment': {
    zh: '案件不在履行阶段，条款不能再登记履行情况',
    en: 'The case is not in fulfilment: its terms cannot be settled any more',
  },
  'error.termSettled': { zh: '该条款已登记履行情况', en: 'The term has already been settled' },
  'error.nextStepRequired': {
    zh: '未履行的条款须写明后续处理（如起诉、再次调解、申请强制执行）',
    en: 'A term not performed needs what happened next (a lawsuit, another mediation, enforcement…)',
  },
  'error.notInMediation': {
    zh: '只有调解中的案件才能录入或修改调解协议（当前状态：{status}）',
    en: 'An agreement is recorded or changed only while the case is in mediation (now: {status})',
  },
  'error.agreementExists': {
    zh: '该案件已有调解协议',
    en: 'The case already has an agreement',
  },
  'error.noTermsForOutcome': {
    zh: '只有达成协议（书面或口头）才有协议条款',
    en: 'Only an agreement (written or oral) has terms',
  },
  'error.followupDone': { zh: '该回访已记录', en: 'The follow-up visit is already recorded' },
  'error.caseClosed': { zh: '案件已结案', en: 'The case is closed' },
  'error.judicialBeforeSigned': {
    zh: '申请司法确认的日期不能早于协议签订日期',
    en: 'The judicial confirmation cannot be applied for before the agreement was signed',
  },
  'error.notConcluded': {
    zh: '案件尚未调解终结，不能生成案例',
    en: 'The case is not concluded yet: no case-board draft',
  },

  'field.partiesSummary': { zh: '当事人基本情况', en: 'the parties’ details' },
  'field.mainFacts': { zh: '纠纷主要事实', en: 'the main facts' },
  'field.disputedMatters': { zh: '争议事项', en: 'the disputed matters' },
  'field.responsibilities': { zh: '各方当事人的责任', en: 'each party’s responsibility' },
  'field.terms': { zh: '协议条款', en: 'the agreed terms' },
  'field.text': { zh: '条款内容', en: 'the term' },
  'field.obligor': { zh: '履行人', en: 'who performs it' },
  'field.how': { zh: '履行方式', en: 'how it is performed' },
  'field.place': { zh: '履行地点', en: 'where it is performed' },
  'field.dueOn': { zh: '履行期限', en: 'by when it is performed' },
  'field.mediator': { zh: '人民调解员', en: 'the people’s mediator' },

  'pdf.title': { zh: '人民调解协议书', en: 'People’s mediation agreement' },
  'pdf.serial': { zh: '编号：{serial}', en: 'No. {serial}' },
  'pdf.committee': { zh: '{site}人民调解委员会', en: 'People’s Mediation Committee of {site}' },
  'pdf.parties': { zh: '当事人基本情况', en: 'The parties' },
  'pdf.role.applicant': { zh: '申请人', en: 'Applicant' },
  'pdf.role.respondent': { zh: '被申请人', en: 'Respondent' },
  'pdf.role.other': { zh: '其他当事人', en: 'Other party' },
  'pdf.party': {
    zh: '{role}：{name}　联系电话：{phone}　住址：{address}',
    en: '{role}: {name}, phone {phone}, address {address}',
  },
  'pdf.mainFacts': { zh: '纠纷主要事实', en: 'Main facts' },
  'pdf.disputedMatters': { zh: '争议事项', en: 'Disputed matters' },
  'pdf.responsibilities': { zh: '各方当事人的责任', en: 'Each party’s responsibility' },
  'pdf.terms': {
    zh: '经调解，各方当事人自愿达成如下协议',
    en: 'Mediated, the parties freely agree as follows',
  },
  'pdf.term': {
    zh: '{seq}. {text}\n　履行人：{obligor}；履行方式：{how}；履行地点：{place}；履行期限：{dueOn}前。',
    en: '{seq}. {text}\n   By: {obligor}; how: {how}; where: {place}; by {dueOn}.',
  },
  'pdf.noTerms': { zh: '（无需另行履行的条款）', en: '(no term left to perform)' },
  'pdf.effect': {
    zh: '本协议书自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效。当事人应当按照约定履行。本协议书一式{copies}份，各方当事人各执一份，人民调解委员会留存一份。',
    en: 'This agreement takes effect when every party has signed, sealed or fingerprinted it and the mediator has signed it under the committee’s seal. The parties shall perform it as agreed. It is made in {copies} copies: one for each party, one kept by the committee.',
  },
  'pdf.judicial': {
    zh: '司法确认：各方当事人认为必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认。',
    en: 'Judicial confirmation: the parties may jointly apply to a people’s court within 30 days of this agreement taking effect.',
  },
  'pdf.judicialRecord': {
    zh: '申请日期：{appliedOn}　受理法院：{court}　文号：{number}　结果：{result}',
    en: 'Applied on {appliedOn}, court {court}, number {number}, result {result}',
  },
  'pdf.partySign': {
    zh: '{role}（签名）：＿＿＿＿＿＿　指印：□　　{date}',
    en: '{role} (signature): ________  fingerprint: □   {date}',
  },
  'pdf.mediatorSign': {
    zh: '人民调解员（签名）：＿＿＿＿＿＿（{name}）',
    en: 'People’s mediator (signature): ________ ({name})',
  },
  'pdf.committeeSeal': { zh: '{committee}（印章）', en: '{committee} (seal)' },
  'pdf.signedOn': { zh: '{date}', en: '{date}' },
  'pdf.blank': { zh: '＿＿＿＿', en: '____' },
  'pdf.free': {
    zh: '人民调解不收取任何费用。',
    en: 'People’s mediation is free of charge.',
  },
  'pdf.copyOf': { zh: '第 {page} 页 / 共 {pages} 页', en: 'Page {page} of {pages}' },

  'board.party': { zh: '一方当事人', en: 'a party' },
  'board.title': { zh: '常见纠纷：{type}', en: 'Common disputes: {type}' },
  'board.what': { zh: '【基本情况】{facts}', en: '[What happened] {facts}' },
  'board.how.agreement': {
    zh: '【化解经过】经民警、人民调解员等组成的“2+N”调解团队调解，双方达成书面调解协议并已履行。',
    en: '[How it was settled] Mediated by a "2+N" team, the parties signed a written agreement and performed it.',
  },
  'board.how.oral_agreement': {
    zh: '【化解经过】经调解，双方达成口头协议并当场履行。',
    en: '[How it was settled] Mediated, the parties reached an oral agreement and performed it on the spot.',
  },
  'board.how.no_agreement': {
    zh: '【化解经过】经调解未能达成协议，已告知当事人可依法向人民法院起诉或向有关部门反映。',
    en: '[How it was settled] No agreement; the parties were told they may sue or go to the relevant department.',
  },
  'board.how.referred': {
    zh: '【化解经过】已引导当事人通过其他途径解决。',
    en: '[How it was settled] The parties were referred elsewhere.',
  },
  'board.law': { zh: '【法律提示】{advice}', en: '[What the law says] {advice}' },
  'board.lawDefault': {
    zh: '【法律提示】邻里之间应当按照有利生产、方便生活、团结互助、公平合理的原则处理相邻关系（《民法典》第二百八十八条）。',
    en: '[What the law says] Neighbours settle their relations to help each other, fairly and reasonably (Civil Code Art. 288).',
  },

  'route.conclude': { zh: '调解终结：记录结果', en: 'Conclude a mediation: record the outcome' },
  'route.saveAgreement': { zh: '录入调解协议', en: 'Record the agreement' },
  'route.agreementPdf': { zh: '调解协议书 PDF', en: 'The agreement as a PDF' },
  'route.judicial': { zh: '登记司法确认', en: 'Record the judicial confirmation' },
  'route.boardDraft': { zh: '生成常见纠纷案例草稿', en: 'Draft a common-disputes board post' },
  'route.settleTerm': { zh: '登记条款履行情况', en: 'Settle an agreed term' },
  'route.addFollowup': { zh: '安排回访', en: 'Schedule a follow-up visit' },
  'route.followupDone': { zh: '记录回访', en: 'Record a follow-up visit' },
  'route.stats': { zh: '调解统计', en: 'Mediation statistics' },
  'route.overdue': { zh: '超期案件数（按期限）', en: 'Overdue cases by deadline' },
  'error.siteNotFound': { zh: '小区不存在', en: 'No such compound' },
});
