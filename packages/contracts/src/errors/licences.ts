import type { ErrorCatalogue } from './types.ts';

/**
 * Errors raised by the licences module (电子证照). The LICENCE_VERIFY_* codes are not HTTP answers:
 * they name why a verification said no, in the `errors` and `warnings` of a verification result.
 */
export const licencesErrors = {
  LICENCE_NOT_FOUND: { status: 404, 'zh-CN': '证照不存在', en: 'The licence does not exist' },
  LICENCE_TYPE_NOT_FOUND: {
    status: 422,
    'zh-CN': '没有该证照类型，或不由本部门签发',
    en: 'No such licence type, or your department does not issue it',
  },
  LICENCE_FIELDS_INVALID: {
    status: 422,
    'zh-CN': '证照信息不完整或不属于该证照类型',
    en: 'The licence fields are incomplete or not those of its type',
  },
  LICENCE_HOLDER_INVALID: {
    status: 422,
    'zh-CN': '持证人账号不存在，或不是该证照的持证人类型',
    en: 'The holder account does not exist or is not of the kind that holds this licence',
  },
  LICENCE_STATUS_TRANSITION: {
    status: 409,
    'zh-CN': '证照当前状态为“{status}”，不能{action}',
    en: 'The licence is {status}; it cannot be given the action {action}',
  },
  LICENCE_PDF_UNAVAILABLE: {
    status: 501,
    'zh-CN': '暂不能生成证照 PDF',
    en: 'The licence PDF cannot be produced yet',
  },
  LICENCE_STATUS_LIST_NOT_FOUND: {
    status: 404,
    'zh-CN': '该部门没有状态列表',
    en: 'The department has no status list',
  },
  LICENCE_VERIFY_MALFORMED: {
    status: 422,
    'zh-CN': '不是有效的可验证凭证或出示凭证（vc+jwt / vp+jwt）',
    en: 'Not a well-formed verifiable credential or presentation (vc+jwt / vp+jwt)',
  },
  LICENCE_VERIFY_SIGNATURE_INVALID: {
    status: 422,
    'zh-CN': '签名无效：内容被篡改或不是该密钥所签',
    en: 'The signature is invalid: the content was altered or not signed by this key',
  },
  LICENCE_VERIFY_KEY_UNKNOWN: {
    status: 422,
    'zh-CN': '签名密钥不是已公布的签发机关密钥',
    en: 'The signing key is not a published key of the issuer',
  },
  LICENCE_VERIFY_KEY_COMPROMISED: {
    status: 422,
    'zh-CN': '签名密钥已被声明泄露，其签名不再可信',
    en: 'The signing key was declared compromised; its signatures are no longer trusted',
  },
  LICENCE_VERIFY_ISSUER_MISMATCH: {
    status: 422,
    'zh-CN': '签名密钥不属于凭证所写的签发机关',
    en: 'The signing key does not belong to the issuer the credential names',
  },
  LICENCE_VERIFY_NOT_YET_VALID: {
    status: 422,
    'zh-CN': '证照尚未生效',
    en: 'The licence is not valid yet',
  },
  LICENCE_VERIFY_EXPIRED: { status: 422, 'zh-CN': '证照已过有效期', en: 'The licence has expired' },
  LICENCE_VERIFY_REVOKED: { status: 422, 'zh-CN': '证照已被撤销', en: 'The licence has been revoked' },
  LICENCE_VERIFY_SUSPENDED: { status: 422, 'zh-CN': '证照已被暂停使用', en: 'The licence is suspended' },
  LICENCE_VERIFY_STATUS_UNAVAILABLE: {
    status: 422,
    'zh-CN': '无法取得签发机关的状态列表，不能确认证照未被撤销',
    en: "The issuer's status list is not available: revocation cannot be ruled out",
  },
  LICENCE_VERIFY_PRESENTATION_EXPIRED: {
    status: 422,
    'zh-CN': '亮证二维码已过期（有效期 2 分钟），请持证人重新出示',
    en: 'The presentation has expired (valid for 2 minutes); ask the holder to show it again',
  },
  LICENCE_VERIFY_NONCE_MISMATCH: {
    status: 422,
    'zh-CN': '出示凭证的随机数与核验方的挑战值不一致',
    en: "The presentation's nonce does not match the verifier's challenge",
  },
  LICENCE_VERIFY_NONCE_REPLAYED: {
    status: 422,
    'zh-CN': '该亮证二维码已被核验过，不能重复使用',
    en: 'This presentation was already verified; it cannot be used again',
  },
  LICENCE_VERIFY_HOLDER_MISMATCH: {
    status: 422,
    'zh-CN': '出示人不是证照的持证人',
    en: 'The presenter is not the holder of the licence',
  },
  LICENCE_VERIFY_DISCLOSURE_MISMATCH: {
    status: 422,
    'zh-CN': '二维码所示信息与发证机关签发的证照不一致',
    en: "The QR code's details differ from the licence the issuer signed",
  },
  LICENCE_VERIFY_NONCE_NOT_CHECKED: {
    status: 200,
    'zh-CN': '离线核验未检查出示随机数是否已被使用',
    en: 'Offline verification did not check whether the nonce was already used',
  },
} satisfies ErrorCatalogue;
