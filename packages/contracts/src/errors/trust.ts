import type { ErrorCatalogue } from './types.ts';

/** Errors raised by the trust module (signing keys, signatures, did:web). */
export const trustErrors = {
  TRUST_KEY_NOT_FOUND: { status: 404, 'zh-CN': '签章密钥不存在', en: 'The signing key does not exist' },
  TRUST_OWNER_NOT_FOUND: {
    status: 404,
    'zh-CN': '没有这个密钥持有者（部门或平台）',
    en: 'No such key owner (department or platform)',
  },
  TRUST_KEY_NOT_ACTIVE: {
    status: 409,
    'zh-CN': '只能轮换当前启用的密钥，该密钥状态为“{status}”',
    en: 'Only the active key can be rotated; this key is {status}',
  },
  TRUST_KEY_ALREADY_COMPROMISED: {
    status: 409,
    'zh-CN': '该密钥已被标记为泄露',
    en: 'This key is already marked as compromised',
  },
  TRUST_PLATFORM_KEY_CLI_ONLY: {
    status: 403,
    'zh-CN': '平台密钥只能在服务器上用命令 npm run trust:keys 管理',
    en: 'Platform keys are managed on the server with npm run trust:keys only',
  },
  TRUST_KEY_UNKNOWN: {
    status: 422,
    'zh-CN': '签名所用的密钥（kid）不是本平台的密钥',
    en: 'The signature was made with a key (kid) this platform does not know',
  },
  TRUST_KEY_COMPROMISED: {
    status: 422,
    'zh-CN': '签名所用的密钥已被标记为泄露，签名不再可信',
    en: 'The signing key was marked as compromised: the signature is no longer trusted',
  },
  TRUST_SIGNATURE_INVALID: {
    status: 422,
    'zh-CN': '签名无效：内容被改动过，或不是用所声明的密钥签的',
    en: 'The signature is invalid: the content was altered or not signed with the stated key',
  },
  TRUST_KEK_INVALID: {
    status: 500,
    'zh-CN': '无法解开签章私钥：密钥加密密钥（TRUST_KEK）与签发时不一致',
    en: 'A private signing key cannot be unsealed: the key-encryption key (TRUST_KEK) differs from the one it was sealed with',
  },
  TRUST_DECISION_NOTICE_NOT_FOUND: {
    status: 404,
    'zh-CN': '该办件没有已签章的决定书（尚未办结，或您无权查看）',
    en: 'The case has no sealed decision notice (not decided yet, or not yours to see)',
  },
} satisfies ErrorCatalogue;
