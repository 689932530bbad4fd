import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { supplementForm } from './supplementForm.ts';

type Ui = Record<string, Record<string, Record<string, unknown>>>;
const uiOf = (f: { uiSchema?: Record<string, unknown> }) => f.uiSchema as unknown as Ui;

const form: { schema: Record<string, unknown>; uiSchema: Record<string, unknown> } = {
  schema: {
    type: 'object',
    properties: {
      applicant: {
        type: 'object',
        properties: { name: { type: 'string' }, phone: { type: 'string' } },
      },
      payment: { type: 'object', properties: { bankAccount: { type: 'string' } } },
    },
  },
  uiSchema: { applicant: { 'ui:order': ['name', 'phone'] } },
};

describe('the 补正 page form', () => {
  test('named fields are highlighted and editable, the others read-only', () => {
    const ui = uiOf(supplementForm(form, { fields: ['/applicant/phone'], materials: [] }));
    assert.equal(ui.applicant?.phone?.['ui:classNames'], 'tb-field-requested');
    assert.equal(ui.applicant?.phone?.['ui:readonly'], undefined);
    assert.equal(ui.applicant?.name?.['ui:readonly'], true);
    assert.equal(ui.payment?.bankAccount?.['ui:readonly'], true);
    assert.deepEqual(ui.applicant?.['ui:order'], ['name', 'phone'], 'the form keeps its own ui settings');
    assert.deepEqual(uiOf(form).applicant, { 'ui:order': ['name', 'phone'] }, 'the original is not changed');
  });

  test('a return naming only materials leaves every answer read-only; a note-only return none', () => {
    const onlyMaterials = uiOf(supplementForm(form, { fields: [], materials: ['bank_card'] }));
    assert.equal(onlyMaterials.applicant?.phone?.['ui:readonly'], true);
    assert.equal(supplementForm(form, { fields: [], materials: [] }), form);
    assert.equal(supplementForm(form, null), form);
  });

  test('naming a section covers every field in it', () => {
    const ui = uiOf(supplementForm(form, { fields: ['/payment'], materials: [] }));
    assert.equal(ui.payment?.bankAccount?.['ui:readonly'], undefined);
    assert.equal(ui.applicant?.phone?.['ui:readonly'], true);
  });
});
