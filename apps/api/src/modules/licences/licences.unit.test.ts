import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateSigningKey, type SigningAlg, signCompactJws } from '../../platform/crypto.ts';
import {
  licenceCredential,
  presentation,
  statusListCredential,
  VC_HEADER,
  type VerifierJwk,
  VP_HEADER,
  verifyCredentialOffline,
  verifyPresentationOffline,
} from './licences.credential.ts';
import { formatLicenceNumber, isLicenceNumber, mod3736Check } from './licences.number.ts';
import {
  bitstringOf,
  decodeBitstring,
  emptyBitstring,
  encodeBitstring,
  getBit,
  STATUS_LIST_BITS,
  setBit,
} from './status-list.ts';

describe('Bitstring Status List', () => {
  test('index 0 is the most significant bit of the first byte; lists round-trip through GZIP + multibase', () => {
    const list = emptyBitstring();
    assert.equal(list.length * 8, STATUS_LIST_BITS);
    setBit(list, 0);
    setBit(list, 9);
    setBit(list, STATUS_LIST_BITS - 1);
    assert.equal(list[0], 0x80);
    assert.equal(list[1], 0x40);
    const encoded = encodeBitstring(list);
    assert.ok(encoded.startsWith('u'));
    const back = decodeBitstring(encoded);
    assert.deepEqual(
      [0, 1, 9, 10, STATUS_LIST_BITS - 1].map((i) => getBit(back, i)),
      [true, false, true, false, true],
    );
    setBit(back, 9, false);
    assert.equal(getBit(back, 9), false);
    assert.throws(() => setBit(back, STATUS_LIST_BITS), RangeError);
  });

  test('an empty 131072-bit list compresses to a few hundred bytes; short or foreign lists are refused', () => {
    assert.ok(encodeBitstring(bitstringOf([])).length < 400);
    assert.throws(() => decodeBitstring(encodeBitstring(new Uint8Array(16))));
    assert.throws(() => decodeBitstring('zabc'));
  });
});

describe('licence numbers (GB/T 36904 style)', () => {
  test('object identifier arc, type, issuer, year + sequence, version and an ISO 7064 MOD 37,36 check', () => {
    const n = formatLicenceNumber({
      typeCode: 'SAMR001',
      regionCode: '339000',
      departmentCode: 'SAMR',
      year: 2026,
      sequence: 42,
    });
    assert.match(n, /^1\.2\.156\.3005\.2\.SAMR001\.339000SAMR\.20260000042\.001\.[0-9A-Z]$/);
    assert.ok(isLicenceNumber(n));
    // One mistyped character, or two neighbours swapped, breaks the check.
    assert.equal(isLicenceNumber(n.replace('20260000042', '20260000043')), false);
    assert.equal(isLicenceNumber(n.replace('20260000042', '20260000024')), false);
    assert.notEqual(mod3736Check('AB'), mod3736Check('BA'));
  });
});

describe('offline verification', () => {
  for (const alg of ['EdDSA', 'SM2', 'ES256'] as SigningAlg[]) {
    test(`${alg}: a licence verifies from cached keys and lists; revoked, tampered and foreign keys do not`, () => {
      const issuerDid = 'did:web:example.gov:dids:dept-1';
      const issuer = generateSigningKey(alg);
      const other = generateSigningKey(alg);
      const keys: VerifierJwk[] = [
        { ...issuer.publicJwk, kid: 'k1', alg, controller: issuerDid, status: 'retired' },
        { ...other.publicJwk, kid: 'k2', alg, controller: 'did:web:example.gov:dids:dept-2' },
      ];
      const url = (p: string) => `https://example.gov/api/v1/status-lists/dept-1/${p}`;
      const vc = licenceCredential({
        credentialId: 'urn:uuid:00000000-0000-7000-8000-000000000001',
        vcType: 'SeniorCard',
        typeNameZh: '老年人优待证',
        typeNameEn: 'Senior card',
        number: 'N-1',
        issuerDid,
        issuerNameZh: '民政局',
        issuerNameEn: 'Civil Affairs',
        validFrom: new Date('2026-01-01T00:00:00Z'),
        validUntil: new Date('2027-01-01T00:00:00Z'),
        holderUrn: 'urn:uuid:00000000-0000-7000-8000-000000000002',
        holderName: '张明',
        fields: { name: '张明', birthDate: '1950-01-01' },
        statusListUrl: url,
        statusIndex: 7,
      });
      const sign = (priv: typeof issuer, kid: string, payload: Record<string, unknown>, header = VC_HEADER) =>
        signCompactJws({ alg, privateJwk: priv.privateJwk, kid }, payload, header);
      const jws = sign(issuer, 'k1', vc);
      const list = (purpose: 'revocation' | 'suspension', revoked: number[]) =>
        sign(
          issuer,
          'k1',
          statusListCredential({
            url: url(purpose),
            issuerDid,
            purpose,
            encodedList: encodeBitstring(bitstringOf(revoked)),
            validFrom: new Date('2026-06-01T00:00:00Z'),
          }),
        );
      const now = new Date('2026-06-01T00:00:00Z');
      const trust = {
        keys: { keys },
        statusLists: {
          [url('revocation')]: list('revocation', [3]),
          [url('suspension')]: list('suspension', []),
        },
        now,
      };
      const ok = verifyCredentialOffline(jws, trust);
      assert.equal(ok.verified, true, JSON.stringify(ok.errors));
      assert.deepEqual(
        ok.checks.map((c) => c.check),
        ['format', 'signature', 'issuerKey', 'validity', 'status', 'status'],
      );
      assert.equal(ok.credential?.holder, '张*');
      assert.equal(ok.credential?.status, 'valid');

      const revoked = verifyCredentialOffline(jws, {
        ...trust,
        statusLists: { ...trust.statusLists, [url('revocation')]: list('revocation', [7]) },
      });
      assert.equal(revoked.verified, false);
      assert.deepEqual(
        revoked.errors.map((e) => e.code),
        ['LICENCE_VERIFY_REVOKED'],
      );
      assert.equal(revoked.credential?.status, 'revoked');

      const expired = verifyCredentialOffline(jws, { ...trust, now: new Date('2027-02-01T00:00:00Z') });
      assert.deepEqual(
        expired.errors.map((e) => e.code),
        ['LICENCE_VERIFY_EXPIRED'],
      );

      const [h, p, s] = jws.split('.') as [string, string, string];
      const forged = Buffer.from(p, 'base64url').toString('utf8').replace('张明', '李四');
      const tampered = verifyCredentialOffline(
        `${h}.${Buffer.from(forged).toString('base64url')}.${s}`,
        trust,
      );
      assert.deepEqual(
        tampered.errors.map((e) => e.code),
        ['LICENCE_VERIFY_SIGNATURE_INVALID'],
      );

      // Signed by a genuine key of another department: the signature holds but the issuer is not its owner.
      const foreign = verifyCredentialOffline(sign(other, 'k2', vc), trust);
      assert.deepEqual(
        foreign.errors.map((e) => e.code),
        ['LICENCE_VERIFY_ISSUER_MISMATCH'],
      );

      const noLists = verifyCredentialOffline(jws, { ...trust, statusLists: {} });
      assert.equal(noLists.verified, false);
      assert.equal(noLists.errors[0]?.code, 'LICENCE_VERIFY_STATUS_UNAVAILABLE');

      const compromised = verifyCredentialOffline(jws, {
        ...trust,
        keys: { keys: [{ ...keys[0]!, status: 'compromised' as const }] },
      });
      assert.deepEqual(
        compromised.errors.map((e) => e.code),
        ['LICENCE_VERIFY_KEY_COMPROMISED'],
      );

      // A presentation by the platform, bound to a nonce, alive two minutes.
      const platformDid = 'did:web:example.gov';
      const platform = generateSigningKey(alg);
      const withPlatform = {
        ...trust,
        keys: { keys: [...keys, { ...platform.publicJwk, kid: 'p1', alg, controller: platformDid }] },
        presenterDid: platformDid,
      };
      const vp = sign(
        platform,
        'p1',
        presentation({
          id: 'urn:uuid:x',
          holderUrn: 'urn:uuid:00000000-0000-7000-8000-000000000002',
          credentialJws: jws,
          nonce: 'nonce-123456',
          issuedAt: now,
        }),
        VP_HEADER,
      );
      assert.equal(verifyPresentationOffline(vp, withPlatform).verified, true);
      const late = verifyPresentationOffline(vp, { ...withPlatform, now: new Date(now.getTime() + 121_000) });
      assert.deepEqual(
        late.errors.map((e) => e.code),
        ['LICENCE_VERIFY_PRESENTATION_EXPIRED'],
      );
      const wrong = verifyPresentationOffline(vp, { ...withPlatform, challenge: 'other-nonce' });
      assert.deepEqual(
        wrong.errors.map((e) => e.code),
        ['LICENCE_VERIFY_NONCE_MISMATCH'],
      );
    });
  }
});
