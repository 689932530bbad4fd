import type { ErrorCatalogue } from './types.ts';

/** Errors raised by the forms module. */
export const formsErrors = {
  FORM_NOT_FOUND: {
    status: 404,
    'zh-CN': '该事项尚未配置申请表单',
    en: 'This service has no application form yet',
  },
  FORM_DEFINITION_INVALID: {
    status: 400,
    'zh-CN': '表单定义无效：{reason}',
    en: 'The form definition is not valid: {reason}',
  },
} satisfies ErrorCatalogue;
