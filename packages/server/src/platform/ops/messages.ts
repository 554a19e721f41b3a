import { DEFAULT_LANG, defineMessages, type Lang } from '@anju/contracts';

/**
 * What operations say: the backup command line, the plain-HTTP redirect, and the page that tells
 * a tablet how to trust the local certificate authority (/tls-help, in the reader's language).
 * Texts of the help page carry their inline HTML; placeholders are filled with escaped values.
 */
export const opsMessages = defineMessages('ops', {
  // Backups (anju backup / anju restore).
  wrongPassphrase: {
    zh: '备份口令不正确，未恢复任何数据',
    en: 'wrong backup passphrase: nothing was restored',
  },
  'cli.passphrase': { zh: '备份口令：', en: 'Backup passphrase: ' },
  'cli.repeat': { zh: '再输入一次：', en: 'Repeat: ' },

  // The plain-HTTP port's redirect.
  useHttps: { zh: '请使用 HTTPS 访问', en: 'Please use HTTPS' },

  // /tls-help
  'tlsHelp.title': {
    zh: '安居 · 在设备上信任服务器证书',
    en: 'Anju · Trust the server certificate on a device',
  },
  'tlsHelp.heading': {
    zh: '在门岗平板上信任安居服务器证书',
    en: 'Trust the Anju server certificate on a gate tablet',
  },
  'tlsHelp.noTls': {
    zh: '本服务器尚未启用 HTTPS。浏览器只在 HTTPS 页面上允许使用摄像头，门岗平板需要 HTTPS。',
    en: 'This server does not use HTTPS yet. Browsers allow the camera only on HTTPS pages, so gate tablets need HTTPS.',
  },
  'tlsHelp.noTlsAdmin': {
    zh: '管理员：在环境文件中设置 <code>ANJU_TLS=auto</code>（自动生成本地证书）或\n<code>ANJU_TLS_CERT</code> / <code>ANJU_TLS_KEY</code>（使用已有证书），然后重启服务。',
    en: 'Administrator: set <code>ANJU_TLS=auto</code> (to generate a local certificate) or\n<code>ANJU_TLS_CERT</code> / <code>ANJU_TLS_KEY</code> (to use an existing certificate) in the environment file, then restart the service.',
  },
  'tlsHelp.givenCert': {
    zh: '本服务器使用管理员提供的证书（SHA-256 指纹 <code>{fingerprint}</code>）。',
    en: 'This server uses a certificate the administrator provided (SHA-256 fingerprint <code>{fingerprint}</code>).',
  },
  'tlsHelp.givenCertTrust': {
    zh: '如该证书由公共证书机构签发，平板无需任何设置；如由单位内部证书机构签发，请向管理员索取其根证书并按下文方法安装。',
    en: 'If a public certificate authority issued it, tablets need no setting up; if your organisation’s own certificate authority issued it, ask the administrator for its root certificate and install it as described below.',
  },
  'tlsHelp.intro': {
    zh: '门岗平板和自助机通过 HTTPS 访问本服务器（浏览器只在 HTTPS 页面上允许使用摄像头）。\n本服务器的证书由小区服务器自己的“本地证书颁发机构”签发，每台设备需要<strong>安装并信任一次</strong>它的根证书。',
    en: 'Gate tablets and kiosks reach this server over HTTPS (browsers allow the camera only on HTTPS pages).\nThis server’s certificate is issued by the compound server’s own “local certificate authority”, so every device has to <strong>install and trust its root certificate once</strong>.',
  },
  'tlsHelp.step1': { zh: '第一步：下载根证书', en: 'Step 1: download the root certificate' },
  'tlsHelp.download': { zh: '下载根证书 anju-ca.crt', en: 'Download the root certificate anju-ca.crt' },
  'tlsHelp.downloadDer': {
    zh: '（个别设备不识别时改用 {link}）',
    en: '(if a device does not recognise it, use {link})',
  },
  'tlsHelp.checkFingerprint': {
    zh: '下载后请核对 SHA-256 指纹，必须与服务器管理员看到的一致（服务器启动时打印在控制台和日志中）：',
    en: 'After downloading, check the SHA-256 fingerprint: it must be the one the server administrator sees (printed on the console and in the log when the server starts):',
  },
  'tlsHelp.step2': { zh: '第二步：安装并信任', en: 'Step 2: install and trust it' },
  'tlsHelp.android': {
    zh: '安卓平板（含华为 / 荣耀 / 鸿蒙）',
    en: 'Android tablets (Huawei, Honor and HarmonyOS included)',
  },
  'tlsHelp.android1': {
    zh: '打开 <strong>设置 → 安全 → 更多安全设置 → 加密和凭据 → 从存储设备安装 → CA 证书</strong>\n（不同品牌名称略有不同，可在设置中搜索“证书”）。',
    en: 'Open <strong>Settings → Security → More security settings → Encryption &amp; credentials → Install from storage → CA certificate</strong>\n(the names differ a little between brands; search the settings for “certificate”).',
  },
  'tlsHelp.android2': {
    zh: '出现提示时选择“仍然安装”，选中刚下载的 <code>anju-ca.crt</code>，验证锁屏密码。',
    en: 'When warned, choose “Install anyway”, pick the <code>anju-ca.crt</code> just downloaded and confirm with the screen-lock password.',
  },
  'tlsHelp.android3': {
    zh: '完成后在 <strong>加密和凭据 → 受信任的凭据 → 用户</strong> 中能看到“{caName}”。',
    en: 'Afterwards <strong>Encryption &amp; credentials → Trusted credentials → User</strong> lists “{caName}”.',
  },
  'tlsHelp.ios1': {
    zh: '用 <strong>Safari</strong> 打开本页并下载根证书，选择“允许”。',
    en: 'Open this page in <strong>Safari</strong>, download the root certificate and choose “Allow”.',
  },
  'tlsHelp.ios2': {
    zh: '打开 <strong>设置 → 通用 → VPN 与设备管理</strong>，点按下载的描述文件并“安装”。',
    en: 'Open <strong>Settings → General → VPN &amp; Device Management</strong>, tap the downloaded profile and “Install” it.',
  },
  'tlsHelp.ios3': {
    zh: '打开 <strong>设置 → 通用 → 关于本机 → 证书信任设置</strong>，为“{caName}”打开<strong>完全信任</strong>。',
    en: 'Open <strong>Settings → General → About → Certificate Trust Settings</strong> and turn on <strong>full trust</strong> for “{caName}”.',
  },
  'tlsHelp.windows': { zh: 'Windows 电脑', en: 'Windows computers' },
  'tlsHelp.windows1': {
    zh: '双击 <code>anju-ca.crt</code> → 安装证书 → 本地计算机 → 将所有证书都放入下列存储 →\n<strong>受信任的根证书颁发机构</strong>，然后重启浏览器。',
    en: 'Double-click <code>anju-ca.crt</code> → Install Certificate → Local Machine → Place all certificates in the following store →\n<strong>Trusted Root Certification Authorities</strong>, then restart the browser.',
  },
  'tlsHelp.step3': { zh: '第三步：用 HTTPS 打开安居', en: 'Step 3: open Anju over HTTPS' },
  'tlsHelp.padlock': {
    zh: '地址栏显示锁形图标即表示成功；之后浏览器会记住只用 HTTPS 访问。',
    en: 'A padlock in the address bar means it worked; from then on the browser remembers to use HTTPS only.',
  },
  'tlsHelp.notes': { zh: '注意', en: 'Please note' },
  'tlsHelp.note1': {
    zh: '只在本小区专用的门岗平板、自助机和值班电脑上安装此根证书。',
    en: 'Install this root certificate only on the gate tablets, kiosks and duty computers of this compound.',
  },
  'tlsHelp.note2': {
    zh: '服务器重新安装或更换本地证书颁发机构后，需要删除旧证书并重新安装。',
    en: 'When the server is reinstalled or its local certificate authority is replaced, remove the old certificate and install the new one.',
  },
  'tlsHelp.note3': {
    zh: '如果浏览器提示“证书无效”，请确认访问的是上面列出的地址之一；新增网卡或更换 IP 后重启安居服务即可自动更新服务器证书。',
    en: 'If the browser says the certificate is invalid, check that the address is one of those listed above; after adding a network card or changing the IP address, restart the Anju service and it renews the server certificate by itself.',
  },
});

/**
 * The operator's language at the command line: the locale's (LC_ALL, LC_MESSAGES, LANG, the first
 * set one wins, as for any POSIX program), English for `en*`, Simplified Chinese otherwise
 * (`C`, `POSIX` and an unset locale included).
 */
export function operatorLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^en([_.@-]|$)/i.test(locale) ? 'en' : DEFAULT_LANG;
}
