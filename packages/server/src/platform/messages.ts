import { defineMessages } from '@anju/contracts';

/** What the platform itself says: the error handler, sign-in, the guard, accounts, devices, operations. */
export const platformMessages = defineMessages('platform', {
  // The error handler and the guard.
  unauthorized: { zh: '请先登录', en: 'Please sign in first' },
  forbidden: { zh: '无权执行此操作', en: 'You are not allowed to do this' },
  notFound: { zh: '记录不存在', en: 'Record not found' },
  noSuchRoute: { zh: '没有此接口: {method} {path}', en: 'No such API: {method} {path}' },
  payloadTooLarge: { zh: '请求体超过大小限制', en: 'The request body exceeds the size limit' },
  unsupportedMediaType: { zh: '不支持的内容类型', en: 'Unsupported content type' },
  invalidJson: { zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
  internalError: { zh: '服务器内部错误', en: 'Internal server error' },
  starting: { zh: '系统正在启动，请稍候', en: 'The system is starting, please wait' },
  invalidDeviceToken: { zh: '设备凭证无效或已吊销', en: 'The device token is invalid or revoked' },
  deviceOnly: { zh: '此接口仅供已配对的设备使用', en: 'Only paired devices may use this endpoint' },
  noDeviceTokens: { zh: '设备凭证不能访问此接口', en: 'A device token cannot access this endpoint' },
  csrfFailed: {
    zh: '缺少或错误的 CSRF 令牌，请刷新页面后重试',
    en: 'Missing or wrong CSRF token; reload the page and try again',
  },
  siteForbidden: { zh: '无权访问该小区的数据', en: 'You have no access to this compound’s data' },
  passwordChangeRequired: {
    zh: '请先修改管理员设置的初始密码',
    en: 'First change the initial password the administrator set',
  },
  mustBeUuid: { zh: '必须是 UUID', en: 'Must be a UUID' },
  // Uploads (platform/multipart.ts).
  'upload.multipartRequired': { zh: '请以 multipart/form-data 提交', en: 'Submit as multipart/form-data' },
  'upload.tooLarge': { zh: '文件超过 {mb} MB 上限', en: 'The file exceeds the {mb} MB limit' },
  'upload.tooManyFiles': { zh: '最多上传 {max} 个文件', en: 'Upload at most {max} file(s)' },
  'upload.tooManyFields': { zh: '表单字段过多', en: 'Too many form fields' },
  changeAtLeastOne: { zh: '至少修改一项', en: 'Change at least one field' },

  // Sign-in and passwords.
  loginLocked: {
    zh: '登录失败次数过多，请 {minutes} 分钟后再试',
    en: 'Too many failed sign-ins; try again in {minutes} minutes',
  },
  badCredentials: { zh: '用户名或密码错误', en: 'Wrong username or password' },
  currentPasswordWrong: { zh: '当前密码不正确', en: 'The current password is incorrect' },
  newPasswordSame: {
    zh: '新密码不能与当前密码相同',
    en: 'The new password must differ from the current one',
  },

  // Accounts.
  usernameRule: {
    zh: '用户名为 3–32 位字母、数字、下划线，以字母开头',
    en: 'Username: 3–32 letters, digits or underscores, starting with a letter',
  },
  displayNameRequired: { zh: '请输入姓名', en: 'Enter the name' },
  usernameTaken: { zh: '用户名已存在', en: 'This username is already taken' },
  usernameTakenSinceRequest: {
    zh: '用户名已被占用，请驳回此申请后用新用户名重新申请',
    en: 'The username has been taken since; reject this request and ask again with a new username',
  },
  initialPasswordRequired: { zh: '请输入初始密码', en: 'Enter the initial password' },
  policePasswordNotByAdmin: {
    zh: '民警、辅警账号的密码不由管理员设置：审批通过时系统生成初始密码，交给审批民警当面转交',
    en: 'Police and auxiliary accounts get no password from the administrator: the system issues one on approval, and the approving officer hands it over in person',
  },
  notPoliceSideAccount: {
    zh: '此账号不是民警、辅警账号，请直接填写新密码',
    en: 'This is not a police or auxiliary account; enter the new password directly',
  },
  changePending: {
    zh: '该用户已有待审批的变更，请等待民警审批或撤回后再提交',
    en: 'This user already has a change waiting for approval; wait for a police officer or withdraw it first',
  },
  changeDecided: { zh: '该变更已处理，无需重复操作', en: 'This change has already been decided' },
  fourEyes: {
    zh: '不能审批本人提出或与本人账号有关的变更，请由其他民警审批',
    en: 'You cannot approve a change you asked for or one about your own account; another police officer must approve it',
  },
  rejectReasonRequired: { zh: '请填写驳回理由', en: 'Enter the reason for rejecting' },
  siteNotFound: { zh: '小区不存在', en: 'Compound not found' },
  userNotFound: { zh: '用户不存在', en: 'User not found' },
  accountChangeNotFound: { zh: '账号变更不存在', en: 'Account change not found' },
  deviceNotFound: { zh: '设备不存在', en: 'Device not found' },
  deviceNameRequired: { zh: '请输入设备名称', en: 'Enter the device name' },

  // Operations.
  metricsForbidden: {
    zh: '指标仅供本机或持有 ANJU_METRICS_TOKEN 的采集器访问',
    en: 'Metrics are only for this machine or a collector holding ANJU_METRICS_TOKEN',
  },
  noLocalCa: {
    zh: '本服务器未使用本地证书颁发机构',
    en: 'This server does not use a local certificate authority',
  },

  // Outbound addresses (lock controllers, webhooks).
  'outbound.loopback': {
    zh: '地址不能是本机回环地址（127.0.0.0/8、::1、localhost）',
    en: 'The URL may not point at this machine (127.0.0.0/8, ::1, localhost)',
  },
  'outbound.linkLocal': {
    zh: '地址不能是链路本地地址（169.254.0.0/16、fe80::/10，含云服务器元数据地址）',
    en: 'The URL may not be a link-local address (169.254.0.0/16, fe80::/10, including cloud metadata addresses)',
  },
  'outbound.unspecified': {
    zh: '地址不能是未指定地址（0.0.0.0、::）',
    en: 'The URL may not be an unspecified address (0.0.0.0, ::)',
  },
  'outbound.multicast': {
    zh: '地址不能是组播或广播地址',
    en: 'The URL may not be a multicast or broadcast address',
  },
  'outbound.userinfo': {
    zh: '地址不能包含用户名或密码',
    en: 'The URL may not contain a user name or password',
  },
  'outbound.refusedAtCall': {
    zh: '已拒绝调用：{host} 解析为 {address}，{reason}',
    en: 'Call refused: {host} resolves to {address}. {reason}',
  },

  // Operation summaries in the API document.
  'route.sites': { zh: '我可访问的小区', en: 'Compounds I can access' },
  'route.users': {
    zh: '用户列表（本人可管理的账号：无小区的账号，或至少有一个小区是本人的）',
    en: 'Users I manage (accounts without a compound, or with at least one of mine)',
  },
  'route.createUser': {
    zh: '创建用户（民警、辅警账号须经民警审批后生效，不填密码：审批通过时生成初始密码交给审批民警；202 表示待审批）',
    en: 'Create a user (police and auxiliary accounts take effect once a police officer approves; no password: one is issued on approval to the approving officer; 202 means waiting for approval)',
  },
  'route.updateUser': {
    zh: '修改用户（角色、小区、重新启用或重置民警辅警密码须经民警审批；202 表示待审批）',
    en: 'Change a user (role, compounds, re-enabling or resetting a police-side password wait for a police officer; 202 means waiting for approval)',
  },
  'route.accountChanges': {
    zh: '待民警审批及最近处理的账号变更',
    en: 'Account changes waiting for approval and recently decided',
  },
  'route.cancelAccountChange': {
    zh: '撤回待审批的账号变更',
    en: 'Withdraw an account change waiting for approval',
  },
  'route.accountApprovals': {
    zh: '待本人审批的账号变更（所涉小区均为本人辖区，且非本人提出、非本人账号）',
    en: 'Account changes I may approve (all their compounds are mine, not asked by me, not about my account)',
  },
  'route.approveAccountChange': {
    zh: '民警审批通过账号变更（立即生效）',
    en: 'Approve an account change (takes effect at once)',
  },
  'route.rejectAccountChange': { zh: '民警驳回账号变更', en: 'Reject an account change' },
  'route.devices': { zh: '设备列表', en: 'Devices' },
  'route.createDevice': {
    zh: '登记设备并签发设备令牌（仅显示一次）',
    en: 'Register a device and issue its token (shown once)',
  },
  'route.revokeDevice': { zh: '吊销设备', en: 'Revoke a device' },
  'route.dashboardSummary': { zh: '首页概览', en: 'Dashboard overview' },
  'route.login': { zh: '登录', en: 'Sign in' },
  'route.logout': { zh: '退出登录', en: 'Sign out' },
  'route.me': { zh: '当前用户、角色与小区', en: 'The signed-in user, role and compounds' },
  'route.changePassword': { zh: '修改密码', en: 'Change the password' },
  'route.audit': {
    zh: '检索审计日志（民警：本辖区；系统管理员：系统事件）',
    en: 'Search the audit log (police: their jurisdiction; administrators: system events)',
  },
  'route.auditVerify': {
    zh: '校验审计日志哈希链（并核对库外保存的日志头检查点）',
    en: 'Verify the audit log’s hash chain (and the head checkpoints kept outside the database)',
  },

  // The API document itself.
  'openapi.description': {
    zh: '社区警务室与物业共享的安全服务平台',
    en: 'The safety platform a community police office and a property company share',
  },
  'openapi.server': { zh: '本服务器', en: 'This server' },
  'openapi.session': {
    zh: '登录后服务器设置的会话 Cookie（POST /api/v1/auth/login）',
    en: 'The session cookie the server sets at sign-in (POST /api/v1/auth/login)',
  },
  'openapi.csrf': {
    zh: '登录响应中的 csrfToken；使用会话 Cookie 的写请求必须携带',
    en: 'The csrfToken of the sign-in answer; every write made with the session cookie must carry it',
  },
  'openapi.device': {
    zh: '门禁终端 / 自助机配对后获得的设备令牌',
    en: 'The device token a gate terminal or kiosk gets when it is paired',
  },
  'openapi.badRequest': {
    zh: '请求参数或内容无效（details 列出字段）',
    en: 'Invalid parameters or body (details names the fields)',
  },
  'openapi.unauthorized': {
    zh: '未登录、会话已过期或设备令牌无效',
    en: 'Not signed in, the session expired, or the device token is invalid',
  },
  'openapi.forbidden': {
    zh: '无此权限、CSRF 令牌错误或不属于本人的小区',
    en: 'No such permission, a wrong CSRF token, or a compound that is not the caller’s',
  },
  'openapi.notFound': {
    zh: '对象不存在，或属于调用者无权访问的小区',
    en: 'The object does not exist, or belongs to a compound the caller cannot access',
  },
});
