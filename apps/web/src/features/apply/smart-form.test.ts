import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { explainFormat } from '@tongban/contracts';
import type { TFunction } from 'i18next';
import type { ServiceForm } from '../../api/types.ts';
import { safeReturnPath } from '../auth/safeReturn.ts';
import { answersOf } from './answers.ts';
import { fieldDomId, leaves, toErrorSchema } from './pointers.ts';
import { formValidator, serverLikeMessages } from './validator.ts';

// A small form shaped like the ones the forms module builds: two sections, dictionary fields, ui:order.
const form: ServiceForm = {
  version: 1,
  schema: {
    type: 'object',
    required: ['enterprise', 'project'],
    properties: {
      project: {
        type: 'object',
        required: ['projectName', 'plannedStartDate'],
        properties: {
          plannedStartDate: { type: 'string', format: 'date', title: '计划开工日期' },
          projectName: { type: 'string', minLength: 1, title: '项目名称' },
          kind: {
            type: 'string',
            oneOf: [
              { const: 'new', title: '新建' },
              { const: 'extend', title: '扩建' },
            ],
          },
        },
      },
      enterprise: {
        type: 'object',
        required: ['creditCode', 'phone'],
        properties: {
          creditCode: { type: 'string', format: 'cn-credit-code' },
          phone: { type: 'string', format: 'cn-mobile' },
        },
      },
    },
  },
  uiSchema: { 'ui:order': ['enterprise', 'project'], project: { 'ui:order': ['projectName', '*'] } },
  fields: [
    {
      pointer: '/enterprise/creditCode',
      fieldCode: 'creditCode',
      labelZh: '统一社会信用代码',
      labelEn: 'Credit code',
      sensitivity: 1,
    },
    {
      pointer: '/enterprise/phone',
      fieldCode: 'phone',
      labelZh: '手机号码',
      labelEn: 'Mobile phone',
      sensitivity: 2,
    },
    { pointer: '/project/projectName', labelZh: '项目名称', labelEn: 'Project name', sensitivity: 1 },
  ],
  prefill: null,
};

const t = ((key: string) =>
  ({ 'answers.notProvided': '未填写', 'common.yes': '是', 'common.no': '否' })[key] ?? key) as TFunction;

describe('smart form', () => {
  test('check-your-answers lists every question in the order the form shows them, with labels and readable values', () => {
    const data = {
      enterprise: { creditCode: '91339001MA0000001X' },
      project: { projectName: '滨湖花园', kind: 'extend' },
    };
    const answers = answersOf(form, data, false, t);
    assert.deepEqual(
      answers.map((a) => [a.pointer, a.label, a.value]),
      [
        ['/enterprise/creditCode', '统一社会信用代码', '91339001MA0000001X'],
        ['/enterprise/phone', '手机号码', '未填写'],
        ['/project/projectName', '项目名称', '滨湖花园'],
        ['/project/plannedStartDate', '计划开工日期', '未填写'],
        ['/project/kind', 'kind', '扩建'],
      ],
    );
    assert.equal(answersOf(form, data, true, t)[0]!.label, 'Credit code');
  });

  test('Change links target the widget rjsf renders for a pointer', () => {
    assert.equal(fieldDomId('/project/projectName'), 'root_project_projectName');
    assert.deepEqual(
      leaves(form.schema, form.uiSchema)
        .map((l) => l.pointer)
        .slice(0, 2),
      ['/enterprise/creditCode', '/enterprise/phone'],
    );
  });

  test('field errors from the API land under their fields', () => {
    const schema = toErrorSchema([
      { pointer: '/enterprise/phone', code: 'cn-mobile', message: 'A' },
      { pointer: '/enterprise/phone', code: 'cn-mobile', message: 'A' },
      { pointer: '/project/projectName', code: 'required', message: 'B' },
    ]);
    assert.deepEqual(schema, {
      enterprise: { phone: { __errors: ['A'] } },
      project: { projectName: { __errors: ['B'] } },
    });
  });

  test('live validation checks the dictionary formats and words errors as the server does', () => {
    const data = { enterprise: { creditCode: '91339001MA0000001Y', phone: '12345' }, project: {} };
    const v = formValidator('zh-CN');
    const result = v.validateFormData(
      data,
      form.schema as never,
      undefined,
      serverLikeMessages('zh-CN', form.fields, () => data),
    );
    const byProperty = new Map(result.errors.map((e) => [e.property, e.message]));
    assert.equal(
      byProperty.get('.enterprise.creditCode'),
      explainFormat('cn-credit-code', '91339001MA0000001Y', 'zh-CN'),
    );
    assert.equal(byProperty.get('.enterprise.phone'), explainFormat('cn-mobile', '12345', 'zh-CN'));
    assert.equal(byProperty.get('.project.projectName'), '请填写项目名称');
    assert.ok(byProperty.has('.project.plannedStartDate'), 'a missing date is reported');

    const en = formValidator('en').validateFormData(
      data,
      form.schema as never,
      undefined,
      serverLikeMessages('en', form.fields, () => data),
    );
    assert.ok(en.errors.some((e) => e.message === 'Project name is required'));
  });

  test('valid data passes', () => {
    const data = {
      enterprise: { creditCode: '91339000MA1TB20268', phone: '13800138000' },
      project: { projectName: '滨湖花园', plannedStartDate: '2026-12-15' },
    };
    assert.deepEqual(formValidator('zh-CN').validateFormData(data, form.schema as never).errors, []);
  });
});

describe('sign-in return path', () => {
  test('only paths of this site are followed after sign-in', () => {
    assert.equal(safeReturnPath('/applications/1/form'), '/applications/1/form');
    for (const bad of [
      '//evil.example',
      'https://evil.example',
      '/\\evil.example',
      '/signin?returnTo=/x',
      null,
      '',
    ]) {
      assert.equal(safeReturnPath(bad), null, String(bad));
    }
  });
});
