import { defineMessages } from './i18n.ts';

/**
 * The words of the bulletin-board contracts (bulletins.ts): board names, post statuses, the
 * fields' checks. Server-only words (errors, the generated drafts' texts) are in the server's
 * bulletins catalogue.
 */
export const bulletinContractMessages = defineMessages('bulletins', {
  'board.alerts': { zh: '警情提示', en: 'Police alerts' },
  'board.prevention': { zh: '防范宣传', en: 'Crime prevention' },
  'board.policy': { zh: '时事政策', en: 'Current affairs' },
  'board.disputes': { zh: '常见纠纷', en: 'Common disputes' },
  'status.draft': { zh: '草稿', en: 'draft' },
  'status.pending': { zh: '待审核', en: 'awaiting approval' },
  'status.published': { zh: '已发布', en: 'published' },
  'status.rejected': { zh: '已退回', en: 'rejected' },
  'origin.manual': { zh: '手工撰写', en: 'written by staff' },
  'origin.safety_tip': { zh: '每周安全提示（自动生成）', en: 'weekly safety tip (generated)' },
  'origin.dispute_case': { zh: '纠纷案例（匿名化）', en: 'dispute case (anonymised)' },
  'stripped.name': { zh: '姓名', en: 'names' },
  'stripped.id_number': { zh: '身份证号', en: 'ID numbers' },
  'stripped.phone': { zh: '电话号码', en: 'phone numbers' },
  'stripped.flat': { zh: '门牌/房号', en: 'flat numbers' },

  'field.siteIdInvalid': { zh: '请选择派出所/小区', en: 'Choose the office' },
  'field.idInvalid': { zh: '编号无效', en: 'The ID is invalid' },
  'field.boardRequired': { zh: '请选择栏目', en: 'Choose the board' },
  'field.titleRequired': { zh: '请填写标题', en: 'Enter the title' },
  'field.bodyRequired': { zh: '请填写正文', en: 'Enter the text' },
  'field.summaryRequired': { zh: '请填写案例概要', en: 'Enter the case summary' },
  'field.textTooLong': { zh: '不超过 {max} 个字', en: 'At most {max} characters' },
  'field.instantInvalid': {
    zh: '时间应为 ISO 8601 格式（含时区）',
    en: 'A time is an ISO 8601 instant with its offset',
  },
  'field.windowOrder': {
    zh: '下架时间应晚于上架时间',
    en: 'The end of the publishing window must be after its start',
  },
  'field.reasonRequired': { zh: '请填写退回原因', en: 'Enter why the post is rejected' },
});
