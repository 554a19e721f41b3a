import type { Texts } from '@anju/contracts';

/**
 * The signed-in user's own account: profile and password change.
 * Chinese and English side by side under each key; app/catalogues.ts merges every module's words.
 */
export const accountMessages = {
  'account.profile': { zh: '基本信息', en: 'Profile' },
  'account.changePassword': { zh: '修改密码', en: 'Change password' },
  'account.currentPassword': { zh: '当前密码', en: 'Current password' },
  'account.currentPasswordRequired': { zh: '请输入当前密码', en: 'Enter your current password' },
  'account.newPassword': { zh: '新密码', en: 'New password' },
  'account.newPasswordRequired': { zh: '请输入新密码', en: 'Enter a new password' },
  'account.passwordRule': {
    zh: '至少 10 位，且不少于 4 种不同字符；修改后其他设备上的登录将失效',
    en: 'At least 10 characters with at least 4 different ones; other sign-ins end after the change',
  },
  'account.confirmPassword': { zh: '确认新密码', en: 'Confirm new password' },
  'account.confirmRequired': { zh: '请再次输入新密码', en: 'Enter the new password again' },
  'account.mismatch': { zh: '两次输入的新密码不一致', en: 'The two new passwords differ' },
  'account.submit': { zh: '确认修改', en: 'Change password' },
  'account.changed': { zh: '密码已修改', en: 'Password changed' },
} satisfies Record<string, Texts>;
