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
  CALENDAR_ICS_UNREADABLE: {
    status: 422,
    'zh-CN': '无法读取该 iCalendar 文件，未导入任何日期',
    en: 'The iCalendar file cannot be read; nothing was imported',
  },
  CALENDAR_ICS_INVALID: {
    status: 422,
    'zh-CN': '日历中有 {count} 个事件有误，未导入任何日期',
    en: '{count} events of the calendar are invalid; nothing was imported',
  },
  WORKFLOW_CLOCK_PAUSED: {
    status: 409,
    'zh-CN': '该办件正处于暂停计时期间（公示、专家评审等），请先恢复计时再办理',
    en: 'The case clock is paused for a statutory period; resume it before deciding',
  },
  WORKFLOW_CLOCK_ALREADY_PAUSED: {
    status: 409,
    'zh-CN': '该办件已暂停计时',
    en: 'The case clock is already paused',
  },
  WORKFLOW_CLOCK_NOT_PAUSED: {
    status: 409,
    'zh-CN': '该办件未因法定程序暂停计时',
    en: 'The case clock is not paused for a statutory period',
  },
  WORKFLOW_EXTENSION_PENDING: {
    status: 409,
    'zh-CN': '该办件已有待审批的延期申请',
    en: 'An extension request for this case is already waiting for a decision',
  },
  WORKFLOW_EXTENSION_TOO_LONG: {
    status: 422,
    'zh-CN': '延期天数超过允许范围，最多还可延长 {max} 个工作日',
    en: 'The extension is too long: at most {max} more working days are allowed',
  },
  WORKFLOW_EXTENSION_NOT_FOUND: {
    status: 404,
    'zh-CN': '延期申请不存在',
    en: 'The extension request does not exist',
  },
  WORKFLOW_EXTENSION_DECIDED: {
    status: 409,
    'zh-CN': '该延期申请已审批',
    en: 'The extension request has already been decided',
  },
  WORKFLOW_EXTENSION_NOTE_REQUIRED: {
    status: 400,
    'zh-CN': '不同意延期时必须填写理由',
    en: 'A note is required to refuse an extension',
  },
  WORKFLOW_DECISION_UNKNOWN: {
    status: 422,
    'zh-CN': '流程的业务规则任务引用了不存在的决策表：{decision}',
    en: 'A business-rule task of the process calls a decision table that does not exist: {decision}',
  },
  WORKFLOW_SIGNERS_INVALID: {
    status: 422,
    'zh-CN': '会签步骤 {task} 的签批人无法确定：应为“部门代码:角色”的非空列表',
    en: 'The signers of countersign step {task} could not be determined: a non-empty list of "DEPT:role" is expected',
  },
  TASK_OUTCOME_NOT_ALLOWED: {
    status: 400,
    'zh-CN': '该任务不能作出此处理结果：事后抽查只能确认或标记问题，其他任务只能通过、不予许可或退回补正',
    en: 'This outcome does not fit the task: a post-approval review is confirmed or flagged; other tasks are approved, rejected or returned',
  },
} satisfies ErrorCatalogue;
