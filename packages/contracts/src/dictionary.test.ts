import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  customFormats,
  describeFieldError,
  dictionary,
  dictionaryField,
  explainFormat,
} from './dictionary.ts';
import { creditCodeCheckChar, residentIdCheckChar } from './validators.ts';

const withCheck = (first17: string) => `${first17}${residentIdCheckChar(first17)}`;

describe('data dictionary', () => {
  test('has the canonical fields, each labelled and graded, enums fully labelled', () => {
    for (const code of [
      'name',
      'idNumber',
      'creditCode',
      'residenceMonths',
      'withdrawalReason',
      'amountFen',
    ]) {
      assert.ok(dictionaryField(code), code);
    }
    for (const [code, f] of Object.entries(dictionary)) {
      assert.equal(f.code, code);
      assert.ok(f.labelZh && f.labelEn, code);
      assert.ok([1, 2, 3, 4].includes(f.sensitivity), code);
      for (const v of f.schema.enum ?? []) assert.ok(f.enumLabels?.[v], `${code}: label of ${v}`);
    }
    assert.equal(dictionary.bankAccount.sensitivity, 4);
    assert.equal(dictionaryField('shoeSize'), undefined);
  });

  test('custom formats use the GB validators', () => {
    assert.equal(customFormats['cn-resident-id']!('11010519491231002X'), true);
    assert.equal(customFormats['cn-resident-id']!('110105194912310021'), false);
    assert.equal(customFormats['cn-mobile']!('13800138000'), true);
    assert.equal(customFormats['cn-mobile']!('12800138000'), false);
    const body = '91339000MA2B3C4D5';
    assert.equal(customFormats['cn-credit-code']!(`${body}${creditCodeCheckChar(body)}`), true);
  });

  test('says exactly what is wrong with an ID number, in both languages', () => {
    const good = withCheck('33900119900307123');
    const badCheck = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    assert.equal(explainFormat('cn-resident-id', badCheck, 'zh-CN'), '身份证号码校验位不正确');
    assert.equal(
      explainFormat('cn-resident-id', badCheck, 'en'),
      'The check digit of the ID number is wrong',
    );
    assert.equal(
      explainFormat('cn-resident-id', withCheck('00900119900307123'), 'zh-CN'),
      '身份证号码的地区码不正确',
    );
    assert.equal(
      explainFormat('cn-resident-id', withCheck('33900119901307123'), 'en'),
      'The birth date in the ID number is not valid',
    );
    assert.match(explainFormat('cn-resident-id', '12345', 'zh-CN')!, /18位/);
  });

  test('says what is wrong with a credit code', () => {
    const body = '91339000MA2B3C4D5';
    const wrong = `${body}${creditCodeCheckChar(body) === '0' ? '1' : '0'}`;
    assert.equal(explainFormat('cn-credit-code', wrong, 'zh-CN'), '统一社会信用代码校验位不正确');
    const badRegion = '91009000MA2B3C4D5';
    assert.match(
      explainFormat('cn-credit-code', `${badRegion}${creditCodeCheckChar(badRegion)}`, 'en')!,
      /region code/,
    );
    assert.match(explainFormat('cn-credit-code', 'ILLEGAL-CHARS-0000', 'en')!, /no I, O, Z, S, V/);
    assert.equal(explainFormat('uri', 'x', 'en'), undefined, 'other formats keep the validator message');
  });

  test('describes field errors the same way for the server and the web', () => {
    const label = { zh: '姓名', en: 'Full name' };
    assert.deepEqual(describeFieldError({ keyword: 'required', label }, 'zh-CN'), {
      code: 'required',
      message: '请填写姓名',
    });
    assert.deepEqual(describeFieldError({ keyword: 'format', format: 'cn-mobile', value: '1' }, 'en'), {
      code: 'cn-mobile',
      message: 'The mobile number must be 11 digits starting with 1',
    });
    assert.equal(
      describeFieldError({ keyword: 'pattern', fieldCode: 'regionCode' }, 'en')?.message,
      'A region code is 6 digits, e.g. 339001',
    );
    assert.equal(describeFieldError({ keyword: 'minimum' }, 'en'), undefined);
  });
});
