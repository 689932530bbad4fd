import type { ErrorCatalogue } from './types.ts';

/** Errors raised by the identity module. */
export const identityErrors = {
  ACCOUNT_EXISTS: {
    status: 409,
    'zh-CN': '该身份证号码或统一社会信用代码已注册，请直接登录',
    en: 'An account with this ID number or credit code already exists; please sign in',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    'zh-CN': '账号或密码错误',
    en: 'The login or password is incorrect',
  },
  ACCOUNT_LOCKED: {
    status: 423,
    'zh-CN': '登录失败次数过多，账户已锁定，请于 {retryAt}（约 {minutes} 分钟后）再试',
    en: 'Too many failed sign-ins: the account is locked. Try again after {retryAt} (in about {minutes} minutes)',
  },
  SESSION_NOT_FOUND: {
    status: 404,
    'zh-CN': '会话不存在或已结束',
    en: 'The session does not exist or has already ended',
  },
} satisfies ErrorCatalogue;
