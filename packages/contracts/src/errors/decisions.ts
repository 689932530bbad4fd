import type { ErrorCatalogue } from './types.ts';

/** Errors raised by the decisions module (decision tables, DMN import, evaluation). */
export const decisionsErrors = {
  DECISION_TABLE_NOT_FOUND: { status: 404, 'zh-CN': '决策表不存在', en: 'The decision table does not exist' },
  DECISION_VERSION_NOT_FOUND: {
    status: 404,
    'zh-CN': '决策表没有该版本',
    en: 'The decision table has no such version',
  },
  DECISION_EVALUATION_NOT_FOUND: {
    status: 404,
    'zh-CN': '决策记录不存在',
    en: 'The decision record does not exist',
  },
  DECISION_INPUT_EXPRESSION_INVALID: {
    status: 422,
    'zh-CN': '条件列“{column}”的输入表达式不是有效的 FEEL：{expression}',
    en: 'The input expression of column "{column}" is not valid FEEL: {expression}',
  },
  DECISION_EXPRESSION_INVALID: {
    status: 422,
    'zh-CN': '规则 {rule} 在“{column}”列的 FEEL 表达式有语法错误：{expression}',
    en: 'Rule {rule}, column "{column}": the FEEL expression has a syntax error: {expression}',
  },
  DECISION_RULE_ENTRY_COUNT: {
    status: 422,
    'zh-CN': '规则 {rule} 的条目数与列数不符（应有 {inputs} 个条件、{outputs} 个结果）',
    en: 'Rule {rule} does not have one entry per column ({inputs} inputs and {outputs} outputs expected)',
  },
  DECISION_DUPLICATE_ID: {
    status: 422,
    'zh-CN': '决策表中的标识“{id}”重复',
    en: 'The identifier "{id}" is used twice in the decision table',
  },
  DECISION_AGGREGATION_INVALID: {
    status: 422,
    'zh-CN': '聚合（SUM、COUNT、MIN、MAX）只能用于命中策略为 COLLECT 且只有一个结果列的决策表',
    en: 'Aggregation (SUM, COUNT, MIN, MAX) needs the COLLECT hit policy and exactly one output column',
  },
  DECISION_KEY_MISMATCH: {
    status: 400,
    'zh-CN': '决策表标识与地址中的“{key}”不一致',
    en: 'The table key does not match "{key}" in the address',
  },
  DECISION_OWNER_REQUIRED: {
    status: 400,
    'zh-CN': '您管理多个部门，请指定新决策表所属的部门',
    en: 'You administer several departments: say which one owns the new decision table',
  },
  DECISION_OWNER_MISMATCH: {
    status: 409,
    'zh-CN': '决策表 {key} 属于 {department}，新版本不能更改所属部门',
    en: 'Decision table {key} belongs to {department}; a new version cannot change its owner',
  },
  DECISION_DMN_MALFORMED: {
    status: 422,
    'zh-CN': '不是有效的 DMN 1.3 XML：{reason}',
    en: 'This is not valid DMN 1.3 XML: {reason}',
  },
  DECISION_DMN_UNSUPPORTED: {
    status: 422,
    'zh-CN': 'DMN 文件使用了不支持的特性：{features}',
    en: 'The DMN file uses features that are not supported: {features}',
  },
  DECISION_DMN_EMPTY: {
    status: 422,
    'zh-CN': 'DMN 文件中没有决策表',
    en: 'The DMN file contains no decision table',
  },
  DECISION_UNIQUE_VIOLATED: {
    status: 422,
    'zh-CN': '决策表 {table} 的命中策略为 UNIQUE，但有多条规则同时命中：{rules}',
    en: 'Decision table {table} has the UNIQUE hit policy but several rules matched: {rules}',
  },
  DECISION_EVALUATION_FAILED: {
    status: 422,
    'zh-CN': '决策表 {table} 求值失败（{where}）：{problem}',
    en: 'Evaluating decision table {table} failed ({where}): {problem}',
  },
  DECISION_OUTPUT_TYPE: {
    status: 422,
    'zh-CN': '决策表 {table} 规则 {rule} 的结果“{output}”不是 {typeRef} 类型',
    en: 'Decision table {table}, rule {rule}: output "{output}" is not a {typeRef}',
  },
} satisfies ErrorCatalogue;
