import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../platform/errors.ts';
import { importBpmn } from './bpmn.ts';
import { demoBpmn } from './workflow.seed.ts';

const NS = `xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:tb="https://tongban.dev/schema/bpmn"`;
const wrap = (body: string) =>
  `<?xml version="1.0"?><bpmn:definitions ${NS} id="d" targetNamespace="t"><bpmn:process id="p">${body}</bpmn:process></bpmn:definitions>`;
const task = (id: string, extra = '') =>
  `<bpmn:userTask id="${id}" name="${id}" tb:department="$owner" tb:role="officer" tb:days="2" ${extra}/>`;
const flow = (id: string, from: string, to: string, cond = '') =>
  `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}">${cond ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${cond}</bpmn:conditionExpression>` : ''}</bpmn:sequenceFlow>`;

async function rejection(xml: string): Promise<AppError> {
  try {
    await importBpmn(xml);
  } catch (err) {
    assert.ok(err instanceof AppError);
    assert.equal(err.code, 'WORKFLOW_DEFINITION_INVALID');
    return err;
  }
  assert.fail('the definition was accepted');
}

describe('BPMN import', () => {
  test('the parallel demo process: fork, join, steps in order, longest route', async () => {
    const g = await importBpmn(demoBpmn('construction-permit'));
    assert.deepEqual(
      g.steps.map((s) => [s.key, s.department, s.role, s.parallel, s.conditional]),
      [
        ['acceptance', 'HCD', 'window', false, false],
        ['technical-review', 'HCD', 'officer', true, false],
        ['planning-review', 'NRP', 'officer', true, false],
        ['final-approval', 'HCD', 'dept_head', false, false],
      ],
    );
    assert.equal(g.steps[0]!.stage, 'acceptance');
    assert.equal(g.steps[1]!.nameEn, 'Technical review');
    assert.equal(g.totalDays, 1 + 5 + 2);
    assert.equal(g.routes.length, 1);
  });

  test('the exclusive demo process: two routes, both reviews conditional, default flow kept', async () => {
    const g = await importBpmn(demoBpmn('residence-permit'));
    assert.deepEqual(
      g.steps.map((s) => [s.key, s.conditional]),
      [
        ['acceptance', false],
        ['review', true],
        ['exceptional-review', true],
      ],
    );
    assert.equal(g.routes.length, 2);
    assert.equal(g.nodes['residence-check']!.defaultFlow, 'f-exceptional');
    assert.equal(g.flows['f-regular']!.condition, 'residenceMonths >= 6');
    assert.equal(g.totalDays, 11);
  });

  test('unsupported elements are listed by type and id', async () => {
    const err = await rejection(
      wrap(
        `<bpmn:startEvent id="s"/>${task('t')}<bpmn:scriptTask id="script"/><bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition/></bpmn:intermediateCatchEvent><bpmn:endEvent id="e"><bpmn:messageEventDefinition/></bpmn:endEvent>${flow('f1', 's', 't')}${flow('f2', 't', 'e')}`,
      ),
    );
    assert.deepEqual(err.details, [
      'bpmn:ScriptTask script',
      'bpmn:IntermediateCatchEvent with event definition wait',
      'bpmn:EndEvent with event definition e',
    ]);
    assert.match(String(err.params?.reason), /unsupported elements: bpmn:ScriptTask script/);
  });

  test('a user task without department or role, or a bad condition, is refused', async () => {
    const err = await rejection(
      wrap(
        `<bpmn:startEvent id="s"/><bpmn:userTask id="t" name="t"/><bpmn:exclusiveGateway id="g"/>${task('a')}${task('b')}<bpmn:endEvent id="e"/>${flow('f1', 's', 't')}${flow('f2', 't', 'g')}${flow('f3', 'g', 'a', 'x &gt;=')}${flow('f4', 'g', 'b')}${flow('f5', 'a', 'e')}${flow('f6', 'b', 'e')}`,
      ),
    );
    const problems = (err.details as string[]).join('\n');
    assert.match(problems, /user task t has no tongban:department/);
    assert.match(problems, /user task t has no tongban:role/);
    assert.match(problems, /f3: syntax error/);
    assert.match(problems, /f4 leaves exclusive gateway g without a condition and is not its default/);
  });

  test('cycles and unreachable elements are refused', async () => {
    await rejection(
      wrap(
        `<bpmn:startEvent id="s"/>${task('a')}<bpmn:exclusiveGateway id="g" default="back"/><bpmn:endEvent id="e"/>${flow('f1', 's', 'a')}${flow('f2', 'a', 'g')}${flow('back', 'g', 'a')}${flow('out', 'g', 'e', 'done = true')}`,
      ),
    );
    const err = await rejection(
      wrap(
        `<bpmn:startEvent id="s"/>${task('a')}${task('orphan')}<bpmn:endEvent id="e"/>${flow('f1', 's', 'a')}${flow('f2', 'a', 'e')}${flow('f3', 'orphan', 'e')}`,
      ),
    );
    assert.match((err.details as string[]).join(), /orphan/);
  });

  test('text that is not BPMN is refused', async () => {
    await rejection('<nope');
    await rejection('<definitions/>');
  });
});
