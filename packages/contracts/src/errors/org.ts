import type { ErrorCatalogue } from './types.ts';

/** Errors raised by the org module. */
export const orgErrors = {
  DEPARTMENT_NOT_FOUND: { status: 404, 'zh-CN': '部门不存在', en: 'The department does not exist' },
  STAFF_ACCOUNT_NOT_FOUND: {
    status: 422,
    'zh-CN': '该账户不存在或不是工作人员账户',
    en: 'The account does not exist or is not a staff account',
  },
  STAFF_ROLE_NOT_FOUND: {
    status: 404,
    'zh-CN': '该工作人员在本部门没有此角色',
    en: 'The staff member does not hold this role in the department',
  },
} satisfies ErrorCatalogue;
