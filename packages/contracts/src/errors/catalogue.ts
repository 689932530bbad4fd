import type { ErrorCatalogue } from './types.ts';

/** Errors raised by the catalogue module. */
export const catalogueErrors = {
  SERVICE_NOT_FOUND: { status: 404, 'zh-CN': '该服务事项不存在', en: 'This service does not exist' },
  CURSOR_INVALID: {
    status: 400,
    'zh-CN': '分页游标无效，请从第一页重新查询',
    en: 'The paging cursor is not valid; start again from the first page',
  },
  DEMO_ORG_MISSING: {
    status: 500,
    'zh-CN': '部门 {code} 不存在，请先初始化组织机构',
    en: 'Department {code} does not exist; seed the organisation first',
  },
} satisfies ErrorCatalogue;
