import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { CompactSign, calculateJwkThumbprint, compactVerify, importJWK } from 'jose';
import { sm2 } from 'sm-crypto-v2';
import {
  aeadDecrypt,
  aeadEncrypt,
  CRYPTO_SUITES,
  CryptoError,
  decodeCompactJws,
  digest,
  generateSigningKey,
  jwkThumbprint,
  type PrivateJwk,
  type PublicJwk,
  SIGNING_ALGS,
  type SigningAlg,
  signBytes,
  signCompactJws,
  verifyBytes,
  verifyCompactJws,
} from './crypto.ts';

const hex = (h: string) => Buffer.from(h.replace(/\s+/g, ''), 'hex');
const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const text = (s: string) => Buffer.from(s, 'utf8');

/** sm-crypto-v2's own key format: `04||x||y` and d in hex. */
function sm2Hex(jwk: PrivateJwk): { pub: string; priv: string } {
  const c = (s: string) => Buffer.from(s, 'base64url').toString('hex');
  return { pub: `04${c(jwk.x)}${c(jwk.y ?? '')}`, priv: c(jwk.d) };
}

function sm2JwkFromHex(pubHex: string): PublicJwk {
  const pub = hex(pubHex);
  return { kty: 'EC', crv: 'SM2', x: b64u(pub.subarray(1, 33)), y: b64u(pub.subarray(33, 65)) };
}

describe('signatures', () => {
  for (const alg of SIGNING_ALGS) {
    test(`${alg}: a signature verifies with the public key only, and not for other data or keys`, () => {
      const { publicJwk, privateJwk } = generateSigningKey(alg);
      assert.equal('d' in publicJwk, false);
      const data = text('受理通知书 No. 2026-0001');
      const sig = signBytes(alg, privateJwk, data);
      assert.equal(sig.length, 64);
      assert.equal(verifyBytes(alg, publicJwk, data, sig), true);
      assert.equal(verifyBytes(alg, publicJwk, text('受理通知书 No. 2026-0002'), sig), false);
      const flipped = Buffer.from(sig);
      flipped[10]! ^= 1;
      assert.equal(verifyBytes(alg, publicJwk, data, flipped), false);
      assert.equal(verifyBytes(alg, publicJwk, data, sig.subarray(0, 63)), false);
      assert.equal(verifyBytes(alg, generateSigningKey(alg).publicJwk, data, sig), false);
    });
  }

  test('a key used with the wrong algorithm is refused, not misread', () => {
    const ed = generateSigningKey('EdDSA');
    const es = generateSigningKey('ES256');
    assert.throws(() => signBytes('ES256', ed.privateJwk, text('x')), CryptoError);
    assert.throws(() => signBytes('SM2', es.privateJwk, text('x')), CryptoError);
    const sig = signBytes('ES256', es.privateJwk, text('x'));
    assert.equal(verifyBytes('SM2', es.publicJwk, text('x'), sig), false);
    assert.equal(verifyBytes('EdDSA', es.publicJwk, text('x'), sig), false);
  });

  test('key shapes: Ed25519 is OKP, ES256 and SM2 are EC with 32-byte coordinates', () => {
    const ed = generateSigningKey('EdDSA').publicJwk;
    assert.deepEqual([ed.kty, ed.crv, ed.y], ['OKP', 'Ed25519', undefined]);
    for (const [alg, crv] of [
      ['ES256', 'P-256'],
      ['SM2', 'SM2'],
    ] as const) {
      const { publicJwk, privateJwk } = generateSigningKey(alg);
      assert.deepEqual([publicJwk.kty, publicJwk.crv], ['EC', crv]);
      for (const c of [publicJwk.x, publicJwk.y ?? '', privateJwk.d]) {
        assert.equal(Buffer.from(c, 'base64url').length, 32);
      }
    }
  });

  test('JWK thumbprint is RFC 7638 (same as jose for Ed25519 and P-256), SM3-hashed for national', async () => {
    for (const alg of ['EdDSA', 'ES256'] as const) {
      const { publicJwk } = generateSigningKey(alg);
      const tp = jwkThumbprint(publicJwk);
      assert.equal(tp, await calculateJwkThumbprint({ ...publicJwk }, 'sha256'));
      assert.equal(jwkThumbprint({ ...publicJwk, kid: 'ignored', alg }), tp);
      assert.notEqual(jwkThumbprint(publicJwk, 'national'), tp);
    }
  });
});

describe('SM2 interoperability (GB/T 32918)', () => {
  test('our signature verifies with sm-crypto-v2 doVerifySignature (hash: true, default user id)', () => {
    const { privateJwk } = generateSigningKey('SM2');
    const { pub } = sm2Hex(privateJwk);
    const msg = text('电子证照 签发');
    const sig = signBytes('SM2', privateJwk, msg);
    assert.equal(sm2.doVerifySignature(msg, sig.toString('hex'), pub, { hash: true }), true);
    assert.equal(sm2.doVerifySignature(text('other'), sig.toString('hex'), pub, { hash: true }), false);
  });

  test("sm-crypto-v2's signature (hash: true) verifies with our code", () => {
    const { privateKey, publicKey } = sm2.generateKeyPairHex();
    const msg = text('办件 2026-11-23');
    const sigHex = sm2.doSignature(msg, privateKey, { hash: true });
    const jwk = sm2JwkFromHex(publicKey);
    assert.equal(verifyBytes('SM2', jwk, msg, hex(sigHex)), true);
    assert.equal(verifyBytes('SM2', jwk, text('办件 2026-11-24'), hex(sigHex)), false);
    // Plain SM2 without the Z value (hash: false) is a different signature and must not verify.
    const plain = sm2.doSignature(msg, privateKey);
    assert.equal(verifyBytes('SM2', jwk, msg, hex(plain)), false);
  });

  test('the published GM/T 0003.5-2012 / GB/T 32918.5 Annex A example signature verifies', () => {
    // Recommended curve, ID 1234567812345678, M = "message digest".
    const jwk = sm2JwkFromHex(
      `04 09F9DF31 1E5421A1 50DD7D16 1E4BC5C6 72179FAD 1833FC07 6BB08FF3 56F35020
          CCEA490C E26775A5 2DC6EA71 8CC1AA60 0AED05FB F35E084A 6632F607 2DA9AD13`.replace(/\s+/g, ''),
    );
    const rs = hex(`F5A03B06 48D2C463 0EEAC513 E1BB81A1 5944DA38 27D5B741 43AC7EAC EEE720B3
                    B1B6AA29 DF212FD8 763182BC 0D421CA1 BB9038FD 1F7F42D4 840B69C4 85BBC1AA`);
    assert.equal(verifyBytes('SM2', jwk, text('message digest'), rs), true);
    assert.equal(verifyBytes('SM2', jwk, text('message digesT'), rs), false);
    // The same key, derived from the example's private key d, is what our key import expects.
    const d = '3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8';
    assert.equal(sm2.getPublicKeyFromPrivateKey(d.toLowerCase()), sm2Hex({ ...jwk, d: b64u(hex(d)) }).pub);
    const ours = signBytes('SM2', { ...jwk, d: b64u(hex(d)) }, text('message digest'));
    assert.equal(verifyBytes('SM2', jwk, text('message digest'), ours), true);
  });

  test('out-of-range r or s (0, n) and off-curve keys are refused', () => {
    const { publicJwk } = generateSigningKey('SM2');
    const n = hex('FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');
    const one = Buffer.alloc(32);
    one[31] = 1;
    for (const [r, s] of [
      [Buffer.alloc(32), one],
      [one, Buffer.alloc(32)],
      [n, one],
      [one, n],
    ]) {
      assert.equal(verifyBytes('SM2', publicJwk, text('x'), Buffer.concat([r!, s!])), false);
    }
    const offCurve = { ...publicJwk, y: b64u(Buffer.alloc(32, 7)) };
    assert.equal(verifyBytes('SM2', offCurve, text('x'), Buffer.concat([one, one])), false);
  });
});

describe('digests', () => {
  test('SM3 matches the GB/T 32905 examples', () => {
    assert.deepEqual(
      digest('national', 'abc'),
      hex('66c7f0f4 62eeedd9 d1f2d46b dc10e4e2 4167c487 5cf2f7a2 297da02b 8f4ba8e0'),
    );
    assert.deepEqual(
      digest('national', 'abcd'.repeat(16)),
      hex('debe9ff9 2275b8a1 38604889 c18e5a4d 6fdb70e5 387e5765 293dcba3 9c0c5732'),
    );
  });

  test('SHA-256 for the intl suite (FIPS 180-2 "abc")', () => {
    assert.deepEqual(
      digest('intl', text('abc')),
      hex('ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad'),
    );
  });
});

describe('authenticated encryption', () => {
  for (const suite of CRYPTO_SUITES) {
    test(`${suite}: round trip with AAD; every altered byte, wrong key, AAD or suite is detected`, () => {
      const key = randomBytes(32);
      const plaintext = text('私钥 d = 一段需要保密的内容 / a private key');
      const aad = text('kid-123');
      const sealed = aeadEncrypt(suite, key, plaintext, aad);
      assert.deepEqual(aeadDecrypt(suite, key, sealed, aad), plaintext);
      assert.notDeepEqual(aeadEncrypt(suite, key, plaintext, aad), sealed, 'fresh IV each time');
      assert.equal(sealed.includes(plaintext.subarray(0, 8)), false);
      for (let i = 0; i < sealed.length; i++) {
        const t = Buffer.from(sealed);
        t[i]! ^= 0x01;
        assert.throws(() => aeadDecrypt(suite, key, t, aad), CryptoError, `byte ${i}`);
      }
      assert.throws(() => aeadDecrypt(suite, key, sealed.subarray(0, sealed.length - 1), aad), CryptoError);
      assert.throws(() => aeadDecrypt(suite, randomBytes(32), sealed, aad), CryptoError);
      assert.throws(() => aeadDecrypt(suite, key, sealed, text('kid-124')), CryptoError);
      assert.throws(() => aeadDecrypt(suite, key, sealed), CryptoError);
      const other = suite === 'intl' ? 'national' : 'intl';
      assert.throws(() => aeadDecrypt(other, key, sealed, aad), CryptoError);
      assert.deepEqual(aeadDecrypt(suite, key, aeadEncrypt(suite, key, new Uint8Array(0))), Buffer.alloc(0));
      assert.throws(() => aeadEncrypt(suite, randomBytes(16), plaintext), CryptoError);
    });
  }

  test('national suite is SM4-CTR + HMAC-SM3: 1 + 16-byte IV + ciphertext + 32-byte tag', () => {
    const sealed = aeadEncrypt('national', randomBytes(32), Buffer.alloc(5));
    assert.equal(sealed.length, 1 + 16 + 5 + 32);
    assert.equal(aeadEncrypt('intl', randomBytes(32), Buffer.alloc(5)).length, 1 + 12 + 5 + 16);
  });
});

describe('compact JWS', () => {
  const tamper = (jws: string, part: number, change: (b: Buffer) => Buffer) =>
    jws
      .split('.')
      .map((p, i) => (i === part ? b64u(change(Buffer.from(p, 'base64url'))) : p))
      .join('.');

  for (const alg of SIGNING_ALGS) {
    test(`${alg}: sign, decode and verify; tampered header, payload or signature is rejected`, () => {
      const { publicJwk, privateJwk } = generateSigningKey(alg);
      const kid = jwkThumbprint(publicJwk);
      const payload = { sub: 'case-1', 名称: '营业执照' };
      const jws = signCompactJws({ alg, privateJwk, kid }, payload, { typ: 'tongban-test+jws', alg: 'none' });
      const decoded = decodeCompactJws(jws);
      assert.deepEqual(decoded.header, { typ: 'tongban-test+jws', alg, kid });
      const out = verifyCompactJws(jws, { alg, publicJwk });
      assert.deepEqual(JSON.parse(Buffer.from(out.payload).toString('utf8')), payload);
      assert.equal(out.header.kid, kid);

      const bad = [
        tamper(jws, 0, () => text(JSON.stringify({ typ: 'other', alg, kid }))),
        tamper(jws, 1, () => text(JSON.stringify({ ...payload, sub: 'case-2' }))),
        tamper(jws, 2, (b) => {
          b[0]! ^= 1;
          return b;
        }),
        tamper(jws, 2, () => Buffer.alloc(0)),
        `${jws}x`,
        jws.split('.').slice(0, 2).join('.'),
        `${jws}.x`,
      ];
      for (const t of bad) {
        assert.throws(
          () => verifyCompactJws(t, { alg, publicJwk }),
          (e) => e instanceof CryptoError && e.code === 'JWS_INVALID',
        );
      }
      // A key of another algorithm cannot be substituted through the header.
      const other: SigningAlg = alg === 'EdDSA' ? 'ES256' : 'EdDSA';
      assert.throws(() =>
        verifyCompactJws(jws, { alg: other, publicJwk: generateSigningKey(other).publicJwk }),
      );
    });
  }

  test('raw byte payloads are signed as they are', () => {
    const { publicJwk, privateJwk } = generateSigningKey('SM2');
    const bytes = randomBytes(40);
    const jws = signCompactJws({ alg: 'SM2', privateJwk, kid: 'k1' }, bytes);
    assert.deepEqual(Buffer.from(verifyCompactJws(jws, { alg: 'SM2', publicJwk }).payload), bytes);
  });

  test('a non-canonical base64url segment is refused (no signature malleability)', () => {
    const { publicJwk, privateJwk } = generateSigningKey('EdDSA');
    const jws = signCompactJws({ alg: 'EdDSA', privateJwk, kid: 'k1' }, { a: 1 });
    const parts = jws.split('.');
    // 64 bytes → 86 chars; the last char carries 4 unused bits.
    const sig = parts[2]!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(sig.at(-1)!);
    const sibling = alphabet[last ^ 1]!;
    const forged = [parts[0], parts[1], sig.slice(0, -1) + sibling].join('.');
    assert.deepEqual(Buffer.from(forged.split('.')[2]!, 'base64url'), Buffer.from(sig, 'base64url'));
    assert.throws(() => verifyCompactJws(forged, { alg: 'EdDSA', publicJwk }), CryptoError);
    assert.throws(() => decodeCompactJws('a.b=.c'), CryptoError);
    assert.throws(() => decodeCompactJws('bm90IGpzb24.e30.AA'), CryptoError);
  });

  for (const alg of ['EdDSA', 'ES256'] as const) {
    test(`${alg}: jose.compactVerify accepts our JWS, and we accept jose's`, async () => {
      const { publicJwk, privateJwk } = generateSigningKey(alg);
      const jws = signCompactJws({ alg, privateJwk, kid: 'kid-1' }, { hello: '世界' });
      const key = await importJWK({ ...publicJwk }, alg);
      const { payload, protectedHeader } = await compactVerify(jws, key);
      assert.deepEqual(JSON.parse(Buffer.from(payload).toString('utf8')), { hello: '世界' });
      assert.equal(protectedHeader.alg, alg);
      assert.equal(protectedHeader.kid, 'kid-1');
      const theirs = await new CompactSign(text('from jose'))
        .setProtectedHeader({ alg, kid: 'kid-1' })
        .sign(await importJWK({ ...privateJwk }, alg));
      assert.deepEqual(Buffer.from(verifyCompactJws(theirs, { alg, publicJwk }).payload), text('from jose'));
    });
  }
});
