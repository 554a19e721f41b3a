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

  // The import of dispatch exports (import.ts): why a form or a row is refused. Row messages are
  // kept with the job and never carry the cell's value.
  'import.chooseFile': {
    zh: '请选择要导入的 .xlsx 或 .csv 文件',
    en: 'Choose the .xlsx or .csv file to import',
  },
  'import.mappingNotJson': {
    zh: '列对应关系应为 JSON 对象（字段 → 第几列，从 0 起）',
    en: 'The column mapping must be a JSON object (field → column, from 0)',
  },
  'import.columnMissing': {
    zh: '文件没有第 {column} 列',
    en: 'The file has no column {column}',
  },
  'import.modeInvalid': {
    zh: '导入方式应为“全部正确才导入”或“跳过错误行”',
    en: 'The mode must be “all or nothing” or “skip bad rows”',
  },
  'import.receivedAtRequired': { zh: '请填写接警时间', en: 'Enter the received time' },
  'import.receivedAtInvalid': {
    zh: '接警时间无法识别：应为日期和时间，如 2026-03-05 14:28',
    en: 'The received time is not recognised: write a date and time, e.g. 2026-03-05 14:28',
  },
  'import.receivedAtAmbiguous': {
    zh: '日期写法有歧义（如 03/05/2026 可能是 3 月 5 日或 5 月 3 日），请写成 2026-03-05 14:28',
    en: 'The date is ambiguous (03/05/2026 may be 5 March or 3 May); write it as 2026-03-05 14:28',
  },
  'import.categoryRequired': { zh: '请填写警情类别', en: 'Enter the category' },
  'import.categoryAmbiguous': {
    zh: '有多个同名类别，请写成“上级类别/类别”，如“纠纷/噪音”',
    en: 'Several categories have this name; write “parent/child”, e.g. “Dispute/Noise”',
  },
  'import.channelUnknown': {
    zh: '来源无法识别：应为 110 指令、来所报警、电话、巡逻发现或门禁告警',
    en: 'The channel is not recognised: 110 dispatch, walk-in, phone, patrol or gate alert',
  },
  'import.outcomeUnknown': {
    zh: '处置结果无法识别：应为处置中、现场调解/处置、转调解、立案、告知/劝导、移交其他部门或无需处置',
    en: 'The outcome is not recognised: in progress, settled on the spot, referred to mediation, case opened, advice given, referred elsewhere or no action needed',
  },
  'import.placeRequired': { zh: '请填写地点', en: 'Enter the place' },
  'import.refRepeated': { zh: '与第 {row} 行的警情编号重复', en: 'Same dispatch number as row {row}' },
  'import.refRegistered': {
    zh: '该警情编号已在警情登记中（同一警情不重复计入）',
    en: 'This dispatch number is already in the register (a call is counted once)',
  },
  'import.auditPurpose': { zh: '导入警情 {rows} 起', en: 'Import of {rows} incidents' },

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
