import { defineMessages } from './i18n.ts';

/**
 * The access contract's words: why a gate opened or stayed shut (`reason.*`, what the gate
 * terminal shows and the access log names), and the rule messages of the access schemas
 * (`rule.*`), shared by the server and the console forms. The server's own access messages
 * (errors, route summaries, exports) are in its module's catalogue, under other sub-keys.
 */
export const accessContractMessages = defineMessages('access', {
  // Granted.
  'reason.resident': { zh: '欢迎回家', en: 'Welcome home' },
  'reason.visitor': { zh: '访客通行', en: 'Visitor' },
  'reason.manual': { zh: '人工开门', en: 'Opened by staff' },
  'reason.emergency_release': { zh: '紧急放行', en: 'Emergency release' },
  // Face.
  'reason.unknown_face': {
    zh: '未登记，请到物业或警务室登记',
    en: 'Not registered; please register at the property desk or police office',
  },
  'reason.no_face': { zh: '请正对摄像头', en: 'Please face the camera' },
  'reason.poor_quality': { zh: '请正对摄像头', en: 'Please face the camera' },
  'reason.face_too_small': { zh: '请靠近摄像头', en: 'Please come closer to the camera' },
  'reason.liveness_failed': {
    zh: '活体检测未通过，请正对摄像头',
    en: 'Liveness check failed; please face the camera',
  },
  'reason.ambiguous_match': {
    zh: '识别不确定，请再试一次或刷卡',
    en: 'Not certain; please try again or use your card',
  },
  'reason.bad_pose': { zh: '请正对摄像头', en: 'Please face the camera directly' },
  'reason.too_blurry': { zh: '请保持不动', en: 'Please hold still' },
  'reason.too_dark': { zh: '光线太暗，请到亮处', en: 'Too dark; please move into the light' },
  'reason.too_bright': { zh: '光线太强，请避开强光', en: 'Too bright; please move out of the glare' },
  'reason.multiple_faces': { zh: '请一人一人通过', en: 'One person at a time, please' },
  'reason.invalid_image': { zh: '图像无效，请重试', en: 'Invalid image; please try again' },
  'reason.engine_error': {
    zh: '识别服务暂不可用，请刷卡或联系值班人员',
    en: 'Recognition unavailable; use your card or call the duty desk',
  },
  // Other credentials.
  'reason.unknown_card': { zh: '卡片未登记', en: 'Card not registered' },
  'reason.card_revoked': { zh: '卡片已注销', en: 'Card cancelled' },
  'reason.invalid_pin': { zh: '密码错误', en: 'Wrong PIN' },
  'reason.qr_invalid': { zh: '二维码无效', en: 'Invalid QR code' },
  'reason.qr_expired': { zh: '二维码已过期，请刷新', en: 'QR code expired; please refresh' },
  'reason.qr_replayed': { zh: '二维码已使用，请刷新', en: 'QR code already used; please refresh' },
  // Rules.
  'reason.person_inactive': {
    zh: '人员信息已停用，请到警务室核实',
    en: 'Person record inactive; please see the police office',
  },
  'reason.no_residency': {
    zh: '未登记居住信息，请到警务室登记',
    en: 'No residence on file; please register at the police office',
  },
  'reason.moved_out': {
    zh: '已迁出，请到物业或警务室登记',
    en: 'Moved out; please register at the property desk or police office',
  },
  'reason.tenancy_expired': {
    zh: '合同已到期，请到警务室登记',
    en: 'Tenancy expired; please register at the police office',
  },
  'reason.credential_expired': { zh: '凭证已过期', en: 'Credential expired' },
  'reason.credential_not_yet_valid': { zh: '凭证尚未生效', en: 'Credential not yet valid' },
  'reason.gate_not_allowed': { zh: '无权通过此门', en: 'Not allowed through this gate' },
  'reason.outside_schedule': { zh: '当前时段不开放', en: 'Closed at this time' },
  'reason.gate_inactive': { zh: '此门已停用', en: 'Gate out of service' },
  'reason.visitor_pass_expired': { zh: '访客码已过期', en: 'Visitor pass expired' },
  'reason.visitor_pass_not_yet_valid': { zh: '访客码尚未生效', en: 'Visitor pass not yet valid' },
  'reason.visitor_pass_used_up': { zh: '访客码次数已用完', en: 'Visitor pass used up' },
  'reason.visitor_pass_revoked': { zh: '访客码已作废', en: 'Visitor pass cancelled' },
  'reason.visitors_not_allowed': { zh: '此门不允许访客通行', en: 'No visitors through this gate' },

  // Rule messages of the access schemas.
  'rule.timeFormat': { zh: '时间格式为 HH:mm', en: 'Time format is HH:mm' },
  'rule.endAfterStart': { zh: '结束时间必须晚于开始时间', en: 'The end time must be after the start time' },
  'rule.gateNameRequired': { zh: '请输入门禁名称', en: 'Enter the gate name' },
  'rule.relayUrlScheme': {
    zh: '请填写 http:// 或 https:// 开头的地址',
    en: 'Enter a URL starting with http:// or https://',
  },
  'rule.relayUrlUserinfo': {
    zh: '地址不能包含用户名或密码',
    en: 'The URL may not contain a user name or password',
  },
  'rule.bodyTemplateMax': {
    zh: '请求体模板最多 2000 字',
    en: 'The body template can have at most 2000 characters',
  },
  'rule.secretMin': { zh: '签名密钥至少 16 位', en: 'The signing secret must have at least 16 characters' },
  'rule.secretMax': {
    zh: '签名密钥最多 200 位',
    en: 'The signing secret can have at most 200 characters',
  },
  'rule.openSeconds': { zh: '开门时长 1–30 秒', en: 'The open time must be 1–30 seconds' },
  'rule.timeoutMs': { zh: '超时 200–10000 毫秒', en: 'The timeout must be 200–10000 ms' },
  'rule.relayUrlRequired': { zh: '请填写门锁控制器地址', en: 'Enter the lock controller URL' },
  'rule.noticeVersionRequired': { zh: '请填写告知书版本', en: 'Enter the notice version' },
  'rule.visitorNameRequired': { zh: '请输入访客姓名', en: 'Enter the visitor’s name' },
  'rule.visitorPassMaxDays': {
    zh: '访客码最长有效 7 天',
    en: 'A visitor pass is valid for at most 7 days',
  },
  'rule.cursorInvalid': {
    zh: '翻页位置无效，请回到第一页',
    en: 'The page position is not valid: go back to the first page',
  },
});
