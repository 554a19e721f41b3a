import type { Texts } from '@anju/contracts';

/**
 * The dashboard (工作台): greeting, overview figures, shortcuts.
 * Chinese and English side by side under each key; app/catalogues.ts merges every module's words.
 */
export const dashboardMessages = {
  'dashboard.greeting': { zh: '{greeting}，{name}', en: '{greeting}, {name}' },
  'dashboard.greetingMorning': { zh: '上午好', en: 'Good morning' },
  'dashboard.greetingNoon': { zh: '中午好', en: 'Good day' },
  'dashboard.greetingAfternoon': { zh: '下午好', en: 'Good afternoon' },
  'dashboard.greetingEvening': { zh: '晚上好', en: 'Good evening' },
  /** dayjs format of today's date in the greeting. */
  'dashboard.dateFormat': { zh: 'YYYY年M月D日 dddd', en: 'dddd, MMMM D, YYYY' },
  'dashboard.zoneNote': { zh: '北京时间', en: 'Beijing time' },
  'dashboard.shortcuts': { zh: '快捷入口', en: 'Shortcuts' },
  'dashboard.loadFailed': { zh: '概览数据加载失败', en: 'The overview failed to load' },
  'dashboard.statSites': { zh: '管辖小区', en: 'Compounds' },
  'dashboard.statAccounts': { zh: '平台账号', en: 'Accounts' },
  'dashboard.statPolice': { zh: '警务力量（民警/辅警）', en: 'Police (officers/auxiliary)' },
  'dashboard.statProperty': { zh: '物业人员', en: 'Property staff' },
  'dashboard.unitSite': { zh: '个', en: '' },
  'dashboard.unitPerson': { zh: '人', en: '' },
  'dashboard.sitesTitle': { zh: '小区概况', en: 'Compounds' },
  'dashboard.noSites': { zh: '尚未分配小区', en: 'No compound assigned yet' },
  'dashboard.noAddress': { zh: '未登记地址', en: 'No address on file' },
  'dashboard.siteCode': { zh: '小区编号', en: 'Compound code' },
  'dashboard.demoData': { zh: '演示数据', en: 'Demo data' },
  'dashboard.inService': { zh: '运行中', en: 'In service' },
  'dashboard.accountsTitle': { zh: '账号构成', en: 'Accounts by role' },
  'dashboard.privacyTitle': { zh: '数据安全与个人信息保护', en: 'Data security and privacy' },
  'dashboard.privacyAuditTitle': { zh: '全程留痕', en: 'Full trail' },
  'dashboard.privacyAuditText': {
    zh: '个人信息的每次查询与变更都写入哈希链审计日志，可随时校验是否被篡改。',
    en: 'Every read and change of personal data goes into a hash-chained audit log that can be verified at any time.',
  },
  'dashboard.privacyMaskTitle': { zh: '按角色脱敏', en: 'Masked by role' },
  'dashboard.privacyMaskText': {
    zh: '身份证号、手机号等敏感信息按角色最小必要原则显示，物业仅见脱敏信息。',
    en: 'ID and phone numbers are shown only as far as each role needs; property staff see masked values.',
  },
  'dashboard.privacyMinimumTitle': { zh: '最小授权', en: 'Least privilege' },
  'dashboard.privacyMinimumText': {
    zh: '菜单与接口共用同一张权限表，每个角色只能看到并使用其职责所需的功能。',
    en: 'The menu and the API read one permission table: each role sees and uses only what its duties need.',
  },
  'dashboard.viewAudit': { zh: '查看审计日志', en: 'Open audit log' },
} satisfies Record<string, Texts>;
