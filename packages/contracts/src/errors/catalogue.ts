import type { ErrorCatalogue } from './types.ts';

/** Errors raised by the catalogue module. */
export const catalogueErrors = {
  SERVICE_NOT_FOUND: { status: 404, 'zh-CN': '该服务事项不存在', en: 'This service does not exist' },
  CURSOR_INVALID: {
    status: 400,
    'zh-CN': '分页游标无效，请从第一页重新查询',
    en: 'The paging cursor is not valid; start again from the first page',
  },
  BUNDLE_NOT_FOUND: { status: 404, 'zh-CN': '该一件事不存在', en: 'This bundle does not exist' },
  BUNDLE_ITEM_UNKNOWN: {
    status: 422,
    'zh-CN': '事项 {code} 不在该一件事中',
    en: 'Item {code} is not part of this bundle',
  },
  BUNDLE_ITEM_REQUIRED: {
    status: 422,
    'zh-CN': '事项 {code} 是该一件事的必办事项，不能取消',
    en: 'Item {code} is required in this bundle and cannot be left out',
  },
  DEMO_ORG_MISSING: {
    status: 500,
    'zh-CN': '部门 {code} 不存在，请先初始化组织机构',
    en: 'Department {code} does not exist; seed the organisation first',
  },
} satisfies ErrorCatalogue;
