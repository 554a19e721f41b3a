import { defineMessages } from '@anju/contracts';

/**
 * What the incidents module says on the server: errors, route summaries, the generated analysis
 * summary and the push texts (sent in Chinese, like every outgoing text). Field messages of the
 * shared schemas are in the contracts' incidents catalogue.
 */
export const incidentMessages = defineMessages('incidents', {
  'error.incidentNotFound': { zh: '警情不存在', en: 'No such incident' },
  'error.categoryNotFound': { zh: '警情类别不存在', en: 'No such incident category' },
  'error.categoryUnknown': {
    zh: '未知的警情类别（不是本小区的类别或已停用）',
    en: 'Unknown incident category (not one of this compound’s, or retired)',
  },
  'error.categoryDepth': {
    zh: '类别最多两级：只能在一级类别下添加子类',
    en: 'Categories are two levels deep: add a child to a top-level category only',
  },
  'error.placeNotFound': { zh: '公共场所不存在', en: 'No such public place' },
  'error.placeNotInSite': {
    zh: '地点不在本小区（楼栋、单元、住户、商铺、出入口或公共场所须为本小区登记的）',
    en: 'The place is not in this compound (the building, unit, flat, shop, gate or public place must be registered here)',
  },
  'error.receivedInFuture': {
    zh: '接警时间不能晚于现在',
    en: 'The received time cannot be in the future',
  },
  'error.officerNotFound': {
    zh: '处警民警不是本小区的民警或辅警',
    en: 'The officer is not a police officer or auxiliary of this compound',
  },
  'error.alertNotFound': { zh: '告警不存在', en: 'No such alert' },
  'error.alertNotGate': {
    zh: '只有门禁告警（陌生人、多次拒绝）可以转为警情',
    en: 'Only gate alerts (stranger, repeated denials) can become incidents',
  },
  'error.alertAlreadyIncident': {
    zh: '该告警已转为警情',
    en: 'This alert has already become an incident',
  },
  'error.personNotFound': { zh: '该人员不在本小区的实有人口中', en: 'No such person in this compound' },
  'error.personAlreadyLinked': {
    zh: '该人员已以此身份关联到本警情',
    en: 'This person is already linked to the incident in this role',
  },
  'error.externalRefTaken': {
    zh: '警情编号 {ref} 已登记',
    en: 'Dispatch number {ref} is already registered',
  },

  'route.categories': { zh: '警情类别树', en: 'Incident category tree' },
  'route.categoryCreate': { zh: '新增警情类别', en: 'Add an incident category' },
  'route.categoryUpdate': { zh: '修改警情类别', en: 'Change an incident category' },
  'route.places': { zh: '公共场所列表', en: 'Public places' },
  'route.placeCreate': { zh: '新增公共场所', en: 'Add a public place' },
  'route.placeUpdate': { zh: '修改公共场所', en: 'Change a public place' },
  'route.list': { zh: '警情登记列表', en: 'Incident register' },
  'route.get': { zh: '警情详情', en: 'An incident' },
  'route.create': { zh: '登记警情', en: 'Record an incident' },
  'route.update': { zh: '修改警情', en: 'Change an incident' },
  'route.fromAlert': { zh: '门禁告警转警情', en: 'Turn a gate alert into an incident' },
  'route.persons': { zh: '警情涉及人员', en: 'People involved in an incident' },
  'route.personAdd': { zh: '关联涉及人员', en: 'Link a person to an incident' },
  'route.personRemove': { zh: '取消关联涉及人员', en: 'Unlink a person from an incident' },
  'route.analysis': { zh: '警情分析研判', en: 'Incident analysis' },
  'route.publicNumbers': {
    zh: '警情公开数字（少于5起不显示）',
    en: 'Public incident numbers (counts below 5 suppressed)',
  },
  'route.importPreview': { zh: '警情导入：读取表头', en: 'Incident import: read the header' },
  'route.import': { zh: '导入警情', en: 'Import incidents' },
  'route.importJob': { zh: '警情导入进度', en: 'Incident import progress' },

  gateAlertSummary: {
    zh: '门禁告警转警情：{kind}（{gate}），{at}',
    en: 'From a gate alert: {kind} ({gate}), {at}',
  },
});

/** The generated analysis summary (staff only: real counts, never suppressed). */
export const incidentSummaryMessages = defineMessages('incidents', {
  'summary.top': { zh: '近{weeks}周{category} {count} 起', en: 'Last {weeks} weeks: {count} × {category}' },
  'summary.peak': { zh: '，多发于 {from}–{to} 时', en: ', mostly between {from}:00 and {to}:00' },
  'summary.elderly': { zh: '，{n} 起受害人 60 岁以上', en: ', {n} with a victim aged 60 or over' },
  'summary.none': { zh: '近{weeks}周无警情。', en: 'No incidents in the last {weeks} weeks.' },
  'summary.end': { zh: '。', en: '.' },
  'summary.share': {
    zh: '分析期内共 {total} 起警情，纠纷和求助 {count} 起，占 {percent}%。',
    en: '{total} incidents in the period; {count} disputes and help requests ({percent}%).',
  },
  'summary.trendUp': {
    zh: '近{weeks}周共 {count} 起，比去年同期多 {diff} 起。',
    en: '{count} incidents in the last {weeks} weeks, {diff} more than a year before.',
  },
  'summary.trendDown': {
    zh: '近{weeks}周共 {count} 起，比去年同期少 {diff} 起。',
    en: '{count} incidents in the last {weeks} weeks, {diff} fewer than a year before.',
  },
  'summary.trendSame': {
    zh: '近{weeks}周共 {count} 起，与去年同期持平。',
    en: '{count} incidents in the last {weeks} weeks, as many as a year before.',
  },
});
