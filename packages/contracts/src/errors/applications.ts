import type { ErrorCatalogue } from './types.ts';

/** Errors raised by the applications module. */
export const applicationsErrors = {
  APPLICATION_NOT_FOUND: { status: 404, 'zh-CN': '申请不存在', en: 'The application does not exist' },
  APPLICATION_NOT_DRAFT: {
    status: 409,
    'zh-CN': '该申请已提交，不能重复提交',
    en: 'This application has already been submitted',
  },
  APPLICATION_NOT_EDITABLE: {
    status: 409,
    'zh-CN': '该申请当前状态（{status}）下不能修改',
    en: 'The application cannot be changed in its current status ({status})',
  },
  APPLICATION_NOT_RETURNED: {
    status: 409,
    'zh-CN': '只有被退回补正的申请才能重新提交',
    en: 'Only an application returned for supplement can be resubmitted',
  },
  APPLICATION_NOT_WITHDRAWABLE: {
    status: 409,
    'zh-CN': '该申请已办结或已撤回，不能撤回',
    en: 'The application is already decided or withdrawn',
  },
  APPLICATION_AUDIENCE_MISMATCH: {
    status: 403,
    'zh-CN': '该事项不面向您的账户类型办理',
    en: 'This service is not offered to your kind of account',
  },
  APPLICATION_MATERIAL_UNKNOWN: {
    status: 422,
    'zh-CN': '该事项的材料清单中没有材料 {code}',
    en: "Material {code} is not on this service's checklist",
  },
  APPLICATION_MATERIAL_NOT_FOUND: {
    status: 404,
    'zh-CN': '材料不存在',
    en: 'The material does not exist',
  },
  APPLICATION_MATERIAL_FORMAT: {
    status: 415,
    'zh-CN': '该材料只接受以下格式：{formats}',
    en: 'This material accepts only: {formats}',
  },
  APPLICATION_TOO_MANY_MATERIALS: {
    status: 409,
    'zh-CN': '每份申请最多上传 {max} 个文件',
    en: 'An application holds at most {max} files',
  },
  APPLICATION_UPLOAD_INVALID: {
    status: 400,
    'zh-CN': '上传内容须包含 materialCode 字段，其后是一个文件字段 file',
    en: 'The upload must hold a materialCode field followed by one file field',
  },
  MATERIALS_MISSING: {
    status: 400,
    'zh-CN': '缺少必须提交的关键材料，请上传后再提交',
    en: 'Critical materials are missing; upload them before submitting',
  },
} satisfies ErrorCatalogue;
