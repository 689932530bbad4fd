import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate, unaryTest } from 'feelin';
import {
  compileExpression,
  compileUnaryTests,
  expressionSyntaxError,
  FeelRuntimeError,
  toJsonValue,
  unaryTestsSyntaxError,
} from './feel.ts';

const TESTS = [
  '-',
  '',
  '"rent"',
  '"rent","purchase"',
  'not("rent")',
  'not("rent", "purchase")',
  '< 10',
  '<= 1500000',
  '> -3.5',
  '>= 18',
  '[1..5]',
  '(1..5]',
  '[1..5)',
  ']1..5[',
  '[1..2[',
  'not(< 10)',
  'not([1..5])',
  '10',
  '1, 2, 3',
  'true',
  'false',
  'null',
  'not(null)',
  '"a", 5',
  // Beyond the fast path: feelin answers.
  '< "b"',
  '? > 3',
  '< limit',
  '< applicant.limit',
  'date("2026-01-01")',
  '"a\\"b"',
  'string length(?) > 2',
];

const VALUES: unknown[] = [
  null,
  undefined,
  0,
  1,
  1.5,
  2,
  5,
  9.99,
  10,
  18,
  -3.5,
  1_500_000,
  1_500_001,
  'rent',
  'purchase',
  'a',
  'b',
  '5',
  '1',
  'true',
  'a"b',
  true,
  false,
  [1, 2],
  { x: 1 },
];

const CONTEXT = { limit: 7, applicant: { limit: 3 } };

describe('decision FEEL: unary tests', () => {
  test('every input entry answers exactly as feelin does, fast path or not', () => {
    for (const t of TESTS) {
      const compiled = compileUnaryTests(t);
      const text = t.trim() === '' ? '-' : t;
      for (const v of VALUES) {
        const want = unaryTest(text, { ...CONTEXT, '?': v ?? null }).value === true;
        // Twice: the second answer may come from the memo.
        assert.equal(compiled.test(v, CONTEXT), want, `${t} with ${JSON.stringify(v)}`);
        assert.equal(compiled.test(v, CONTEXT), want, `${t} with ${JSON.stringify(v)} (again)`);
      }
    }
  });

  test('a test reading the context is re-evaluated when that value changes', () => {
    const c = compileUnaryTests('< applicant.limit');
    assert.equal(c.test(2, { applicant: { limit: 3 } }), true);
    assert.equal(c.test(2, { applicant: { limit: 1 } }), false);
    assert.deepEqual(c.refs, [['applicant', 'limit']]);
  });

  test('dates are compared by feelin, never confused with their text', () => {
    const c = compileUnaryTests('< date("2026-01-01")');
    assert.equal(c.test(evaluate('date("2025-12-31")').value, {}), true);
    assert.equal(c.test('2025-12-31', {}), false);
  });

  test('the simple forms are described for explanations', () => {
    assert.deepEqual(compileUnaryTests('-').shape, { any: true });
    assert.deepEqual(compileUnaryTests('<= 1500000').shape, {
      any: false,
      negated: false,
      tests: [{ op: '<=', value: 1_500_000 }],
    });
    assert.deepEqual(compileUnaryTests('not("rent", "buy")').shape, {
      any: false,
      negated: true,
      tests: [
        { op: '=', value: 'rent' },
        { op: '=', value: 'buy' },
      ],
    });
    assert.deepEqual(compileUnaryTests('(1..5]').shape, {
      any: false,
      negated: false,
      tests: [{ op: 'between', from: 1, to: 5, openFrom: true, openTo: false }],
    });
    assert.equal(compileUnaryTests('? > 3').shape, null);
  });

  test('syntax errors are found without evaluating', () => {
    assert.equal(unaryTestsSyntaxError('< 10'), null);
    assert.equal(unaryTestsSyntaxError(''), null, 'empty means any');
    assert.match(unaryTestsSyntaxError('>') ?? '', /syntax error/);
    assert.match(unaryTestsSyntaxError('"a" ,') ?? '', /syntax error/);
    assert.throws(() => compileUnaryTests('[1..'), FeelRuntimeError);
  });
});

describe('decision FEEL: expressions', () => {
  const EXPRESSIONS = [
    'withdrawal.amountFen',
    'applicant.age',
    'age',
    'a.b.c',
    '"approve"',
    '12',
    '-3.5',
    'true',
    'null',
    'amountFen / 100',
    'if age >= 60 then "senior" else "adult"',
    '"a\\"b"',
    'constructor',
    'list.x',
  ];
  const CONTEXTS: Record<string, unknown>[] = [
    {},
    { withdrawal: { amountFen: 1_200_000 }, applicant: { age: 61 }, age: 61, amountFen: 500 },
    { withdrawal: null, applicant: { age: '61' }, age: 30, a: { b: { c: 'deep' } } },
    { withdrawal: { amountFen: [1, 2] }, a: { b: 5 }, list: [{ x: 1 }, { x: 2 }] },
    { a: { b: { c: new Date('2026-01-02T03:04:05Z') } } },
  ];

  test('paths and literals give what feelin gives', () => {
    for (const e of EXPRESSIONS) {
      const compiled = compileExpression(e);
      for (const ctx of CONTEXTS) {
        const want = toJsonValue(evaluate(e, ctx).value);
        assert.deepEqual(toJsonValue(compiled.evaluate(ctx)), want, `${e} over ${JSON.stringify(ctx)}`);
        assert.deepEqual(toJsonValue(compiled.evaluate(ctx)), want, `${e} again`);
      }
    }
  });

  test('an expression calling the clock is not memoized', async () => {
    const c = compileExpression('string(now())');
    const first = c.evaluate({});
    await new Promise((r) => setTimeout(r, 5));
    assert.notEqual(c.evaluate({}), first);
  });

  test('syntax errors are found without evaluating', () => {
    assert.equal(expressionSyntaxError('withdrawal.amountFen'), null);
    assert.match(expressionSyntaxError('amount +') ?? '', /syntax error/);
    assert.equal(expressionSyntaxError('  '), 'empty expression');
  });

  test('FEEL values become JSON', () => {
    assert.equal(toJsonValue(evaluate('date("2026-05-01")').value), '2026-05-01');
    assert.deepEqual(toJsonValue({ a: [1, undefined, Number.NaN] }), { a: [1, null, null] });
  });
});
