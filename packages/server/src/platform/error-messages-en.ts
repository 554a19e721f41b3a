/**
 * English for the server's error messages. Messages are written in Chinese where they are raised
 * (errors.ts helpers, zod schemas in @anju/contracts and the routes); the error handler passes
 * them through translateErrorMessage when the caller asked for English (Accept-Language: en…).
 *
 * Three tables: EXACT (whole messages), LABELS (field names and "what" nouns that are spliced into
 * templates such as `请填写${label}` or `${what}不存在`) and PATTERNS (messages with variable parts).
 * test/error-language.test.ts scans the sources and fails on a Chinese message none of them covers.
 */

const CJK = /[\u3400-\u9fff]/;

/**
 * Longer messages (or "; " parts, or labels) are returned untranslated. Messages can carry request
 * data (`未知参数：${key}`), so matching stays cheap whatever arrives: every pattern below is also
 * written so that it cannot backtrack over its input more than once (no two unbounded groups that
 * can claim the same text), and this bound caps what even a linear pass can cost.
 */
export const MAX_TRANSLATED_LENGTH = 300;

/** Whole messages, Chinese → English. */
export const EXACT_EN: Readonly<Record<string, string>> = {
  // Platform: error handler, auth, guard, org.
  请求体超过大小限制: 'The request body exceeds the size limit',
  不支持的内容类型: 'Unsupported content type',
  '请求体不是有效的 JSON': 'The request body is not valid JSON',
  服务器内部错误: 'Internal server error',
  '系统正在启动，请稍候': 'The system is starting, please wait',
  请先登录: 'Please sign in first',
  无权执行此操作: 'You are not allowed to do this',
  用户名或密码错误: 'Wrong username or password',
  当前密码不正确: 'The current password is incorrect',
  新密码不能与当前密码相同: 'The new password must differ from the current one',
  设备凭证无效或已吊销: 'The device token is invalid or revoked',
  此接口仅供已配对的设备使用: 'Only paired devices may use this endpoint',
  设备凭证不能访问此接口: 'A device token cannot access this endpoint',
  '缺少或错误的 CSRF 令牌，请刷新页面后重试': 'Missing or wrong CSRF token; reload the page and try again',
  无权访问该小区的数据: 'You have no access to this compound’s data',
  '用户名为 3–32 位字母、数字、下划线，以字母开头':
    'Username: 3–32 letters, digits or underscores, starting with a letter',
  请输入姓名: 'Enter the name',
  请输入设备名称: 'Enter the device name',
  用户名已存在: 'This username is already taken',
  请输入用户名: 'Enter the username',
  请输入密码: 'Enter the password',
  '密码至少 10 位': 'The password must have at least 10 characters',
  密码过长: 'The password is too long',
  密码过于简单: 'The password is too simple',
  '必须是 UUID': 'Must be a UUID',
  编号无效: 'Invalid ID',
  至少修改一项: 'Change at least one field',
  '指标仅供本机或持有 ANJU_METRICS_TOKEN 的采集器访问':
    'Metrics are only for this machine or a collector holding ANJU_METRICS_TOKEN',
  本服务器未使用本地证书颁发机构: 'This server does not use a local certificate authority',
  '您的住户信息（账号未关联登记人员，请联系警务室或物业）不存在':
    'Your resident record was not found: this account is not linked to a registered person; contact the police office or property management',

  // Registry.
  小区编号无效: 'Invalid compound ID',
  房屋编号无效: 'Invalid room ID',
  房东人员编号无效: 'Invalid landlord person ID',
  租户人员编号无效: 'Invalid tenant person ID',
  人员编号无效: 'Invalid person ID',
  经营者人员编号无效: 'Invalid operator person ID',
  请选择小区: 'Select a compound',
  您没有可操作的小区: 'You have no compound to work on',
  合同扫描件为空文件: 'The contract scan is an empty file',
  '合同扫描件只能是 PDF、JPEG 或 PNG 文件（按文件内容判断）':
    'The contract scan must be a PDF, JPEG or PNG file (judged by its content)',
  房屋不存在: 'Room not found',
  房屋不存在或不在您可访问的小区: 'The room does not exist or is not in a compound you can access',
  人员不存在: 'Person not found',
  人员不存在或不在您可访问的小区: 'The person does not exist or is not in a compound you can access',
  '性别与身份证号不符（第 17 位奇数为男、偶数为女）':
    'Gender does not match the ID number (17th digit odd = male, even = female)',
  性别与身份证号不符: 'Gender does not match the ID number',
  '警务备注仅限民警、辅警填写': 'Only police officers and auxiliary police may write police notes',
  房屋不属于所选小区: 'The room is not in the selected compound',
  '商户经营者、从业人员只能登记到商铺': 'Shop operators and employees can only be registered to a shop',
  '业主、家庭成员只能登记到住宅房屋': 'Owners and family members can only be registered to a home',
  此人已登记在该房屋: 'This person is already registered in this room',
  该商铺尚未登记经营主体: 'This shop has no registered business yet',
  '该户已有户主，请选择与户主的关系': 'This household already has a head; choose the relation to the head',
  '无法读取 Excel 文件，请确认是 .xlsx 格式': 'Cannot read the Excel file; make sure it is .xlsx',
  'Excel 文件中没有工作表': 'The Excel file has no worksheet',
  '只能导入 .xlsx 或 .csv 文件': 'Only .xlsx or .csv files can be imported',
  文件是空的: 'The file is empty',
  文件中没有数据行: 'The file has no data rows',
  '请以 multipart/form-data 提交（含文件）': 'Submit as multipart/form-data (with the file)',
  只能上传一个文件: 'Upload only one file',
  表单字段过多: 'Too many form fields',
  请选择要导入的文件: 'Choose a file to import',
  '请选择要导入的 .xlsx 或 .csv 文件': 'Choose an .xlsx or .csv file to import',
  '本市行政区划代码前缀应为 2–6 位数字，如 4101':
    'The city’s region code prefix must be 2–6 digits, e.g. 4101',
  请填写城市名称: 'Enter the city name',
  'skipInvalid 应为 true 或 false': 'skipInvalid must be true or false',
  合同结束日期不能早于开始日期: 'The contract end date cannot be before its start date',
  '合同期限不能超过 20 年': 'A contract cannot run longer than 20 years',
  '请上传租赁合同扫描件（PDF、JPEG 或 PNG）': 'Upload the tenancy contract scan (PDF, JPEG or PNG)',
  租户重复: 'Duplicate tenant',
  一户只能有一名户主: 'A household can have only one head',
  租赁合同只能登记到住宅房屋: 'Tenancy contracts can only be registered to a home',
  房东不属于该小区: 'The landlord is not in this compound',
  请填写房东姓名: 'Enter the landlord’s name',
  租户不属于该小区: 'The tenant is not in this compound',
  '该合同已续租或已终止，请在最新的合同上续租':
    'This contract was already renewed or ended; renew the latest contract',
  续租开始日期必须晚于原合同开始日期: 'The renewal must start after the original contract’s start date',
  '原合同已无在住租户，请登记新合同': 'The original contract has no current tenants; register a new contract',
  人员与房屋不属于同一小区: 'The person and the room are not in the same compound',
  该居住记录已结束: 'This residency has already ended',
  迁出日期不能早于入住日期: 'The move-out date cannot be before the move-in date',
  '车牌号格式不正确，如 豫A12345 或新能源 豫AD12345':
    'Invalid licence plate, e.g. 豫A12345 or (new energy) 豫AD12345',
  '户籍地行政区划代码应为 6 位数字，如 410105':
    'The household registration region code must be 6 digits, e.g. 410105',
  '姓名只能包含汉字、字母和间隔号“·”':
    'The name may only contain Chinese characters, letters and the separator “·”',
  特殊关怀标记重复: 'Duplicate care flag',
  '车牌号最多登记 5 个': 'At most 5 licence plates',
  月租金不能为负数: 'The monthly rent cannot be negative',
  月租金过大: 'The monthly rent is too large',
  月租金应为数字: 'The monthly rent must be a number',
  请至少登记一名租户: 'Register at least one tenant',
  '一份合同最多 20 名租户': 'A contract can have at most 20 tenants',
  请至少保留一名租户: 'Keep at least one tenant',
  请填写租户: 'Enter the tenants',
  '性别应为 male（男）或 female（女）': 'Gender must be male or female',
  '民族应为 56 个民族之一，如“汉族”': 'Ethnicity must be one of the 56 ethnic groups, e.g. “汉族” (Han)',
  '特殊关怀标记应为 elderly_alone（独居老人）或 disability（残疾人）':
    'Care flags must be elderly_alone (elderly living alone) or disability',
  与户主关系不在可选范围内: 'The relation to the household head is not one of the options',
  '居住类型应为业主、家庭成员、商户经营者或从业人员（租户请通过租赁登记办理）':
    'Residency type must be owner, family member, shop operator or employee (register tenants through a tenancy)',
  '面积应为数字（平方米）': 'The area must be a number (square metres)',
  '面积应大于 0': 'The area must be greater than 0',
  '面积过大（最多 10000 平方米）': 'The area is too large (at most 10000 square metres)',
  请填写房号: 'Enter the flat number',
  '房号过长（最多 8 位）': 'The flat number is too long (at most 8 characters)',
  '房号只能包含数字和字母，如 1501': 'The flat number may only contain digits and letters, e.g. 1501',
  不设房屋的楼层过多: 'Too many floors without flats',
  '每一层都不设房屋，楼栋将没有房屋': 'Every floor is without flats, so the building would have none',
  '营业执照号应为 18 位统一社会信用代码（末位校验码正确）':
    'The business licence number must be an 18-character unified social credit code (with a valid check character)',
  '街道名称不能包含“-”或空格': 'The street name cannot contain “-” or spaces',
  请填写门牌号: 'Enter the street number',
  '门牌号过长（最多 6 位）': 'The street number is too long (at most 6 characters)',
  '门牌号只能包含数字和字母，如 018': 'The street number may only contain digits and letters, e.g. 018',
  '营业状态应为 open（营业）或 closed（停业）': 'Business status must be open or closed',
  '身份证号应为 18 位，前 17 位为数字，末位为数字或 X':
    'The ID number must have 18 characters: 17 digits, then a digit or X',
  身份证号前两位不是有效的省级行政区划代码:
    'The first two digits of the ID number are not a valid province code',
  身份证号中的出生日期无效: 'The birth date in the ID number is invalid',
  身份证号中的出生日期晚于今天: 'The birth date in the ID number is after today',
  '身份证号校验位错误（GB 11643）': 'The ID number’s check character is wrong (GB 11643)',

  // Access.
  '该卡号已登记（如为旧卡，请先注销）': 'This card number is already registered (revoke the old card first)',
  该卡号已登记: 'This card number is already registered',
  '未满 14 周岁，须由监护人同意（PIPL 第 31 条）': 'Under 14: a guardian must consent (PIPL Article 31)',
  请填写同意的监护人姓名: 'Enter the name of the consenting guardian',
  已有有效的同意记录: 'A valid consent record already exists',
  '须先记录本人（或监护人）对人脸识别的单独同意':
    'First record the person’s (or guardian’s) separate consent to face recognition',
  保留采集照片须另行取得本人同意: 'Keeping the captured photo needs the person’s separate consent',
  未取得保留照片的同意: 'No consent to keep the photo',
  配对码无效或已过期: 'The pairing code is invalid or has expired',
  '此设备未绑定门禁，请重新配对': 'This device is not bound to a gate; pair it again',
  '账号未关联居民信息，请到物业或警务室登记':
    'This account is not linked to a resident; register at the property office or police office',
  按人员或房号查询通行轨迹仅限民警: 'Only police officers may search passages by person or room',
  按人员查询须填写查询事由: 'A search by person needs a stated purpose',
  请填写查询事由: 'Enter the purpose of the search',
  '按人员导出通行轨迹仅限民警，且须填写事由':
    'Only police officers may export passages by person, and a purpose is required',
  '请上传图片（JPEG/PNG）': 'Upload an image (JPEG/PNG)',
  '配对码为 6 位数字': 'The pairing code is 6 digits',
  '请提供卡号、密码或二维码内容': 'Provide the card number, PIN or QR code content',
  请填写开门原因: 'Enter the reason for opening',
  请填写原因: 'Enter the reason',
  结束时间必须晚于开始时间: 'The end time must be after the start time',
  '时间格式为 HH:mm': 'Time format is HH:mm',
  请输入门禁名称: 'Enter the gate name',
  请填写告知书版本: 'Enter the notice version',
  请输入访客姓名: 'Enter the visitor’s name',
  '访客码最长有效 7 天': 'A visitor pass is valid for at most 7 days',
  图片为空: 'The image is empty',
  '图片文件过大（上限 10 MB）': 'The image file is too large (limit 10 MB)',
  '图片像素过多（上限 2000 万像素）': 'The image has too many pixels (limit 20 megapixels)',
  文件不是图片: 'The file is not an image',
  '不支持的图片格式（请用 JPEG、PNG 或 WebP）': 'Unsupported image format (use JPEG, PNG or WebP)',
  '图片不完整（文件被截断）': 'The image is incomplete (the file is truncated)',
  '图片已损坏，无法解码': 'The image is corrupt and cannot be decoded',
  '人脸识别繁忙，请稍后再试': 'Face recognition is busy; try again later',
  人脸识别超时: 'Face recognition timed out',
  '人脸识别进程异常退出，请重试': 'The face recognition process exited unexpectedly; try again',
  人脸识别服务已停止: 'The face recognition service has stopped',
  人脸识别出错: 'Face recognition failed',
  未检测到人脸: 'No face detected',
  '画面中有多张人脸，请只保留本人': 'More than one face in the picture; only the person should be in it',
  '人脸太小，请靠近摄像头': 'The face is too small; move closer to the camera',
  请正对摄像头: 'Face the camera directly',
  '图像模糊，请保持不动': 'The image is blurry; hold still',
  '活体检测未通过，请本人正对摄像头': 'Liveness check failed; the person should face the camera',
  验证通过: 'Verified',
  未登记: 'Not registered',
  请正对摄像头重试: 'Face the camera and try again',

  // Alerts.
  账号未分配小区: 'This account has no compound assigned',
  '此接口为实时推送流（Server-Sent Events），请求头须含 Accept: text/event-stream':
    'This endpoint is a live stream (Server-Sent Events); send the header Accept: text/event-stream',
  '仅 Webhook 渠道有地址和密钥': 'Only webhook channels have a URL and secret',
  'Webhook 渠道没有接收人': 'Webhook channels have no recipients',
  请填写驳回理由: 'Enter the reason for rejecting',
  请填写渠道名称: 'Enter the channel name',
  至少选择一个处置台: 'Select at least one desk',
  '请填写 http(s) 地址': 'Enter an http(s) URL',
  '签名密钥至少 16 位': 'The signing secret must have at least 16 characters',
  请至少填写一个接收人: 'Enter at least one recipient',
  未知的预警规则: 'Unknown alert rule',
  到期时间须晚于当前时间: 'The expiry time must be in the future',
  门禁不在所选小区: 'The gate is not in the selected compound',
  关注人员不在所选小区: 'The watched person is not in the selected compound',
  '布控已结束，不能修改；请新建布控': 'This watch rule has ended and cannot be changed; create a new one',
  '布控已驳回，不能修改；请新建布控': 'This watch rule was rejected and cannot be changed; create a new one',
  该布控已被他人处理: 'Someone else has already handled this watch rule',
  布控已结束: 'This watch rule has ended',
  请选择是否启用: 'Choose whether it is enabled',
  '请填写布控事由（至少 2 个字）': 'Enter the reason for the watch rule (at least 2 characters)',
  '布控事由最多 100 字': 'The reason for the watch rule can have at most 100 characters',
  '请填写法律依据（至少 2 个字）': 'Enter the legal basis (at least 2 characters)',
  '法律依据最多 300 字': 'The legal basis can have at most 300 characters',
  '请填写到期时间（ISO 8601）': 'Enter the expiry time (ISO 8601)',
  门禁编号无效: 'Invalid gate ID',
  请选择关注人员: 'Select the watched person',
  '请填写处置结果（至少 2 个字）': 'Enter the outcome (at least 2 characters)',
  '最多 500 字': 'At most 500 characters',
  '请填写移交说明（至少 2 个字）': 'Enter the hand-off note (at least 2 characters)',
  '处置台应为 police_office 或 property_desk': 'The desk must be police_office or property_desk',
  '级别应为 info、warning 或 critical': 'The level must be info, warning or critical',
  请填写布控事由: 'Enter the reason for the watch rule',
  请填写法律依据: 'Enter the legal basis',
  请选择处置台: 'Select a desk',
  请填写处置结果: 'Enter the outcome',
  请填写移交说明: 'Enter the hand-off note',
  '渠道类型应为 webhook、sms 或 wechat': 'The channel type must be webhook, sms or wechat',
  'Webhook 须填写地址': 'A webhook needs a URL',
  'Webhook 须填写签名密钥': 'A webhook needs a signing secret',
  手机号格式不正确: 'Invalid mobile number',
  'webhook 未配置地址或密钥': 'The webhook has no URL or secret configured',
  请求超时: 'Request timed out',
  发送失败: 'Sending failed',
  解除: 'Lifted',
  '此门未设置门锁控制器（类型为“无”）': 'This gate has no lock controller (type “none”)',
  '请先保存 HTTP 门锁控制器设置': 'Save the HTTP lock controller settings first',
  '服务器停止，调用中断': 'The server stopped; the call was interrupted',
  '请求体模板最多 2000 字': 'The body template can have at most 2000 characters',
  '签名密钥最多 200 位': 'The signing secret can have at most 200 characters',
  '开门时长 1–30 秒': 'The open time must be 1–30 seconds',
  '超时 200–10000 毫秒': 'The timeout must be 200–10000 ms',
  '请填写 http:// 或 https:// 开头的地址': 'Enter a URL starting with http:// or https://',
  请填写门锁控制器地址: 'Enter the lock controller URL',

  // Registry structure (buildings, flats, shops).
  楼栋不存在或不在您可访问的小区: 'The building does not exist or is not in a compound you can access',
  请至少修改一项: 'Change at least one field',
  '这是商铺，请在商铺信息中修改': 'This is a shop; edit it in the shop details',
  '经营者不存在或不属于本小区，请先登记人员':
    'The operator does not exist or is not in this compound; register the person first',

  // Privacy: minimum necessary (issue 10 §2).
  导出通行记录须填写导出事由: 'An export of the access log needs a stated purpose',
  请填写导出事由: 'Enter the purpose of the export',

  // Devices and outbound calls (issue 10 §4, §7).
  '地址不能是本机回环地址（127.0.0.0/8、::1、localhost）':
    'The URL may not point at this machine (127.0.0.0/8, ::1, localhost)',
  '地址不能是链路本地地址（169.254.0.0/16、fe80::/10，含云服务器元数据地址）':
    'The URL may not be a link-local address (169.254.0.0/16, fe80::/10, including cloud metadata addresses)',
  '地址不能是未指定地址（0.0.0.0、::）': 'The URL may not be an unspecified address (0.0.0.0, ::)',
  地址不能是组播或广播地址: 'The URL may not be a multicast or broadcast address',
  地址不能包含用户名或密码: 'The URL may not contain a user name or password',
  '门锁控制器未确认开门（详情见服务器日志）':
    'The lock controller did not confirm the opening (details in the server log)',
  '测试消息未送达（详情见服务器日志）': 'The test message was not delivered (details in the server log)',
  '此门禁的配对码被尝试次数过多，已失效，请在控制台重新生成配对码':
    'Too many attempts at this gate’s pairing code; it no longer works — make a new one in the console',
  '卡号为 8–20 位数字或十六进制字符（卡片 UID 至少 4 字节）':
    'The card number is 8–20 digits or hexadecimal characters (a card UID has at least 4 bytes)',
  'Excel 文件的压缩比异常（疑似压缩炸弹），已拒绝':
    'The Excel file’s compression ratio is abnormal (a suspected zip bomb); refused',
  // Privacy (sec-audit): the subject export and correction requests.
  请选择要更正的项目: 'Choose what to correct',
  内容格式不正确: 'The value is not in a valid format',
  '处理结果应为 accepted（采纳）或 rejected（驳回）': 'The outcome must be accepted or rejected',
  请填写处理说明: 'Enter a note on the decision',
  '请填写处理说明（至少 2 个字）': 'Enter a note on the decision (at least 2 characters)',
  '处理说明最多 500 字': 'The note on the decision can have at most 500 characters',
  '是否同时更正记录应为 true 或 false': 'Whether to correct the record must be true or false',
  请填写申请人及身份核验情况: 'Enter who is asking and how their identity was checked',
  '请填写申请人及身份核验情况（至少 2 个字）':
    'Enter who is asking and how their identity was checked (at least 2 characters)',
  '申请说明最多 200 字': 'The request note can have at most 200 characters',
  '该项须在登记信息中手动更正，不能直接写入':
    'This item must be corrected by hand in the registry record; it cannot be written in directly',
  '申请的内容不符合登记要求，不能直接写入':
    'The value asked for does not meet the registry’s rules, so it cannot be written in directly',
  // Accounts: four-eyes approval, forced password change, import failures (issue 10 §3, §6).
  请先修改管理员设置的初始密码: 'Change the initial password an administrator set first',
  '该用户已有待审批的变更，请等待民警审批或撤回后再提交':
    'This user already has a change waiting for approval; wait for a police officer to decide or withdraw it first',
  '该变更已处理，无需重复操作': 'This change has already been decided',
  '不能审批本人提出或与本人账号有关的变更，请由其他民警审批':
    'You cannot approve a change you requested or one to your own account; another police officer must decide it',
  '用户名已被占用，请驳回此申请后用新用户名重新申请':
    'The username is taken now; reject this request and request the account again with another username',
  '处理时出错，未导入任何数据。请重试；如仍失败，请联系管理员':
    'An error occurred while processing; nothing was imported. Try again; if it fails again, contact the administrator',
  与户主关系无法识别: 'Relation to the head of household not recognised',
  '民警、辅警账号的密码不由管理员设置：审批通过时系统生成初始密码，交给审批民警当面转交':
    'Passwords of police and auxiliary accounts are not set by administrators: on approval the system issues an initial password to the approving officer, who hands it over in person',
  请输入初始密码: 'Enter an initial password',
  '此账号不是民警、辅警账号，请直接填写新密码':
    'This is not a police or auxiliary account; enter the new password directly',
};

/**
 * Nouns spliced into templates: field labels (`请填写${label}`), `notFound(what)` subjects,
 * roster column titles, desks and levels. Lower case unless a proper noun; cap() starts sentences.
 */
export const LABELS_EN: Readonly<Record<string, string>> = {
  记录: 'record',
  人员: 'person',
  有效凭证: 'active credential',
  有效的同意记录: 'valid consent record',
  访客码: 'visitor pass',
  门禁: 'gate',
  人脸模板: 'face template',
  抓拍: 'snapshot',
  预警: 'alert',
  通知渠道: 'notification channel',
  布控规则: 'watch rule',
  文件: 'file',
  楼栋: 'building',
  房屋: 'room',
  导入任务: 'import job',
  户: 'household',
  租赁合同: 'tenancy contract',
  居住记录: 'residency record',
  小区: 'compound',
  设备: 'device',
  用户: 'user',
  商铺: 'shop',
  '您的住户信息（账号未关联登记人员，请联系警务室或物业）':
    'your resident record (the account is not linked to a registered person; contact the police office or property management)',
  // Field labels.
  姓名: 'name',
  身份证号: 'ID number',
  性别: 'gender',
  民族: 'ethnicity',
  手机号: 'mobile number',
  居住类型: 'residency type',
  与户主关系: 'relation to household head',
  入住日期: 'move-in date',
  合同到期日: 'contract end date',
  户籍地区划代码: 'household registration region code',
  车牌号: 'licence plate',
  特殊关怀: 'special care',
  户籍地行政区划代码: 'household registration region code',
  户籍地址: 'household registration address',
  '工作单位/学校': 'workplace/school',
  紧急联系人: 'emergency contact',
  紧急联系人电话: 'emergency contact phone',
  警务备注: 'police note',
  走访备注: 'visit note',
  房东姓名: 'landlord’s name',
  房东电话: 'landlord’s phone',
  合同开始日期: 'contract start date',
  合同结束日期: 'contract end date',
  续租开始日期: 'renewal start date',
  续租结束日期: 'renewal end date',
  迁出日期: 'move-out date',
  备注: 'note',
  搜索内容: 'search text',
  楼号: 'building number',
  楼栋名称: 'building name',
  单元数: 'number of units',
  楼层数: 'number of floors',
  每层每单元户数: 'flats per floor and unit',
  不设房屋的楼层: 'floor without flats',
  单元: 'unit',
  楼层: 'floor',
  房号: 'flat number',
  营业执照号: 'business licence number',
  街道: 'street',
  门牌号: 'street number',
  商铺名称: 'shop name',
  经营类别: 'business category',
  租户: 'tenants',
  状态: 'status',
  // Alert rule parameters.
  '统计时长（分钟）': 'time window (minutes)',
  升级次数: 'escalation count',
  被拒次数: 'number of denials',
  '合并时长（小时）': 'merge window (hours)',
  提前天数: 'days in advance',
  '汇总时刻（时）': 'digest hour',
  '未出现时长（小时）': 'hours not seen',
  '离线时长（分钟）': 'offline time (minutes)',
  '未确认升级时长（分钟）': 'minutes before escalating an unacknowledged alert',
  // Desks, levels, watch-rule statuses, people.
  警务室: 'the police office',
  物业服务台: 'the property desk',
  提示: 'info',
  警告: 'warning',
  紧急: 'critical',
  待民警审批: 'awaiting police approval',
  生效中: 'active',
  已驳回: 'rejected',
  已结束: 'ended',
  已到期: 'expired',
  他人: 'someone else',
  短信: 'SMS',
  微信: 'WeChat',
  // Privacy (sec-audit).
  正确内容: 'correct value',
  说明: 'note',
  更正申请: 'correction request',
  账号变更: 'account change',
};

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A label (or a list of labels joined by "、") in English; unknown text comes back unchanged. */
export function translateLabel(label: string): string {
  if (label.includes('、')) return label.split('、').map(translateLabel).join(', ');
  if (label.length > MAX_TRANSLATED_LENGTH) return label;
  const known = LABELS_EN[label] ?? EXACT_EN[label];
  if (known) return known;
  // Descriptions built from data: "3号楼 2 单元 1501 室", "人民路 18 号商铺", "2 条居住记录".
  const flat = /^(.+) (\S+) 单元 (\S+) 室$/s.exec(label);
  if (flat) return `${flat[1]} unit ${flat[2]} flat ${flat[3]}`;
  const shop = /^(.+) (\S+) 号商铺$/s.exec(label);
  if (shop) return `shop ${shop[1]} ${shop[2]}`;
  const count = /^(\d+) (条居住记录|个户|份租赁合同|条商铺经营登记)$/.exec(label);
  if (count) return `${count[1]} ${COUNTED[count[2] ?? '']}`;
  return label;
}

const COUNTED: Record<string, string> = {
  条居住记录: 'residency record(s)',
  个户: 'household(s)',
  份租赁合同: 'tenancy contract(s)',
  条商铺经营登记: 'shop business registration(s)',
};

const L = (s: string | undefined) => translateLabel(s ?? '');
const CL = (s: string | undefined) => cap(L(s));

/**
 * Messages with variable parts; the first match wins, so specific patterns come first. Keep each
 * pattern linear: at most one free `.*`/`.+` group, the others character classes (or tempered
 * groups) that cannot take the literal text separating them — see the timing test.
 */
export const PATTERNS_EN: ReadonlyArray<readonly [RegExp, (m: RegExpMatchArray) => string]> = [
  // Devices and load limits (issue 10 §4, §7).
  [
    /^配对码错误次数过多，请 (\d+) 分钟后再试$/,
    (m) => `Too many wrong pairing codes; try again in ${m[1]} minutes`,
  ],
  [
    /^实时推送连接过多（每个账号最多 (\d+) 个），请关闭其他预警页面后重试$/,
    (m) => `Too many live streams (at most ${m[1]} per account); close other alert pages and try again`,
  ],
  [
    /^Excel 文件解压后超过 (\d+) MB，请拆分文件或另存为 \.csv 后导入$/,
    (m) => `The Excel file inflates to more than ${m[1]} MB; split it or save it as .csv and import that`,
  ],
  [/^没有此接口: (.*)$/s, (m) => `No such API: ${m[1]}`],
  [
    /^登录失败次数过多，请 (\d+) 分钟后再试$/,
    (m) => `Too many failed sign-ins; try again in ${m[1]} minutes`,
  ],
  [
    /^该身份证号已登记（(.*)），请打开已有记录$/s,
    (m) => `This ID number is already registered (${m[1]}); open the existing record`,
  ],
  [
    /^布控期限最长 (\d+) 天，到期后可续期$/,
    (m) => `A watch rule lasts at most ${m[1]} days; it can be renewed when it expires`,
  ],
  [/^该布控当前状态为「(.*)」，无需审批$/s, (m) => `This watch rule is “${L(m[1])}” and needs no approval`],
  [/^该预警由(.+)处置，您无权操作$/s, (m) => `This alert is handled by ${L(m[1])}; you may not act on it`],
  [
    /^该预警已由(.*)于 ([\d:]*) 处置完毕$/s,
    (m) => `This alert was already resolved by ${L(m[1])}${m[2] ? ` at ${m[2]}` : ''}`,
  ],
  [
    /^该预警已由(.*)于 ([\d:]*) 确认$/s,
    (m) => `This alert was already acknowledged by ${L(m[1])}${m[2] ? ` at ${m[2]}` : ''}`,
  ],
  [
    /^未接入(.+)服务商（演示模式下仅记录日志）$/,
    (m) => `No ${L(m[1])} provider connected (demo mode only logs)`,
  ],
  [
    /^缺少必填列：(.*)（表头在第 1 行）$/s,
    (m) => `Missing required columns: ${L(m[1])} (the header is row 1)`,
  ],
  [/^一次最多导入 (\d+) 行，请拆分文件$/, (m) => `At most ${m[1]} rows per import; split the file`],
  [/^导入失败：(.*)$/s, (m) => `Import failed: ${translateErrorMessage(m[1] ?? '')}`],
  [
    /^(\d+) 行数据有误，未导入任何数据。请修正后重新导入，或选择“跳过错误行”。$/,
    (m) =>
      `${m[1]} rows have errors, so nothing was imported. Fix them and import again, or choose “skip invalid rows”.`,
  ],
  [/^文件超过 (\d+) MB 上限$/, (m) => `The file exceeds the ${m[1]} MB limit`],
  [
    /^不设房屋的楼层 (\d+) 超出楼层数（共 (\d+) 层）$/,
    (m) => `Floor ${m[1]} without flats is beyond the building’s ${m[2]} floors`,
  ],
  [/^未知参数：(.*)$/s, (m) => `Unknown parameter: ${m[1]?.split('、').join(', ')}`],
  [/^欢迎回家，(.*)$/s, (m) => `Welcome home, ${m[1]}`],
  [
    /^门禁控制器无响应（(\d+) ms 超时）$/,
    (m) => `The gate controller did not respond (timed out after ${m[1]} ms)`,
  ],
  [/^无法连接门禁控制器（(.*)）$/s, (m) => `Cannot reach the gate controller (${m[1]})`],
  [
    /^已拒绝调用：(\S+) 解析为 (\S+)，(.*)$/s,
    (m) => `Call refused: ${m[1]} resolves to ${m[2]}; ${translateErrorMessage(m[3] ?? '')}`,
  ],
  [
    /^已导入 (\d+) 行，跳过 (\d+) 行有误的数据$/,
    (m) => `Imported ${m[1]} rows; skipped ${m[2]} rows with errors`,
  ],
  [/^已导入 (\d+) 行$/, (m) => `Imported ${m[1]} rows`],
  [
    /^((?:(?!仍有).)+?) ?仍有([^（）]+)（如 (.*)），不能删除$/s,
    (m) => `${m[1]} still has ${L(m[2])} (e.g. ${m[3]}), so it cannot be deleted`,
  ],
  [
    /^((?:(?!仍有).)+?) ?仍有([^，（）]+)，不能删除（已迁出的历史记录也会保留房屋）$/s,
    (m) =>
      `${m[1]} still has ${L(m[2])}, so it cannot be deleted (records of people who moved out keep the room too)`,
  ],
  [
    /^本小区已有楼号为 (\d+) 的楼栋（(.*)）$/s,
    (m) => `This compound already has building number ${m[1]} (${m[2]})`,
  ],
  [/^本小区已有名为“(.*)”的楼栋$/s, (m) => `This compound already has a building named “${m[1]}”`],
  [
    /^楼号 (\d+) 的房屋编号与已有房屋重复$/,
    (m) => `Room numbers of building ${m[1]} clash with existing rooms`,
  ],
  [/^([^（）]+)已存在（(.*)）$/s, (m) => `${CL(m[1])} already exists (${L(m[2])})`],
  [
    /^(.+?)格式不正确：应为 11 位手机号（1 开头）或带区号的固定电话，如 0371-12345678$/,
    (m) =>
      `${CL(m[1])} is invalid: use an 11-digit mobile number (starting with 1) or a landline with area code, e.g. 0371-12345678`,
  ],
  // Privacy (sec-audit).
  [
    /^您已有 (\d+) 项更正申请尚未处理，请等处理后再提交$/,
    (m) => `You already have ${m[1]} correction requests waiting; submit more once they are handled`,
  ],
  [/^(.+?)格式不正确（应为 JSON）$/, (m) => `${CL(m[1])}: not valid (must be JSON)`],
  [/^(.+?)格式不正确$/, (m) => `${CL(m[1])} is not in a valid format`],
  [/^(.+?)过长（最多 (\d+) 字）$/, (m) => `${CL(m[1])} is too long (at most ${m[2]} characters)`],
  [/^(.+?)应为 YYYY-MM-DD 格式$/, (m) => `${CL(m[1])} must be in YYYY-MM-DD format`],
  [/^(.+?)不是有效的日期$/, (m) => `${CL(m[1])} is not a valid date`],
  [/^(.+?)应为数字$/, (m) => `${CL(m[1])} must be a number`],
  [/^(.+?)应为整数$/, (m) => `${CL(m[1])} must be a whole number`],
  [/^(.+?)须为整数$/, (m) => `${CL(m[1])} must be a whole number`],
  [/^(.+?)应为 (-?\d+)–(-?\d+)$/, (m) => `${CL(m[1])} must be between ${m[2]} and ${m[3]}`],
  [/^(.+?)不能小于 (-?\d+)$/, (m) => `${CL(m[1])} must be at least ${m[2]}`],
  [/^(.+?)不能大于 (-?\d+)$/, (m) => `${CL(m[1])} must be at most ${m[2]}`],
  [/^请填写(.+)$/s, (m) => `Enter the ${L(m[1])}`],
  [/^([^：]+)不存在：(.*)$/s, (m) => `${CL(m[1])} not found: ${m[2]}`],
  [/^(.+)不存在$/s, (m) => `${CL(m[1])} not found`],
];

/**
 * The English for one server message. Non-Chinese text (zod's own English defaults, Fastify's
 * messages) and anything unknown come back unchanged.
 */
export function translateErrorMessage(message: string): string {
  if (!CJK.test(message)) return message;
  const exact = EXACT_EN[message];
  if (exact) return exact;
  // A validation summary: "body.a: …; body.b: …".
  if (message.includes('; ')) return message.split('; ').map(translateErrorMessage).join('; ');
  if (message.length > MAX_TRANSLATED_LENGTH) return message;
  const field = /^([\w.[\]-]+): (.*)$/s.exec(message);
  if (field) return `${field[1]}: ${translateErrorMessage(field[2] ?? '')}`;
  for (const [re, english] of PATTERNS_EN) {
    const m = message.match(re);
    if (m) return english(m);
  }
  // A known message with a detail appended after a full-width colon (FaceError: "图片已损坏，无法解码：…").
  const colon = message.indexOf('：');
  if (colon > 0) {
    const head = EXACT_EN[message.slice(0, colon)];
    if (head) return `${head}: ${translateErrorMessage(message.slice(colon + 1))}`;
  }
  return message;
}

/** True when the caller's preferred language (highest q, then first) is English. */
export function prefersEnglish(acceptLanguage: string | string[] | undefined): boolean {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage;
  if (!header) return false;
  let best: { tag: string; q: number } | null = null;
  for (const part of header.split(',')) {
    const [tag = '', ...params] = part.trim().split(';');
    if (!tag) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { tag: tag.trim().toLowerCase(), q };
  }
  return !!best && (best.tag === 'en' || best.tag.startsWith('en-'));
}
