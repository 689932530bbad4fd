import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chinaToday } from '@tongban/contracts';
import { demoApp, demoEnterprise, hpfForm, newCitizen, PNG, signIn, upload } from '../../testing/demo.ts';
import { multipartBody, type TestApp, TestClient } from '../../testing/harness.ts';

type Who =
  | 'anonymous'
  | 'applicant'
  | 'proxy'
  | 'otherCitizen'
  | 'enterprise'
  | 'filingWindow'
  | 'otherWindow'
  | 'officer'
  | 'auditor';
const WHO: Who[] = [
  'anonymous',
  'applicant',
  'proxy',
  'otherCitizen',
  'enterprise',
  'filingWindow',
  'otherWindow',
  'officer',
  'auditor',
];

/**
 * Role × action for assisted filing (代办). A draft filed for a citizen is open to the citizen and to its
 * filer while the authorization holds; other applicants get 404, other staff 403 (as for every applicant
 * endpoint). Only a window officer of the item's department files at the counter.
 */
describe('assisted filing permissions', () => {
  let t: TestApp;
  const as = {} as Record<Who, TestClient>;
  let citizen: { name: string; idNumber: string };
  let authorizationId: string;
  let submittedCounterCase: string;

  const counterBody = () =>
    multipartBody(
      { serviceId: 'HPF-WD', name: citizen.name, idNumber: citizen.idNumber },
      { field: 'file', name: 'form.png', type: 'image/png', bytes: PNG },
    );
  const fileAtCounter = async (c: TestClient) => {
    const { payload, headers } = counterBody();
    return c.post('/api/v1/counter/applications', payload, headers);
  };
  const proxyDraft = async () => {
    const res = await as.proxy.post('/api/v1/applications', {
      serviceId: 'HPF-WD',
      onBehalfOf: { authorizationId },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };
  const counterDraft = async () => {
    const res = await fileAtCounter(as.filingWindow);
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };

  before(async () => {
    t = await demoApp();
    t.clock.now = new Date();
    const a = await newCitizen(t.app, 71, '冯一');
    const b = await newCitizen(t.app, 72, '陈二');
    citizen = a;
    as.anonymous = new TestClient(t.app);
    as.applicant = a.client;
    as.proxy = b.client;
    as.otherCitizen = (await newCitizen(t.app, 73, '褚三')).client;
    as.enterprise = await demoEnterprise(t.app);
    as.filingWindow = await signIn(t.app, 'hpf.window');
    as.otherWindow = await signIn(t.app, 'psb.window');
    as.officer = await signIn(t.app, 'hpf.officer');
    as.auditor = await signIn(t.app, 'auditor');
    const granted = await as.applicant.post('/api/v1/me/authorizations/family', {
      proxyName: b.name,
      proxyIdNumber: b.idNumber,
      relation: 'child',
      scope: 'all',
      validFrom: chinaToday(t.clock.now),
      validUntil: chinaToday(new Date(t.clock.now.getTime() + 30 * 86_400_000)),
    });
    assert.equal(granted.statusCode, 201, granted.body);
    authorizationId = granted.json().id;

    submittedCounterCase = await counterDraft();
    const saved = await as.filingWindow.put(`/api/v1/applications/${submittedCounterCase}/form`, {
      formData: hpfForm(a.idNumber, a.name),
    });
    assert.equal(saved.statusCode, 200, saved.body);
    for (const code of ['id_card', 'reason_proof'])
      assert.equal((await upload(as.filingWindow, submittedCounterCase, code)).statusCode, 201);
    const submitted = await as.filingWindow.post(`/api/v1/applications/${submittedCounterCase}/submit`);
    assert.equal(submitted.statusCode, 200, submitted.body);
  });
  after(async () => t.close());

  const draftAccess = (ok: number, filer: 'proxy' | 'filingWindow'): Record<Who, number> => ({
    anonymous: 401,
    applicant: ok,
    proxy: filer === 'proxy' ? ok : 404,
    otherCitizen: 404,
    enterprise: 404,
    filingWindow: filer === 'filingWindow' ? ok : 403,
    otherWindow: 403,
    officer: 403,
    auditor: 403,
  });

  const matrix: {
    action: string;
    expect: Record<Who, number>;
    run: (c: TestClient) => Promise<{ statusCode: number }>;
  }[] = [
    {
      action: 'POST /applications {onBehalfOf} (an authorization naming the proxy)',
      expect: {
        anonymous: 401,
        applicant: 404,
        proxy: 201,
        otherCitizen: 404,
        enterprise: 403,
        filingWindow: 403,
        otherWindow: 403,
        officer: 403,
        auditor: 403,
      },
      run: (c) => c.post('/api/v1/applications', { serviceId: 'HPF-WD', onBehalfOf: { authorizationId } }),
    },
    {
      action: 'POST /counter/applications (an HPF item)',
      expect: {
        anonymous: 401,
        applicant: 403,
        proxy: 403,
        otherCitizen: 403,
        enterprise: 403,
        filingWindow: 201,
        otherWindow: 403,
        officer: 403,
        auditor: 403,
      },
      run: fileAtCounter,
    },
    {
      action: 'GET /applications/filed',
      expect: {
        anonymous: 401,
        applicant: 200,
        proxy: 200,
        otherCitizen: 200,
        enterprise: 403,
        filingWindow: 200,
        otherWindow: 200,
        officer: 200,
        auditor: 200,
      },
      run: (c) => c.get('/api/v1/applications/filed'),
    },
    {
      action: "GET /applications/:id (a family proxy's draft)",
      expect: draftAccess(200, 'proxy'),
      run: async (c) => c.get(`/api/v1/applications/${await proxyDraft()}`),
    },
    {
      action: "PUT /applications/:id/form (a family proxy's draft)",
      expect: draftAccess(200, 'proxy'),
      run: async (c) => c.put(`/api/v1/applications/${await proxyDraft()}/form`, { formData: {} }),
    },
    {
      action: 'GET /applications/:id (a counter draft)',
      expect: draftAccess(200, 'filingWindow'),
      run: async (c) => c.get(`/api/v1/applications/${await counterDraft()}`),
    },
    {
      action: 'POST /applications/:id/withdraw (a counter draft)',
      expect: draftAccess(200, 'filingWindow'),
      run: async (c) =>
        c.post(`/api/v1/applications/${await counterDraft()}/withdraw`, { reason: '不再办理' }),
    },
    {
      action: 'GET /cases/:id/authorization-form (a submitted counter case)',
      expect: {
        anonymous: 401,
        applicant: 403,
        proxy: 403,
        otherCitizen: 403,
        enterprise: 403,
        filingWindow: 200,
        otherWindow: 404,
        officer: 200,
        auditor: 404,
      },
      run: (c) => c.get(`/api/v1/cases/${submittedCounterCase}/authorization-form`),
    },
  ];

  for (const row of matrix) {
    test(row.action, async () => {
      for (const who of WHO) {
        const res = await row.run(as[who]);
        assert.equal(res.statusCode, row.expect[who], `${row.action} as ${who}`);
      }
    });
  }
});
