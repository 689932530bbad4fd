import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type FieldSensitivity, maskDocument, mayUnmask, seesInFull, type Viewer } from './masking.ts';

const doc = {
  applicant: {
    name: '张三丰',
    idNumber: '110105199003071234',
    phone: '13800138000',
    address: '明湖区湖滨路1号',
  },
  income: { amountFen: 1200000, bankName: '中国工商银行' },
};
const fields: FieldSensitivity[] = [
  { pointer: '/applicant/name', fieldCode: 'name', sensitivity: 2 },
  { pointer: '/applicant/idNumber', fieldCode: 'idNumber', sensitivity: 3 },
  { pointer: '/applicant/phone', fieldCode: 'phone', sensitivity: 3 },
  { pointer: '/applicant/address', fieldCode: 'address', sensitivity: 3 },
  { pointer: '/income/amountFen', fieldCode: 'monthlyIncome', sensitivity: 4 },
];
const shown = (viewer: Viewer) => maskDocument(viewer, doc, fields);

describe('the masking policy', () => {
  test('the citizen and the roles that need identifiers see everything in full', () => {
    for (const viewer of [
      { kind: 'self' },
      { kind: 'staff', roles: ['window'] },
      { kind: 'staff', roles: ['officer'] },
    ] as Viewer[]) {
      assert.deepEqual(shown(viewer), { data: doc, maskedPointers: [] });
      assert.equal(seesInFull(viewer), true);
    }
  });

  test('other staff: resident IDs, phones and grade-4 values masked; may ask for a value by role', () => {
    const head = shown({ kind: 'staff', roles: ['dept_head'] });
    assert.deepEqual(head.data, {
      applicant: {
        name: '张三丰',
        idNumber: '110105********1234',
        phone: '138****8000',
        address: '明湖区湖滨路1号',
      },
      income: { amountFen: '***', bankName: '中国工商银行' },
    });
    assert.deepEqual(head.maskedPointers, ['/applicant/idNumber', '/applicant/phone', '/income/amountFen']);
    assert.equal(mayUnmask({ kind: 'staff', roles: ['dept_head'] }), true);
    assert.equal(mayUnmask({ kind: 'staff', roles: ['auditor'] }), true);
    assert.equal(mayUnmask({ kind: 'staff', roles: ['dept_admin'] }), false);
    assert.equal(mayUnmask({ kind: 'self' }), false);
  });

  test('an exchange sees in full only what its purpose permits; names masked as 张**', () => {
    const ex = shown({ kind: 'exchange', purpose: 'subsidy.check', fullFields: ['monthlyIncome'] });
    assert.deepEqual(ex.data, {
      applicant: {
        name: '张**',
        idNumber: '110105********1234',
        phone: '138****8000',
        address: '明******号',
      },
      income: { amountFen: 1200000, bankName: '中国工商银行' },
    });
    assert.equal(mayUnmask({ kind: 'exchange', purpose: 'subsidy.check' }), false);
  });

  test('without the form, identifiers are recognised by their key', () => {
    const loose = maskDocument(
      { kind: 'staff', roles: ['auditor'] },
      { contact: { phone: '13912345678' } },
      [],
    );
    assert.deepEqual(loose.data, { contact: { phone: '139****5678' } });
  });
});
