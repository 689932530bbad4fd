import type { ErrorCatalogue } from './types.ts';

/** Errors raised by the workflow module. */
export const workflowErrors = {
  WORKFLOW_DEFINITION_INVALID: {
    status: 422,
    'zh-CN': '流程定义无效：{reason}',
    en: 'The process definition is invalid: {reason}',
  },
  WORKFLOW_DEFINITION_NOT_FOUND: {
    status: 404,
    'zh-CN': '流程定义不存在',
    en: 'The process definition does not exist',
  },
  WORKFLOW_INSTANCE_NOT_FOUND: {
    status: 404,
    'zh-CN': '流程实例不存在',
    en: 'The process instance does not exist',
  },
  WORKFLOW_INSTANCE_NOT_RUNNING: {
    status: 409,
    'zh-CN': '该办件当前不在办理中',
    en: 'The case is not being processed at the moment',
  },
  WORKFLOW_INSTANCE_NOT_WAITING: {
    status: 409,
    'zh-CN': '该办件未处于待补正状态',
    en: 'The case is not waiting for the applicant',
  },
  WORKFLOW_DEPARTMENT_UNKNOWN: {
    status: 422,
    'zh-CN': '流程中的部门不存在：{department}',
    en: 'The process names an unknown department: {department}',
  },
  WORKFLOW_NO_PATH: {
    status: 422,
    'zh-CN': '流程在网关 {gateway} 处没有可走的分支',
    en: 'No outgoing path of gateway {gateway} matches the case data',
  },
  TASK_NOT_FOUND: { status: 404, 'zh-CN': '任务不存在', en: 'The task does not exist' },
  TASK_ALREADY_CLAIMED: {
    status: 409,
    'zh-CN': '该任务已被其他人员认领',
    en: 'Another officer has already claimed this task',
  },
  TASK_NOT_OPEN: {
    status: 409,
    'zh-CN': '该任务已办结或已取消',
    en: 'The task is already completed or cancelled',
  },
  TASK_NOTE_REQUIRED: {
    status: 400,
    'zh-CN': '不予受理或退回补正时必须填写意见',
    en: 'A note is required to reject or return a case',
  },
  CALENDAR_DAY_NOT_FOUND: {
    status: 404,
    'zh-CN': '日历中没有该日期',
    en: 'The calendar has no entry for that date',
  },
} satisfies ErrorCatalogue;
