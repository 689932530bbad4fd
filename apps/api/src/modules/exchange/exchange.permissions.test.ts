import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoApp, demoCitizen, signIn } from '../../testing/demo.ts';
import { type TestApp, TestClient } from '../../testing/harness.ts';
import { DEMO_CITIZEN_ID } from '../identity/index.ts';
import { newKey, registerSystem, type TestSystem } from './exchange.testkit.ts';

type Who = 'anonymous' | 'citizen' | 'hpfOfficer' | 'psbAdmin' | 'hpfAdmin';

/** Each endpoint × caller: the status the caller gets. Clients of HPF are the resource. */
describe('exchange permissions', () => {
  let t: TestApp;
  let as: Record<Who, TestClient>;
  let system: TestSystem;
  let jwks: { keys: object[] };
  let n = 0;

  before(async () => {
    t = await demoApp();
    as = {
      anonymous: new TestClient(t.app),
      citizen: await demoCitizen(t.app),
      hpfOfficer: await signIn(t.app, 'hpf.officer'),
      psbAdmin: await signIn(t.app, 'psb.admin'),
      hpfAdmin: await signIn(t.app, 'hpf.admin'),
    };
    system = await registerSystem(as.hpfAdmin, 'hpf-perm');
    jwks = { keys: [(await newKey('perm-2')).jwk] };
  });
  after(async () => t.close());

  const consentBody = () => ({
    dataset: 'PSB-HOUSEHOLD',
    subject: { kind: 'citizen', idNumber: DEMO_CITIZEN_ID },
    purpose: 'HPF_WITHDRAWAL_CHECK',
    fields: ['name'],
    retentionDays: 30,
    validDays: 30,
  });

  // PSB's dataset: the first PSB admin call publishes it, HPF's admin may not take it over.
  const datasetBody = () => ({
    nameZh: '权限测试数据集',
    nameEn: 'Permission test dataset',
    subjectKind: 'citizen',
    sensitivity: 2,
    fields: ['name'],
    purposes: [
      {
        code: 'HPF_WITHDRAWAL_CHECK',
        nameZh: '住房公积金提取审核',
        nameEn: 'Housing fund withdrawal check',
        descriptionZh: '核对姓名',
        descriptionEn: 'Checks the name',
        legalBases: [],
        fullFields: ['name'],
      },
    ],
    handler: { kind: 'internal', name: 'identity.profile' },
  });

  const endpoints: [string, (c: TestClient) => ReturnType<TestClient['get']>, Record<Who, number>][] = [
    [
      'GET /exchange/datasets',
      (c) => c.get('/api/v1/exchange/datasets'),
      { anonymous: 401, citizen: 403, hpfOfficer: 200, psbAdmin: 200, hpfAdmin: 200 },
    ],
    [
      'GET /admin/exchange/clients',
      (c) => c.get('/api/v1/admin/exchange/clients'),
      { anonymous: 401, citizen: 403, hpfOfficer: 403, psbAdmin: 200, hpfAdmin: 200 },
    ],
    [
      'POST /admin/exchange/clients',
      (c) =>
        c.post('/api/v1/admin/exchange/clients', {
          clientId: `perm-client-${++n}`,
          nameZh: '测试系统',
          nameEn: 'Test system',
          jwks,
        }),
      { anonymous: 401, citizen: 403, hpfOfficer: 403, psbAdmin: 201, hpfAdmin: 201 },
    ],
    [
      'PUT /admin/exchange/clients/:id/jwks',
      (c) => c.put(`/api/v1/admin/exchange/clients/${system.id}/jwks`, { jwks }),
      { anonymous: 401, citizen: 403, hpfOfficer: 403, psbAdmin: 403, hpfAdmin: 200 },
    ],
    [
      'POST /admin/exchange/clients/:id/enable',
      (c) => c.post(`/api/v1/admin/exchange/clients/${system.id}/enable`),
      { anonymous: 401, citizen: 403, hpfOfficer: 403, psbAdmin: 403, hpfAdmin: 200 },
    ],
    [
      'POST /admin/exchange/clients/:id/consent-requests',
      (c) => c.post(`/api/v1/admin/exchange/clients/${system.id}/consent-requests`, consentBody()),
      { anonymous: 401, citizen: 403, hpfOfficer: 201, psbAdmin: 403, hpfAdmin: 201 },
    ],
    [
      'GET /admin/exchange/traffic',
      (c) => c.get('/api/v1/admin/exchange/traffic'),
      { anonymous: 401, citizen: 403, hpfOfficer: 403, psbAdmin: 200, hpfAdmin: 200 },
    ],
    [
      'PUT /admin/exchange/datasets/:code',
      (c) => c.put('/api/v1/admin/exchange/datasets/PSB-PERM', datasetBody()),
      { anonymous: 401, citizen: 403, hpfOfficer: 403, psbAdmin: 200, hpfAdmin: 403 },
    ],
    [
      'POST /admin/exchange/datasets/:code/retire',
      (c) => c.post('/api/v1/admin/exchange/datasets/PSB-PERM/retire'),
      { anonymous: 401, citizen: 403, hpfOfficer: 403, psbAdmin: 200, hpfAdmin: 403 },
    ],
    // Machine routes take a client's bearer token only: a session (even an admin's) is not one.
    [
      'POST /exchange/requests',
      (c) =>
        c.post('/api/v1/exchange/requests', {
          dataset: 'PSB-HOUSEHOLD',
          subject: { kind: 'citizen', idNumber: DEMO_CITIZEN_ID },
          purpose: 'HPF_WITHDRAWAL_CHECK',
          fields: ['name'],
        }),
      { anonymous: 401, citizen: 401, hpfOfficer: 401, psbAdmin: 401, hpfAdmin: 401 },
    ],
    [
      'POST /exchange/consent-requests',
      (c) => c.post('/api/v1/exchange/consent-requests', consentBody()),
      { anonymous: 401, citizen: 401, hpfOfficer: 401, psbAdmin: 401, hpfAdmin: 401 },
    ],
  ];

  for (const [name, call, expected] of endpoints) {
    test(name, async () => {
      const got: Record<string, number> = {};
      for (const who of Object.keys(expected) as Who[]) got[who] = (await call(as[who])).statusCode;
      assert.deepEqual(got, expected);
    });
  }

  test("an admin sees only their own department's clients and cannot name another department", async () => {
    const psb = (await as.psbAdmin.get('/api/v1/admin/exchange/clients')).json();
    assert.ok(psb.items.every((c: { clientId: string }) => c.clientId !== 'hpf-perm'));
    const hpfDept = (await as.hpfAdmin.get('/api/v1/admin/exchange/clients')).json().items[0].departmentId;
    const res = await as.psbAdmin.get(`/api/v1/admin/exchange/clients?departmentId=${hpfDept}`);
    assert.equal(res.statusCode, 403);
  });

  test('a JWKS holding a private key is refused', async () => {
    const { privateKey } = await newKey('leak');
    const { exportJWK } = await import('jose');
    const res = await as.hpfAdmin.post('/api/v1/admin/exchange/clients', {
      clientId: 'leaky-system',
      nameZh: '泄露',
      nameEn: 'Leaky',
      jwks: { keys: [await exportJWK(privateKey)] },
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'EXCHANGE_JWKS_INVALID');
  });
});
