import type { ErrorCatalogue } from './types.ts';

/** Errors raised by the platform layer (HTTP, validation, idempotency, files). */
export const platformErrors = {
  VALIDATION_FAILED: {
    status: 400,
    'zh-CN': '提交的数据有误，请检查标出的字段',
    en: 'Some fields are not valid; see the details',
  },
  MALFORMED_JSON: {
    status: 400,
    'zh-CN': '请求内容不是有效的 JSON',
    en: 'The request body is not valid JSON',
  },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, 'zh-CN': '不支持的请求内容类型', en: 'Unsupported content type' },
  PAYLOAD_TOO_LARGE: { status: 413, 'zh-CN': '提交的内容过大', en: 'The request is too large' },
  NOT_FOUND: { status: 404, 'zh-CN': '请求的资源不存在', en: 'The requested resource does not exist' },
  METHOD_NOT_ALLOWED: { status: 405, 'zh-CN': '不支持该请求方法', en: 'Method not allowed' },
  UNAUTHENTICATED: { status: 401, 'zh-CN': '请先登录', en: 'Please sign in first' },
  FORBIDDEN: { status: 403, 'zh-CN': '您无权执行此操作', en: 'You are not allowed to do this' },
  CSRF_TOKEN_INVALID: {
    status: 403,
    'zh-CN': '页面已过期，请刷新后重试',
    en: 'The page has expired; reload and try again',
  },
  RATE_LIMITED: {
    status: 429,
    'zh-CN': '请求过于频繁，请稍后再试',
    en: 'Too many requests; try again later',
  },
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    'zh-CN': 'Idempotency-Key 格式无效',
    en: 'The Idempotency-Key header is not valid',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    'zh-CN': '该 Idempotency-Key 已用于另一个不同的请求',
    en: 'This Idempotency-Key was already used for a different request',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    'zh-CN': '相同的请求正在处理中，请稍后重试',
    en: 'The same request is still being processed; retry shortly',
  },
  CONFLICT: {
    status: 409,
    'zh-CN': '数据已被他人修改，请刷新后重试',
    en: 'The data was changed by someone else; reload and retry',
  },
  FILE_TOO_LARGE: { status: 413, 'zh-CN': '文件超过大小限制', en: 'The file exceeds the size limit' },
  FILE_TYPE_NOT_ALLOWED: {
    status: 415,
    'zh-CN': '文件类型不被接受（仅接受 PDF、JPEG、PNG）',
    en: 'This file type is not accepted (PDF, JPEG and PNG only)',
  },
  FILE_TYPE_MISMATCH: {
    status: 415,
    'zh-CN': '文件内容与其扩展名不符',
    en: 'The file content does not match its extension',
  },
  FILE_NOT_FOUND: { status: 404, 'zh-CN': '文件不存在', en: 'The file does not exist' },
  SERVICE_UNAVAILABLE: {
    status: 503,
    'zh-CN': '服务暂时不可用，请稍后再试',
    en: 'The service is temporarily unavailable',
  },
  INTERNAL_ERROR: {
    status: 500,
    'zh-CN': '系统内部错误，请稍后再试',
    en: 'Internal error; please try again later',
  },
  FIELD_KEY_UNAVAILABLE: {
    status: 503,
    'zh-CN': '数据密钥正在更新，请稍后重试',
    en: 'A data key is being updated; please try again in a moment',
  },
} satisfies ErrorCatalogue;
