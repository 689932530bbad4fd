import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DecisionInput } from '@tongban/contracts';
import { buildContext, fieldKind, hitPolicyMark, isPlainPath, parseValue } from './tryIt.ts';

const reason: DecisionInput = {
  id: 'reason',
  labelZh: '提取原因',
  labelEn: 'Reason',
  expression: 'withdrawal.withdrawalReason',
  valueLabels: { rent: { zh: '租房自住', en: 'Paying rent' } },
};
const amount: DecisionInput = {
  id: 'amount',
  labelZh: '申请金额',
  labelEn: 'Amount',
  expression: 'withdrawal.amountFen',
  typeRef: 'number',
  valueFormat: 'fen',
};
const age: DecisionInput = { id: 'age', labelZh: '年龄', labelEn: 'Age', expression: 'applicant.age' };
const computed: DecisionInput = { id: 'x', labelZh: 'x', labelEn: 'x', expression: 'a + b' };

describe('decision try-it form', () => {
  test('fields nest into the context at their paths; money is typed in yuan and sent in fen', () => {
    assert.deepEqual(
      buildContext([reason, amount, age], { reason: 'rent', amount: '12000.5', age: '' }, ''),
      {
        context: { withdrawal: { withdrawalReason: 'rent', amountFen: 1_200_050 } },
      },
    );
  });

  test('the JSON box gives the rest of the context, fields win over it', () => {
    assert.deepEqual(
      buildContext(
        [amount, computed],
        { amount: '1', x: '5' },
        '{"a": 1, "withdrawal": {"bankName": "x", "amountFen": 9}}',
      ),
      { context: { a: 1, withdrawal: { bankName: 'x', amountFen: 100 } } },
    );
    assert.deepEqual(buildContext([amount], {}, '[1]'), { error: 'json' });
    assert.deepEqual(buildContext([amount], {}, '{nope'), { error: 'json' });
  });

  test('values are typed as the column says, or guessed when it says nothing', () => {
    assert.equal(parseValue(age, '61'), 61);
    assert.equal(parseValue(age, 'true'), true);
    assert.equal(parseValue(age, 'sixty'), 'sixty');
    assert.equal(parseValue({ ...age, typeRef: 'string' }, '61'), '61');
    assert.equal(parseValue({ ...age, typeRef: 'boolean' }, 'false'), false);
    assert.equal(parseValue(amount, 'abc'), 'abc', 'left for the table to refuse, not silently dropped');
    assert.deepEqual([reason, amount, age, { ...age, typeRef: 'number' }].map(fieldKind), [
      'select',
      'yuan',
      'text',
      'number',
    ]);
    assert.equal(isPlainPath('withdrawal.amountFen'), true);
    assert.equal(isPlainPath('a + b'), false);
  });

  test('the corner cell shows the hit policy as DMN does', () => {
    assert.deepEqual(
      [
        hitPolicyMark('UNIQUE'),
        hitPolicyMark('FIRST'),
        hitPolicyMark('COLLECT'),
        hitPolicyMark('COLLECT', 'SUM'),
      ],
      ['U', 'F', 'C', 'C+'],
    );
    assert.equal(hitPolicyMark('COLLECT', 'COUNT'), 'C#');
  });
});
