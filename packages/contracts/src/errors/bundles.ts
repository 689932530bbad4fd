import type { ErrorCatalogue } from './types.ts';

/** Errors raised by the bundles module (一件事一次办). */
export const bundlesErrors = {
  BUNDLE_CASE_NOT_FOUND: {
    status: 404,
    'zh-CN': '该一件事申请不存在',
    en: 'The bundle application does not exist',
  },
  BUNDLE_CASE_NOT_DRAFT: {
    status: 409,
    'zh-CN': '该一件事申请已提交，不能修改或重复提交',
    en: 'This bundle application has already been submitted',
  },
  BUNDLE_CASE_NOT_WITHDRAWABLE: {
    status: 409,
    'zh-CN': '该一件事申请没有可以撤回的办理中事项',
    en: 'No case of this bundle application is still open to withdraw',
  },
  BUNDLE_AUDIENCE_MISMATCH: {
    status: 403,
    'zh-CN': '该一件事不面向您的账户类型办理',
    en: 'This bundle is not offered to your kind of account',
  },
  BUNDLE_MATERIAL_UNKNOWN: {
    status: 422,
    'zh-CN': '所选事项的材料清单中没有材料 {code}',
    en: 'Material {code} is not on the checklist of the chosen items',
  },
  BUNDLE_TOO_MANY_MATERIALS: {
    status: 409,
    'zh-CN': '每份一件事申请最多上传 {max} 个文件',
    en: 'A bundle application holds at most {max} files',
  },
} satisfies ErrorCatalogue;
