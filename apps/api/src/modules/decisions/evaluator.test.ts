import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import type { DecisionTable, HitPolicy } from '@tongban/contracts';
import { AppError } from '../../platform/errors.ts';
import { hpfWithdrawalTable, unemploymentBenefitTable } from './decisions.seed.ts';
import { assertValidTable, contextSnapshot, evaluateTable, type TableVersion } from './evaluator.ts';
import { explainTrace } from './explain.ts';

const NOW = new Date('2026-03-02T08:00:00Z');
const version = (table: DecisionTable, n = 1): TableVersion => ({ id: randomUUID(), version: n, table });

/** A one-input, one-output table of score bands (rules may overlap on purpose). */
function scores(hitPolicy: HitPolicy, aggregation?: DecisionTable['aggregation']): DecisionTable {
  return {
    key: `scores-${hitPolicy}`,
    nameZh: '评分',
    nameEn: 'Scores',
    hitPolicy,
    ...(aggregation ? { aggregation } : {}),
    inputs: [{ id: 'score', labelZh: '分数', labelEn: 'Score', expression: 'score' }],
    outputs: [{ id: 'points', name: 'points', labelZh: '积分', labelEn: 'Points', typeRef: 'number' }],
    rules: [
      { id: 'high', inputEntries: ['>= 90'], outputEntries: ['3'] },
      { id: 'pass', inputEntries: ['>= 60'], outputEntries: ['2'] },
      { id: 'any', inputEntries: ['-'], outputEntries: ['1'] },
    ],
  };
}

function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AppError, `expected an AppError, got ${err}`);
    return err;
  }
  assert.fail('expected an error');
}

describe('decision tables: hit policies', () => {
  test('FIRST: the first matching rule in table order, and later rules are not evaluated', () => {
    const r = evaluateTable(version(scores('FIRST')), { score: 95 }, NOW);
    assert.deepEqual(r.outputs, { points: 3 });
    assert.deepEqual(r.matched, ['high']);
    assert.deepEqual(
      r.trace.rules.map((x) => x.id),
      ['high'],
    );
    const low = evaluateTable(version(scores('FIRST')), { score: 10 }, NOW);
    assert.deepEqual(low.outputs, { points: 1 });
    assert.deepEqual(
      low.trace.rules.map((x) => [x.id, x.matched]),
      [
        ['high', false],
        ['pass', false],
        ['any', true],
      ],
    );
  });

  test('UNIQUE: one match gives its outputs; several are DECISION_UNIQUE_VIOLATED naming the rules', () => {
    const table: DecisionTable = {
      ...scores('UNIQUE'),
      rules: [
        { id: 'low', inputEntries: ['< 60'], outputEntries: ['1'] },
        { id: 'mid', inputEntries: ['[60..90)'], outputEntries: ['2'] },
        { id: 'top', inputEntries: ['>= 80'], outputEntries: ['3'] },
      ],
    };
    const v = version(table);
    assert.deepEqual(evaluateTable(v, { score: 30 }, NOW).outputs, { points: 1 });
    assert.deepEqual(evaluateTable(v, { score: 95 }, NOW).matched, ['top']);
    const err = appError(() => evaluateTable(v, { score: 85 }, NOW));
    assert.equal(err.code, 'DECISION_UNIQUE_VIOLATED');
    assert.deepEqual(err.details, ['mid', 'top']);
    assert.equal(err.params?.rules, 'mid, top');
  });

  test('COLLECT: the outputs of every matching rule, in table order', () => {
    const r = evaluateTable(version(scores('COLLECT')), { score: 70 }, NOW);
    assert.deepEqual(r.outputs, [{ points: 2 }, { points: 1 }]);
    assert.deepEqual(r.matched, ['pass', 'any']);
  });

  test('COLLECT with SUM, COUNT, MIN and MAX aggregates the single output', () => {
    const at = (agg: DecisionTable['aggregation'], score: number) =>
      evaluateTable(version(scores('COLLECT', agg)), { score }, NOW).outputs;
    assert.deepEqual(at('SUM', 95), { points: 6 });
    assert.deepEqual(at('COUNT', 95), { points: 3 });
    assert.deepEqual(at('MIN', 95), { points: 1 });
    assert.deepEqual(at('MAX', 70), { points: 2 });
    const none: DecisionTable = { ...scores('COLLECT', 'SUM'), rules: [scores('COLLECT').rules[0]!] };
    assert.deepEqual(evaluateTable(version(none), { score: 1 }, NOW).outputs, { points: null });
    const count: DecisionTable = { ...none, aggregation: 'COUNT' };
    assert.deepEqual(evaluateTable(version(count), { score: 1 }, NOW).outputs, { points: 0 });
  });

  test('no rule matching gives null outputs (FIRST, UNIQUE) or an empty list (COLLECT)', () => {
    const table = unemploymentBenefitTable();
    const r = evaluateTable(version(table), { insured: { contributionYears: 0.5, age: 30 } }, NOW);
    assert.equal(r.outputs, null);
    assert.deepEqual(r.matched, []);
    assert.equal(r.trace.rules.length, 50, 'every rule was tried');
    assert.ok(r.trace.rules.every((x) => !x.matched && x.entries.length === 1));
    const collect: DecisionTable = { ...scores('COLLECT'), rules: scores('COLLECT').rules.slice(0, 2) };
    assert.deepEqual(evaluateTable(version(collect), { score: 1 }, NOW).outputs, []);
    const unique: DecisionTable = { ...collect, hitPolicy: 'UNIQUE', rules: collect.rules.slice(0, 1) };
    assert.equal(evaluateTable(version(unique), { score: 1 }, NOW).outputs, null);
  });
});

describe('decision tables: input entries', () => {
  const forms: [string, unknown, boolean][] = [
    ['-', 'anything', true],
    ['', null, true],
    ['"rent","purchase"', 'purchase', true],
    ['"rent","purchase"', 'retirement', false],
    ['not("rent")', 'purchase', true],
    ['not("rent")', 'rent', false],
    ['< 10', 9, true],
    ['< 10', 10, false],
    ['< 10', null, false],
    ['[1..5]', 5, true],
    ['[1..5)', 5, false],
    ['(1..5]', 1, false],
    [']1..5[', 3, true],
    ['10', 10, true],
    ['true', true, true],
    ['? > 3 and ? < 5', 4, true],
    ['< limit', 3, true],
  ];
  for (const [test_, value, want] of forms) {
    test(`${JSON.stringify(test_)} with ${JSON.stringify(value)} → ${want}`, () => {
      const table: DecisionTable = {
        key: 'forms',
        nameZh: '形式',
        nameEn: 'Forms',
        hitPolicy: 'FIRST',
        inputs: [{ id: 'x', labelZh: 'x', labelEn: 'x', expression: 'x' }],
        outputs: [{ id: 'o', name: 'o', labelZh: 'o', labelEn: 'o' }],
        rules: [{ id: 'r', inputEntries: [test_], outputEntries: ['"hit"'] }],
      };
      const r = evaluateTable(version(table), { x: value, limit: 4 }, NOW);
      assert.deepEqual(r.outputs, want ? { o: 'hit' } : null);
    });
  }
});

describe('decision tables: trace and explanation', () => {
  const hpf = version(hpfWithdrawalTable(), 3);
  const context = {
    applicant: { name: '张明', idNumber: '339001199003151237' },
    withdrawal: { withdrawalReason: 'rent', amountFen: 1_200_000, bankAccount: '6222020200112233445' },
  };

  test('the trace names the version, the input values, the matched rule and the first failing entry of others', () => {
    const r = evaluateTable(hpf, { withdrawal: { withdrawalReason: 'purchase', amountFen: 4_000_000 } }, NOW);
    assert.deepEqual(r.outputs?.valueOf(), {
      decision: 'approve',
      reasonZh: '购房提取金额在 50,000 元限额内，自动核准',
      reasonEn: 'Home purchase withdrawal within the ¥50,000 limit: approved automatically',
    });
    const { trace } = r;
    assert.equal(trace.tableKey, 'hpf-withdrawal-instant');
    assert.equal(trace.versionId, hpf.id);
    assert.equal(trace.version, 3);
    assert.equal(trace.hitPolicy, 'FIRST');
    assert.equal(trace.evaluatedAt, NOW.toISOString());
    assert.deepEqual(
      trace.inputs.map((i) => [i.id, i.value]),
      [
        ['reason', 'purchase'],
        ['amount', 4_000_000],
      ],
    );
    assert.deepEqual(trace.inputs[0]!.valueText, { zh: '购买自住住房', en: 'Buying a home to live in' });
    assert.deepEqual(trace.rules, [
      {
        id: 'rent-within-limit',
        matched: false,
        entries: [{ inputId: 'reason', test: '"rent"', value: 'purchase', matched: false }],
      },
      {
        id: 'retirement',
        matched: false,
        entries: [{ inputId: 'reason', test: '"retirement"', value: 'purchase', matched: false }],
      },
      {
        id: 'purchase-within-limit',
        matched: true,
        entries: [
          { inputId: 'reason', test: '"purchase"', value: 'purchase', matched: true },
          { inputId: 'amount', test: '<= 5000000', value: 4_000_000, matched: true },
        ],
        descriptionZh: '购房提取金额在 50,000 元限额内，自动核准',
        descriptionEn: 'Home purchase withdrawal within the ¥50,000 limit: approved automatically',
      },
    ]);
  });

  test('the snapshot keeps only the values the table read, not the rest of the form', () => {
    assert.deepEqual(contextSnapshot(hpf, context), {
      'withdrawal.withdrawalReason': 'rent',
      'withdrawal.amountFen': 1_200_000,
    });
  });

  test('the explanation says in plain words which values met which limits, in both languages', () => {
    const { trace } = evaluateTable(hpf, context, NOW);
    assert.deepEqual(explainTrace(trace, 'zh-CN'), [
      '提取原因为租房自住，申请金额为 12,000.00 元，不超过 15,000.00 元 → 租房提取金额在 15,000 元限额内，自动核准',
    ]);
    assert.deepEqual(explainTrace(trace, 'en'), [
      'Reason for withdrawal is Paying rent, Amount requested is ¥12,000.00, at most ¥15,000.00 → Rent withdrawal within the ¥15,000 limit: approved automatically',
    ]);
    const over = evaluateTable(hpf, { withdrawal: { withdrawalReason: 'rent', amountFen: 2_000_000 } }, NOW);
    assert.deepEqual(over.outputs?.valueOf(), {
      decision: 'refer',
      reasonZh: '转工作人员审核',
      reasonEn: 'Referred to an officer for review',
    });
    assert.deepEqual(explainTrace(over.trace, 'zh-CN'), ['转工作人员审核']);
  });

  test('intervals and rules without descriptions are put into words too', () => {
    const { trace } = evaluateTable(
      version(unemploymentBenefitTable()),
      { insured: { contributionYears: 3.5, age: 40 } },
      NOW,
    );
    assert.deepEqual(trace.matched, ['y3-a2']);
    assert.match(explainTrace(trace, 'en')[0]!, /^Years of contributions is 3.5, between 3 and 4, Age is 40/);
    const plain = evaluateTable(version(scores('COLLECT')), { score: 70 }, NOW);
    assert.deepEqual(explainTrace(plain.trace, 'zh-CN'), ['分数为 70，不低于 60 → points = 2', 'points = 1']);
    const none = evaluateTable(version(unemploymentBenefitTable()), { insured: {} }, NOW);
    assert.deepEqual(explainTrace(none.trace, 'en'), ['No rule applied']);
  });
});

describe('decision tables: checks and failures', () => {
  test('a FEEL syntax error names the rule and the column', () => {
    const table = scores('FIRST');
    table.rules[1] = { id: 'pass', inputEntries: ['>= '], outputEntries: ['2'] };
    table.rules[2] = { id: 'any', inputEntries: ['-'], outputEntries: ['1 +'] };
    const err = appError(() => assertValidTable(table));
    assert.equal(err.code, 'DECISION_EXPRESSION_INVALID');
    assert.deepEqual(err.params, { rule: 'pass', column: 'score', expression: '>= ' });
    assert.deepEqual(err.details, [
      { code: 'DECISION_EXPRESSION_INVALID', rule: 'pass', column: 'score', expression: '>= ' },
      { code: 'DECISION_EXPRESSION_INVALID', rule: 'any', column: 'points', expression: '1 +' },
    ]);
  });

  test('an input expression that does not parse, a wrong entry count, duplicate ids and misplaced aggregation are refused', () => {
    const bad = (patch: Partial<DecisionTable>) =>
      appError(() => assertValidTable({ ...scores('FIRST'), ...patch }));
    assert.equal(
      bad({ inputs: [{ id: 'score', labelZh: '分', labelEn: 'S', expression: 'score +' }] }).code,
      'DECISION_INPUT_EXPRESSION_INVALID',
    );
    const count = bad({ rules: [{ id: 'r', inputEntries: ['-', '-'], outputEntries: ['1'] }] });
    assert.equal(count.code, 'DECISION_RULE_ENTRY_COUNT');
    assert.deepEqual(count.params, { rule: 'r', inputs: 1, outputs: 1 });
    const dup = bad({
      rules: [...scores('FIRST').rules, { id: 'high', inputEntries: ['-'], outputEntries: ['0'] }],
    });
    assert.equal(dup.code, 'DECISION_DUPLICATE_ID');
    assert.equal(dup.params?.id, 'high');
    assert.equal(bad({ aggregation: 'SUM' }).code, 'DECISION_AGGREGATION_INVALID');
    assert.doesNotThrow(() => assertValidTable(unemploymentBenefitTable()));
    assert.doesNotThrow(() => assertValidTable(scores('COLLECT', 'MAX')));
  });

  test('a FEEL failure at evaluation is a coded error, never a stack trace', () => {
    const table = scores('FIRST');
    // feelin throws for what it does not implement, such as the x flag of matches().
    table.rules[0] = { id: 'high', inputEntries: ['-'], outputEntries: ['matches("a", "a", "x")'] };
    const err = appError(() => evaluateTable(version(table), { score: 1 }, NOW));
    assert.equal(err.code, 'DECISION_EVALUATION_FAILED');
    assert.deepEqual(err.params, {
      table: 'scores-FIRST',
      where: 'rule high / points',
      problem: 'not implemented: matches <x> flag',
    });
  });

  test('an output of the wrong type is DECISION_OUTPUT_TYPE', () => {
    const table = scores('FIRST');
    table.rules[0] = { id: 'high', inputEntries: ['-'], outputEntries: ['"three"'] };
    const err = appError(() => evaluateTable(version(table), { score: 1 }, NOW));
    assert.equal(err.code, 'DECISION_OUTPUT_TYPE');
    assert.deepEqual(err.params, {
      table: 'scores-FIRST',
      rule: 'high',
      output: 'points',
      typeRef: 'number',
    });
  });

  test('SUM over text is DECISION_EVALUATION_FAILED', () => {
    const table: DecisionTable = {
      ...scores('COLLECT', 'SUM'),
      outputs: [{ id: 'points', name: 'points', labelZh: '积分', labelEn: 'Points' }],
      rules: [{ id: 'text', inputEntries: ['-'], outputEntries: ['"x"'] }],
    };
    assert.equal(
      appError(() => evaluateTable(version(table), { score: 1 }, NOW)).code,
      'DECISION_EVALUATION_FAILED',
    );
  });
});
