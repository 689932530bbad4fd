import { evaluate, parseExpression } from 'feelin';

/**
 * FEEL conditions of exclusive gateways. feelin has no public "compile" step and re-parses the
 * text on every call (~0.3 ms), so each expression is parsed once (syntax check at deploy, and
 * the variable names it reads), and its results are memoized per value of those variables.
 * A condition's result depends only on the variables it names; expressions calling the clock
 * (now(), today()) are never memoized.
 */
interface CompiledCondition {
  names: string[];
  memoizable: boolean;
  results: Map<string, boolean>;
}

const MAX_RESULTS_PER_EXPRESSION = 1000;
const compiled = new Map<string, CompiledCondition>();

/** The syntax problem of `expression`, or null when it parses as a FEEL expression. */
export function conditionSyntaxError(expression: string): string | null {
  if (!expression.trim()) return 'empty condition';
  let error: string | null = null;
  parseExpression(expression, {}, undefined).iterate({
    enter(node) {
      if (node.type.isError && error === null) error = `syntax error at ${node.from} in "${expression}"`;
    },
  });
  return error;
}

function compile(expression: string): CompiledCondition {
  let c = compiled.get(expression);
  if (c) return c;
  const names = new Set<string>();
  parseExpression(expression, {}, undefined).iterate({
    enter(node) {
      if (node.name === 'VariableName') names.add(expression.slice(node.from, node.to));
    },
  });
  c = { names: [...names], memoizable: !names.has('now') && !names.has('today'), results: new Map() };
  compiled.set(expression, c);
  return c;
}

/** Whether the FEEL `expression` is exactly true for `variables` (null, errors and non-booleans are false). */
export function conditionHolds(expression: string, variables: Record<string, unknown>): boolean {
  const c = compile(expression);
  if (!c.memoizable) return evaluate(expression, variables).value === true;
  const key = JSON.stringify(c.names.map((n) => variables[n] ?? null));
  let result = c.results.get(key);
  if (result === undefined) {
    result = evaluate(expression, variables).value === true;
    if (c.results.size >= MAX_RESULTS_PER_EXPRESSION) c.results.clear();
    c.results.set(key, result);
  }
  return result;
}
