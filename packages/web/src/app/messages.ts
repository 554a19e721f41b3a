import type { Texts } from '@anju/contracts';

/**
 * The shell's own words: name, menu (the keys of @anju/contracts MENU), role names, layout, sign-in,
 * and the buttons and errors every page uses. Chinese and English side by side under each key, so a
 * key without one of them fails `tsc`. A module keeps its words beside its pages
 * (`features/<module>/messages.ts`, `terminals/messages.ts`); app/catalogues.ts merges them.
 */
export const shellMessages = {
  'app.name': { zh: '安居', en: 'Anju' },
  /** The language switch names the other language in its own words. */
  'app.otherLanguage': { zh: 'English', en: '中文' },
  'app.subtitle': { zh: '社区警务与物业协同平台', en: 'Community Policing & Property Platform' },
  'app.footer': {
    zh: '安居 · 社区警务室与物业共享的安全服务平台',
    en: 'Anju · the shared safety platform of the community police office and the property company',
  },
  'app.auditNotice': {
    zh: '本系统所有个人信息查询与变更均留痕审计',
    en: 'Every read and change of personal data is audited',
  },
  'app.networkError': { zh: '无法连接服务器，请检查网络', en: 'Cannot reach the server; check the network' },
  'app.httpError': { zh: '请求失败（HTTP {status}）', en: 'Request failed (HTTP {status})' },

  'menu.dashboard': { zh: '工作台', en: 'Dashboard' },
  'menu.audit': { zh: '审计日志', en: 'Audit log' },
  'menu.users': { zh: '用户管理', en: 'Users' },
  'menu.account': { zh: '个人中心', en: 'My account' },
  'menu.registry': { zh: '人口总览', en: 'Population overview' },
  'menu.registrySearch': { zh: '人员查询', en: 'Find a person' },
  'menu.registryCollect': { zh: '信息采集', en: 'Data collection' },
  'menu.tenancies': { zh: '租赁登记', en: 'Tenancies' },
  'menu.myHousehold': { zh: '我的住户', en: 'My household' },
  'menu.gates': { zh: '门禁管理', en: 'Gates' },
  'menu.accessLog': { zh: '通行记录', en: 'Access log' },
  'menu.accessOverview': { zh: '分局总览', en: 'Compounds overview' },
  'menu.credentials': { zh: '凭证与人脸', en: 'Credentials & faces' },
  'menu.visitors': { zh: '访客管理', en: 'Visitors' },
  'menu.myAccess': { zh: '我的通行', en: 'My access' },
  'menuGroup.registry': { zh: '实有人口', en: 'Resident registry' },
  'menuGroup.access': { zh: '门禁通行', en: 'Access control' },

  'role.admin': { zh: '管理员', en: 'Administrator' },
  'role.police': { zh: '民警', en: 'Police officer' },
  'role.auxiliary': { zh: '辅警', en: 'Auxiliary police' },
  'role.property': { zh: '物业', en: 'Property staff' },
  'role.mediator': { zh: '调解员', en: 'Mediator' },
  'role.resident': { zh: '居民', en: 'Resident' },

  'common.search': { zh: '查询', en: 'Search' },
  'common.reset': { zh: '重置', en: 'Reset' },
  'common.refresh': { zh: '刷新', en: 'Refresh' },
  'common.retry': { zh: '重试', en: 'Retry' },
  'common.reload': { zh: '重新加载', en: 'Reload' },
  'common.create': { zh: '创建', en: 'Create' },
  'common.actions': { zh: '操作', en: 'Actions' },
  'common.total': { zh: '共 {n} 条', en: '{n} in total' },
  'common.comingSoon': { zh: '功能建设中', en: 'Coming soon' },
  'common.comingSoonHint': {
    zh: '该功能的页面即将上线，敬请期待。',
    en: 'The page for this function is on its way.',
  },

  'error.serverUnavailable': { zh: '无法连接服务器', en: 'Cannot reach the server' },
  'error.noAccessRedirected': {
    zh: '您无权访问该页面，已返回首页',
    en: 'You may not open that page; back to your start page',
  },
  'error.pageFailed': { zh: '页面加载失败', en: 'The page failed to load' },

  'notFound.title': { zh: '页面不存在', en: 'Page not found' },
  'notFound.message': {
    zh: '您访问的页面不存在或已被移除',
    en: 'The page you asked for does not exist or was removed',
  },
  'notFound.home': { zh: '返回首页', en: 'Back to start' },

  'login.title': { zh: '账号登录', en: 'Sign in' },
  'login.intro': {
    zh: '实有人口登记 · 人像门禁 · 预警处置 · 矛盾调解，警务室与物业一体协同。',
    en: 'Resident registry · face-recognition gates · alerts · mediation — police office and property desk working as one.',
  },
  'login.username': { zh: '用户名', en: 'Username' },
  'login.password': { zh: '密码', en: 'Password' },
  'login.usernameRequired': { zh: '请输入用户名', en: 'Enter your username' },
  'login.passwordRequired': { zh: '请输入密码', en: 'Enter your password' },
  'login.submit': { zh: '登录', en: 'Sign in' },
  'login.notice': {
    zh: '仅限授权工作人员使用。登录及所有操作均记入审计日志；连续输错密码将临时锁定账号。',
    en: 'Authorised staff only. Sign-ins and all actions are audited; repeated wrong passwords lock the account for a while.',
  },

  'shell.demo': { zh: '演示环境', en: 'Demo' },
  // After the first compound's name; both count it too ("A 等 2 个小区": two in all).
  'shell.moreSites': { zh: '等 {total} 个小区', en: 'and others ({total} in all)' },
  'shell.changePassword': { zh: '修改密码', en: 'Change password' },
  'shell.logout': { zh: '退出登录', en: 'Log out' },
  'shell.mustChangePassword': {
    zh: '您正在使用他人设置的初始密码，请先修改密码。',
    en: 'You are using an initial password someone else set; change it first.',
  },

  'menu.alerts': { zh: '预警处置', en: 'Alerts' },
  'menu.watchRules': { zh: '布控管理', en: 'Watch rules' },
  'menu.alertSettings': { zh: '预警设置', en: 'Alert settings' },
  'menuGroup.alerts': { zh: '预警中心', en: 'Alert centre' },

  'menu.accountApprovals': { zh: '账号审批', en: 'Account approvals' },

  'menu.kioskCertificates': { zh: '证明管理', en: 'Certificates' },
  'menu.kioskApplications': { zh: '申请受理', en: 'Applications' },
  'menu.criminalRecords': { zh: '违法犯罪记录', en: 'Criminal records' },
  'menu.kioskDevices': { zh: '自助机', en: 'Kiosks' },
  'menu.kioskSettings': { zh: '自助机设置', en: 'Kiosk settings' },
  'menu.myApplications': { zh: '我的申请与证明', en: 'My applications & certificates' },
  'menuGroup.kiosk': { zh: '自助办证', en: 'Self-service kiosk' },
} satisfies Record<string, Texts>;
