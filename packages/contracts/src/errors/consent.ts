import type { ErrorCatalogue } from './types.ts';

/** Errors raised by the consent module. */
export const consentErrors = {
  // Someone else's request or consent answers the same as a missing one, so ids reveal nothing.
  CONSENT_REQUEST_NOT_FOUND: {
    status: 404,
    'zh-CN': '授权请求不存在',
    en: 'The consent request does not exist',
  },
  CONSENT_REQUEST_DECIDED: {
    status: 409,
    'zh-CN': '该授权请求已处理，不能再次同意或拒绝',
    en: 'This consent request has already been answered',
  },
  CONSENT_NOT_FOUND: { status: 404, 'zh-CN': '授权记录不存在', en: 'The consent does not exist' },
  CONSENT_ALREADY_REVOKED: {
    status: 409,
    'zh-CN': '该授权已撤回',
    en: 'This consent has already been revoked',
  },
} satisfies ErrorCatalogue;
