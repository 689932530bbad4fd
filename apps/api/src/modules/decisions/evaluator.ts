import type {
  DecisionOutputs,
  DecisionResult,
  DecisionTable,
  DecisionTraceInput,
  DecisionTraceRule,
  ErrorCode,
} from '@tongban/contracts';
import { AppError } from '../../platform/errors.ts';
import {
  type CompiledExpression,
  type CompiledUnaryTests,
  compileExpression,
  compileUnaryTests,
  expressionSyntaxError,
  FeelRuntimeError,
  type Path,
  toJsonValue,
  unaryTestsSyntaxError,
  valueAtPath,
} from './feel.ts';

/** A stored version of a table: what an evaluation runs and names. */
export interface TableVersion {
  id: string;
  version: number;
  table: DecisionTable;
}

interface Problem {
  code: ErrorCode;
  params: Record<string, string | number>;
}

/**
 * Every problem of a table that can be seen without evaluating it: duplicate ids, rules with the
 * wrong number of entries, aggregation outside COLLECT, FEEL that does not parse. Whether UNIQUE
 * rules overlap cannot be decided in general; evaluation reports it (DECISION_UNIQUE_VIOLATED).
 */
export function tableProblems(table: DecisionTable): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const unique = (id: string) => {
    if (seen.has(id)) problems.push({ code: 'DECISION_DUPLICATE_ID', params: { id } });
    seen.add(id);
  };
  for (const c of [...table.inputs, ...table.outputs, ...table.rules]) unique(c.id);
  const names = new Set<string>();
  for (const o of table.outputs) {
    if (names.has(o.name)) problems.push({ code: 'DECISION_DUPLICATE_ID', params: { id: o.name } });
    names.add(o.name);
  }
  if (table.aggregation && (table.hitPolicy !== 'COLLECT' || table.outputs.length !== 1)) {
    problems.push({ code: 'DECISION_AGGREGATION_INVALID', params: {} });
  }
  for (const input of table.inputs) {
    if (expressionSyntaxError(input.expression)) {
      problems.push({
        code: 'DECISION_INPUT_EXPRESSION_INVALID',
        params: { column: input.id, expression: input.expression },
      });
    }
  }
  for (const rule of table.rules) {
    if (
      rule.inputEntries.length !== table.inputs.length ||
      rule.outputEntries.length !== table.outputs.length
    ) {
      problems.push({
        code: 'DECISION_RULE_ENTRY_COUNT',
        params: { rule: rule.id, inputs: table.inputs.length, outputs: table.outputs.length },
      });
      continue;
    }
    rule.inputEntries.forEach((text, i) => {
      if (unaryTestsSyntaxError(text)) {
        problems.push({
          code: 'DECISION_EXPRESSION_INVALID',
          params: { rule: rule.id, column: table.inputs[i]!.id, expression: text },
        });
      }
    });
    rule.outputEntries.forEach((text, i) => {
      // An empty output cell is null, as DMN modelers leave it.
      if (text.trim() && expressionSyntaxError(text)) {
        problems.push({
          code: 'DECISION_EXPRESSION_INVALID',
          params: { rule: rule.id, column: table.outputs[i]!.name, expression: text },
        });
      }
    });
  }
  return problems;
}

/** Refuses a table with problems: the first one is the message, all of them the details. */
export function assertValidTable(table: DecisionTable): void {
  const problems = tableProblems(table);
  if (problems.length) {
    throw new AppError(
      problems[0]!.code,
      problems.map((p) => ({ code: p.code, ...p.params })),
      problems[0]!.params,
    );
  }
}

interface CompiledRule {
  id: string;
  tests: CompiledUnaryTests[];
  outputs: CompiledExpression[];
}

interface CompiledTable {
  source: TableVersion;
  inputs: CompiledExpression[];
  rules: CompiledRule[];
  /** Every context path some expression reads: the evaluation's snapshot. */
  reads: Path[];
}

// Versions never change once stored, so a compiled table is kept by version id.
const MAX_TABLES = 500;
const compiledTables = new Map<string, CompiledTable>();

function compile(v: TableVersion): CompiledTable {
  const cached = compiledTables.get(v.id);
  if (cached) return cached;
  const inputs = v.table.inputs.map((i) => compileExpression(i.expression));
  const rules = v.table.rules.map((r) => ({
    id: r.id,
    tests: r.inputEntries.map(compileUnaryTests),
    outputs: r.outputEntries.map((text) => compileExpression(text.trim() || 'null')),
  }));
  const reads = new Map<string, Path>();
  for (const e of [...inputs, ...rules.flatMap((r) => [...r.tests, ...r.outputs])]) {
    for (const p of e.refs) reads.set(p.join('\u0000'), p);
  }
  const compiled = { source: v, inputs, rules, reads: [...reads.values()] };
  if (compiledTables.size >= MAX_TABLES) compiledTables.clear();
  compiledTables.set(v.id, compiled);
  return compiled;
}

function failed(table: string, where: string, err: unknown): never {
  if (err instanceof AppError) throw err;
  const problem = err instanceof FeelRuntimeError ? err.message : 'unexpected evaluation error';
  throw new AppError('DECISION_EVALUATION_FAILED', [{ where }], { table, where, problem });
}

const TYPE_CHECKS: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
};

/**
 * Evaluates one version of a table over `context` (the variables its expressions read). Inputs
 * are read once; each rule's entries are tested in order until one fails; UNIQUE and COLLECT
 * look at every rule, FIRST stops at its match. The answer carries the trace that explains it.
 */
export function evaluateTable(v: TableVersion, context: Record<string, unknown>, now: Date): DecisionResult {
  const { table } = v;
  const c = compile(v);
  const values = c.inputs.map((expr, i) => {
    try {
      return expr.evaluate(context);
    } catch (err) {
      return failed(table.key, `input ${table.inputs[i]!.id}`, err);
    }
  });
  const traceInputs: DecisionTraceInput[] = table.inputs.map((input, i) => {
    const value = toJsonValue(values[i]);
    const words = typeof value === 'string' ? input.valueLabels?.[value] : undefined;
    return {
      id: input.id,
      labelZh: input.labelZh,
      labelEn: input.labelEn,
      expression: input.expression,
      value,
      ...(input.valueFormat ? { valueFormat: input.valueFormat } : {}),
      ...(words ? { valueText: { zh: words.zh, en: words.en } } : {}),
    };
  });

  const traceRules: DecisionTraceRule[] = [];
  const matched: number[] = [];
  for (let r = 0; r < c.rules.length; r++) {
    const rule = c.rules[r]!;
    const entries: DecisionTraceRule['entries'] = [];
    let ok = true;
    for (let i = 0; i < rule.tests.length; i++) {
      const test = rule.tests[i]!;
      let pass: boolean;
      try {
        pass = test.test(values[i], context);
      } catch (err) {
        failed(table.key, `rule ${rule.id} / ${table.inputs[i]!.id}`, err);
      }
      const entry = {
        inputId: table.inputs[i]!.id,
        test: test.text,
        value: traceInputs[i]!.value,
        matched: pass,
      };
      if (!pass) {
        entries.length = 0;
        entries.push(entry);
        ok = false;
        break;
      }
      entries.push(entry);
    }
    const def = table.rules[r]!;
    traceRules.push({
      id: rule.id,
      matched: ok,
      entries,
      ...(ok && def.descriptionZh ? { descriptionZh: def.descriptionZh } : {}),
      ...(ok && def.descriptionEn ? { descriptionEn: def.descriptionEn } : {}),
    });
    if (ok) {
      matched.push(r);
      if (table.hitPolicy === 'FIRST') break;
    }
  }

  const ids = matched.map((r) => c.rules[r]!.id);
  if (table.hitPolicy === 'UNIQUE' && matched.length > 1) {
    throw new AppError('DECISION_UNIQUE_VIOLATED', ids, { table: table.key, rules: ids.join(', ') });
  }
  const outputsOf = (r: number): Record<string, unknown> => {
    const rule = c.rules[r]!;
    const out: Record<string, unknown> = {};
    table.outputs.forEach((o, k) => {
      let value: unknown;
      try {
        value = toJsonValue(rule.outputs[k]!.evaluate(context));
      } catch (err) {
        failed(table.key, `rule ${rule.id} / ${o.name}`, err);
      }
      const check = o.typeRef ? TYPE_CHECKS[o.typeRef] : undefined;
      if (value !== null && check && !check(value)) {
        throw new AppError('DECISION_OUTPUT_TYPE', [{ rule: rule.id, output: o.name, value }], {
          table: table.key,
          rule: rule.id,
          output: o.name,
          typeRef: o.typeRef!,
        });
      }
      out[o.name] = value;
    });
    return out;
  };

  let outputs: DecisionOutputs;
  if (table.hitPolicy !== 'COLLECT') outputs = matched.length ? outputsOf(matched[0]!) : null;
  else if (!table.aggregation) outputs = matched.map(outputsOf);
  else outputs = { [table.outputs[0]!.name]: aggregate(table, matched.map(outputsOf)) };

  return {
    outputs,
    matched: ids,
    trace: {
      tableKey: table.key,
      versionId: v.id,
      version: v.version,
      hitPolicy: table.hitPolicy,
      aggregation: table.aggregation ?? null,
      inputs: traceInputs,
      rules: traceRules,
      matched: ids,
      outputs,
      evaluatedAt: now.toISOString(),
    },
  };
}

/**
 * COLLECT with an aggregation, over the single output: COUNT counts the non-null values (0 when
 * none); SUM, MIN and MAX need numbers and give null when no rule matched.
 */
function aggregate(table: DecisionTable, rows: Record<string, unknown>[]): number | null {
  const name = table.outputs[0]!.name;
  const values = rows.map((r) => r[name]).filter((v) => v !== null);
  if (table.aggregation === 'COUNT') return values.length;
  if (values.some((v) => typeof v !== 'number')) {
    failed(
      table.key,
      `${table.aggregation} ${name}`,
      new FeelRuntimeError(`${table.aggregation} needs numbers`),
    );
  }
  const numbers = values as number[];
  if (!numbers.length) return null;
  if (table.aggregation === 'SUM') return numbers.reduce((a, b) => a + b, 0);
  return table.aggregation === 'MIN' ? Math.min(...numbers) : Math.max(...numbers);
}

/** The values an evaluation read, by path (`withdrawal.amountFen`): what is stored with it. */
export function contextSnapshot(v: TableVersion, context: Record<string, unknown>): Record<string, unknown> {
  const snapshot: Record<string, unknown> = {};
  for (const path of compile(v).reads) {
    const value = valueAtPath(context, path);
    if (value !== undefined) snapshot[path.join('.')] = toJsonValue(value);
  }
  return snapshot;
}
