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
  CASE_ACCEPTANCE_NOT_OPEN: {
    status: 409,
    'zh-CN': '该办件当前没有待受理的环节',
    en: 'This case has no acceptance step waiting',
  },
  CASE_TASK_NOT_OPEN: {
    status: 409,
    'zh-CN': '该办件当前没有待您办理的环节',
    en: 'This case has no step waiting for you',
  },
  DEFERRAL_NOT_OFFERED: {
    status: 409,
    'zh-CN': '该事项不适用容缺受理',
    en: 'This service does not accept cases with materials missing',
  },
  DEFERRAL_ALREADY_OPEN: {
    status: 409,
    'zh-CN': '该办件已有待补交的容缺材料',
    en: 'This case already owes materials accepted as missing',
  },
  DEFERRAL_MATERIAL_CRITICAL: {
    status: 422,
    'zh-CN': '关键材料不能容缺：{codes}',
    en: 'Critical materials cannot be supplied later: {codes}',
  },
  DEFERRAL_MATERIAL_NOT_REQUIRED: {
    status: 422,
    'zh-CN': '非必交材料无需容缺：{codes}',
    en: 'Optional materials need no deferral: {codes}',
  },
  DEFERRAL_MATERIAL_PROVIDED: {
    status: 409,
    'zh-CN': '材料已提交，无需容缺：{codes}',
    en: 'Already provided, nothing to defer: {codes}',
  },
  DEFERRAL_NOT_OPEN: {
    status: 409,
    'zh-CN': '该办件没有待补交的容缺材料',
    en: 'This case owes no materials',
  },
  DEFERRAL_ALREADY_SIGNED: {
    status: 409,
    'zh-CN': '承诺书已签署',
    en: 'The commitment is already signed',
  },
  DEFERRAL_COMMITMENT_CHANGED: {
    status: 409,
    'zh-CN': '承诺书内容与您看到的不一致，请刷新后重新阅读并签署',
    en: 'The commitment differs from the text you saw; reload, read it again and sign',
  },
  DEFERRAL_MATERIAL_NOT_OWED: {
    status: 422,
    'zh-CN': '材料 {code} 不在待补交清单中',
    en: 'Material {code} is not among the materials owed',
  },
  APPLICATION_SUSPENDED: {
    status: 409,
    'zh-CN': '该办件因逾期未补交容缺材料已中止办理，申请人补齐材料后方可继续',
    en: 'This case is suspended: the materials accepted as missing were not supplied in time; it continues once they are',
  },
  SUPPLEMENT_REQUEST_EMPTY: {
    status: 400,
    'zh-CN': '退回补正须列明要修改的字段、要补交的材料或填写退回意见',
    en: 'A return for supplement names fields to correct, materials to provide or a note',
  },
  SUPPLEMENT_FIELD_UNKNOWN: {
    status: 422,
    'zh-CN': '该事项的表单中没有这些字段',
    en: "These fields are not on the service's form",
  },
  SUPPLEMENT_FIELD_NOT_REQUESTED: {
    status: 422,
    'zh-CN': '只能修改退回意见中列明的字段',
    en: 'Only the fields named in the return may change',
  },
  SUPPLEMENT_MATERIAL_NOT_REQUESTED: {
    status: 422,
    'zh-CN': '材料 {code} 不在本次补正要求之内，不能更换',
    en: 'Material {code} was not asked for in this return and cannot change',
  },
  CASE_VALUE_NOT_FOUND: {
    status: 404,
    'zh-CN': '该办件的表单中没有这一项',
    en: 'The case form has no value at this place',
  },
  SUPPLEMENT_NOT_OPEN: {
    status: 409,
    'zh-CN': '该办件当前没有待补正的退回',
    en: 'This case is not waiting for a supplement',
  },
  // 免证办: details [{materialCode, licenceId, reason}], reason one of not_found, not_holder, type_not_accepted,
  // revoked, suspended, expired, not_yet_valid, signature_invalid, key_untrusted.
  LICENCE_NOT_USABLE: {
    status: 422,
    'zh-CN': '该电子证照不能用于此材料：{reasonZh}',
    en: 'This e-licence cannot be used for this material: {reasonEn}',
  },
} satisfies ErrorCatalogue;
