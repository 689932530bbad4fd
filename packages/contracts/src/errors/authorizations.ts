import type { ErrorCatalogue } from './types.ts';

/** Errors of assisted filing (代办): authorizations (identity) and filing on someone's behalf. */
export const authorizationsErrors = {
  AUTHORIZATION_NOT_FOUND: {
    status: 404,
    'zh-CN': '授权不存在',
    en: 'The authorization does not exist',
  },
  // One answer for every reason a person is not found (no account, another name, not a citizen), so the
  // form cannot be used to learn who has an account.
  AUTHORIZATION_PERSON_NOT_MATCHED: {
    status: 422,
    'zh-CN': '未找到姓名与身份证号码一致的实名个人用户，请核对后重试（对方须已注册个人账户）',
    en: 'No citizen account matches this name and resident ID number; check them (the person must have signed up)',
  },
  AUTHORIZATION_SELF: {
    status: 422,
    'zh-CN': '不能授权自己为代办人',
    en: 'You cannot name yourself as your proxy',
  },
  AUTHORIZATION_LIMIT: {
    status: 409,
    'zh-CN': '有效的授权最多 {max} 项，请先撤销不再需要的授权',
    en: 'At most {max} authorizations can be in force; revoke one you no longer need first',
  },
  AUTHORIZATION_REVOKED: {
    status: 403,
    'zh-CN': '申请人已撤销代办授权，不能继续代为办理',
    en: 'The applicant has revoked the authorization; you can no longer act for them',
  },
  AUTHORIZATION_EXPIRED: {
    status: 403,
    'zh-CN': '代办授权已过期，不能继续代为办理',
    en: 'The authorization has expired; you can no longer act for the applicant',
  },
  AUTHORIZATION_NOT_YET_VALID: {
    status: 403,
    'zh-CN': '代办授权尚未生效（自 {validFrom} 起生效）',
    en: 'The authorization is not in force yet (from {validFrom})',
  },
  AUTHORIZATION_SCOPE: {
    status: 403,
    'zh-CN': '代办授权的范围不包括事项 {itemCode}',
    en: 'The authorization does not cover service {itemCode}',
  },
  AUTHORIZATION_REQUIRED: {
    status: 422,
    'zh-CN': '该申请人未授权本部门窗口代办此事项：请上传申请人签字的授权委托书扫描件',
    en: "The applicant has no standing authorization for this department's window: upload a scan of the authorization form they signed",
  },
  AUTHORIZATION_DEPARTMENT_MISMATCH: {
    status: 403,
    'zh-CN': '只能代办本部门（您担任窗口岗位的部门）的事项',
    en: 'You can only file services of a department where you hold the window role',
  },
  AUTHORIZATION_FORM_INVALID: {
    status: 400,
    'zh-CN': '请提交 serviceId、name、idNumber 字段，授权委托书扫描件（可选）放在其后的 file 字段中',
    en: 'Send the fields serviceId, name and idNumber, then optionally the signed form as the file field',
  },
} satisfies ErrorCatalogue;
