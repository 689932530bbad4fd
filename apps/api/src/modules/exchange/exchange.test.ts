import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { maskResidentId } from '@tongban/contracts';
import { demoApp, demoCitizen, newCitizen, signIn } from '../../testing/demo.ts';
import type { TestApp, TestClient } from '../../testing/harness.ts';
import { DEMO_CITIZEN_ID, DEMO_CREDIT_CODE } from '../identity/index.ts';
import { getDepartmentByCode } from '../org/index.ts';
import { verifyJwsWithTrust } from '../trust/index.ts';
import {
  accessToken,
  assertion,
  machinePost,
  newKey,
  registerSystem,
  type TestSystem,
  tokenRequest,
} from './exchange.testkit.ts';
import { publishDataset } from './index.ts';

const HPF_CHECK = 'HPF_WITHDRAWAL_CHECK';
const citizenSubject = (idNumber: string) => ({ kind: 'citizen', idNumber });

describe('exchange gateway', () => {
  let t: TestApp;
  let hpf: TestSystem;
  let bank: TestSystem;
  let hpfToken: string;
  let bankToken: string;
  let citizen: TestClient;

  const ask = (token: string, body: object) => machinePost(t.app, '/api/v1/exchange/requests', token, body);
  const bankAsksLicences = () =>
    ask(bankToken, {
      dataset: 'LICENCES-HELD',
      subject: citizenSubject(DEMO_CITIZEN_ID),
      purpose: 'ACCOUNT_OPENING',
      fields: ['name', 'heldLicences'],
    });

  before(async () => {
    t = await demoApp();
    hpf = await registerSystem(await signIn(t.app, 'hpf.admin'), 'hpf-test');
    bank = await registerSystem(await signIn(t.app, 'samr.admin'), 'bank-test');
    hpfToken = await accessToken(t.app, hpf);
    bankToken = await accessToken(t.app, bank);
    citizen = await demoCitizen(t.app);
  });
  after(async () => t.close());

  test('a request under a legal basis returns only the fields asked, masked as the purpose requires, signed', async () => {
    const res = await ask(hpfToken, {
      dataset: 'PSB-HOUSEHOLD',
      subject: citizenSubject(DEMO_CITIZEN_ID),
      purpose: HPF_CHECK,
      fields: ['name', 'idNumber', 'birthDate'],
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.basis, 'legal');
    assert.equal(body.consentReceiptId, null);
    assert.deepEqual(Object.keys(body.data).sort(), ['birthDate', 'idNumber', 'name']);
    assert.equal(body.data.idNumber, DEMO_CITIZEN_ID, 'the purpose receives the ID number in full');
    assert.match(body.data.birthDate, /^\d\*{8}\d$/, 'the birth date is masked for this purpose');
    assert.deepEqual(body.masked, ['birthDate']);

    // The JWS verifies against the trust module's key of the providing department (PSB).
    const verified = await verifyJwsWithTrust(t.app.platform, body.jws);
    const psb = await getDepartmentByCode(t.app.platform.db, 'PSB');
    assert.equal(verified.key.owner, psb?.id);
    assert.equal(verified.header.typ, 'exchange-response+jwt');
    const payload = JSON.parse(Buffer.from(verified.payload).toString('utf8'));
    assert.deepEqual(payload.data, body.data);
    assert.equal(payload.aud, 'hpf-test');
    assert.equal(payload.jti, body.requestId);
    // A changed answer no longer verifies.
    const [h, p, s] = body.jws.split('.');
    const forged = JSON.stringify({ ...payload, data: { ...payload.data, name: '李四' } });
    await assert.rejects(
      verifyJwsWithTrust(t.app.platform, `${h}.${Buffer.from(forged).toString('base64url')}.${s}`),
    );
    assert.ok(p);
  });

  test('without a consent the bank is refused; after the citizen grants it the request passes; after revoking, refused again', async () => {
    const refused = await bankAsksLicences();
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().error.code, 'EXCHANGE_CONSENT_REQUIRED');

    const asked = await machinePost(t.app, '/api/v1/exchange/consent-requests', bankToken, {
      dataset: 'LICENCES-HELD',
      subject: citizenSubject(DEMO_CITIZEN_ID),
      purpose: 'ACCOUNT_OPENING',
      fields: ['name', 'idNumber', 'heldLicences'],
      retentionDays: 90,
      validDays: 30,
    });
    assert.equal(asked.statusCode, 201, asked.body);
    assert.match(asked.json().url, /\/consents\/requests\/[0-9a-f-]{36}$/);
    // The citizen is told in the portal's inbox, in their language, with the link to answer.
    const inbox = (await citizen.get('/api/v1/me/notifications?limit=100')).json().items as {
      link: string | null;
      title: string;
      body: string;
    }[];
    const told = inbox.find((m) => m.link === `/consents/requests/${asked.json().id}`);
    assert.ok(told, `the subject is notified: ${JSON.stringify(inbox)}`);
    assert.match(told.body, /E-licences held|持有的电子证照/);
    const request = (await citizen.get(`/api/v1/consents/requests/${asked.json().id}`)).json();
    assert.equal(request.recipient.clientId, 'bank-test');
    assert.equal(request.recipient.departmentNameZh, '市场监督管理局');
    const receipt = (await citizen.post(`/api/v1/consents/requests/${asked.json().id}/grant`)).json();

    const allowed = await bankAsksLicences();
    assert.equal(allowed.statusCode, 200, allowed.body);
    assert.equal(allowed.json().basis, 'consent');
    assert.equal(allowed.json().consentReceiptId, receipt.id);
    assert.ok(Array.isArray(allowed.json().data.heldLicences));
    assert.deepEqual(Object.keys(allowed.json().data).sort(), ['heldLicences', 'name']);

    // Consent covers name, idNumber, heldLicences: a field outside it is refused.
    const wider = await ask(bankToken, {
      dataset: 'LICENCES-HELD',
      subject: citizenSubject(DEMO_CITIZEN_ID),
      purpose: 'ACCOUNT_OPENING',
      fields: ['idNumber'],
    });
    assert.equal(wider.statusCode, 200, 'a subset of the consented fields is covered');
    assert.equal(
      wider.json().data.idNumber,
      maskResidentId(DEMO_CITIZEN_ID),
      'masked: not a full field of the purpose',
    );

    assert.equal((await citizen.post(`/api/v1/me/consents/${receipt.id}/revoke`)).statusCode, 200);
    const afterRevoke = await bankAsksLicences();
    assert.equal(afterRevoke.json().error.code, 'EXCHANGE_CONSENT_REQUIRED');
  });

  test('a purpose the dataset does not permit, a field outside it and a subject of the wrong kind are refused', async () => {
    const purpose = await ask(bankToken, {
      dataset: 'PSB-HOUSEHOLD',
      subject: citizenSubject(DEMO_CITIZEN_ID),
      purpose: 'ACCOUNT_OPENING',
      fields: ['name'],
    });
    assert.equal(purpose.statusCode, 403);
    assert.equal(purpose.json().error.code, 'EXCHANGE_PURPOSE_NOT_PERMITTED');
    const field = await ask(hpfToken, {
      dataset: 'PSB-HOUSEHOLD',
      subject: citizenSubject(DEMO_CITIZEN_ID),
      purpose: HPF_CHECK,
      fields: ['name', 'bankAccount'],
    });
    assert.equal(field.json().error.code, 'EXCHANGE_FIELD_NOT_PERMITTED');
    assert.deepEqual(field.json().error.details, ['bankAccount']);
    const unknown = await ask(hpfToken, {
      dataset: 'NO-SUCH',
      subject: citizenSubject(DEMO_CITIZEN_ID),
      purpose: HPF_CHECK,
      fields: ['name'],
    });
    assert.equal(unknown.statusCode, 404);
    const kind = await ask(hpfToken, {
      dataset: 'PSB-HOUSEHOLD',
      subject: { kind: 'enterprise', creditCode: DEMO_CREDIT_CODE },
      purpose: HPF_CHECK,
      fields: ['name'],
    });
    assert.equal(kind.json().error.code, 'EXCHANGE_SUBJECT_KIND_MISMATCH');
  });

  test('client assertions: tampered, wrongly addressed, too long-lived, foreign-signed or replayed are refused', async () => {
    const good = await assertion(t.app, hpf);
    const [h, p, s] = good.split('.');
    const claims = JSON.parse(Buffer.from(p as string, 'base64url').toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'bank-test' })).toString('base64url')}.${s}`;
    const stranger = await newKey('stranger');
    const cases: [string, string][] = [
      ['tampered payload', tampered],
      ['wrong audience', await assertion(t.app, hpf, { aud: 'https://elsewhere.example/token' })],
      ['expiry beyond five minutes', await assertion(t.app, hpf, { expiresInSeconds: 3600 })],
      ['expired', await assertion(t.app, hpf, { expiresInSeconds: -120 })],
      ['signed by another key', await assertion(t.app, hpf, { key: stranger.privateKey })],
      ['unknown client', await assertion(t.app, { ...hpf, clientId: 'nobody' })],
      ['not a JWT', 'abc.def'],
    ];
    for (const [what, jwt] of cases) {
      const res = await tokenRequest(t.app, jwt);
      assert.equal(res.statusCode, 401, `${what}: ${res.body}`);
      // RFC 6749 §5.2, with the platform's code beside it.
      assert.equal(res.json().error, 'invalid_client', what);
      assert.equal(res.json().code, 'EXCHANGE_CLIENT_ASSERTION_INVALID', what);
      assert.equal(res.headers['cache-control'], 'no-store');
    }
    const once = await assertion(t.app, hpf);
    assert.equal((await tokenRequest(t.app, once)).statusCode, 200);
    const replay = await tokenRequest(t.app, once);
    assert.equal(replay.statusCode, 401);
    assert.deepEqual(
      { error: replay.json().error, code: replay.json().code },
      { error: 'invalid_client', code: 'EXCHANGE_CLIENT_ASSERTION_REPLAYED' },
    );
    // A made-up bearer token gets nothing, and the challenge tells the client to get a new token.
    const made = await ask('x'.repeat(43), {
      dataset: 'PSB-HOUSEHOLD',
      subject: citizenSubject(DEMO_CITIZEN_ID),
      purpose: HPF_CHECK,
      fields: ['name'],
    });
    assert.equal(made.statusCode, 401);
    assert.equal(made.json().error.code, 'EXCHANGE_TOKEN_INVALID');
    assert.match(String(made.headers['www-authenticate']), /^Bearer .*error="invalid_token"/);
  });

  test("token errors follow RFC 6749 §5.2 in the caller's language: wrong grant, missing assertion", async () => {
    const grant = await t.app.inject({
      method: 'POST',
      url: '/api/v1/exchange/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      payload: 'grant_type=password&username=a&password=b',
    });
    assert.equal(grant.statusCode, 400, grant.body);
    assert.equal(grant.json().error, 'unsupported_grant_type');
    assert.equal(grant.json().code, 'EXCHANGE_UNSUPPORTED_GRANT');
    assert.match(grant.json().error_description, /client_credentials/);
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/v1/exchange/token',
      headers: { 'content-type': 'application/json', 'accept-language': 'zh-CN' },
      payload: { grant_type: 'client_credentials' },
    });
    assert.equal(missing.statusCode, 400, missing.body);
    assert.equal(missing.json().error, 'invalid_request');
    assert.equal(missing.json().code, 'VALIDATION_FAILED');
    assert.match(missing.json().error_description, /[\u4e00-\u9fff]/, 'described in Chinese');
    assert.equal(missing.headers['cache-control'], 'no-store');
  });

  test("the citizen's data usage lists exactly the requests made about them, refused ones marked", async () => {
    const { client: person, idNumber } = await newCitizen(t.app, 51);
    const subject = citizenSubject(idNumber);
    const made = [
      await ask(hpfToken, { dataset: 'PSB-HOUSEHOLD', subject, purpose: HPF_CHECK, fields: ['name'] }),
      await ask(hpfToken, {
        dataset: 'PSB-HOUSEHOLD',
        subject,
        purpose: HPF_CHECK,
        fields: ['idNumber', 'sex'],
      }),
      await ask(bankToken, {
        dataset: 'LICENCES-HELD',
        subject,
        purpose: 'ACCOUNT_OPENING',
        fields: ['name'],
      }),
    ];
    assert.deepEqual(
      made.map((r) => r.statusCode),
      [200, 200, 403],
    );
    const usage = (await person.get('/api/v1/me/data-usage')).json();
    assert.deepEqual(
      usage.items.map((i: Record<string, unknown>) => [
        i.action,
        i.actorKind,
        (i.recipient as { clientId: string }).clientId,
        (i.department as { nameZh: string }).nameZh,
        (i.provider as { nameZh: string }).nameZh,
        i.purpose,
        i.fields,
        i.outcome,
        i.refusalCode,
      ]),
      [
        [
          'exchange.request',
          'client',
          'bank-test',
          '市场监督管理局',
          '市场监督管理局',
          'ACCOUNT_OPENING',
          ['name'],
          'refused',
          'EXCHANGE_CONSENT_REQUIRED',
        ],
        [
          'exchange.request',
          'client',
          'hpf-test',
          '住房公积金管理中心',
          '公安局',
          HPF_CHECK,
          ['idNumber', 'sex'],
          'used',
          null,
        ],
        [
          'exchange.request',
          'client',
          'hpf-test',
          '住房公积金管理中心',
          '公安局',
          HPF_CHECK,
          ['name'],
          'used',
          null,
        ],
      ],
    );
    // The departments see the same requests in their traffic, from their side.
    const psbTraffic = (
      await (await signIn(t.app, 'psb.admin')).get('/api/v1/admin/exchange/traffic')
    ).json();
    assert.ok(psbTraffic.items.length >= 2);
    assert.ok(psbTraffic.items.every((i: { direction: string }) => i.direction === 'provided'));
    const hpfTraffic = (
      await (await signIn(t.app, 'hpf.admin')).get('/api/v1/admin/exchange/traffic')
    ).json();
    assert.ok(
      hpfTraffic.items.every((i: { direction: string; clientId: string }) => i.clientId === 'hpf-test'),
    );
  });

  test('an external provider is called over HTTP with timeout and size limits; failures answer PROVIDER_UNAVAILABLE', async () => {
    let mode: 'ok' | 'fail' | 'huge' | 'none' = 'ok';
    const seen: unknown[] = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        seen.push({ path: req.url, body: JSON.parse(body) });
        if (mode === 'fail') return res.writeHead(500).end();
        if (mode === 'none') return res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'application/json' });
        if (mode === 'huge') return res.end(JSON.stringify({ data: { name: 'x'.repeat(2 * 1024 * 1024) } }));
        res.end(
          JSON.stringify({
            data: { name: '张明', employerName: '明湖云帆科技有限公司', extra: 'not asked' },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const hrss = await getDepartmentByCode(t.app.platform.db, 'HRSS');
      await publishDataset(t.app.platform.db, {
        code: 'TEST-HRSS-EXTERNAL',
        name_zh: '社保（测试）',
        name_en: 'Social insurance (test)',
        subject_kind: 'citizen',
        sensitivity: 3,
        owner_department_id: hrss?.id as string,
        fields: ['name', 'employerName'],
        handler: {
          kind: 'external',
          baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/openapi/v1`,
          operationPath: '/insured-persons/query',
        },
        purposes: [
          {
            code: HPF_CHECK,
            nameZh: '公积金提取',
            nameEn: 'HPF',
            descriptionZh: '核验',
            descriptionEn: 'check',
            legalBases: [{ statuteZh: '条例', statuteEn: 'Regulation' }],
            fullFields: ['employerName'],
          },
        ],
      });
      const body = {
        dataset: 'TEST-HRSS-EXTERNAL',
        subject: citizenSubject(DEMO_CITIZEN_ID),
        purpose: HPF_CHECK,
        fields: ['name', 'employerName'],
      };
      const ok = await ask(hpfToken, body);
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(ok.json().data, { name: '张*', employerName: '明湖云帆科技有限公司' });
      assert.deepEqual(seen[0], {
        path: '/openapi/v1/insured-persons/query',
        body: { subject: { kind: 'citizen', identifier: DEMO_CITIZEN_ID }, fields: ['name', 'employerName'] },
      });
      for (const [m, code] of [
        ['fail', 'EXCHANGE_PROVIDER_UNAVAILABLE'],
        ['huge', 'EXCHANGE_PROVIDER_UNAVAILABLE'],
        ['none', 'EXCHANGE_SUBJECT_NOT_FOUND'],
      ] as const) {
        mode = m;
        assert.equal((await ask(hpfToken, body)).json().error.code, code, m);
      }
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('a disabled client cannot get or use tokens', async () => {
    const admin = await signIn(t.app, 'hpf.admin');
    const other = await registerSystem(admin, 'hpf-retired');
    const token = await accessToken(t.app, other);
    assert.equal(
      (await admin.post(`/api/v1/admin/exchange/clients/${other.id}/disable`)).json().status,
      'disabled',
    );
    const use = await ask(token, {
      dataset: 'PSB-HOUSEHOLD',
      subject: citizenSubject(DEMO_CITIZEN_ID),
      purpose: HPF_CHECK,
      fields: ['name'],
    });
    assert.equal(use.json().error.code, 'EXCHANGE_TOKEN_INVALID');
    const again = await tokenRequest(t.app, await assertion(t.app, other));
    assert.equal(again.statusCode, 401);
    assert.equal(again.json().error, 'invalid_client');
  });
});

describe('exchange rate limit', () => {
  let t: TestApp;
  before(async () => {
    t = await demoApp({ exchangeRateLimitPerMinute: 3 });
  });
  after(async () => t.close());

  test('each client system has its own budget per minute, whatever address it calls from', async () => {
    const admin = await signIn(t.app, 'hpf.admin');
    const [first, second] = [
      await registerSystem(admin, 'hpf-busy'),
      await registerSystem(admin, 'hpf-quiet'),
    ];
    const [busy, quiet] = [await accessToken(t.app, first), await accessToken(t.app, second)];
    const body = {
      dataset: 'PSB-HOUSEHOLD',
      subject: citizenSubject(DEMO_CITIZEN_ID),
      purpose: HPF_CHECK,
      fields: ['name'],
    };
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await machinePost(t.app, '/api/v1/exchange/requests', busy, body)).statusCode);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    // Same address (every inject comes from 127.0.0.1), another client: its own budget.
    assert.equal((await machinePost(t.app, '/api/v1/exchange/requests', quiet, body)).statusCode, 200);
  });
});
