import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FormDefinition } from '@tongban/contracts';
import { customFormats } from '@tongban/contracts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { DEMO_FORMS } from './forms.demo.ts';
import { buildForm } from './forms.schema.ts';

const definition: FormDefinition = {
  sections: [
    {
      key: 'applicant',
      titleZh: '申请人',
      titleEn: 'Applicant',
      fields: [
        { field: 'name', required: true },
        { field: 'sex', helpZh: '按身份证填写', helpEn: 'As on the ID card' },
        { field: 'idNumber', required: true },
      ],
    },
    {
      key: 'extra',
      titleZh: '其他',
      titleEn: 'Other',
      fields: [
        {
          key: 'children',
          titleZh: '子女',
          titleEn: 'Children',
          schema: {
            type: 'array',
            items: { type: 'object', properties: { age: { type: 'integer' } } },
          },
        },
      ],
    },
  ],
};

/** An ajv set up like the web's: 2020-12 plus our formats. */
function webAjv() {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  for (const [name, validate] of Object.entries(customFormats)) ajv.addFormat(name, validate);
  return ajv;
}

describe('form schema builder', () => {
  test('builds a closed JSON Schema 2020-12 object per section, with required fields', () => {
    const { schema } = buildForm(definition, 'en');
    assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(schema.additionalProperties, false);
    assert.deepEqual(schema.required, ['applicant'], 'a section with nothing required may be left out');
    const applicant = (schema.properties as any).applicant;
    assert.equal(applicant.additionalProperties, false);
    assert.deepEqual(applicant.required, ['name', 'idNumber']);
    assert.deepEqual(Object.keys(applicant.properties), ['name', 'sex', 'idNumber']);
    assert.equal(applicant.properties.idNumber.format, 'cn-resident-id');
  });

  test('closes objects nested inside item fields too', () => {
    const { schema } = buildForm(definition, 'en');
    const children = (schema.properties as any).extra.properties.children;
    assert.equal(children.items.additionalProperties, false);
    const ok = webAjv().compile(schema);
    assert.equal(
      ok({
        applicant: { name: 'A', idNumber: '11010519491231002X' },
        extra: { children: [{ age: 3, x: 1 }] },
      }),
      false,
    );
    assert.equal(ok.errors?.[0]?.keyword, 'additionalProperties');
  });

  test('titles, help and enum labels follow the language; order goes to the uiSchema', () => {
    const zh = buildForm(definition, 'zh-CN');
    const en = buildForm(definition, 'en');
    const titleOf = (s: any) => s.properties.applicant.properties.idNumber.title;
    assert.equal(titleOf(zh.schema), '公民身份号码');
    assert.equal(titleOf(en.schema), 'Resident ID number');
    assert.equal((zh.schema.properties as any).applicant.title, '申请人');
    assert.deepEqual(zh.uiSchema['ui:order'], ['applicant', 'extra']);
    const ui = (u: any) => u.applicant;
    assert.deepEqual(ui(zh.uiSchema)['ui:order'], ['name', 'sex', 'idNumber']);
    assert.deepEqual(ui(zh.uiSchema).sex['ui:enumNames'], ['男', '女']);
    assert.deepEqual(ui(en.uiSchema).sex['ui:enumNames'], ['Male', 'Female']);
    assert.equal(ui(en.uiSchema).sex['ui:help'], 'As on the ID card');
    assert.equal(ui(en.uiSchema).sex['ui:widget'], 'radio');
  });

  test('lists each input with its pointer, dictionary code, labels and sensitivity', () => {
    const { fields } = buildForm(definition, 'en');
    assert.deepEqual(fields[2], {
      pointer: '/applicant/idNumber',
      fieldCode: 'idNumber',
      labelZh: '公民身份号码',
      labelEn: 'Resident ID number',
      sensitivity: 3,
    });
    assert.equal(fields[3]?.pointer, '/extra/children');
    assert.equal(fields[3]?.fieldCode, undefined);
  });

  test('refuses unknown dictionary codes, repeated keys and schema titles in item fields', () => {
    const bad = (fields: any[]) => () =>
      buildForm({ sections: [{ key: 's', titleZh: '甲', titleEn: 'S', fields }] }, 'en');
    assert.throws(bad([{ field: 'shoeSize' }]), { code: 'FORM_DEFINITION_INVALID' });
    assert.throws(bad([{ field: 'name' }, { field: 'name' }]), { code: 'FORM_DEFINITION_INVALID' });
    assert.throws(bad([{ key: 'x', titleZh: '甲', titleEn: 'X', schema: { type: 'string', title: 'X' } }]), {
      code: 'FORM_DEFINITION_INVALID',
    });
  });

  test('every demo form builds and compiles, with the fields the workflows rely on', () => {
    const ajv = webAjv();
    for (const [code, def] of Object.entries(DEMO_FORMS)) {
      const { schema } = buildForm(def, 'zh-CN');
      assert.doesNotThrow(() => ajv.compile(schema), code);
    }
    const props = (code: string, section: string) =>
      (buildForm(DEMO_FORMS[code]!, 'en').schema.properties as any)[section].properties;
    assert.equal(props('PSB-RP', 'residence').residenceMonths.type, 'integer');
    assert.deepEqual(props('HPF-WD', 'withdrawal').withdrawalReason.enum, [
      'purchase',
      'rent',
      'loan_repayment',
      'retirement',
      'leaving_city',
    ]);
    assert.equal(props('HPF-WD', 'withdrawal').amountFen.type, 'integer');
    assert.ok(props('HCD-CP', 'project').projectName);
    assert.equal(props('SAMR-BL', 'company').enterpriseType.type, 'string');
  });
});
