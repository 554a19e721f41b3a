import { defineMessages } from './i18n.ts';

/**
 * The words of the alerts contracts (alerts.ts): the names of desks, levels, statuses, kinds and
 * rules, and the messages of the shared schemas (the console's forms and the server's checks).
 * Server-only words (route summaries, alert titles, errors) are in the server's alerts catalogue.
 */
export const alertsContractMessages = defineMessages('alerts', {
  // Desks, levels, statuses, kinds, actions.
  'desk.police_office': { zh: '警务室', en: 'the police office' },
  'desk.property_desk': { zh: '物业服务台', en: 'the property desk' },
  'level.info': { zh: '提示', en: 'info' },
  'level.warning': { zh: '警告', en: 'warning' },
  'level.critical': { zh: '紧急', en: 'critical' },
  'status.new': { zh: '待确认', en: 'new' },
  'status.acknowledged': { zh: '处置中', en: 'being handled' },
  'status.resolved': { zh: '已处置', en: 'resolved' },
  'kind.watch_match': { zh: '关注人员通行', en: 'Person of interest passed' },
  'kind.stranger': { zh: '陌生人员', en: 'Stranger' },
  'kind.repeated_denial': { zh: '多次被拒', en: 'Repeated refusals' },
  'kind.expired_tenant': { zh: '合同到期仍尝试通行', en: 'Expired tenant at the gate' },
  'kind.tenancy_expiring': { zh: '合同即将到期', en: 'Tenancies ending soon' },
  'kind.elderly_not_seen': { zh: '独居老人未出现', en: 'Elderly resident not seen' },
  'kind.gate_offline': { zh: '门禁离线', en: 'Gate offline' },
  'kind.emergency_release': { zh: '紧急放行', en: 'Emergency release' },
  'kind.manual_open': { zh: '人工开门', en: 'Manual opening' },
  'kind.relay_failed': { zh: '门锁控制器故障', en: 'Door controller failure' },
  'kind.correction_request': { zh: '居民更正申请', en: 'Correction request' },
  'kind.mediation_no_agreement': { zh: '调解未达成协议（高风险）', en: 'Mediation failed (high risk)' },
  'kind.mediation_overdue': { zh: '调解案件超期', en: 'Mediation case overdue' },
  'kind.mediation_term_overdue': { zh: '调解协议逾期未履行', en: 'Agreed term overdue' },
  'kind.mediation_judicial_due': { zh: '司法确认即将到期', en: 'Judicial confirmation due' },
  'action.raised': { zh: '产生', en: 'raised' },
  'action.repeated': { zh: '再次触发', en: 'repeated' },
  'action.escalated': { zh: '升级', en: 'escalated' },
  'action.acknowledged': { zh: '确认', en: 'acknowledged' },
  'action.handed_off': { zh: '移交', en: 'handed off' },
  'action.resolved': { zh: '处置完毕', en: 'resolved' },
  'action.digest': { zh: '每日推送', en: 'daily push' },

  // Built-in rules and their tunable numbers.
  'builtin.stranger': { zh: '陌生人员（未识别人脸）', en: 'Strangers (unrecognised faces)' },
  'builtin.repeated_denial': { zh: '同一凭证多次被拒', en: 'Repeated refusals of one credential' },
  'builtin.expired_tenant': {
    zh: '合同到期人员仍尝试通行',
    en: 'Tenants with an expired contract at the gate',
  },
  'builtin.tenancy_expiring': {
    zh: '租赁合同即将到期（每日汇总）',
    en: 'Tenancies ending soon (daily digest)',
  },
  'builtin.elderly_not_seen': {
    zh: '独居老人长时间未出现（关怀走访）',
    en: 'Elderly residents living alone not seen for long (care visit)',
  },
  'builtin.gate_offline': { zh: '门禁设备离线', en: 'Gate devices offline' },
  'builtin.emergency_release': { zh: '开启/解除紧急放行', en: 'Emergency release started or ended' },
  'builtin.manual_open': { zh: '人工开门', en: 'Manual opening' },
  'builtin.relay_failed': {
    zh: '门锁控制器故障（开门或紧急放行未执行）',
    en: 'Door controller failure (door opening or emergency release not carried out)',
  },
  'builtin.escalation': { zh: '未确认预警自动升级', en: 'Escalate unacknowledged alerts' },
  'builtin.incident_digest': {
    zh: '警情每日推送（昨日警情，周一附周分析）',
    en: 'Daily incident push (yesterday’s incidents, Mondays with the weekly analysis)',
  },
  'param.windowMinutes': { zh: '统计时长（分钟）', en: 'time window (minutes)' },
  'param.escalateCount': { zh: '升级次数', en: 'escalation count' },
  'param.count': { zh: '被拒次数', en: 'number of denials' },
  'param.repeatWindowHours': { zh: '合并时长（小时）', en: 'merge window (hours)' },
  'param.withinDays': { zh: '提前天数', en: 'days in advance' },
  'param.digestHour': { zh: '汇总时刻（时）', en: 'digest hour' },
  'param.hours': { zh: '未出现时长（小时）', en: 'hours not seen' },
  'param.minutes': { zh: '离线时长（分钟）', en: 'offline time (minutes)' },
  'param.afterMinutes': {
    zh: '未确认升级时长（分钟）',
    en: 'minutes before escalating an unacknowledged alert',
  },
  'field.required': { zh: '请填写{what}', en: 'Enter the {what}' },
  'field.notInteger': { zh: '{what}须为整数', en: 'The {what} must be a whole number' },
  'field.tooSmall': { zh: '{what}不能小于 {min}', en: 'The {what} must be at least {min}' },
  'field.tooBig': { zh: '{what}不能大于 {max}', en: 'The {what} must be at most {max}' },
  'field.siteIdInvalid': { zh: '小区编号无效', en: 'Invalid compound ID' },
  'field.enabledRequired': { zh: '请选择是否启用', en: 'Choose whether it is enabled' },
  'field.deskInvalid': {
    zh: '处置台应为 police_office 或 property_desk',
    en: 'The desk must be police_office or property_desk',
  },
  'field.levelInvalid': {
    zh: '级别应为 info、warning 或 critical',
    en: 'The level must be info, warning or critical',
  },
  'field.changeAtLeastOne': { zh: '至少修改一项', en: 'Change at least one field' },
  'field.atMost500': { zh: '最多 500 字', en: 'At most 500 characters' },

  // Watch rules.
  'watchStatus.pending': { zh: '待民警审批', en: 'awaiting police approval' },
  'watchStatus.active': { zh: '生效中', en: 'active' },
  'watchStatus.rejected': { zh: '已驳回', en: 'rejected' },
  'watchStatus.ended': { zh: '已结束', en: 'ended' },
  'watchStatus.expired': { zh: '已到期', en: 'expired' },
  'field.purposeRequired': { zh: '请填写布控事由', en: 'Enter the reason for the watch rule' },
  'field.purposeTooShort': {
    zh: '请填写布控事由（至少 2 个字）',
    en: 'Enter the reason for the watch rule (at least 2 characters)',
  },
  'field.purposeTooLong': {
    zh: '布控事由最多 100 字',
    en: 'The reason for the watch rule can have at most 100 characters',
  },
  'field.legalBasisRequired': { zh: '请填写法律依据', en: 'Enter the legal basis' },
  'field.legalBasisTooShort': {
    zh: '请填写法律依据（至少 2 个字）',
    en: 'Enter the legal basis (at least 2 characters)',
  },
  'field.legalBasisTooLong': {
    zh: '法律依据最多 300 字',
    en: 'The legal basis can have at most 300 characters',
  },
  'field.expiresAtRequired': { zh: '请填写到期时间（ISO 8601）', en: 'Enter the expiry time (ISO 8601)' },
  'field.deskRequired': { zh: '请选择处置台', en: 'Select a desk' },
  'field.gateIdInvalid': { zh: '门禁编号无效', en: 'Invalid gate ID' },
  'field.siteRequired': { zh: '请选择小区', en: 'Select the compound' },
  'field.personRequired': { zh: '请选择关注人员', en: 'Select the watched person' },

  // Handling an alert.
  'field.noteRequired': { zh: '请填写处置结果', en: 'Enter the outcome' },
  'field.noteTooShort': {
    zh: '请填写处置结果（至少 2 个字）',
    en: 'Enter the outcome (at least 2 characters)',
  },
  'field.handoffRequired': { zh: '请填写移交说明', en: 'Enter the hand-off note' },
  'field.handoffTooShort': {
    zh: '请填写移交说明（至少 2 个字）',
    en: 'Enter the hand-off note (at least 2 characters)',
  },

  // Notification channels.
  'channelKind.webhook': { zh: 'Webhook（HMAC 签名）', en: 'Webhook (HMAC-signed)' },
  'channelKind.sms': { zh: '短信', en: 'SMS' },
  'channelKind.wechat': { zh: '企业微信/微信', en: 'WeCom/WeChat' },
  'field.channelKindInvalid': {
    zh: '渠道类型应为 webhook、sms 或 wechat',
    en: 'The channel type must be webhook, sms or wechat',
  },
  'field.channelNameRequired': { zh: '请填写渠道名称', en: 'Enter the channel name' },
  'field.desksMin': { zh: '至少选择一个处置台', en: 'Select at least one desk' },
  'field.urlInvalid': { zh: '请填写 http(s) 地址', en: 'Enter an http(s) URL' },
  'field.secretTooShort': {
    zh: '签名密钥至少 16 位',
    en: 'The signing secret must have at least 16 characters',
  },
  'field.webhookUrlRequired': { zh: 'Webhook 须填写地址', en: 'A webhook needs a URL' },
  'field.webhookSecretRequired': { zh: 'Webhook 须填写签名密钥', en: 'A webhook needs a signing secret' },
  'field.recipientsRequired': { zh: '请至少填写一个接收人', en: 'Enter at least one recipient' },
  'field.phoneInvalid': { zh: '手机号格式不正确', en: 'Invalid mobile number' },
});
