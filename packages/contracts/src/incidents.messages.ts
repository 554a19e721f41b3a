import { defineMessages } from './i18n.ts';

/**
 * The words of the incident contracts (incidents.ts): channels, place kinds, outcomes, category
 * groups, involvement roles and the field messages of the shared schemas. Server-only words
 * (errors, route summaries, the generated summary, push texts) are in the server's catalogue.
 */
export const incidentContractMessages = defineMessages('incidents', {
  'channel.110': { zh: '110 指令', en: '110 dispatch' },
  'channel.walk_in': { zh: '来所报警', en: 'walk-in' },
  'channel.phone': { zh: '电话', en: 'phone' },
  'channel.patrol': { zh: '巡逻发现', en: 'patrol' },
  'channel.gate_alert': { zh: '门禁告警', en: 'gate alert' },
  'placeKind.building': { zh: '楼栋', en: 'building' },
  'placeKind.unit': { zh: '单元', en: 'unit' },
  'placeKind.flat': { zh: '住户', en: 'flat' },
  'placeKind.shop': { zh: '商铺', en: 'shop' },
  'placeKind.gate': { zh: '出入口', en: 'gate' },
  'placeKind.public_place': { zh: '公共场所', en: 'public place' },
  'outcome.pending': { zh: '处置中', en: 'in progress' },
  'outcome.settled_on_spot': { zh: '现场调解/处置', en: 'settled on the spot' },
  'outcome.referred_mediation': { zh: '转调解', en: 'referred to mediation' },
  'outcome.case_opened': { zh: '立案', en: 'case opened' },
  'outcome.advice_given': { zh: '告知/劝导', en: 'advice given' },
  'outcome.referred_other': { zh: '移交其他部门', en: 'referred elsewhere' },
  'outcome.no_action': { zh: '无需处置', en: 'no action needed' },
  'group.fraud': { zh: '诈骗', en: 'fraud' },
  'group.theft': { zh: '盗窃', en: 'theft' },
  'group.fire': { zh: '火灾隐患', en: 'fire risk' },
  'group.dispute': { zh: '纠纷', en: 'dispute' },
  'group.help': { zh: '求助', en: 'help request' },
  'group.traffic': { zh: '交通', en: 'traffic' },
  'group.other': { zh: '其他', en: 'other' },
  'involvement.victim': { zh: '受害人', en: 'victim' },
  'involvement.reporter': { zh: '报警人', en: 'reporter' },
  'involvement.party': { zh: '当事人', en: 'party' },
  'involvement.suspect': { zh: '嫌疑人', en: 'suspect' },
  'involvement.witness': { zh: '证人', en: 'witness' },
  'importMode.all_or_nothing': { zh: '全部正确才导入', en: 'all or nothing' },
  'importMode.skip_bad_rows': { zh: '跳过错误行', en: 'skip bad rows' },
  'importField.receivedAt': { zh: '接警时间', en: 'received time' },
  'importField.channel': { zh: '来源', en: 'channel' },
  'importField.category': { zh: '警情类别', en: 'category' },
  'importField.place': { zh: '地点', en: 'place' },
  'importField.summary': { zh: '简要警情', en: 'summary' },
  'importField.outcome': { zh: '处置结果', en: 'outcome' },
  'importField.officer': { zh: '处警民警', en: 'officer' },
  'importField.externalRef': { zh: '警情编号', en: 'dispatch number' },
  suppressed: { zh: '少于5起', en: 'fewer than 5' },

  'field.siteIdInvalid': { zh: '请选择小区', en: 'Choose the compound' },
  'field.idInvalid': { zh: '编号无效', en: 'The ID is invalid' },
  'field.instantInvalid': {
    zh: '时间应为带时区的 ISO 8601 时间',
    en: 'A time is an ISO 8601 instant with its offset',
  },
  'field.dateInvalid': { zh: '日期应为有效的 YYYY-MM-DD', en: 'Dates are real dates written YYYY-MM-DD' },
  'field.rangeOrder': {
    zh: '结束日期不能早于开始日期',
    en: 'The end date must not be before the start date',
  },
  'field.textTooLong': { zh: '不超过 {max} 个字', en: 'At most {max} characters' },
  'field.summaryRequired': { zh: '请填写简要警情', en: 'Enter a summary' },
  'field.nameZhRequired': { zh: '请填写中文名称', en: 'Enter the Chinese name' },
  'field.nameEnRequired': { zh: '请填写英文名称', en: 'Enter the English name' },
  'field.placeRequired': {
    zh: '请选择地点（楼栋/单元/住户/商铺/出入口/公共场所）',
    en: 'Choose the place (building, unit, flat, shop, gate or public place)',
  },
  'field.unitRequired': { zh: '请选择楼栋和单元', en: 'Choose the building and the unit' },
  'field.numberRange': {
    zh: '应为 {min}–{max} 之间的整数',
    en: 'Must be a whole number from {min} to {max}',
  },
  'field.mappingRequired': {
    zh: '请为“{field}”指定一列',
    en: 'Choose a column for “{field}”',
  },
});
