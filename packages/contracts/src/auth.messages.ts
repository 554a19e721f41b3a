import { defineMessages } from './i18n.ts';

/** The sign-in and password forms' rules, shared by the server and the console. */
export const authContractMessages = defineMessages('auth', {
  usernameRequired: { zh: '请输入用户名', en: 'Enter the username' },
  passwordRequired: { zh: '请输入密码', en: 'Enter the password' },
  passwordTooShort: { zh: '密码至少 10 位', en: 'The password must have at least 10 characters' },
  passwordTooLong: { zh: '密码过长', en: 'The password is too long' },
  passwordTooSimple: { zh: '密码过于简单', en: 'The password is too simple' },
});
