import { defineMessages } from '@anju/contracts';

/** What device pairing says (gate tablets and kiosks alike). */
export const devicesMessages = defineMessages('devices', {
  'pairing.invalid': { zh: '配对码无效或已过期', en: 'The pairing code is invalid or has expired' },
  'pairing.throttled': {
    zh: '配对码错误次数过多，请 {minutes} 分钟后再试',
    en: 'Too many wrong pairing codes; try again in {minutes} minutes',
  },
  'pairing.codeLocked': {
    zh: '此门禁的配对码被尝试次数过多，已失效，请在控制台重新生成配对码',
    en: 'Too many attempts at this gate’s pairing code; it no longer works — make a new one in the console',
  },
  'pairing.kioskCodeLocked': {
    zh: '此自助机的配对码被尝试次数过多，已失效，请在控制台重新生成配对码',
    en: 'Too many attempts at this kiosk’s pairing code; it no longer works — make a new one in the console',
  },
});
