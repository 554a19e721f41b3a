import type { Texts } from '@anju/contracts';

/** The public board page and the display screen (`/board/:siteId`, `/board/:siteId/display`, no sign-in). */
export const boardPageMessages = {
  'boardPage.brand': { zh: '安居 · 社区宣传栏', en: 'Anju · Community board' },
  'boardPage.title': { zh: '{site} 宣传栏', en: '{site} community board' },
  'boardPage.loading': { zh: '正在加载…', en: 'Loading…' },
  'boardPage.siteUnknown': {
    zh: '找不到这个宣传栏，请确认链接是否完整',
    en: 'This board does not exist; check that the link is complete',
  },
  'boardPage.call': { zh: '警务室电话', en: 'Police office' },
  'boardPage.emergency': { zh: '紧急情况请拨打 110', en: 'In an emergency call 110' },
  'boardPage.numbers': { zh: '近 {weeks} 周社区警情', en: 'Incidents in the last {weeks} weeks' },
  'boardPage.fewer': { zh: '少于5起', en: 'fewer than 5' },
  'boardPage.count': { zh: '{n} 起', en: '{n}' },
  'boardPage.reconnecting': { zh: '正在重新连接…', en: 'Reconnecting…' },
  'boardPage.group.fraud': { zh: '诈骗', en: 'Fraud' },
  'boardPage.group.theft': { zh: '盗窃', en: 'Theft' },
  'boardPage.group.fire': { zh: '火灾隐患', en: 'Fire risks' },
  'boardPage.group.dispute': { zh: '纠纷', en: 'Disputes' },
  'boardPage.group.help': { zh: '求助', en: 'Requests for help' },
  'boardPage.group.traffic': { zh: '交通', en: 'Traffic' },
  'boardPage.group.other': { zh: '其他', en: 'Other' },
  'boardPage.band': { zh: '{from}–{to} 时', en: '{from}:00–{to}:00' },
  'boardPage.total': { zh: '合计', en: 'Total' },
  'display.header': { zh: '警情提示 · 防范宣传', en: 'Safety alerts · Prevention' },
  'display.byGroup': { zh: '近 {weeks} 周警情类别', en: 'Incidents by type, last {weeks} weeks' },
  'display.byHour': { zh: '近 {weeks} 周警情时段', en: 'Incidents by time of day, last {weeks} weeks' },
  'display.suppressedNote': {
    zh: '为保护隐私，少于5起的类别不显示具体数字',
    en: 'To protect privacy, counts below 5 are not shown',
  },
  'display.share': {
    zh: '近 {weeks} 周纠纷与求助占全部警情的 {pct}%',
    en: 'Disputes and requests for help: {pct}% of all calls, last {weeks} weeks',
  },
  'display.shareOther': { zh: '其他警情', en: 'Other incidents' },
  'display.shareDisputeHelp': { zh: '纠纷与求助', en: 'Disputes and help' },
  'display.latest': { zh: '最新发布', en: 'Latest posts' },
  'display.nothing': { zh: '暂无发布内容', en: 'Nothing published yet' },
  'display.new': { zh: '新', en: 'New' },
} satisfies Record<string, Texts>;
