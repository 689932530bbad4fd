import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { GraphNode, ProcessGraph } from './bpmn.ts';
import { chooseFlow } from './engine.ts';
import { conditionHolds, conditionSyntaxError } from './feel.ts';

describe('FEEL conditions', () => {
  test('comparisons on case variables', () => {
    assert.equal(conditionHolds('residenceMonths >= 6', { residenceMonths: 6 }), true);
    assert.equal(conditionHolds('residenceMonths >= 6', { residenceMonths: 5 }), false);
    assert.equal(
      conditionHolds('applicant.age >= 18 and city = "明湖"', { applicant: { age: 20 }, city: '明湖' }),
      true,
    );
    assert.equal(
      conditionHolds('applicant.age >= 18 and city = "明湖"', { applicant: { age: 17 }, city: '明湖' }),
      false,
    );
  });

  test('memoized results follow the variable values', () => {
    for (let i = 0; i < 3; i++) {
      assert.equal(conditionHolds('n > 2', { n: 3 }), true);
      assert.equal(conditionHolds('n > 2', { n: 1 }), false);
    }
  });

  test('a missing variable or a non-boolean result is not true', () => {
    assert.equal(conditionHolds('residenceMonths >= 6', {}), false);
    assert.equal(conditionHolds('residenceMonths', { residenceMonths: 12 }), false);
  });

  test('syntax errors are found before deployment', () => {
    assert.equal(conditionSyntaxError('residenceMonths >= 6'), null);
    assert.match(conditionSyntaxError('residenceMonths >= ') ?? '', /syntax error/);
    assert.match(conditionSyntaxError('  ') ?? '', /empty/);
  });
});

describe('exclusive gateway choice', () => {
  const gateway: GraphNode = {
    id: 'g',
    type: 'exclusive',
    nameZh: 'g',
    nameEn: 'g',
    incoming: ['in'],
    outgoing: ['regular', 'fallback'],
    defaultFlow: 'fallback',
  };
  const graph = {
    flows: {
      regular: { id: 'regular', source: 'g', target: 'a', condition: 'residenceMonths >= 6' },
      fallback: { id: 'fallback', source: 'g', target: 'b' },
    },
  } as unknown as ProcessGraph;

  test('the first true condition is taken', () => {
    assert.equal(chooseFlow(graph, gateway, { residenceMonths: 8 }), 'regular');
  });

  test('the default flow is taken when no condition holds', () => {
    assert.equal(chooseFlow(graph, gateway, { residenceMonths: 2 }), 'fallback');
    assert.equal(chooseFlow(graph, gateway, {}), 'fallback');
  });

  test('without a default flow and no true condition, the case cannot move', () => {
    const noDefault = { ...gateway, defaultFlow: undefined };
    assert.throws(() => chooseFlow(graph, noDefault, { residenceMonths: 2 }), { code: 'WORKFLOW_NO_PATH' });
  });
});
