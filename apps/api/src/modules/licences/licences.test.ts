import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoApp, demoCitizen, demoEnterprise, signIn } from '../../testing/demo.ts';
import { type TestApp, TestClient } from '../../testing/harness.ts';
import { getServiceItem } from '../catalogue/index.ts';
import { verifyCredentialOffline } from './licences.credential.ts';
import {
  accountIdOf,
  approvedBusinessLicenceCase,
  cachedTrust,
  issueSeniorCard,
} from './licences.testkit.ts';
import { decodeBitstring, getBit } from './status-list.ts';

const payloadOf = (jws: string) => JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8'));
const headerOf = (jws: string) => JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString('utf8'));

for (const suite of ['intl', 'national'] as const) {
  describe(`licences (${suite} suite)`, () => {
    let t: TestApp;
    let citizen: TestClient;
    let citizenId: string;
    const anon = () => new TestClient(t.app);
    const expectedAlg = suite === 'national' ? 'SM2' : 'EdDSA';

    before(async () => {
      t = await demoApp(suite === 'national' ? { cryptoSuite: 'national' } : {});
      citizen = await demoCitizen(t.app);
      citizenId = await accountIdOf(citizen);
    });
    after(() => t.close());

    test('approving a business licence case issues the enterprise a vc+jwt licence, once', async () => {
      const enterprise = await demoEnterprise(t.app);
      const held = (await enterprise.get('/api/v1/me/licences')).json().items.length;
      const caseId = await approvedBusinessLicenceCase(t, enterprise);
      // Redelivered events issue nothing twice.
      await t.app.platform.outbox.drain();
      const list = await enterprise.get('/api/v1/me/licences');
      assert.equal(list.statusCode, 200, list.body);
      const items = list.json().items;
      assert.equal(items.length, held + 1);
      assert.equal(items[0].typeCode, 'business_licence');
      assert.equal(items[0].status, 'valid');
      assert.equal(items[0].validUntil, null);
      assert.match(items[0].number, /^1\.2\.156\.3005\.2\.SAMR001\.339000SAMR\.\d{11}\.001\.[0-9A-Z]$/);

      const detail = (await enterprise.get(`/api/v1/me/licences/${items[0].id}`)).json();
      assert.equal(detail.caseId, caseId);
      assert.equal(detail.issuerNameZh, '市场监督管理局');
      assert.deepEqual(
        detail.fields.find((f: { name: string }) => f.name === 'companyName'),
        { name: 'companyName', labelZh: '名称', labelEn: 'Name', value: '明湖通证科技有限公司' },
      );

      const vc = await enterprise.get(`/api/v1/me/licences/${items[0].id}/vc`);
      assert.equal(vc.statusCode, 200);
      assert.match(String(vc.headers['content-type']), /^application\/vc\+jwt/);
      assert.equal(vc.headers['content-disposition'], `attachment; filename="${items[0].number}.jwt"`);
      const header = headerOf(vc.body);
      assert.equal(header.typ, 'vc+jwt');
      assert.equal(header.cty, 'vc');
      assert.equal(header.alg, expectedAlg);
      const credential = payloadOf(vc.body);
      assert.deepEqual(credential['@context'], ['https://www.w3.org/ns/credentials/v2']);
      assert.deepEqual(credential.type, ['VerifiableCredential', 'TongbanLicence', 'BusinessLicence']);
      assert.equal(credential.id, `urn:uuid:${items[0].id}`);
      assert.match(credential.issuer.id, /^did:web:.+:dids:/);
      assert.equal(credential.credentialSubject.id, `urn:uuid:${await accountIdOf(enterprise)}`);
      assert.deepEqual(
        credential.credentialStatus.map((s: { type: string; statusPurpose: string }) => [
          s.type,
          s.statusPurpose,
        ]),
        [
          ['BitstringStatusListEntry', 'revocation'],
          ['BitstringStatusListEntry', 'suspension'],
        ],
      );

      // The holder is told, with a link to the licence in the wallet.
      const inbox = (await enterprise.get('/api/v1/me/notifications?limit=100')).json().items;
      assert.ok(inbox.some((m: { link: string }) => m.link === `/me/licences/${items[0].id}`));

      // Another citizen's wallet does not see it; anonymous callers are asked to sign in.
      assert.equal((await citizen.get(`/api/v1/me/licences/${items[0].id}`)).statusCode, 404);
      assert.equal((await anon().get('/api/v1/me/licences')).statusCode, 401);
      const verified = await anon().post('/api/v1/credentials/verify', { verifiableCredential: vc.body });
      assert.equal(verified.json().verified, true, verified.body);
      assert.equal(verified.json().credential.holder, '明湖云帆科技有限公司');
    });

    test('an approval that comes before the answers (instant approval) issues once they arrive; a revoked decision revokes it', async () => {
      const item = await getServiceItem(t.app.platform.db, 'CAB-ELD');
      assert.ok(item);
      const caseId = '01990000-0000-7000-8000-0000000000c1';
      const outbox = t.app.platform.outbox;
      const event = { caseId, caseNumber: 'TB-339000-2026-TEST1', applicantId: citizenId };
      // As an instant approval writes them: the status change first, then the submission.
      await t.app.platform.db.transaction().execute(async (tx) => {
        await outbox.enqueue(tx, 'application.statusChanged', {
          ...event,
          from: 'submitted',
          to: 'approved',
        });
        await outbox.enqueue(tx, 'application.submitted', {
          ...event,
          itemId: item.id,
          formData: {
            applicant: { name: '张明', idNumber: '339001195503151234', birthDate: '1955-03-15' },
            card: { cardType: 'physical' },
          },
        });
      });
      await outbox.drain();
      const mine = (await citizen.get('/api/v1/me/licences?type=senior_card&limit=100')).json().items;
      const issued = [];
      for (const l of mine) {
        const d = (await citizen.get(`/api/v1/me/licences/${l.id}`)).json();
        if (d.caseId === caseId) issued.push(d);
      }
      assert.equal(issued.length, 1);
      assert.deepEqual(
        issued[0].fields.map((f: { name: string; value: unknown }) => [f.name, f.value]),
        [
          ['name', '张明'],
          ['birthDate', '1955-03-15'],
          ['idNumber', '339001195503151234'],
          ['cardType', 'physical'],
        ],
      );
      await t.app.platform.db.transaction().execute((tx) =>
        outbox.enqueue(tx, 'application.revoked', {
          ...event,
          itemId: item.id,
          decisionRevoked: true,
          reason: 'deferral_expired',
        }),
      );
      await outbox.drain();
      assert.equal((await citizen.get(`/api/v1/me/licences/${issued[0].id}`)).json().status, 'revoked');
    });

    test('a licence verifies publicly; a tampered one does not; the offline verifier agrees', async () => {
      const { jws } = await issueSeniorCard(t, citizenId);
      const ok = await anon().post('/api/v1/credentials/verify', {
        verifiableCredential: { type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${jws}` },
      });
      assert.equal(ok.statusCode, 200, ok.body);
      const result = ok.json();
      assert.equal(result.verified, true, ok.body);
      assert.deepEqual(
        result.checks.map((c: { check: string }) => c.check),
        ['format', 'signature', 'issuerKey', 'validity', 'status', 'status'],
      );
      assert.equal(result.credential.holder, '张*');
      assert.equal(result.credential.typeNameZh, '老年人优待证');
      assert.equal(
        result.credential.fields.find((f: { name: string }) => f.name === 'birthDate').value,
        '1********5',
      );

      const cabId = payloadOf(jws).issuer.id.split(':').at(-1);
      const offline = verifyCredentialOffline(jws, await cachedTrust(t, jws, [cabId]));
      assert.equal(offline.verified, true, JSON.stringify(offline.errors));
      assert.deepEqual(offline.checks, result.checks);

      const [h, , s] = jws.split('.');
      const forged = JSON.stringify({ ...payloadOf(jws), validUntil: '2099-01-01T00:00:00Z' });
      const tampered = await anon().post('/api/v1/credentials/verify', {
        verifiableCredential: `${h}.${Buffer.from(forged).toString('base64url')}.${s}`,
      });
      assert.equal(tampered.json().verified, false);
      assert.deepEqual(
        tampered.json().errors.map((e: { code: string }) => e.code),
        ['LICENCE_VERIFY_SIGNATURE_INVALID'],
      );
      const garbage = await anon().post('/api/v1/credentials/verify', { verifiableCredential: 'not-a-jws' });
      assert.deepEqual(
        garbage.json().errors.map((e: { code: string }) => e.code),
        ['LICENCE_VERIFY_MALFORMED'],
      );
    });

    test('the holder downloads the licence as a sealed PDF', async () => {
      const { id } = await issueSeniorCard(t, citizenId);
      const pdf = await citizen.get(`/api/v1/me/licences/${id}/pdf`);
      assert.equal(pdf.statusCode, 200, pdf.body.slice(0, 300));
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.match(
        String(pdf.headers['content-disposition']),
        /^attachment; filename="1\.2\.156\.3005\.2\.CAB001\./,
      );
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
      assert.equal(
        (await (await demoEnterprise(t.app)).get(`/api/v1/me/licences/${id}/pdf`)).statusCode,
        404,
      );
    });

    test('presentations: verified once, a replay refused, a wrong challenge refused, expired after 2 minutes', async () => {
      const { id } = await issueSeniorCard(t, citizenId);
      const shown = await citizen.post(`/api/v1/me/licences/${id}/presentations`, {});
      assert.equal(shown.statusCode, 201, shown.body);
      const { verifiablePresentation: vp, verifyUrl, expiresAt } = shown.json();
      assert.equal(headerOf(vp).typ, 'vp+jwt');
      assert.ok(verifyUrl.endsWith(`/verify#vp=${vp}`));
      assert.equal(payloadOf(vp).exp - payloadOf(vp).iat, 120);
      assert.ok(Date.parse(expiresAt) > Date.now());

      const first = await anon().post('/api/v1/presentations/verify', { verifiablePresentation: vp });
      assert.equal(first.json().verified, true, first.body);
      assert.ok(
        first.json().checks.some((c: { check: string; passed: boolean }) => c.check === 'nonce' && c.passed),
      );
      const replay = await anon().post('/api/v1/presentations/verify', { verifiablePresentation: vp });
      assert.equal(replay.json().verified, false);
      assert.deepEqual(
        replay.json().errors.map((e: { code: string }) => e.code),
        ['LICENCE_VERIFY_NONCE_REPLAYED'],
      );

      const bound = (
        await citizen.post(`/api/v1/me/licences/${id}/presentations`, { challenge: 'verifier-challenge-1' })
      ).json().verifiablePresentation;
      const wrong = await anon().post('/api/v1/presentations/verify', {
        verifiablePresentation: bound,
        options: { challenge: 'another-challenge' },
      });
      assert.deepEqual(
        wrong.json().errors.map((e: { code: string }) => e.code),
        ['LICENCE_VERIFY_NONCE_MISMATCH'],
      );
      const right = await anon().post('/api/v1/presentations/verify', {
        verifiablePresentation: bound,
        options: { challenge: 'verifier-challenge-1' },
      });
      assert.equal(right.json().verified, true, right.body);

      const later = (await citizen.post(`/api/v1/me/licences/${id}/presentations`, {})).json()
        .verifiablePresentation;
      t.clock.now = new Date(Date.now() + 121_000);
      const expired = await anon().post('/api/v1/presentations/verify', { verifiablePresentation: later });
      assert.deepEqual(
        expired.json().errors.map((e: { code: string }) => e.code),
        ['LICENCE_VERIFY_PRESENTATION_EXPIRED'],
      );
      t.clock.now = new Date();
      // Someone else's licence cannot be shown.
      const enterprise = await demoEnterprise(t.app);
      assert.equal((await enterprise.post(`/api/v1/me/licences/${id}/presentations`, {})).statusCode, 404);
    });

    test('revoked licences are reported revoked: the bit is set in the published status list', async () => {
      const { id, jws } = await issueSeniorCard(t, citizenId);
      const head = await signIn(t.app, 'cab.head');
      const revoked = await head.post(`/api/v1/licences/${id}/status`, {
        action: 'revoke',
        reason: '持证人已迁出本市',
      });
      assert.equal(revoked.statusCode, 200, revoked.body);
      assert.equal(revoked.json().status, 'revoked');

      const entry = payloadOf(jws).credentialStatus[0];
      const list = await anon().get(new URL(entry.statusListCredential).pathname);
      assert.equal(list.statusCode, 200);
      assert.match(String(list.headers['content-type']), /^application\/vc\+jwt/);
      const listVc = payloadOf(list.body);
      assert.deepEqual(listVc.type, ['VerifiableCredential', 'BitstringStatusListCredential']);
      assert.equal(
        getBit(decodeBitstring(listVc.credentialSubject.encodedList), Number(entry.statusListIndex)),
        true,
      );
      const again = await anon().get(new URL(entry.statusListCredential).pathname, {
        'if-none-match': String(list.headers.etag),
      });
      assert.equal(again.statusCode, 304);

      const verified = await anon().post('/api/v1/credentials/verify', { verifiableCredential: jws });
      assert.equal(verified.json().verified, false);
      assert.deepEqual(
        verified.json().errors.map((e: { code: string }) => e.code),
        ['LICENCE_VERIFY_REVOKED'],
      );
      assert.equal(verified.json().credential.status, 'revoked');
      const wallet = (await citizen.get(`/api/v1/me/licences/${id}`)).json();
      assert.equal(wallet.status, 'revoked');
      assert.equal(wallet.statusReason, '持证人已迁出本市');
      // Revocation is final.
      const back = await head.post(`/api/v1/licences/${id}/status`, {
        action: 'reinstate',
        reason: '误操作恢复',
      });
      assert.equal(back.statusCode, 409);
      const offline = verifyCredentialOffline(
        jws,
        await cachedTrust(t, jws, [revoked.json().issuerDepartmentId]),
      );
      assert.deepEqual(
        offline.errors.map((e) => e.code),
        ['LICENCE_VERIFY_REVOKED'],
      );
    });

    test('a residence permit expires after its year: the wallet and verifiers say so', async () => {
      const officer = await signIn(t.app, 'psb.officer');
      const issued = await officer.post('/api/v1/credentials/issue', {
        credential: {
          type: ['VerifiableCredential', 'ResidencePermit'],
          credentialSubject: {
            id: `urn:uuid:${citizenId}`,
            name: '张明',
            residenceAddress: '东湖区明湖路1号',
          },
        },
      });
      assert.equal(issued.statusCode, 201, issued.body);
      const { licenceId, verifiableCredential } = issued.json();
      const detail = (await citizen.get(`/api/v1/me/licences/${licenceId}`)).json();
      assert.equal(Date.parse(detail.validUntil) - Date.parse(detail.validFrom) >= 365 * 86_400_000, true);
      t.clock.now = new Date(Date.parse(detail.validUntil) + 86_400_000);
      try {
        // A year on, the earlier session is long gone: sign in again.
        const later = await demoCitizen(t.app);
        assert.equal((await later.get(`/api/v1/me/licences/${licenceId}`)).json().status, 'expired');
        const expired = (await later.get('/api/v1/me/licences?status=expired')).json().items;
        assert.deepEqual(
          expired.map((l: { id: string }) => l.id),
          [licenceId],
        );
        const verified = (await anon().post('/api/v1/credentials/verify', { verifiableCredential })).json();
        assert.equal(verified.verified, false);
        assert.deepEqual(
          verified.errors.map((e: { code: string }) => e.code),
          ['LICENCE_VERIFY_EXPIRED'],
        );
        assert.equal(verified.credential.status, 'expired');
      } finally {
        t.clock.now = new Date();
      }
    });

    test('a licence signed by a since-rotated key still verifies', async () => {
      const { jws } = await issueSeniorCard(t, citizenId);
      const admin = await signIn(t.app, 'cab.admin');
      const kid = headerOf(jws).kid;
      const rotated = await admin.post(`/api/v1/admin/trust/keys/${encodeURIComponent(kid)}/rotate`, {});
      assert.ok(rotated.statusCode < 300, rotated.body);
      const fresh = await issueSeniorCard(t, citizenId);
      assert.notEqual(headerOf(fresh.jws).kid, kid);
      const old = await anon().post('/api/v1/credentials/verify', { verifiableCredential: jws });
      assert.equal(old.json().verified, true, old.body);
      assert.ok(
        old
          .json()
          .checks.some(
            (c: { check: string; detail?: string }) => c.check === 'issuerKey' && c.detail === 'retired',
          ),
      );
    });
  });
}
