import { defineMessages } from '@anju/contracts';

/**
 * What the access module says: errors, the gate terminal's words, the access-log export, stored
 * records and the operation summaries of the API document. The same `access` prefix as the
 * contract's catalogue (`reason.*`, `rule.*` in @anju/contracts), under other sub-keys.
 */
export const accessMessages = defineMessages('access', {
  // Records not found.
  'person.notFound': { zh: '人员不存在', en: 'Person not found' },
  'gate.notFound': { zh: '门禁不存在', en: 'Gate not found' },
  'credential.notFound': { zh: '有效凭证不存在', en: 'Active credential not found' },
  'consent.notFound': { zh: '有效的同意记录不存在', en: 'Valid consent record not found' },
  'visitorPass.notFound': { zh: '访客码不存在', en: 'Visitor pass not found' },
  'template.notFound': { zh: '人脸模板不存在', en: 'Face template not found' },
  'snapshot.notFound': { zh: '抓拍不存在', en: 'Snapshot not found' },

  // Credentials and consent.
  'credential.cardInUse': {
    zh: '该卡号已登记（如为旧卡，请先注销）',
    en: 'This card number is already registered (revoke the old card first)',
  },
  'credential.cardInUseField': { zh: '该卡号已登记', en: 'This card number is already registered' },
  'consent.guardianRequired': {
    zh: '未满 14 周岁，须由监护人同意（PIPL 第 31 条）',
    en: 'Under 14: a guardian must consent (PIPL Article 31)',
  },
  'consent.guardianNameRequired': {
    zh: '请填写同意的监护人姓名',
    en: 'Enter the name of the consenting guardian',
  },
  'consent.exists': { zh: '已有有效的同意记录', en: 'A valid consent record already exists' },
  'consent.faceRequired': {
    zh: '须先记录本人（或监护人）对人脸识别的单独同意',
    en: 'First record the person’s (or guardian’s) separate consent to face recognition',
  },
  'consent.photoRequired': {
    zh: '保留采集照片须另行取得本人同意',
    en: 'Keeping the captured photo needs the person’s separate consent',
  },
  'template.limit': {
    zh: '此人已登记 {max} 张人脸照片，请先删除一张再添加',
    en: 'This person already has {max} enrolled face photos; delete one before adding another',
  },
  'consent.photoMissing': { zh: '未取得保留照片的同意', en: 'No consent to keep the photo' },

  // Gates, pairing, terminals.
  'pairing.invalid': { zh: '配对码无效或已过期', en: 'The pairing code is invalid or has expired' },
  'pairing.throttled': {
    zh: '配对码错误次数过多，请 {minutes} 分钟后再试',
    en: 'Too many wrong pairing codes; try again in {minutes} minutes',
  },
  'pairing.codeLocked': {
    zh: '此门禁的配对码被尝试次数过多，已失效，请在控制台重新生成配对码',
    en: 'Too many attempts at this gate’s pairing code; it no longer works — make a new one in the console',
  },
  'gate.deviceNotBound': {
    zh: '此设备未绑定门禁，请重新配对',
    en: 'This device is not bound to a gate; pair it again',
  },
  'terminal.defaultName': { zh: '门禁终端', en: 'Gate terminal' },
  'passage.welcome': { zh: '欢迎回家，{name}', en: 'Welcome home, {name}' },
  'passage.pleaseWait': { zh: '请稍候', en: 'Please wait' },
  'passage.notFound': {
    zh: '此通行不属于本门禁，请重新识别',
    en: 'This passage does not belong to this gate; start again',
  },
  'input.passageId': { zh: '通行编号格式不正确', en: 'The passage id is not valid' },

  // The lock controller (relay). Attempt records keep these as keys; they are worded when read.
  'relay.notConfigured': {
    zh: '此门未设置门锁控制器（类型为“无”）',
    en: 'This gate has no lock controller (type “none”)',
  },
  'relay.saveFirst': {
    zh: '请先保存 HTTP 门锁控制器设置',
    en: 'Save the HTTP lock controller settings first',
  },
  'relay.testFailed': {
    zh: '门锁控制器未确认开门（详情见服务器日志）',
    en: 'The lock controller did not confirm the opening (details in the server log)',
  },
  'relay.serverStopped': {
    zh: '服务器停止，调用中断',
    en: 'The server stopped; the call was interrupted',
  },
  'relay.timeout': {
    zh: '门禁控制器无响应（{ms} ms 超时）',
    en: 'The gate controller did not respond (timed out after {ms} ms)',
  },
  'relay.unreachable': {
    zh: '无法连接门禁控制器（{code}）',
    en: 'Cannot reach the gate controller ({code})',
  },

  // Request checks of the routes.
  'input.imageRequired': { zh: '请上传图片（JPEG/PNG）', en: 'Upload an image (JPEG/PNG)' },
  'input.pairingCodeFormat': { zh: '配对码为 6 位数字', en: 'The pairing code is 6 digits' },
  'input.credentialValueRequired': {
    zh: '请提供卡号、密码或二维码内容',
    en: 'Provide the card number, PIN or QR code content',
  },
  'input.openReasonRequired': { zh: '请填写开门原因', en: 'Enter the reason for opening' },
  'input.reasonRequired': { zh: '请填写原因', en: 'Enter the reason' },
  'input.cardNumberFormat': {
    zh: '卡号为 8–20 位数字或十六进制字符（卡片 UID 至少 4 字节）',
    en: 'The card number is 8–20 digits or hexadecimal characters (a card UID has at least 4 bytes)',
  },
  'resident.noPerson': {
    zh: '账号未关联居民信息，请到物业或警务室登记',
    en: 'This account is not linked to a resident; register at the property office or police office',
  },

  // Searching and exporting the access log.
  'search.trackPoliceOnly': {
    zh: '按人员或房号查询通行轨迹仅限民警',
    en: 'Only police officers may search passages by person or room',
  },
  'search.purposeRequired': {
    zh: '按人员查询须填写查询事由',
    en: 'A search by person needs a stated purpose',
  },
  'search.purposeField': { zh: '请填写查询事由', en: 'Enter the purpose of the search' },
  'export.trackPoliceOnly': {
    zh: '按人员导出通行轨迹仅限民警，且须填写事由',
    en: 'Only police officers may export passages by person, and a purpose is required',
  },
  'export.purposeRequired': {
    zh: '导出通行记录须填写导出事由',
    en: 'An export of the access log needs a stated purpose',
  },
  'export.purposeField': { zh: '请填写导出事由', en: 'Enter the purpose of the export' },
  'export.fileName': { zh: '通行记录-{date}.xlsx', en: 'access-log-{date}.xlsx' },
  'export.sheet': { zh: '通行记录', en: 'Access log' },
  'export.col.at': { zh: '时间', en: 'Time' },
  'export.col.gate': { zh: '门禁', en: 'Gate' },
  'export.col.direction': { zh: '方向', en: 'Direction' },
  'export.col.person': { zh: '人员', en: 'Person' },
  'export.col.room': { zh: '房号', en: 'Flat' },
  'export.col.method': { zh: '方式', en: 'Method' },
  'export.col.decision': { zh: '结果', en: 'Result' },
  'export.col.reason': { zh: '原因', en: 'Reason' },
  'export.col.score': { zh: '相似度', en: 'Similarity' },
  'export.col.note': { zh: '备注', en: 'Note' },
  'export.decision.grant': { zh: '通过', en: 'Granted' },
  'export.decision.deny': { zh: '拒绝', en: 'Denied' },
  'method.face': { zh: '人脸', en: 'Face' },
  'method.card': { zh: '刷卡', en: 'Card' },
  'method.qr': { zh: '二维码', en: 'QR code' },
  'method.pin': { zh: '密码', en: 'PIN' },
  'method.visitor': { zh: '访客码', en: 'Visitor pass' },
  'method.manual': { zh: '人工开门', en: 'Opened by staff' },
  'method.emergency': { zh: '紧急放行', en: 'Emergency release' },
  'direction.in': { zh: '进', en: 'In' },
  'direction.out': { zh: '出', en: 'Out' },
  'direction.both': { zh: '进出', en: 'In and out' },

  // Stored records (written once, in Chinese: see where they are used).
  'audit.relayTest': {
    zh: '测试开门：{outcome}{status}，{ms} ms',
    en: 'Test open: {outcome}{status}, {ms} ms',
  },
  'audit.listed': { zh: '{count} 条', en: '{count} entries' },
  'audit.exported': { zh: '导出 {count} 条', en: 'Exported {count} entries' },
  'audit.exportedWithPurpose': {
    zh: '{purpose}；导出 {count} 条',
    en: '{purpose}; exported {count} entries',
  },
  'event.emergencyOn': { zh: '开启紧急放行：{reason}', en: 'Emergency release on: {reason}' },
  'event.emergencyOff': { zh: '解除紧急放行：{reason}', en: 'Emergency release off: {reason}' },

  // Operation summaries in the API document.
  'route.gates': { zh: '门禁列表（含在线状态）', en: 'Gates (with online status)' },
  'route.createGate': { zh: '登记门禁', en: 'Register a gate' },
  'route.updateGate': {
    zh: '修改门禁（名称、方向、时段、允许的居住类型、停用）',
    en: 'Change a gate (name, direction, opening hours, allowed residency types, out of service)',
  },
  'route.pairingCode': {
    zh: '生成一次性配对码（10 分钟有效，此门之前的配对码作废）',
    en: 'Make a one-time pairing code (valid 10 minutes; the gate’s earlier codes stop working)',
  },
  'route.setRelay': {
    zh: '设置门锁控制器（无 / HTTP 继电器；签名密钥只写不读）',
    en: 'Set the lock controller (none / HTTP relay; the signing secret is write-only)',
  },
  'route.testRelay': {
    zh: '测试开门：用已保存的设置调用门锁控制器一次',
    en: 'Test open: call the lock controller once with the saved settings',
  },
  'route.relayAttempts': {
    zh: '门锁控制器最近的调用（结果、耗时）',
    en: 'Recent lock controller calls (outcome, time taken)',
  },
  'route.pair': {
    zh: '门禁终端用配对码换取设备令牌',
    en: 'A gate terminal exchanges a pairing code for a device token',
  },
  'route.heartbeat': { zh: '终端心跳', en: 'Terminal heartbeat' },
  'route.credentialPassage': { zh: '刷卡 / 扫码 / 密码通行', en: 'Pass by card, QR code or PIN' },
  'route.manualOpen': {
    zh: '人工开门（记录操作人和原因）',
    en: 'Open a gate by hand (the operator and the reason are recorded)',
  },
  'route.settings': {
    zh: '门禁设置（紧急放行、抓拍保留期）',
    en: 'Access settings (emergency release, snapshot retention)',
  },
  'route.emergency': {
    zh: '紧急放行模式（如火警）：所有门常开',
    en: 'Emergency release (e.g. a fire): every door stays open',
  },
  'route.updateSettings': {
    zh: '修改抓拍与通行记录保留期',
    en: 'Change how long snapshots and the access log are kept',
  },
  'route.credentials': {
    zh: '某人的通行凭证与同意记录',
    en: 'A person’s credentials and consent records',
  },
  'route.issueCard': { zh: '发 IC 卡', en: 'Issue an IC card' },
  'route.issuePin': {
    zh: '生成 8 位通行密码（仅显示一次，旧密码作废）',
    en: 'Issue an 8-digit PIN (shown once; the old PIN stops working)',
  },
  'route.revokeCredential': { zh: '注销凭证（挂失）', en: 'Revoke a credential (lost card)' },
  'route.recordConsent': {
    zh: '记录人脸识别单独同意（告知书版本、渠道、经办人见证）',
    en: 'Record separate consent to face recognition (notice version, channel, witnessing staff)',
  },
  'route.withdrawConsent': {
    zh: '撤回同意：人脸模板立即删除',
    en: 'Withdraw consent: face templates are deleted at once',
  },
  'route.issueVisitorPass': { zh: '为访客签发通行码', en: 'Issue a visitor pass' },
  'route.visitorPasses': { zh: '访客码列表（记入审计）', en: 'Visitor passes (audited)' },
  'route.revokeVisitorPass': { zh: '作废访客码', en: 'Cancel a visitor pass' },
  'route.myQr': {
    zh: '我的动态通行码（60 秒有效，一次有效）',
    en: 'My passage code (valid for 60 seconds, once)',
  },
  'route.myEvents': { zh: '我的通行记录', en: 'My passages' },
  'route.myConsents': { zh: '我的授权同意记录', en: 'My consents' },
  'route.withdrawMyConsent': {
    zh: '撤回我的同意（人脸模板立即删除）',
    en: 'Withdraw my consent (face templates are deleted at once)',
  },
  'route.inviteVisitor': { zh: '邀请访客（生成访客通行码）', en: 'Invite a visitor (issues a visitor pass)' },
  'route.myVisitors': { zh: '我邀请的访客', en: 'Visitors I invited' },
  'route.enrolFace': {
    zh: '人脸采集（须先记录单独同意；照片默认不保留）',
    en: 'Enrol a face (separate consent first; the photo is not kept by default)',
  },
  'route.enrolFaceBody': {
    zh: '请求体为图片本身（Content-Type: image/jpeg 或 image/png）。',
    en: 'The request body is the image itself (Content-Type: image/jpeg or image/png).',
  },
  'route.faces': {
    zh: '某人的人脸模板（不含模板内容）',
    en: 'A person’s face templates (without their content)',
  },
  'route.deleteFace': { zh: '删除一个人脸模板', en: 'Delete a face template' },
  'route.facePassage': {
    zh: '人脸通行：一帧图像（image/jpeg），同一人的后续帧带上 ?passage=通行编号；返回“请稍候”（pending）、开门或拒绝原因',
    en: 'Pass by face: one frame (image/jpeg); later frames of the same person carry ?passage=<passage id>; answers pending (please wait), open, or why not',
  },
  'route.overview': {
    zh: '分局总览：各小区今日通行、拒绝、陌生人与未结告警',
    en: 'Sub-bureau overview: passages, denials, strangers and open alerts per compound today',
  },
  'route.events': {
    zh: '通行记录检索（按人员检索仅限民警，且留痕）',
    en: 'Search the access log (by person: police only, and audited)',
  },
  'route.exportEvents': {
    zh: '导出通行记录（xlsx，最多 50,000 条；民警导出须填写事由并记入审计；其他角色导出的记录不含人员标识）',
    en: 'Export the access log (xlsx, at most 50,000 rows; police state a purpose and are audited; other roles’ exports carry no person identifiers)',
  },
  'route.snapshot': { zh: '陌生人抓拍（保留期内）', en: 'Stranger snapshot (within its retention)' },
});
