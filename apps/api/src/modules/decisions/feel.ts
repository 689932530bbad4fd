import { evaluate, parseExpression, parseUnaryTests, unaryTest } from 'feelin';

/**
 * FEEL for decision tables, parsed once per text. feelin has no public compile step and re-parses
 * on every call (~0.1–0.3 ms), which would make a 50-row table cost milliseconds. So each text is
 * parsed once here, and:
 * - the forms decision tables are made of — `-`, literals and lists of literals, comparisons and
 *   intervals with number literals, `not(...)`, input expressions that are plain paths
 *   (`withdrawal.amountFen`), literal outputs — become JS closures that never reach feelin;
 * - a closure only answers for values of the literal's own type (or null); anything else (a date,
 *   a list, a number compared with a string) goes to feelin, so feelin's semantics stay the
 *   reference (feel.test.ts checks both agree);
 * - every other expression is evaluated by feelin, memoized per value of the paths it reads,
 *   unless it calls the clock or reads values that are not plain JSON.
 */

export type Path = string[];

export interface CompiledUnaryTests {
  text: string;
  /** Whether the input value passes; throws FeelRuntimeError when feelin fails. */
  test(value: unknown, context: Record<string, unknown>): boolean;
  /** The structure explanations put into words, or null for other expressions. */
  shape: TestShape | null;
  refs: Path[];
}

export interface CompiledExpression {
  text: string;
  evaluate(context: Record<string, unknown>): unknown;
  refs: Path[];
}

export type SimpleTest =
  | { op: '='; value: Literal }
  | { op: '<' | '<=' | '>' | '>='; value: number }
  | { op: 'between'; from: number; to: number; openFrom: boolean; openTo: boolean };

export type TestShape = { any: true } | { any: false; negated: boolean; tests: SimpleTest[] };

export type Literal = string | number | boolean | null;

/** A FEEL evaluation that failed inside feelin (not a syntax error: those are refused at save). */
export class FeelRuntimeError extends Error {}

type Tree = ReturnType<typeof parseExpression>;
type Node = Tree['topNode'];

const MAX_MEMO = 1000;
const MAX_COMPILED = 20_000;
const unaryCache = new Map<string, CompiledUnaryTests>();
const expressionCache = new Map<string, CompiledExpression>();

/** An empty input entry means "any", as in DMN modelers. */
const normalizeTests = (text: string) => (text.trim() === '' ? '-' : text.trim());

function syntaxError(tree: Tree, text: string): string | null {
  let error: string | null = null;
  tree.iterate({
    enter(node) {
      if (node.type.isError && error === null) error = `syntax error at ${node.from} in "${text}"`;
    },
  });
  return error;
}

/** The syntax problem of unary tests (an input entry), or null. */
export function unaryTestsSyntaxError(text: string): string | null {
  const t = normalizeTests(text);
  return syntaxError(parseUnaryTests(t, {}, undefined), t);
}

/** The syntax problem of an expression (an input expression or an output entry), or null. */
export function expressionSyntaxError(text: string): string | null {
  if (!text.trim()) return 'empty expression';
  return syntaxError(parseExpression(text, {}, undefined), text);
}

const children = (node: Node): Node[] => {
  const out: Node[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
};

const PLAIN_SEGMENT = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/** `a.b.c` as segments when the node is a variable or a path over variables, else null. */
function pathOf(node: Node, text: string): Path | null {
  if (node.name === 'VariableName') return [text.slice(node.from, node.to)];
  if (node.name !== 'PathExpression') return null;
  const [base, , name] = children(node);
  if (!base || !name || name.name !== 'PathName') return null;
  const head = pathOf(base, text);
  return head ? [...head, text.slice(name.from, name.to)] : null;
}

/** The context paths an expression reads, and whether it calls the clock. */
function references(tree: Tree, text: string): { refs: Path[]; clock: boolean } {
  const refs = new Map<string, Path>();
  let clock = false;
  const visit = (node: Node) => {
    if (node.name === 'FunctionInvocation') {
      const [callee, ...rest] = children(node);
      if (callee?.name === 'VariableName') {
        const name = text.slice(callee.from, callee.to);
        if (name === 'now' || name === 'today') clock = true;
      } else if (callee) visit(callee);
      for (const c of rest) visit(c);
      return;
    }
    const path = pathOf(node, text);
    if (path) {
      refs.set(path.join('\u0000'), path);
      return;
    }
    for (const c of children(node)) visit(c);
  };
  visit(tree.topNode);
  return { refs: [...refs.values()], clock };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

const isPrimitive = (v: unknown): v is Literal =>
  v === null ||
  typeof v === 'string' ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v));

const DYNAMIC = Symbol('dynamic');

/**
 * The value at `path` the way FEEL reads it (missing → null), or DYNAMIC when only feelin can
 * say (lists, dates, names that are also Object.prototype members, non-primitive results).
 */
function readPath(context: Record<string, unknown>, path: Path): Literal | typeof DYNAMIC {
  let cur: unknown = context;
  for (const seg of path) {
    if (cur === null || cur === undefined) return null;
    if (!isPlainObject(cur) || seg in Object.prototype) return DYNAMIC;
    cur = Object.hasOwn(cur, seg) ? cur[seg] : undefined;
  }
  if (cur === undefined) return null;
  return isPrimitive(cur) ? cur : DYNAMIC;
}

/** The value at `path` for snapshots (undefined when absent), without FEEL's conversions. */
export function valueAtPath(context: Record<string, unknown>, path: Path): unknown {
  let cur: unknown = context;
  for (const seg of path) {
    if (!isPlainObject(cur) || !Object.hasOwn(cur, seg)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

/** A memo key when every value is plain JSON (a Date or a FEEL value could collide with a string). */
function memoKey(values: unknown[]): string | undefined {
  const plain = (v: unknown): boolean =>
    v === undefined ||
    isPrimitive(v) ||
    (Array.isArray(v) && v.every(plain)) ||
    (isPlainObject(v) && Object.values(v).every(plain));
  return values.every(plain) ? JSON.stringify(values, (_k, v) => (v === undefined ? null : v)) : undefined;
}

function memoized<T>(
  refs: Path[],
  clock: boolean,
  run: (context: Record<string, unknown>, extra: unknown) => T,
): (context: Record<string, unknown>, extra: unknown) => T {
  if (clock) return run;
  const memo = new Map<string, T>();
  return (context, extra) => {
    const key = memoKey([extra, ...refs.map((p) => valueAtPath(context, p))]);
    if (key === undefined) return run(context, extra);
    if (memo.has(key)) return memo.get(key) as T;
    const result = run(context, extra);
    if (memo.size >= MAX_MEMO) memo.clear();
    memo.set(key, result);
    return result;
  };
}

function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    // feelin throws for what it does not implement; the message is all the caller may see.
    throw new FeelRuntimeError(String((err as Error)?.message ?? err).split('\n')[0]);
  }
}

function literalOf(node: Node, text: string): { value: Literal } | null {
  const raw = text.slice(node.from, node.to);
  switch (node.name) {
    case 'NumericLiteral': {
      const n = Number(raw);
      return /^-?(\d+\.?\d*|\.\d+)$/.test(raw) && Number.isFinite(n) ? { value: n } : null;
    }
    case 'StringLiteral':
      // Escapes are FEEL's business; a plain literal is its text between the quotes.
      return raw.includes('\\') ? null : { value: raw.slice(1, -1) };
    case 'BooleanLiteral':
      return { value: raw === 'true' };
    case 'null':
      return { value: null };
    default:
      return null;
  }
}

/** The simple test a PositiveUnaryTest node stands for, or null. */
function simpleTest(node: Node, text: string): SimpleTest | null {
  const [only, ...more] = children(node);
  if (!only || more.length) return null;
  const literal = literalOf(only, text);
  if (literal) return { op: '=', value: literal.value };
  if (only.name !== 'SimplePositiveUnaryTest') return null;
  const parts = children(only);
  if (parts.length === 2 && parts[0]!.name === 'CompareOp') {
    const op = text.slice(parts[0]!.from, parts[0]!.to);
    const bound = literalOf(parts[1]!, text);
    if (typeof bound?.value === 'number' && (op === '<' || op === '<=' || op === '>' || op === '>=')) {
      return { op, value: bound.value };
    }
    return null;
  }
  if (parts.length === 1 && parts[0]!.name === 'Interval') {
    const p = children(parts[0]!);
    if (p.length !== 5) return null;
    const from = literalOf(p[1]!, text);
    const to = literalOf(p[3]!, text);
    if (typeof from?.value !== 'number' || typeof to?.value !== 'number') return null;
    const open = text.slice(p[0]!.from, p[0]!.to);
    const close = text.slice(p[4]!.from, p[4]!.to);
    return {
      op: 'between',
      from: from.value,
      to: to.value,
      openFrom: open !== '[',
      openTo: close !== ']',
    };
  }
  return null;
}

function shapeOf(tree: Tree, text: string): TestShape | null {
  const top = children(tree.topNode);
  if (top.length === 1 && top[0]!.name === 'Wildcard') return { any: true };
  const negated = top[0]?.name === 'not';
  const list = negated ? top.find((n) => n.name === 'PositiveUnaryTests') : top[0];
  if (list?.name !== 'PositiveUnaryTests' || (!negated && top.length !== 1)) return null;
  const tests: SimpleTest[] = [];
  for (const t of children(list)) {
    const s = t.name === 'PositiveUnaryTest' ? simpleTest(t, text) : null;
    if (!s) return null;
    tests.push(s);
  }
  return { any: false, negated, tests };
}

/** true/false when decided, undefined when the value's type needs feelin. */
function check(t: SimpleTest, v: Literal): boolean | undefined {
  if (t.op === '=') {
    if (t.value === null) return v === null;
    if (v === null) return false;
    return typeof v === typeof t.value ? v === t.value : undefined;
  }
  if (v === null) return false;
  if (typeof v !== 'number') return undefined;
  switch (t.op) {
    case '<':
      return v < t.value;
    case '<=':
      return v <= t.value;
    case '>':
      return v > t.value;
    case '>=':
      return v >= t.value;
    case 'between':
      return (t.openFrom ? v > t.from : v >= t.from) && (t.openTo ? v < t.to : v <= t.to);
  }
}

function decide(shape: Exclude<TestShape, { any: true }>, v: Literal): boolean | undefined {
  let unknown = false;
  for (const t of shape.tests) {
    const r = check(t, v);
    if (r === true) return !shape.negated;
    if (r === undefined) unknown = true;
  }
  return unknown ? undefined : shape.negated;
}

/** Input entries: parsed once, fast path for simple forms, memoized feelin for the rest. */
export function compileUnaryTests(source: string): CompiledUnaryTests {
  const text = normalizeTests(source);
  const cached = unaryCache.get(text);
  if (cached) return cached;
  const tree = parseUnaryTests(text, {}, undefined);
  const problem = syntaxError(tree, text);
  if (problem) throw new FeelRuntimeError(problem);
  const shape = shapeOf(tree, text);
  const { refs, clock } = references(tree, text);
  const viaFeelin = memoized(refs, clock, (context, value) =>
    guarded(() => unaryTest(text, { ...context, '?': value ?? null }).value === true),
  );
  let test: CompiledUnaryTests['test'];
  if (shape?.any) test = () => true;
  else if (shape) {
    test = (value, context) => {
      const v = value === undefined ? null : value;
      const r = isPrimitive(v) ? decide(shape, v) : undefined;
      return r ?? viaFeelin(context, value);
    };
  } else test = (value, context) => viaFeelin(context, value);
  const compiled = { text, test, shape, refs };
  if (unaryCache.size >= MAX_COMPILED) unaryCache.clear();
  unaryCache.set(text, compiled);
  return compiled;
}

/** Input expressions and output entries: paths and literals as closures, memoized feelin otherwise. */
export function compileExpression(source: string): CompiledExpression {
  const text = source.trim();
  const cached = expressionCache.get(text);
  if (cached) return cached;
  const tree = parseExpression(text, {}, undefined);
  const problem = syntaxError(tree, text) ?? (text ? null : 'empty expression');
  if (problem) throw new FeelRuntimeError(problem);
  const { refs, clock } = references(tree, text);
  const viaFeelin = memoized(refs, clock, (context) => guarded(() => evaluate(text, context).value));
  const [root, ...rest] = children(tree.topNode);
  const literal = root && !rest.length ? literalOf(root, text) : null;
  const path = root && !rest.length ? pathOf(root, text) : null;
  let run: CompiledExpression['evaluate'];
  if (literal) run = () => literal.value;
  else if (path?.every((s) => PLAIN_SEGMENT.test(s))) {
    run = (context) => {
      const v = readPath(context, path);
      return v === DYNAMIC ? viaFeelin(context, undefined) : v;
    };
  } else run = (context) => viaFeelin(context, undefined);
  const compiled = { text, evaluate: run, refs };
  if (expressionCache.size >= MAX_COMPILED) expressionCache.clear();
  expressionCache.set(text, compiled);
  return compiled;
}

/**
 * A FEEL value as JSON for storage and answers: dates and durations as their ISO text, contexts
 * and lists element by element, anything else (functions, ranges) as its text.
 */
export function toJsonValue(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJsonValue(x)]));
  const withJson = v as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return toJsonValue(withJson.toJSON());
  return String(v);
}
