import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoApp, demoCitizen, signIn } from '../../testing/demo.ts';
import { type TestApp, TestClient } from '../../testing/harness.ts';
import { DEMO_CITIZEN_ID } from '../identity/index.ts';
import { didFor } from '../trust/index.ts';
import { verifyQrPresentationOffline } from './licences.qr.ts';
import { accountIdOf, cachedTrust, issueSeniorCard } from './licences.testkit.ts';

const part = (jws: string, i: number) =>
  JSON.parse(Buffer.from(jws.split('.')[i]!, 'base64url').toString('utf8'));
const codes = (res: { json(): { errors: { code: string }[] } }) => res.json().errors.map((e) => e.code);
const passed = (res: { json(): { checks: { check: string; passed: boolean }[] } }, check: string) =>
  res
    .json()
    .checks.filter((c) => c.check === check)
    .every((c) => c.passed) && res.json().checks.some((c) => c.check === check);

const payloadTypeOf = (q: string) => part(q, 1).lic.type as string;

/** The compact presentation in the QR code must fit one that phones scan well. */
const QR_JWT_MAX_BYTES = 900;

for (const suite of ['intl', 'national'] as const) {
  describe(`licences compact QR presentation (${suite} suite)`, () => {
    let t: TestApp;
    let citizen: TestClient;
    let citizenId: string;
    const anon = () => new TestClient(t.app);
    const show = async (id: string, body: Record<string, string> = {}) => {
      const res = await citizen.post(`/api/v1/me/licences/${id}/presentations`, body);
      assert.equal(res.statusCode, 201, res.body);
      return res.json() as {
        qrPresentation: string;
        qrUrl: string;
        verifiablePresentation: string;
        nonce: string;
      };
    };
    const verify = (q: string, challenge?: string) =>
      anon().post('/api/v1/presentations/verify', {
        verifiablePresentation: q,
        ...(challenge ? { options: { challenge } } : {}),
      });

    before(async () => {
      t = await demoApp(suite === 'national' ? { cryptoSuite: 'national' } : {});
      citizen = await demoCitizen(t.app);
      citizenId = await accountIdOf(citizen);
    });
    after(() => t.close());

    test('the QR code holds a compact presentation that verifies online, once, and discloses no ID number', async (t0) => {
      const held = (await citizen.get('/api/v1/me/licences')).json().items as {
        id: string;
        typeCode: string;
      }[];
      const household = held.find((l) => l.typeCode === 'household_register');
      assert.ok(household, 'the demo citizen holds a household register with their ID number');
      const senior = await issueSeniorCard(t, citizenId);
      for (const id of [household.id, senior.id]) {
        const shown = await show(id);
        const { qrPresentation: q } = shown;
        assert.equal(part(q, 0).typ, 'licence-qr+jwt');
        assert.equal(part(q, 0).alg, suite === 'national' ? 'SM2' : 'EdDSA');
        assert.ok(shown.qrUrl.endsWith(`/verify#q=${q}`));
        // Measured: 785–807 bytes (EdDSA and SM2), where the full vp+jwt is ~3.5–3.7 KB.
        assert.ok(
          q.length <= QR_JWT_MAX_BYTES,
          `compact presentation is ${q.length} bytes: ${JSON.stringify(part(q, 0))} ${JSON.stringify(part(q, 1))}`,
        );
        assert.ok(shown.verifiablePresentation.length > 2 * q.length);
        t0.diagnostic(
          `${suite} ${payloadTypeOf(q)}: QR ${q.length} bytes, vp+jwt ${shown.verifiablePresentation.length} bytes`,
        );
        const payload = part(q, 1);
        assert.equal(payload.iss, didFor(t.app.platform, 'platform'));
        assert.equal(payload.sub, `urn:uuid:${citizenId}`);
        assert.equal(payload.jti, shown.nonce);
        assert.equal(payload.exp - payload.iat, 120);
        assert.equal(payload.name, '张*');
        assert.ok(!JSON.stringify(payload).includes(DEMO_CITIZEN_ID), 'no full resident ID number');
        assert.ok(!JSON.stringify(payload).includes('张明'), 'no full name');

        const first = await verify(q);
        assert.equal(first.json().verified, true, first.body);
        for (const check of [
          'signature',
          'expiry',
          'validity',
          'status',
          'digest',
          'holder',
          'disclosure',
          'nonce',
        ]) {
          assert.ok(passed(first, check), `${check} passed`);
        }
        assert.equal(first.json().credential.status, 'valid');
        assert.equal(first.json().credential.holder, '张*');
        assert.ok(!first.body.includes(DEMO_CITIZEN_ID));
        const replay = await verify(q);
        assert.equal(replay.json().verified, false);
        assert.deepEqual(codes(replay), ['LICENCE_VERIFY_NONCE_REPLAYED']);
      }
      assert.equal(part((await show(senior.id)).qrPresentation, 1).fields.cardType, 'electronic');
    });

    test('a wrong challenge, an expired code and a forged disclosure are refused', async () => {
      const { id } = await issueSeniorCard(t, citizenId);
      const bound = (await show(id, { challenge: 'counter-7-challenge' })).qrPresentation;
      assert.deepEqual(codes(await verify(bound, 'another-challenge')), ['LICENCE_VERIFY_NONCE_MISMATCH']);
      assert.equal((await verify(bound, 'counter-7-challenge')).json().verified, true);

      const later = (await show(id)).qrPresentation;
      t.clock.now = new Date(Date.now() + 121_000);
      try {
        assert.deepEqual(codes(await verify(later)), ['LICENCE_VERIFY_PRESENTATION_EXPIRED']);
      } finally {
        t.clock.now = new Date();
      }

      const [h, , s] = (await show(id)).qrPresentation.split('.');
      const changed = { ...part((await show(id)).qrPresentation, 1), name: '李*' };
      const forged = `${h}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${s}`;
      assert.deepEqual(codes(await verify(forged)), ['LICENCE_VERIFY_SIGNATURE_INVALID']);
    });

    test('a revoked licence is reported revoked, online and by the offline verifier from its cached list', async () => {
      const { id, jws } = await issueSeniorCard(t, citizenId);
      const before = (await show(id)).qrPresentation;
      const cab = part(jws, 1).issuer.id.split(':').at(-1);
      const trustBefore = await cachedTrust(t, jws, ['platform', cab]);
      const offlineValid = verifyQrPresentationOffline(before, {
        ...trustBefore,
        presenterDid: didFor(t.app.platform, 'platform'),
      });
      assert.equal(offlineValid.verified, true, JSON.stringify(offlineValid.errors));
      assert.deepEqual(
        offlineValid.checks.map((c) => c.check),
        ['format', 'signature', 'issuerKey', 'expiry', 'validity', 'status', 'status'],
      );

      const head = await signIn(t.app, 'cab.head');
      const revoked = await head.post(`/api/v1/licences/${id}/status`, {
        action: 'revoke',
        reason: '持证人已迁出本市',
      });
      assert.equal(revoked.statusCode, 200, revoked.body);
      const q = (await show(id)).qrPresentation;
      const online = await verify(q);
      assert.equal(online.json().verified, false);
      assert.equal(online.json().credential.status, 'revoked');
      assert.ok(codes(online).includes('LICENCE_VERIFY_REVOKED'));

      const offline = verifyQrPresentationOffline(q, {
        ...(await cachedTrust(t, jws, ['platform', cab])),
        presenterDid: didFor(t.app.platform, 'platform'),
      });
      assert.equal(offline.verified, false);
      assert.equal(offline.credential?.status, 'revoked');
    });
  });
}
