import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../platform/errors.ts';
import { decision, dmn, FIXTURE } from './decisions.testkit.ts';
import { importDmn } from './dmn.ts';

async function importError(xml: string): Promise<AppError> {
  try {
    await importDmn(xml);
  } catch (err) {
    assert.ok(err instanceof AppError, `expected an AppError, got ${err}`);
    return err;
  }
  assert.fail('expected the import to be refused');
}

describe('DMN 1.3 import', () => {
  test('a file exported by the Camunda modeler becomes one table per decision', async () => {
    const [check, points] = await importDmn(FIXTURE);
    assert.deepEqual(check, {
      key: 'hpf-withdrawal-check',
      nameZh: '公积金提取核准',
      nameEn: '公积金提取核准',
      hitPolicy: 'FIRST',
      inputs: [
        {
          id: 'reason',
          labelZh: '提取原因',
          labelEn: '提取原因',
          expression: 'withdrawal.withdrawalReason',
          typeRef: 'string',
        },
        {
          id: 'amount',
          labelZh: '申请金额',
          labelEn: '申请金额',
          expression: 'withdrawal.amountFen',
          typeRef: 'number',
        },
      ],
      outputs: [
        { id: 'decision', name: 'decision', labelZh: '结果', labelEn: '结果', typeRef: 'string' },
        { id: 'OutputClause_0p4v1s6', name: 'reasonZh', labelZh: '说明', labelEn: '说明', typeRef: 'string' },
      ],
      rules: [
        {
          id: 'rent-within-limit',
          inputEntries: ['"rent"', '<= 1500000'],
          outputEntries: ['"approve"', '"租房提取在限额内"'],
          descriptionZh: '租房提取在限额内，自动核准',
        },
        {
          id: 'retirement',
          inputEntries: ['"retirement"', '-'],
          outputEntries: ['"approve"', '"退休提取"'],
          descriptionZh: '退休提取，自动核准',
        },
        {
          id: 'otherwise',
          inputEntries: ['-', '-'],
          outputEntries: ['"refer"', '"需人工审核"'],
          descriptionZh: '其他情形转人工审核',
        },
      ],
    });
    assert.equal(points!.hitPolicy, 'COLLECT');
    assert.equal(points!.aggregation, 'SUM');
    assert.deepEqual(
      points!.rules.map((r) => r.inputEntries),
      [['>= 18'], ['[60..120]']],
    );
  });

  test('English names come from tongban attributes; the default hit policy is UNIQUE', async () => {
    const xml = dmn(
      `<decision id="d" name="决策" tb:nameEn="Decision">
        <decisionTable id="t">
          <input id="i" label="分数" tb:labelEn="Score"><inputExpression id="ie"><text>score</text></inputExpression></input>
          <output id="o" label="等级" tb:labelEn="Grade" />
          <rule id="r" tb:descriptionEn="Pass"><description>及格</description>
            <inputEntry id="e"><text></text></inputEntry><outputEntry id="oe"><text></text></outputEntry></rule>
        </decisionTable>
      </decision>`,
      'xmlns:tb="https://tongban.dev/schema/dmn"',
    );
    const [t] = await importDmn(xml);
    assert.equal(t!.nameEn, 'Decision');
    assert.equal(t!.hitPolicy, 'UNIQUE');
    assert.equal(t!.inputs[0]!.labelEn, 'Score');
    assert.deepEqual(t!.outputs[0], { id: 'o', name: 'result', labelZh: '等级', labelEn: 'Grade' });
    assert.deepEqual(t!.rules[0], {
      id: 'r',
      inputEntries: ['-'],
      outputEntries: ['null'],
      descriptionZh: '及格',
      descriptionEn: 'Pass',
    });
  });

  test('malformed XML and other documents are DECISION_DMN_MALFORMED', async () => {
    assert.equal((await importError('<definitions')).code, 'DECISION_DMN_MALFORMED');
    const old = await importError(
      '<definitions xmlns="https://www.omg.org/spec/DMN/20151101/dmn.xsd" id="a"><decision id="d"/></definitions>',
    );
    assert.equal(old.code, 'DECISION_DMN_MALFORMED');
    assert.match(String(old.params?.reason), /DMN 1\.3/);
    assert.equal((await importError('<process id="x"/>')).code, 'DECISION_DMN_MALFORMED');
  });

  test('a file without a decision table is DECISION_DMN_EMPTY', async () => {
    assert.equal((await importError(dmn(''))).code, 'DECISION_DMN_EMPTY');
  });

  test('unsupported features are refused, each one named', async () => {
    const err = await importError(
      dmn(`
        ${decision('ok')}
        ${decision('priority', '', 'hitPolicy="PRIORITY"')}
        ${decision('any', '', 'hitPolicy="ANY"')}
        ${decision('rule-order', '', 'hitPolicy="RULE ORDER"')}
        ${decision('needs', '<informationRequirement id="ir"><requiredInput href="#in1" /></informationRequirement>')}
        <decision id="literal" name="字面"><literalExpression id="le"><text>1 + 1</text></literalExpression></decision>
        <businessKnowledgeModel id="bkm" name="知识" />
        <inputData id="in1" name="输入" />`),
    );
    assert.equal(err.code, 'DECISION_DMN_UNSUPPORTED');
    assert.deepEqual(err.details, [
      'hit policy PRIORITY (decision priority)',
      'hit policy ANY (decision any)',
      'hit policy RULE ORDER (decision rule-order)',
      'requirements (DRG) of decision needs',
      'literal expression (decision literal)',
      'BusinessKnowledgeModel bkm',
      'InputData in1',
    ]);
  });

  test('default output values and other expression languages are refused', async () => {
    const withDefault = dmn(
      decision('d').replace(
        '<output id="d_out" name="grade" typeRef="string" />',
        '<output id="d_out" name="grade"><defaultOutputEntry id="doe"><text>"fail"</text></defaultOutputEntry></output>',
      ),
    );
    assert.deepEqual((await importError(withDefault)).details, [
      'default output value (decision d, output d_out)',
    ]);
    const js = dmn(
      decision('j').replace(
        '<inputExpression id="j_ie"',
        '<inputExpression expressionLanguage="javascript" id="j_ie"',
      ),
    );
    assert.deepEqual((await importError(js)).details, ['expression language javascript (decision j)']);
  });

  test('an output name that is not an identifier is DECISION_DMN_MALFORMED naming the decision', async () => {
    const err = await importError(dmn(decision('d').replace('name="grade"', 'name="the grade"')));
    assert.equal(err.code, 'DECISION_DMN_MALFORMED');
    assert.match(String(err.params?.reason), /^decision d: \/outputs\/0\/name/);
  });
});
