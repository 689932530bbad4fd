import {
  type DecisionInput,
  type DecisionOutput,
  type DecisionRule,
  type DecisionTable,
  DecisionTable as DecisionTableSchema,
  type HitPolicy,
} from '@tongban/contracts';
import { DmnModdle } from 'dmn-moddle';
import { AppError } from '../../platform/errors.ts';
import { compileBody } from '../../platform/validation.ts';

/**
 * DMN 1.3 import (`https://www.omg.org/spec/DMN/20191111/MODEL/`, as the Camunda and bpmn.io
 * modelers export it): each `decision` holding a `decisionTable` becomes one table, keyed by the
 * decision id. English names may be given with attributes in `https://tongban.dev/schema/dmn`
 * (any prefix): `nameEn` on the decision, `labelEn` on inputs and outputs, `descriptionEn` on
 * rules; without them the English text is the (Chinese) one. Everything the evaluator does not
 * run is refused, listed by name, rather than silently ignored.
 */
export const TONGBAN_DMN_NS = 'https://tongban.dev/schema/dmn';

interface DmnText {
  text?: string;
  typeRef?: string;
  expressionLanguage?: string;
}

interface DmnElement {
  $type: string;
  id?: string;
  name?: string;
  label?: string;
  description?: string;
  $attrs?: Record<string, string>;
  expressionLanguage?: string;
  import?: unknown[];
  drgElement?: DmnElement[];
  decisionLogic?: DmnElement;
  informationRequirement?: unknown[];
  knowledgeRequirement?: unknown[];
  authorityRequirement?: unknown[];
  hitPolicy?: string;
  aggregation?: string;
  input?: (DmnElement & { inputExpression?: DmnText })[];
  output?: (DmnElement & { typeRef?: string; defaultOutputEntry?: unknown })[];
  rule?: (DmnElement & { inputEntry?: DmnText[]; outputEntry?: DmnText[] })[];
}

const SUPPORTED_POLICIES = new Set<string>(['UNIQUE', 'FIRST', 'COLLECT']);
const isFeel = (language: string | undefined) => !language || /feel/i.test(language);

function malformed(reason: string): never {
  throw new AppError('DECISION_DMN_MALFORMED', [reason], { reason });
}

/** Parses DMN 1.3 XML into decision tables (not yet checked for FEEL syntax: saving does that). */
export async function importDmn(xml: string): Promise<DecisionTable[]> {
  let root: DmnElement;
  let warnings: { message: string }[];
  try {
    const parsed = await new DmnModdle().fromXML(xml, 'dmn:Definitions');
    root = parsed.rootElement as DmnElement;
    warnings = parsed.warnings;
  } catch (err) {
    const first = String((err as Error).message).split('\n')[0] ?? '';
    malformed(
      /failed to parse document as/.test(first)
        ? 'the root element is not a DMN 1.3 <definitions> (namespace https://www.omg.org/spec/DMN/20191111/MODEL/)'
        : first,
    );
  }
  // moddle reports unknown or misplaced DMN elements as warnings and drops them: refuse instead.
  const unknown = warnings.map((w) => w.message.split('\n')[0]!).filter((m) => !/unknown attribute/.test(m));
  if (unknown.length) malformed(unknown.slice(0, 3).join('; '));

  const prefix = Object.entries(root.$attrs ?? {})
    .find(([k, v]) => k.startsWith('xmlns:') && v === TONGBAN_DMN_NS)?.[0]
    .slice(6);
  const attr = (el: DmnElement, name: string) => (prefix ? el.$attrs?.[`${prefix}:${name}`] : undefined);

  const unsupported: string[] = [];
  if (root.import?.length) unsupported.push('imports');
  if (!isFeel(root.expressionLanguage)) unsupported.push(`expression language ${root.expressionLanguage}`);
  const tables: DecisionTable[] = [];
  for (const el of root.drgElement ?? []) {
    if (el.$type !== 'dmn:Decision') {
      unsupported.push(`${el.$type.replace('dmn:', '')} ${el.id ?? ''}`.trim());
      continue;
    }
    const table = decisionTable(el, attr, unsupported);
    if (table) tables.push(table);
  }
  if (unsupported.length) {
    throw new AppError('DECISION_DMN_UNSUPPORTED', unsupported, { features: unsupported.join(', ') });
  }
  if (!tables.length) throw new AppError('DECISION_DMN_EMPTY');
  const check = compileBody(DecisionTableSchema);
  for (const t of tables) {
    const key = t.key;
    if (!check(t)) {
      const e = check.errors![0]!;
      malformed(`decision ${key}: ${e.instancePath || '/'} ${e.message}`);
    }
  }
  return tables;
}

function decisionTable(
  el: DmnElement,
  attr: (el: DmnElement, name: string) => string | undefined,
  unsupported: string[],
): DecisionTable | undefined {
  const id = el.id ?? '';
  if (
    el.informationRequirement?.length ||
    el.knowledgeRequirement?.length ||
    el.authorityRequirement?.length
  ) {
    unsupported.push(`requirements (DRG) of decision ${id}`);
  }
  const logic = el.decisionLogic;
  if (logic?.$type !== 'dmn:DecisionTable') {
    const what = logic
      ? logic.$type
          .replace('dmn:', '')
          .replace(/([a-z])([A-Z])/g, '$1 $2')
          .toLowerCase()
      : 'no logic';
    unsupported.push(`${what} (decision ${id})`);
    return undefined;
  }
  const hitPolicy = logic.hitPolicy ?? 'UNIQUE';
  if (!SUPPORTED_POLICIES.has(hitPolicy)) unsupported.push(`hit policy ${hitPolicy} (decision ${id})`);

  const inputs: DecisionInput[] = (logic.input ?? []).map((input, i) => {
    const expression = input.inputExpression?.text?.trim() ?? '';
    if (!isFeel(input.inputExpression?.expressionLanguage)) {
      unsupported.push(`expression language ${input.inputExpression?.expressionLanguage} (decision ${id})`);
    }
    if (!expression) malformed(`decision ${id}: input ${input.id ?? i + 1} has no input expression`);
    const labelZh = input.label?.trim() || expression;
    return {
      id: input.id ?? `input${i + 1}`,
      labelZh,
      labelEn: attr(input, 'labelEn')?.trim() || labelZh,
      expression,
      ...(input.inputExpression?.typeRef ? { typeRef: input.inputExpression.typeRef } : {}),
    };
  });
  const outputs: DecisionOutput[] = (logic.output ?? []).map((output, i) => {
    if (output.defaultOutputEntry)
      unsupported.push(`default output value (decision ${id}, output ${output.id})`);
    // A single output may be unnamed in DMN: the decision's result is then the value itself.
    const name = output.name?.trim() || ((logic.output?.length ?? 0) === 1 ? 'result' : '');
    if (!name) malformed(`decision ${id}: output ${output.id ?? i + 1} has no name`);
    const labelZh = output.label?.trim() || name;
    return {
      id: output.id ?? `output${i + 1}`,
      name,
      labelZh,
      labelEn: attr(output, 'labelEn')?.trim() || labelZh,
      ...(output.typeRef ? { typeRef: output.typeRef } : {}),
    };
  });
  const rules: DecisionRule[] = (logic.rule ?? []).map((rule, i) => {
    for (const e of [...(rule.inputEntry ?? []), ...(rule.outputEntry ?? [])]) {
      if (!isFeel(e.expressionLanguage))
        unsupported.push(`expression language ${e.expressionLanguage} (decision ${id})`);
    }
    const descriptionZh = rule.description?.trim();
    const descriptionEn = attr(rule, 'descriptionEn')?.trim();
    return {
      id: rule.id ?? `rule${i + 1}`,
      inputEntries: (rule.inputEntry ?? []).map((e) => e.text?.trim() || '-'),
      outputEntries: (rule.outputEntry ?? []).map((e) => e.text?.trim() || 'null'),
      ...(descriptionZh ? { descriptionZh } : {}),
      ...(descriptionEn ? { descriptionEn } : {}),
    };
  });
  const nameZh = el.name?.trim() || id;
  return {
    key: id,
    nameZh,
    nameEn: attr(el, 'nameEn')?.trim() || nameZh,
    hitPolicy: (SUPPORTED_POLICIES.has(hitPolicy) ? hitPolicy : 'UNIQUE') as HitPolicy,
    ...(logic.aggregation ? { aggregation: logic.aggregation as DecisionTable['aggregation'] & string } : {}),
    inputs,
    outputs,
    rules,
  };
}
