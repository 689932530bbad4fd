import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { maskFormData } from './applications.policy.ts';
import { caseYear, formatCaseNumber } from './case-number.ts';

describe('case numbers', () => {
  test('are region, year and a zero-padded sequence', () => {
    assert.equal(formatCaseNumber('339000', 2026, 42), '339000-2026-000042');
    assert.equal(formatCaseNumber('339000', 2026, 1_234_567), '339000-2026-1234567');
  });

  test('take the year on the Beijing calendar', () => {
    // 16:30 UTC on 31 December is 00:30 on 1 January in Beijing.
    assert.equal(caseYear(new Date('2026-12-31T16:30:00Z')), 2027);
    assert.equal(caseYear(new Date('2026-12-31T15:59:59Z')), 2026);
  });
});

describe('masking form data for officers who do not need identifiers', () => {
  const data = {
    applicant: { name: '张明', idNumber: '110105199003071234', phone: '13800138000' },
    withdrawal: { bankAccount: '6222020200112233445', amountFen: 100 },
    legalRep: { legalRepIdNumber: '110105199003071234' },
  };
  const fields = [
    { pointer: '/applicant/idNumber', fieldCode: 'idNumber', sensitivity: 3 },
    { pointer: '/applicant/phone', fieldCode: 'phone', sensitivity: 3 },
    { pointer: '/withdrawal/bankAccount', fieldCode: 'bankAccount', sensitivity: 4 },
  ];

  test('masks ID numbers, phones and highly sensitive fields, keeps the rest', () => {
    const masked = maskFormData(data, fields);
    assert.deepEqual(masked, {
      applicant: { name: '张明', idNumber: '110105********1234', phone: '138****8000' },
      withdrawal: { bankAccount: '6*****************5', amountFen: 100 },
      legalRep: { legalRepIdNumber: '110105********1234' },
    });
    assert.equal(data.applicant.idNumber, '110105199003071234', 'the original is untouched');
  });

  test('without the form field list, identifiers are still masked by their names', () => {
    const masked = maskFormData(data, []) as typeof data;
    assert.equal(masked.applicant.idNumber, '110105********1234');
    assert.equal(masked.applicant.phone, '138****8000');
  });
});
