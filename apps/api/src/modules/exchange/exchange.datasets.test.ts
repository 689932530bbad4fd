import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { demoApp, demoCitizen, signIn } from '../../testing/demo.ts';
import type { TestApp, TestClient } from '../../testing/harness.ts';
import { DEMO_CITIZEN_ID } from '../identity/index.ts';
import { accessToken, machinePost, registerSystem } from './exchange.testkit.ts';

const subject = { kind: 'citizen', idNumber: DEMO_CITIZEN_ID };

/** A department system's OpenAPI description with one POST operation answering subject queries. */
const OPENAPI = {
  openapi: '3.1.0',
  info: { title: '社会保险参保查询', version: '1.0.0' },
  paths: {
    '/insured-persons/query': { post: { operationId: 'queryInsuredPerson', responses: { '200': {} } } },
    '/insured-persons/{id}': { get: { operationId: 'getInsuredPerson', responses: { '200': {} } } },
  },
};

describe('publishing datasets (department admins)', () => {
  let t: TestApp;
  let psbAdmin: TestClient;
  let hpfToken: string;
  let bankToken: string;
  let citizen: TestClient;

  const ask = (token: string, body: object) => machinePost(t.app, '/api/v1/exchange/requests', token, body);
  const publish = (admin: TestClient, code: string, body: object) =>
    admin.put(`/api/v1/admin/exchange/datasets/${code}`, body);
  const residence = (over: object = {}) => ({
    nameZh: '居住登记信息',
    nameEn: 'Residence registration',
    subjectKind: 'citizen',
    sensitivity: 3,
    fields: ['name', 'idNumber', 'address'],
    purposes: [
      {
        code: 'HPF_WITHDRAWAL_CHECK',
        nameZh: '住房公积金提取审核',
        nameEn: 'Housing fund withdrawal check',
        descriptionZh: '核对申请人的居住情况',
        descriptionEn: "Checks the applicant's residence",
        legalBases: [
          { statuteZh: '《住房公积金管理条例》第二十四条', statuteEn: 'HPF Regulations, art. 24' },
        ],
        fullFields: ['name'],
      },
      {
        code: 'ACCOUNT_OPENING',
        nameZh: '银行开户核验',
        nameEn: 'Bank account opening check',
        descriptionZh: '银行核验您的住址',
        descriptionEn: 'The bank checks your address',
        legalBases: [],
        fullFields: ['name'],
      },
    ],
    handler: { kind: 'internal', name: 'identity.profile' },
    ...over,
  });

  before(async () => {
    t = await demoApp();
    psbAdmin = await signIn(t.app, 'psb.admin');
    hpfToken = await accessToken(t.app, await registerSystem(await signIn(t.app, 'hpf.admin'), 'hpf-ds'));
    bankToken = await accessToken(t.app, await registerSystem(await signIn(t.app, 'samr.admin'), 'bank-ds'));
    citizen = await demoCitizen(t.app);
  });
  after(async () => t.close());

  test('a published dataset is in the catalogue and answers requests under its legal basis, masked by purpose', async () => {
    const res = await publish(psbAdmin, 'PSB-RESIDENCE', residence());
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().version, 1);
    assert.equal(res.json().status, 'published');
    const listed = (await psbAdmin.get('/api/v1/exchange/datasets')).json().items as { code: string }[];
    assert.ok(listed.some((d) => d.code === 'PSB-RESIDENCE'));

    const answer = await ask(hpfToken, {
      dataset: 'PSB-RESIDENCE',
      subject,
      purpose: 'HPF_WITHDRAWAL_CHECK',
      fields: ['name', 'idNumber'],
    });
    assert.equal(answer.statusCode, 200, answer.body);
    assert.equal(answer.json().basis, 'legal');
    assert.deepEqual(answer.json().masked, ['idNumber']);
    // Without a statute the bank needs the citizen's consent.
    const refused = await ask(bankToken, {
      dataset: 'PSB-RESIDENCE',
      subject,
      purpose: 'ACCOUNT_OPENING',
      fields: ['name'],
    });
    assert.equal(refused.json().error.code, 'EXCHANGE_CONSENT_REQUIRED');
    // Publishing the same definition again is not a new version; the audit chain has the publish.
    assert.equal((await publish(psbAdmin, 'PSB-RESIDENCE', residence())).json().version, 1);
    const audited = await sql<{ action: string }>`
      SELECT action FROM audit_entries WHERE subject_type = 'exchange_dataset' AND subject_id = 'PSB-RESIDENCE'`.execute(
      t.app.platform.db,
    );
    assert.deepEqual(
      audited.rows.map((r) => r.action),
      ['exchange.dataset.publish'],
    );
  });

  test('a new version that adds a field does not widen a consent given before it', async () => {
    const asked = await machinePost(t.app, '/api/v1/exchange/consent-requests', bankToken, {
      dataset: 'PSB-RESIDENCE',
      subject,
      purpose: 'ACCOUNT_OPENING',
      fields: ['name', 'address'],
      retentionDays: 30,
      validDays: 30,
    });
    assert.equal(asked.statusCode, 201, asked.body);
    assert.equal((await citizen.post(`/api/v1/consents/requests/${asked.json().id}/grant`)).statusCode, 201);
    const covered = {
      dataset: 'PSB-RESIDENCE',
      subject,
      purpose: 'ACCOUNT_OPENING',
      fields: ['name', 'address'],
    };
    assert.equal((await ask(bankToken, covered)).statusCode, 200);

    const v2 = await publish(
      psbAdmin,
      'PSB-RESIDENCE',
      residence({ fields: ['name', 'idNumber', 'address', 'phone'] }),
    );
    assert.equal(v2.statusCode, 200, v2.body);
    assert.equal(v2.json().version, 2);
    assert.equal((await ask(bankToken, covered)).statusCode, 200, 'what was consented still passes');
    const wider = await ask(bankToken, { ...covered, fields: ['name', 'phone'] });
    assert.equal(wider.statusCode, 403);
    assert.equal(wider.json().error.code, 'EXCHANGE_CONSENT_REQUIRED');
    const versions = await sql<{ version: number }>`
      SELECT version FROM exchange_dataset_versions WHERE code = 'PSB-RESIDENCE' ORDER BY version`.execute(
      t.app.platform.db,
    );
    assert.deepEqual(
      versions.rows.map((r) => r.version),
      [1, 2],
    );
  });

  test('mistakes are listed, each with where it is and what is wrong, in the reader’s language; nothing is stored', async () => {
    const res = await psbAdmin.put(
      '/api/v1/admin/exchange/datasets/PSB-BROKEN',
      residence({
        fields: ['name', 'shoeSize', 'name'],
        handler: { kind: 'internal', name: 'nowhere.handler' },
      }),
      { 'accept-language': 'en' },
    );
    assert.equal(res.statusCode, 400, res.body);
    const { code, details } = res.json().error as {
      code: string;
      details: { pointer: string; code: string; message: string }[];
    };
    assert.equal(code, 'EXCHANGE_DATASET_INVALID');
    assert.deepEqual(
      details.map((d) => [d.pointer, d.code]),
      [
        ['/fields/1', 'unknownField'],
        ['/fields/2', 'duplicate'],
        ['/handler/name', 'unknownHandler'],
      ],
    );
    assert.match(details[0]?.message ?? '', /shoeSize: is not a field of the data dictionary/);
    const zh = await psbAdmin.put(
      '/api/v1/admin/exchange/datasets/PSB-BROKEN',
      residence({ fields: ['shoeSize'] }),
      {
        'accept-language': 'zh-CN',
      },
    );
    assert.match(zh.json().error.details[0].message, /不是数据字典中的字段/);
    const stored = await sql<{ n: number }>`
      SELECT count(*) AS n FROM exchange_datasets WHERE code = 'PSB-BROKEN'`.execute(t.app.platform.db);
    assert.equal(Number(stored.rows[0]?.n), 0);
  });

  test("an external handler is an operation of the department system's OpenAPI description", async () => {
    const hrssAdmin = await signIn(t.app, 'hrss.admin');
    const external = (handler: object) =>
      publish(
        hrssAdmin,
        'HRSS-INSURED',
        residence({
          fields: ['name', 'employerName'],
          purposes: [{ ...residence().purposes[0], fullFields: ['name'] }],
          handler,
        }),
      );
    const ok = await publish(
      hrssAdmin,
      'HRSS-INSURED',
      residence({
        fields: ['name', 'employerName'],
        purposes: [{ ...residence().purposes[0], fullFields: ['name', 'employerName'] }],
        handler: {
          kind: 'external',
          baseUrl: 'https://hrss.minghu.example.gov.cn/openapi/v1',
          openapi: OPENAPI,
          operationId: 'queryInsuredPerson',
        },
      }),
    );
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().handler.operationPath, '/insured-persons/query');
    assert.match(ok.json().handler.openapiSha256, /^[0-9a-f]{64}$/);
    const problems = async (handler: object) =>
      ((await external(handler)).json().error?.details ?? []).map((d: { code: string }) => d.code);
    const base = { kind: 'external', baseUrl: 'https://hrss.example/api', openapi: OPENAPI };
    assert.deepEqual(await problems({ ...base, operationId: 'getInsuredPerson' }), ['operationNotPost']);
    assert.deepEqual(await problems({ ...base, operationId: 'deleteEverything' }), ['operationNotFound']);
    assert.deepEqual(
      await problems({ ...base, baseUrl: 'http://hrss.example/api', operationId: 'queryInsuredPerson' }),
      ['insecureUrl'],
    );
    assert.deepEqual(await problems({ ...base, openapi: { swagger: '2.0' }, operationId: 'x' }), [
      'notOpenApi3',
    ]);
  });

  test('only the owner department changes or retires a dataset; a retired one takes no requests', async () => {
    const hpfAdmin = await signIn(t.app, 'hpf.admin');
    const taken = await publish(hpfAdmin, 'PSB-RESIDENCE', residence());
    assert.equal(taken.statusCode, 403);
    assert.equal(taken.json().error.code, 'EXCHANGE_DATASET_NOT_OWNED');
    assert.equal(
      (await hpfAdmin.post('/api/v1/admin/exchange/datasets/PSB-RESIDENCE/retire')).json().error.code,
      'EXCHANGE_DATASET_NOT_OWNED',
    );
    const officer = await signIn(t.app, 'psb.officer');
    assert.equal((await publish(officer, 'PSB-RESIDENCE', residence())).statusCode, 403);

    const retired = await psbAdmin.post('/api/v1/admin/exchange/datasets/PSB-RESIDENCE/retire');
    assert.equal(retired.statusCode, 200, retired.body);
    assert.equal(retired.json().status, 'retired');
    const after = await ask(hpfToken, {
      dataset: 'PSB-RESIDENCE',
      subject,
      purpose: 'HPF_WITHDRAWAL_CHECK',
      fields: ['name'],
    });
    assert.equal(after.statusCode, 410);
    assert.equal(after.json().error.code, 'EXCHANGE_DATASET_RETIRED');
    assert.equal(
      (await psbAdmin.post('/api/v1/admin/exchange/datasets/NO-SUCH/retire')).json().error.code,
      'EXCHANGE_DATASET_NOT_FOUND',
    );
  });
});
