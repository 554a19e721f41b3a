import { type AccessReason, type CorrectionField, defineMessages, type Texts } from '@anju/contracts';

/** Refusal reasons in a repeated-refusal title (Chinese as the gate says it, English in short). */
const REASONS = {
  'reason.resident': { zh: '欢迎回家', en: 'welcome home' },
  'reason.visitor': { zh: '访客通行', en: 'visitor' },
  'reason.manual': { zh: '人工开门', en: 'opened by staff' },
  'reason.emergency_release': { zh: '紧急放行', en: 'emergency release' },
  'reason.unknown_face': { zh: '未登记，请到物业或警务室登记', en: 'face not registered' },
  'reason.no_face': { zh: '请正对摄像头', en: 'no face seen' },
  'reason.poor_quality': { zh: '请正对摄像头', en: 'poor image quality' },
  'reason.face_too_small': { zh: '请靠近摄像头', en: 'face too small' },
  'reason.liveness_failed': { zh: '活体检测未通过，请正对摄像头', en: 'liveness check failed' },
  'reason.ambiguous_match': { zh: '识别不确定，请再试一次或刷卡', en: 'uncertain match' },
  'reason.invalid_image': { zh: '图像无效，请重试', en: 'invalid image' },
  'reason.engine_error': { zh: '识别服务暂不可用，请刷卡或联系值班人员', en: 'recognition unavailable' },
  'reason.unknown_card': { zh: '卡片未登记', en: 'card not registered' },
  'reason.card_revoked': { zh: '卡片已注销', en: 'card cancelled' },
  'reason.invalid_pin': { zh: '密码错误', en: 'wrong PIN' },
  'reason.qr_invalid': { zh: '二维码无效', en: 'invalid QR code' },
  'reason.qr_expired': { zh: '二维码已过期，请刷新', en: 'QR code expired' },
  'reason.qr_replayed': { zh: '二维码已使用，请刷新', en: 'QR code already used' },
  'reason.person_inactive': { zh: '人员信息已停用，请到警务室核实', en: 'person record inactive' },
  'reason.no_residency': { zh: '未登记居住信息，请到警务室登记', en: 'no residence on file' },
  'reason.moved_out': { zh: '已迁出，请到物业或警务室登记', en: 'moved out' },
  'reason.tenancy_expired': { zh: '合同已到期，请到警务室登记', en: 'tenancy expired' },
  'reason.credential_expired': { zh: '凭证已过期', en: 'credential expired' },
  'reason.credential_not_yet_valid': { zh: '凭证尚未生效', en: 'credential not yet valid' },
  'reason.gate_not_allowed': { zh: '无权通过此门', en: 'not allowed through this gate' },
  'reason.outside_schedule': { zh: '当前时段不开放', en: 'closed at this time' },
  'reason.gate_inactive': { zh: '此门已停用', en: 'gate out of service' },
  'reason.visitor_pass_expired': { zh: '访客码已过期', en: 'visitor pass expired' },
  'reason.visitor_pass_not_yet_valid': { zh: '访客码尚未生效', en: 'visitor pass not yet valid' },
  'reason.visitor_pass_used_up': { zh: '访客码次数已用完', en: 'visitor pass used up' },
  'reason.visitor_pass_revoked': { zh: '访客码已作废', en: 'visitor pass cancelled' },
  'reason.visitors_not_allowed': { zh: '此门不允许访客通行', en: 'no visitors through this gate' },
  'reason.bad_pose': { zh: '请正对摄像头', en: 'not facing the camera' },
  'reason.too_blurry': { zh: '请保持不动', en: 'blurred image' },
  'reason.too_dark': { zh: '光线太暗，请到亮处', en: 'too dark' },
  'reason.too_bright': { zh: '光线太强，请避开强光', en: 'too bright' },
  'reason.multiple_faces': { zh: '请一人一人通过', en: 'several faces at once' },
} as const satisfies Record<`reason.${AccessReason}`, Texts>;

/** The field a correction request is about, as a title names it. */
const CORRECTION_FIELDS = {
  'correctionField.name': { zh: '姓名', en: 'name' },
  'correctionField.idNumber': { zh: '身份证号', en: 'ID number' },
  'correctionField.gender': { zh: '性别', en: 'gender' },
  'correctionField.ethnicity': { zh: '民族', en: 'ethnic group' },
  'correctionField.phone': { zh: '手机号', en: 'mobile number' },
  'correctionField.hukouAddress': { zh: '户籍地址', en: 'household registration address' },
  'correctionField.hukouRegionCode': { zh: '户籍地行政区划代码', en: 'household registration region code' },
  'correctionField.workplace': { zh: '工作单位/学校', en: 'workplace or school' },
  'correctionField.emergencyContactName': { zh: '紧急联系人', en: 'emergency contact' },
  'correctionField.emergencyContactPhone': { zh: '紧急联系人电话', en: 'emergency contact phone' },
  'correctionField.vehiclePlates': { zh: '车牌号', en: 'licence plates' },
  'correctionField.residency': { zh: '居住信息（房屋、入住日期、与户主关系）', en: 'residence details' },
  'correctionField.tenancy': { zh: '租赁合同信息', en: 'tenancy details' },
  'correctionField.other': { zh: '其他', en: 'record' },
} as const satisfies Record<`correctionField.${CorrectionField}`, Texts>;

/**
 * What the alerts module says on the server: route summaries, errors, alert titles (built per
 * reader at read time) and the notes the system writes into an alert's history. The names of
 * desks, levels, kinds… and the shared schemas' messages are in @anju/contracts (alerts.messages.ts).
 */
export const alertsMessages = defineMessages('alerts', {
  // Route summaries (OpenAPI).
  'route.list': {
    zh: '预警列表与历史检索（物业仅见分派给物业服务台的预警）',
    en: 'Alerts and their history (the property desk sees only alerts assigned to it)',
  },
  'route.stream': {
    zh: '实时预警推送（Server-Sent Events；Last-Event-ID 或 ?after= 续传）',
    en: 'Live alerts (Server-Sent Events; resume with Last-Event-ID or ?after=)',
  },
  'route.dashboard': {
    zh: '值班看板：今日进出、陌生人员、未处置预警、门禁状态、合同到期（audience=wide 隐去小于 5 的统计）',
    en: 'Duty dashboard: today’s passages, strangers, open alerts, gate status, ending tenancies (audience=wide hides counts below 5)',
  },
  'route.detail': { zh: '预警详情与处置记录', en: 'An alert and its handling history' },
  'route.acknowledge': {
    zh: '确认预警（记录确认人和时间）',
    en: 'Acknowledge an alert (who and when is recorded)',
  },
  'route.handOff': {
    zh: '移交另一处置台（警务室 ↔ 物业服务台），附说明',
    en: 'Hand an alert to the other desk (police office ↔ property desk) with a note',
  },
  'route.resolve': {
    zh: '处置完毕（填写处置结果，如「健康证明已查验」）',
    en: 'Resolve an alert (with its outcome, e.g. “health certificate checked”)',
  },
  'route.watchRules': {
    zh: '布控规则列表（仅民警/辅警；查询留痕）',
    en: 'Watch rules (police and auxiliary officers only; audited)',
  },
  'route.createWatchRule': {
    zh: '新建布控（须填写事由、法律依据和到期时间，最长 30 天；辅警新建须民警审批）',
    en: 'Create a watch rule (reason, legal basis and expiry required, at most 30 days; an auxiliary officer’s rule needs police approval)',
  },
  'route.watchRule': { zh: '布控详情与命中记录', en: 'A watch rule and its matches' },
  'route.updateWatchRule': {
    zh: '修改或续期布控（续期最长 30 天；辅警修改生效中的布控须重新审批）',
    en: 'Change or renew a watch rule (renewal at most 30 days; an auxiliary officer’s change to an active rule needs approval again)',
  },
  'route.approveWatchRule': {
    zh: '民警审批通过辅警的布控',
    en: 'A police officer approves an auxiliary officer’s watch rule',
  },
  'route.rejectWatchRule': {
    zh: '民警驳回辅警的布控',
    en: 'A police officer rejects an auxiliary officer’s watch rule',
  },
  'route.endWatchRule': { zh: '结束布控', en: 'End a watch rule' },
  'route.rules': {
    zh: '内置预警规则及其设置（含默认值）',
    en: 'Built-in alert rules and their settings (with defaults)',
  },
  'route.saveRule': { zh: '开关或调整一条内置规则', en: 'Switch or tune a built-in rule' },
  'route.resetRule': { zh: '恢复内置规则的默认设置', en: 'Reset a built-in rule to its defaults' },
  'route.channels': { zh: '通知渠道', en: 'Notification channels' },
  'route.createChannel': {
    zh: '新建通知渠道（Webhook 以 HMAC-SHA256 签名，X-Anju-Signature）',
    en: 'Create a notification channel (webhooks are signed with HMAC-SHA256, X-Anju-Signature)',
  },
  'route.updateChannel': {
    zh: '启用/停用或修改通知渠道',
    en: 'Enable, disable or change a notification channel',
  },
  'route.deleteChannel': {
    zh: '删除通知渠道（连同其投递记录）',
    en: 'Delete a notification channel (with its deliveries)',
  },
  'route.testChannel': {
    zh: '发送一条测试消息（不记入投递记录）',
    en: 'Send a test message (not recorded as a delivery)',
  },
  'route.deliveries': {
    zh: '通知投递记录（状态、重试次数、下次重试时间）',
    en: 'Notification deliveries (status, attempts, next retry)',
  },

  // Errors.
  noSite: { zh: '账号未分配小区', en: 'This account has no compound assigned' },
  'stream.notEventStream': {
    zh: '此接口为实时推送流（Server-Sent Events），请求头须含 Accept: text/event-stream',
    en: 'This endpoint is a live stream (Server-Sent Events); send the header Accept: text/event-stream',
  },
  'stream.tooMany': {
    zh: '实时推送连接过多（每个账号最多 {max} 个），请关闭其他预警页面后重试',
    en: 'Too many live streams (at most {max} per account); close other alert pages and try again',
  },
  'alert.notFound': { zh: '预警不存在', en: 'Alert not found' },
  'alert.otherDesk': {
    zh: '该预警由{desk}处置，您无权操作',
    en: 'This alert is handled by {desk}; you may not act on it',
  },
  'alert.someoneElse': { zh: '他人', en: 'someone else' },
  'alert.alreadyResolved': {
    zh: '该预警已由{who}于 {time} 处置完毕',
    en: 'This alert was already resolved by {who} at {time}',
  },
  'alert.alreadyResolvedNoTime': {
    zh: '该预警已由{who}于  处置完毕',
    en: 'This alert was already resolved by {who}',
  },
  'alert.alreadyAcknowledged': {
    zh: '该预警已由{who}于 {time} 确认',
    en: 'This alert was already acknowledged by {who} at {time}',
  },
  'alert.alreadyAcknowledgedNoTime': {
    zh: '该预警已由{who}于  确认',
    en: 'This alert was already acknowledged by {who}',
  },
  'watch.notFound': { zh: '布控规则不存在', en: 'Watch rule not found' },
  'watch.rejectReasonRequired': { zh: '请填写驳回理由', en: 'Enter the reason for rejecting' },
  'watch.expiryPast': { zh: '到期时间须晚于当前时间', en: 'The expiry time must be in the future' },
  'watch.tooLong': {
    zh: '布控期限最长 {days} 天，到期后可续期',
    en: 'A watch rule lasts at most {days} days; it can be renewed when it expires',
  },
  'watch.gateNotInSite': { zh: '门禁不在所选小区', en: 'The gate is not in the selected compound' },
  'watch.personNotInSite': {
    zh: '关注人员不在所选小区',
    en: 'The watched person is not in the selected compound',
  },
  'watch.endedNoChange': {
    zh: '布控已结束，不能修改；请新建布控',
    en: 'This watch rule has ended and cannot be changed; create a new one',
  },
  'watch.rejectedNoChange': {
    zh: '布控已驳回，不能修改；请新建布控',
    en: 'This watch rule was rejected and cannot be changed; create a new one',
  },
  'watch.notPending': {
    zh: '该布控当前状态为「{status}」，无需审批',
    en: 'This watch rule is “{status}” and needs no approval',
  },
  'watch.decidedByOther': {
    zh: '该布控已被他人处理',
    en: 'Someone else has already handled this watch rule',
  },
  'watch.ended': { zh: '布控已结束', en: 'This watch rule has ended' },
  'rule.unknown': { zh: '未知的预警规则', en: 'Unknown alert rule' },
  'channel.notFound': { zh: '通知渠道不存在', en: 'Notification channel not found' },
  'channel.webhookOnly': {
    zh: '仅 Webhook 渠道有地址和密钥',
    en: 'Only webhook channels have a URL and secret',
  },
  'channel.webhookNoRecipients': { zh: 'Webhook 渠道没有接收人', en: 'Webhook channels have no recipients' },
  'channel.testFailed': {
    zh: '测试消息未送达（详情见服务器日志）',
    en: 'The test message was not delivered (details in the server log)',
  },
  // A delivery's last error (stored as a key, shown in the reader's language).
  'channel.noWebhookTarget': {
    zh: 'webhook 未配置地址或密钥',
    en: 'The webhook has no URL or secret configured',
  },
  'channel.timeout': { zh: '请求超时', en: 'Request timed out' },
  'channel.noSmsProvider': {
    zh: '未接入短信服务商（演示模式下仅记录日志）',
    en: 'No SMS provider connected (demo mode only logs)',
  },
  'channel.noWechatProvider': {
    zh: '未接入微信服务商（演示模式下仅记录日志）',
    en: 'No WeChat provider connected (demo mode only logs)',
  },
  'channel.sendFailed': { zh: '发送失败', en: 'Sending failed' },
  // Outgoing notifications (always Chinese, see channels.ts).
  'channel.testTitle': {
    zh: '测试消息：安居预警通知渠道连通性测试',
    en: 'Test message: Anju alert channel connectivity test',
  },
  'channel.text': {
    zh: '【安居预警】{level}｜{title}（{desk}）',
    en: '[Anju alert] {level} | {title} ({desk})',
  },

  // What the system writes into an alert's history (stored as keys, shown in the reader's language).
  system: { zh: '系统', en: 'System' },
  'note.escalated': {
    zh: '超过 {minutes} 分钟未确认，升级为「{level}」',
    en: 'Not acknowledged for over {minutes} minutes; escalated to “{level}”',
  },
  'note.strangerEscalated': {
    zh: '{minutes} 分钟内同一门禁 {count} 次出现未登记人脸',
    en: 'Unregistered faces seen {count} times at one gate within {minutes} minutes',
  },
  'note.gateBack': { zh: '设备已恢复在线', en: 'The devices are back online' },
  'note.gateBackClosed': {
    zh: '设备已恢复在线（系统自动关闭）',
    en: 'The devices are back online (closed by the system)',
  },
  'note.relayBack': { zh: '门锁控制器已恢复响应', en: 'The door controller answers again' },
  'note.relayBackClosed': {
    zh: '门锁控制器已恢复响应（系统自动关闭）',
    en: 'The door controller answers again (closed by the system)',
  },
  'audit.listed': { zh: '{count} 条', en: '{count} items' },

  // Alert titles.
  'title.unknownPerson': { zh: '未知人员', en: 'Unknown person' },
  'title.who': { zh: '{name}（{room}）', en: '{name} ({room})' },
  'title.gate': { zh: '门禁', en: 'the gate' },
  'title.in': { zh: '进入', en: 'entered through' },
  'title.out': { zh: '离开', en: 'left through' },
  'title.through': { zh: '通过', en: 'passed' },
  'title.watchMatch': {
    zh: '关注人员 {who} {time} {verb}{gate}',
    en: 'Person of interest {who} {verb} {gate} at {time}',
  },
  'title.watchMatchNeutral': {
    zh: '人员核查：{who} {time} {verb}{gate}',
    en: 'Person check: {who} {verb} {gate} at {time}',
  },
  'title.stranger': { zh: '陌生人员：{gate} 出现未登记人脸', en: 'Stranger: unregistered face at {gate}' },
  'title.strangers': {
    zh: '陌生人员：{gate} {window}内 {times}出现未登记人脸',
    en: 'Stranger: unregistered face seen {times} at {gate} within {window}',
  },
  'title.repeatedDenial': {
    zh: '多次被拒：{gate} {subject} {window}内 {times}（{reason}）',
    en: 'Repeated refusals: {subject} at {gate}, {times} within {window} ({reason})',
  },
  'title.subjectOf': { zh: '{who}的{method}', en: "{who}'s {method}" },
  'title.subjectUnregistered': { zh: '未登记{method}', en: 'unregistered {method}' },
  'title.refused': { zh: '被拒', en: 'refused' },
  'title.expiredTenant': {
    zh: '合同已到期：{who} 在{gate}尝试通行，请通知其到警务室重新登记',
    en: 'Tenancy expired: {who} tried to pass {gate}; ask them to register again at the police office',
  },
  'title.expiredTenantRepeated': {
    zh: '合同已到期：{who} 在{gate}尝试通行（{count} 次），请通知其到警务室重新登记',
    en: 'Tenancy expired: {who} tried to pass {gate} ({count} times); ask them to register again at the police office',
  },
  'title.tenancyExpiring': {
    zh: '{count} 份租赁合同将在 {within}内到期',
    en: '{count} tenancy ends within {within}',
  },
  'title.tenanciesExpiring': {
    zh: '{count} 份租赁合同将在 {within}内到期',
    en: '{count} tenancies end within {within}',
  },
  'title.elderlyNotSeen': {
    zh: '独居老人 {who} 已超过 {hours}未经过门禁，请上门关怀',
    en: 'Elderly resident living alone {who} has not passed a gate for over {hours}; please visit',
  },
  'title.gateOffline': {
    zh: '门禁离线：{gate} 超过 {minutes}无心跳',
    en: 'Gate offline: no heartbeat from {gate} for over {minutes}',
  },
  'title.emergencyStarted': {
    zh: '已开启紧急放行（所有门常开）',
    en: 'Emergency release started (all doors held open)',
  },
  'title.emergencyStartedWhy': {
    zh: '已开启紧急放行（所有门常开）：{reason}',
    en: 'Emergency release started (all doors held open): {reason}',
  },
  'title.emergencyEnded': { zh: '已解除紧急放行', en: 'Emergency release ended' },
  'title.emergencyEndedWhy': { zh: '已解除紧急放行：{reason}', en: 'Emergency release ended: {reason}' },
  'title.manualOpen': { zh: '人工开门：{gate}（）', en: 'Manual opening: {gate}' },
  'title.manualOpenBy': { zh: '人工开门：{gate}（{operator}）', en: 'Manual opening: {gate} ({operator})' },
  'title.manualOpenWhy': { zh: '人工开门：{gate}（：{reason}）', en: 'Manual opening: {gate} ({reason})' },
  'title.manualOpenByWhy': {
    zh: '人工开门：{gate}（{operator}：{reason}）',
    en: 'Manual opening: {gate} ({operator}: {reason})',
  },
  'title.relayFailed': {
    zh: '门锁控制器故障：{gate} {what}（{cause}）',
    en: 'Door controller failure: {gate}, {what} ({cause})',
  },
  'title.relayFailedRepeated': {
    zh: '门锁控制器故障：{gate} {what}（{cause}），共 {times}',
    en: 'Door controller failure: {gate}, {what} ({cause}), {times}',
  },
  'title.relayHold': { zh: '紧急放行保持开门失败', en: 'emergency hold-open failed' },
  'title.relayRelease': { zh: '解除紧急放行失败', en: 'ending the emergency hold failed' },
  'title.relayOpen': { zh: '开门失败', en: 'door opening failed' },
  'title.correction': {
    zh: '更正申请：{who} 申请更正「{field}」',
    en: 'Correction request: {who} asks to correct their {field}',
  },
  'correctionField.unknown': { zh: '登记信息', en: 'record' },
  'title.mediationNoAgreement': {
    zh: '调解未达成协议，激化风险高：{serial}（{type}）',
    en: 'Mediation ended without agreement, high escalation risk: {serial} ({type})',
  },
  'title.mediationOverdue': {
    zh: '调解案件超期：{serial}（{type}），{deadline}已过期限',
    en: 'Mediation case overdue: {serial} ({type}), {deadline} past its deadline',
  },
  'title.mediationTermOverdue': {
    zh: '调解协议逾期未履行：{serial} 第 {seq} 项（应于 {dueOn} 前履行）',
    en: 'Agreed term overdue: {serial} term {seq} (due {dueOn})',
  },
  'title.mediationJudicialDue': {
    zh: '调解协议司法确认申请即将到期：{serial}（{deadline} 前）',
    en: 'Judicial confirmation of {serial} must be applied for by {deadline}',
  },
  'mediationDeadline.firstContact': { zh: '首次联系', en: 'first contact' },
  'mediationDeadline.grading': { zh: '分级', en: 'grading' },
  'mediationDeadline.conclude': { zh: '办结', en: 'conclusion' },
  ...CORRECTION_FIELDS,
  ...REASONS,
  'method.face': { zh: '人脸', en: 'face' },
  'method.card': { zh: '门禁卡', en: 'card' },
  'method.qr': { zh: '二维码', en: 'QR code' },
  'method.pin': { zh: '密码', en: 'PIN' },
  'method.visitor': { zh: '访客码', en: 'visitor code' },
  'method.manual': { zh: '人工开门', en: 'manual opening' },
  'method.emergency': { zh: '紧急放行', en: 'emergency release' },
  'method.other': { zh: '凭证', en: 'credential' },
  'cause.http': { zh: 'HTTP {status}', en: 'HTTP {status}' },
  'cause.httpError': { zh: 'HTTP 错误', en: 'HTTP error' },
  'cause.timeout': { zh: '无响应', en: 'no answer' },
  'cause.refused': { zh: '连接被拒绝', en: 'connection refused' },
  'cause.unreachable': { zh: '网络不通', en: 'network unreachable' },
  'cause.dns': { zh: '地址无法解析', en: 'address not found' },
  'cause.blocked': { zh: '地址不允许调用', en: 'address not allowed' },
  'cause.other': { zh: '无法连接', en: 'cannot connect' },
  'unit.minute': { zh: '{n} 分钟', en: '{n} minute' },
  'unit.minutes': { zh: '{n} 分钟', en: '{n} minutes' },
  'unit.hour': { zh: '{n} 小时', en: '{n} hour' },
  'unit.hours': { zh: '{n} 小时', en: '{n} hours' },
  'unit.day': { zh: '{n} 天', en: '{n} day' },
  'unit.days': { zh: '{n} 天', en: '{n} days' },
  'unit.time': { zh: '{n} 次', en: '{n} time' },
  'unit.times': { zh: '{n} 次', en: '{n} times' },
});
