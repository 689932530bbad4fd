import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { blindIndex, decryptField, encryptField, FieldKeyError, fieldKeys } from './pii.ts';

const keys = fieldKeys(randomBytes(32).toString('base64url'));

describe('field encryption and blind index', () => {
  test('a value round-trips, and each encryption looks different', () => {
    const a = encryptField(keys, '33900119900315123X');
    const b = encryptField(keys, '33900119900315123X');
    assert.notEqual(a, b);
    assert.ok(a.startsWith('v1.'));
    assert.ok(!a.includes('339001'));
    assert.equal(decryptField(keys, a), '33900119900315123X');
    assert.equal(decryptField(keys, encryptField(keys, '张明 ✓')), '张明 ✓');
  });

  test('a tampered ciphertext, tag or IV is detected', () => {
    const stored = encryptField(keys, '13800138000');
    const parts = stored.split('.');
    for (const i of [1, 2, 3]) {
      const bytes = Buffer.from(parts[i]!, 'base64url');
      bytes[0]! ^= 1;
      const tampered = parts.map((p, j) => (j === i ? bytes.toString('base64url') : p)).join('.');
      assert.throws(() => decryptField(keys, tampered), FieldKeyError);
    }
    assert.throws(() => decryptField(keys, 'v2.a.b.c'), FieldKeyError);
    assert.throws(() => decryptField(keys, 'not encrypted'), FieldKeyError);
  });

  test('a value encrypted under another key does not decrypt', () => {
    const other = fieldKeys(randomBytes(32).toString('base64url'));
    assert.throws(() => decryptField(other, encryptField(keys, 'secret')), FieldKeyError);
  });

  test('the blind index is stable per key, differs between values and keys', () => {
    const again = fieldKeys(keys.encryption.toString('base64url'));
    assert.equal(blindIndex(keys, 'abc'), blindIndex(again, 'abc'));
    assert.notEqual(blindIndex(keys, 'abc'), blindIndex(keys, 'abd'));
    const other = fieldKeys(randomBytes(32).toString('base64url'));
    assert.notEqual(blindIndex(keys, 'abc'), blindIndex(other, 'abc'));
    assert.match(blindIndex(keys, 'abc'), /^[0-9a-f]{64}$/);
  });

  test('keys of the wrong length are refused', () => {
    assert.throws(() => fieldKeys(randomBytes(16).toString('base64url')), FieldKeyError);
  });
});
