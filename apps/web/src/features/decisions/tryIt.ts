import type { DecisionInput } from '@tongban/contracts';

/**
 * The "try it" form: one field per input column whose expression is a plain path
 * (`withdrawal.amountFen`), nested into the context the table reads; anything else (an input
 * computed by an expression, extra variables) goes in the JSON box, merged underneath.
 */
const PLAIN_PATH = /^[\p{L}_][\p{L}\p{N}_]*(\.[\p{L}_][\p{L}\p{N}_]*)*$/u;

export const isPlainPath = (expression: string) => PLAIN_PATH.test(expression.trim());

export type FieldKind = 'select' | 'yuan' | 'number' | 'boolean' | 'text';

export function fieldKind(input: DecisionInput): FieldKind {
  if (input.valueLabels && Object.keys(input.valueLabels).length) return 'select';
  if (input.valueFormat === 'fen') return 'yuan';
  if (input.typeRef === 'number' || input.typeRef === 'integer') return 'number';
  if (input.typeRef === 'boolean') return 'boolean';
  return 'text';
}

/** The value typed for an input, as the table should see it; undefined when left empty. */
export function parseValue(input: DecisionInput, raw: string): unknown {
  const text = raw.trim();
  if (text === '') return undefined;
  switch (fieldKind(input)) {
    case 'yuan':
      // Money is entered in yuan and stored in fen (DESIGN.md: money is an integer number of fen).
      return Number.isFinite(Number(text)) ? Math.round(Number(text) * 100) : text;
    case 'number':
      return Number.isFinite(Number(text)) ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'select':
      return text;
    default:
      if (input.typeRef === 'string') return text;
      if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
      if (text === 'true' || text === 'false') return text === 'true';
      return text;
  }
}

export type ContextResult = { context: Record<string, unknown> } | { error: 'json' };

/** The context: the JSON box (an object, or empty), then each filled field at its path. */
export function buildContext(
  inputs: DecisionInput[],
  values: Record<string, string>,
  extraJson: string,
): ContextResult {
  let context: Record<string, unknown> = {};
  if (extraJson.trim()) {
    try {
      const parsed: unknown = JSON.parse(extraJson);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { error: 'json' };
      context = parsed as Record<string, unknown>;
    } catch {
      return { error: 'json' };
    }
  }
  for (const input of inputs) {
    if (!isPlainPath(input.expression)) continue;
    const value = parseValue(input, values[input.id] ?? '');
    if (value === undefined) continue;
    const path = input.expression.trim().split('.');
    let node = context;
    for (const seg of path.slice(0, -1)) {
      const next = node[seg];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) node[seg] = {};
      node = node[seg] as Record<string, unknown>;
    }
    node[path.at(-1)!] = value;
  }
  return { context };
}

/** DMN's corner cell: U, F, C, or C+ / C# / C< / C> for an aggregated COLLECT. */
export function hitPolicyMark(hitPolicy: string, aggregation?: string | null): string {
  if (hitPolicy !== 'COLLECT') return hitPolicy.charAt(0);
  const agg: Record<string, string> = { SUM: '+', COUNT: '#', MIN: '<', MAX: '>' };
  return `C${aggregation ? (agg[aggregation] ?? '') : ''}`;
}
