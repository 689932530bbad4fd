import type { ErrorCatalogue } from './types.ts';

/** Errors raised by the exchange gateway (clients, tokens, data requests). */
export const exchangeErrors = {
  EXCHANGE_UNSUPPORTED_GRANT: {
    status: 400,
    'zh-CN': '仅支持 client_credentials 授权方式及 private_key_jwt 客户端断言',
    en: 'Only the client_credentials grant with a private_key_jwt client assertion is supported',
  },
  EXCHANGE_CLIENT_ASSERTION_INVALID: {
    status: 401,
    'zh-CN': '客户端断言无效（签名、签发者、受众或有效期不符）',
    en: 'The client assertion is invalid (signature, issuer, audience or lifetime)',
  },
  EXCHANGE_CLIENT_ASSERTION_REPLAYED: {
    status: 401,
    'zh-CN': '客户端断言已使用过（jti 不可重复）',
    en: 'The client assertion was already used (its jti may be used once)',
  },
  EXCHANGE_TOKEN_INVALID: {
    status: 401,
    'zh-CN': '访问令牌无效或已过期',
    en: 'The access token is invalid or has expired',
  },
  EXCHANGE_CLIENT_NOT_FOUND: {
    status: 404,
    'zh-CN': '接入系统不存在',
    en: 'The client system does not exist',
  },
  EXCHANGE_CLIENT_EXISTS: {
    status: 409,
    'zh-CN': '该客户端标识已被使用',
    en: 'This client id is already registered',
  },
  EXCHANGE_JWKS_INVALID: {
    status: 400,
    'zh-CN': '公钥集（JWKS）无效：须为含至少一个公钥、且不含私钥的 JWK 集合',
    en: 'The JWKS is invalid: it must hold at least one public key and no private key',
  },
  EXCHANGE_DATASET_NOT_FOUND: { status: 404, 'zh-CN': '数据集不存在', en: 'The dataset does not exist' },
  EXCHANGE_PURPOSE_NOT_PERMITTED: {
    status: 403,
    'zh-CN': '该数据集不允许用于此用途',
    en: 'The dataset may not be used for this purpose',
  },
  EXCHANGE_FIELD_NOT_PERMITTED: {
    status: 403,
    'zh-CN': '请求的字段不属于该数据集',
    en: 'A requested field is not part of the dataset',
  },
  EXCHANGE_SUBJECT_KIND_MISMATCH: {
    status: 400,
    'zh-CN': '数据主体类型与该数据集不符（应为 {kind}）',
    en: 'The subjects of this dataset are of kind {kind}',
  },
  EXCHANGE_SUBJECT_NOT_FOUND: {
    status: 404,
    'zh-CN': '未找到该数据主体的数据',
    en: 'No data was found for this subject',
  },
  EXCHANGE_CONSENT_REQUIRED: {
    status: 403,
    'zh-CN': '该用途没有法定依据，且数据主体未授权本系统使用所请求的字段',
    en: 'No legal basis covers this purpose and the subject has not consented to this client using the fields requested',
  },
  EXCHANGE_DATASET_INVALID: {
    status: 400,
    'zh-CN': '数据集定义有误，请按各项提示修改后重新发布',
    en: 'The dataset definition is invalid: correct each item listed and publish again',
  },
  EXCHANGE_DATASET_NOT_OWNED: {
    status: 403,
    'zh-CN': '该数据集由其他部门发布，只能由其所属部门修改',
    en: 'This dataset belongs to another department; only its owner may change it',
  },
  EXCHANGE_DATASET_RETIRED: {
    status: 410,
    'zh-CN': '该数据集已停止共享，不再受理新的请求',
    en: 'This dataset has been retired and takes no new requests',
  },
  EXCHANGE_PROVIDER_UNAVAILABLE: {
    status: 502,
    'zh-CN': '数据提供方系统暂不可用',
    en: 'The providing system is unavailable',
  },
} satisfies ErrorCatalogue;
