import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkResidentId,
  creditCodeCheckChar,
  isCreditCode,
  isMobilePhone,
  isResidentId,
  maskName,
  maskPhone,
  maskResidentId,
  residentIdCheckChar,
} from './validators.ts';

describe('resident identity number (GB 11643)', () => {
  test('accepts the standard example and parses it', () => {
    // The worked example of GB 11643-1999 appendix: 11010519491231002X.
    assert.deepEqual(checkResidentId('11010519491231002X', '2026-01-01'), {
      regionCode: '110105',
      birthDate: '1949-12-31',
      sex: 'female',
    });
    assert.equal(isResidentId('11010519491231002x'), true, 'lower-case x is accepted');
  });
  test('computes the check character', () => {
    assert.equal(residentIdCheckChar('11010519491231002'), 'X');
    assert.equal(residentIdCheckChar('44052418800101001'), '4');
  });
  test('names the first problem found', () => {
    assert.equal(checkResidentId('1101051949123100'), 'format');
    assert.equal(checkResidentId('99010519491231002X'), 'region');
    assert.equal(checkResidentId('110105194902300021'), 'birthDate', 'no 30 February');
    assert.equal(checkResidentId('110105209912310023', '2026-11-23'), 'birthDate', 'not born in the future');
    assert.equal(checkResidentId('110105194912310021'), 'checkDigit');
  });
});

describe('unified social credit code (GB 32100)', () => {
  test('accepts real-format codes with the right check character', () => {
    assert.equal(isCreditCode('91350100M000100Y43'), true);
    const first17 = '91330100MA2XXXX0A';
    assert.equal(isCreditCode(first17 + creditCodeCheckChar(first17)), true);
  });
  test('rejects a wrong check character, forbidden letters and bad lengths', () => {
    assert.equal(isCreditCode('91350100M000100Y44'), false);
    assert.equal(isCreditCode('91350100M000100I43'), false);
    assert.equal(isCreditCode('91350100M000100Y4'), false);
    assert.equal(isCreditCode('91990100M000100Y43'), false, 'unknown province');
  });
});

describe('phones and masking', () => {
  test('mobile numbers', () => {
    assert.equal(isMobilePhone('13812345678'), true);
    assert.equal(isMobilePhone('12812345678'), false);
    assert.equal(isMobilePhone('1381234567'), false);
  });
  test('masks keep only what a viewer may see', () => {
    assert.equal(maskResidentId('11010519491231002X'), '110105********002X');
    assert.equal(maskPhone('13812345678'), '138****5678');
    assert.equal(maskName('张三丰'), '张**');
    assert.equal(maskName('李'), '*');
  });
});
