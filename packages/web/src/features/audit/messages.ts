import type { Texts } from '@anju/contracts';

/**
 * The audit log, and the names of the platform's audited actions (`audit.action.<code>`); a module
 * names its own actions in its own messages.
 * Chinese and English side by side under each key; app/catalogues.ts merges every module's words.
 */
export const auditMessages = {
  'audit.filterActor': { zh: '操作人', en: 'Actor' },
  'audit.filterActorHint': { zh: '用户名或角色代码', en: 'Username or role code' },
  'audit.filterAction': { zh: '动作', en: 'Action' },
  'audit.filterActionHint': { zh: '如 auth.login', en: 'e.g. auth.login' },
  'audit.filterSubject': { zh: '对象 ID', en: 'Subject ID' },
  'audit.filterSubjectHint': { zh: '精确匹配', en: 'Exact match' },
  'audit.filterTime': { zh: '时间（北京时间）', en: 'Time (Beijing)' },
  'audit.listTitle': { zh: '审计记录', en: 'Audit entries' },
  'audit.verify': { zh: '校验哈希链', en: 'Verify hash chain' },
  'audit.verifyOk': {
    zh: '哈希链完整：共 {n} 条记录均未被篡改',
    en: 'Chain intact: all {n} entries are unmodified',
  },
  'audit.verifyOkDetail': {
    zh: '每条记录都包含上一条的哈希（以主密钥签名），重新计算全部记录后结果一致；并核对了 {checkpoints} 个保存在数据库之外的日志头检查点。',
    en: 'Each entry carries the hash of the one before (keyed with the master key); recomputing every entry gave the same result, and the {checkpoints} checkpoint(s) of the log head kept outside the database match.',
  },
  'audit.verifyBroken': {
    zh: '哈希链已断裂：第 {id} 条记录起校验失败',
    en: 'Chain broken: verification fails from entry {id}',
  },
  'audit.verifyBrokenDetail': {
    zh: '该记录或其之前的记录可能已被修改或删除，请立即上报并保全数据库。',
    en: 'That entry or an earlier one may have been changed or deleted; report it and preserve the database.',
  },
  'audit.colId': { zh: '序号', en: 'No.' },
  'audit.colTime': { zh: '时间', en: 'Time' },
  'audit.colActor': { zh: '操作人', en: 'Actor' },
  'audit.colAction': { zh: '动作', en: 'Action' },
  'audit.colSubject': { zh: '对象', en: 'Subject' },
  'audit.colFields': { zh: '涉及字段', en: 'Fields' },
  'audit.colPurpose': { zh: '目的/结果', en: 'Purpose/result' },
  'audit.colIp': { zh: '来源地址', en: 'Address' },
  'audit.colHash': { zh: '哈希', en: 'Hash' },
  'audit.footnote': {
    zh: '查询审计日志本身也会被记录（操作人：{user}）。',
    en: 'Searching the audit log is itself recorded (actor: {user}).',
  },
  'audit.action.auth.login': { zh: '登录', en: 'Sign-in' },
  'audit.action.auth.login_failed': { zh: '登录失败', en: 'Failed sign-in' },
  'audit.action.auth.logout': { zh: '退出登录', en: 'Log-out' },
  'audit.action.auth.password_change': { zh: '修改密码', en: 'Password change' },
  'audit.action.user.create': { zh: '创建用户', en: 'User created' },
  'audit.action.user.update': { zh: '修改用户', en: 'User changed' },
  'audit.action.device.create': { zh: '登记设备', en: 'Device registered' },
  'audit.action.device.revoke': { zh: '吊销设备', en: 'Device revoked' },
  'audit.action.audit.search': { zh: '检索审计日志', en: 'Audit search' },
  'audit.action.audit.verify': { zh: '校验哈希链', en: 'Chain verification' },
} satisfies Record<string, Texts>;
