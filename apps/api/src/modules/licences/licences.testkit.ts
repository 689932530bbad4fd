// Test support for the licences tests: a business licence case filed by the demo enterprise and
// approved through its three steps, licences issued directly through the VC API, the trust an
// offline verifier caches (keys by issuer DID, status lists by URL), fetched over HTTP.
import assert from 'node:assert/strict';
import { residentId, signIn, upload } from '../../testing/demo.ts';
import { type TestApp, TestClient } from '../../testing/harness.ts';
import { didFor } from '../trust/index.ts';
import type { OfflineTrust } from './licences.credential.ts';

export function businessLicenceForm() {
  return {
    company: {
      companyName: '明湖通证科技有限公司',
      enterpriseType: 'limited_liability',
      registeredCapitalFen: 50_000_000,
      businessScope: '软件开发；数据处理服务',
      registeredAddress: '东湖区明湖路8号创业大厦1203室',
      regionCode: '339001',
    },
    legalRep: { legalRepName: '李云帆', idNumber: residentId(81), phone: '13900139000' },
  };
}

/** Files SAMR-BL as the demo enterprise and has SAMR's window, officer and head approve it. */
export async function approvedBusinessLicenceCase(t: TestApp, enterprise: TestClient): Promise<string> {
  const created = await enterprise.post('/api/v1/applications', {
    serviceId: 'SAMR-BL',
    formData: businessLicenceForm(),
  });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().id as string;
  for (const code of ['application_form', 'articles', 'shareholder_ids']) {
    assert.equal((await upload(enterprise, id, code)).statusCode, 201);
  }
  const submitted = await enterprise.post(`/api/v1/applications/${id}/submit`);
  assert.equal(submitted.statusCode, 200, submitted.body);
  await t.app.platform.outbox.drain();
  for (const login of ['samr.window', 'samr.officer', 'samr.head']) {
    const officer = await signIn(t.app, login);
    const view = await officer.get(`/api/v1/cases/${id}`);
    assert.equal(view.statusCode, 200, view.body);
    const task = view.json().openTask;
    assert.ok(task, `${login} has the open task`);
    const done = await officer.post(`/api/v1/tasks/${task.taskId}/complete`, { outcome: 'approve' });
    assert.equal(done.statusCode, 200, done.body);
    await t.app.platform.outbox.drain();
  }
  return id;
}

export async function accountIdOf(c: TestClient): Promise<string> {
  const me = await c.get('/api/v1/me');
  assert.equal(me.statusCode, 200, me.body);
  return me.json().account.id as string;
}

/** A senior card for `holderId` issued through the VC API by CAB's officer; returns the licence id and JWS. */
export async function issueSeniorCard(t: TestApp, holderId: string, by?: TestClient) {
  const officer = by ?? (await signIn(t.app, 'cab.officer'));
  const res = await officer.post('/api/v1/credentials/issue', {
    credential: {
      type: ['VerifiableCredential', 'SeniorCard'],
      credentialSubject: {
        id: `urn:uuid:${holderId}`,
        name: '张明',
        birthDate: '1955-03-15',
        cardType: 'electronic',
      },
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  const body = res.json();
  const jws = (body.verifiableCredential.id as string).slice('data:application/vc+jwt,'.length);
  return { id: body.licenceId as string, number: body.number as string, jws };
}

/** What a verifier would have cached: each issuer's JWKS under its DID, the status lists the credential names. */
export async function cachedTrust(t: TestApp, jws: string, issuerOwners: string[]): Promise<OfflineTrust> {
  const anon = new TestClient(t.app);
  const keys: OfflineTrust['keys'] = {};
  for (const owner of issuerOwners) {
    const res = await anon.get(`/api/v1/trust/jwks/${owner}`);
    assert.equal(res.statusCode, 200, res.body);
    (keys as Record<string, { keys: never[] }>)[didFor(t.app.platform, owner)] = res.json();
  }
  const vc = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8'));
  const statusLists: Record<string, string> = {};
  for (const entry of vc.credentialStatus as { statusListCredential: string }[]) {
    const url = new URL(entry.statusListCredential);
    const res = await anon.get(url.pathname);
    assert.equal(res.statusCode, 200, res.body);
    statusLists[entry.statusListCredential] = res.body;
  }
  return { keys, statusLists, now: t.app.platform.now() };
}
