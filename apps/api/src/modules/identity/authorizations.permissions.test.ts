import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chinaToday } from '@tongban/contracts';
import { demoApp, demoEnterprise, newCitizen, PNG, signIn } from '../../testing/demo.ts';
import { multipartBody, type TestApp, TestClient } from '../../testing/harness.ts';

type Who = 'anonymous' | 'grantor' | 'proxy' | 'otherCitizen' | 'enterprise' | 'window' | 'auditor';
const WHO: Who[] = ['anonymous', 'grantor', 'proxy', 'otherCitizen', 'enterprise', 'window', 'auditor'];

/**
 * Role × action for the authorizations of assisted filing (代办). Only citizens hold authorizations;
 * someone else's authorization answers 404 (ids do not leak); enterprises and staff get 403.
 */
describe('authorizations permissions', () => {
  let t: TestApp;
  const as = {} as Record<Who, TestClient>;
  let grantor: { name: string; idNumber: string };
  let proxy: { name: string; idNumber: string };
  let counterAuthorizationId: string;
  let addresses = 0;

  const day = (offset: number) => chinaToday(new Date(t.clock.now.getTime() + offset * 86_400_000));
  const period = () => ({ validFrom: day(0), validUntil: day(30) });
  // Granting is limited per address; each call here comes from its own.
  const post = (c: TestClient, url: string, body: unknown) =>
    c.post(url, body as object, { 'x-forwarded-for': `10.7.0.${++addresses}` });
  const freshAuthorization = async () => {
    const res = await post(as.grantor, '/api/v1/me/authorizations/window', {
      departmentId: 'HPF',
      scope: 'all',
      ...period(),
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };

  before(async () => {
    t = await demoApp();
    t.clock.now = new Date();
    const g = await newCitizen(t.app, 61, '周一');
    const p = await newCitizen(t.app, 62, '吴二');
    grantor = g;
    proxy = p;
    as.anonymous = new TestClient(t.app);
    as.grantor = g.client;
    as.proxy = p.client;
    as.otherCitizen = (await newCitizen(t.app, 63, '郑三')).client;
    as.enterprise = await demoEnterprise(t.app);
    as.window = await signIn(t.app, 'hpf.window');
    as.auditor = await signIn(t.app, 'auditor');
    const { payload, headers } = multipartBody(
      { serviceId: 'HPF-WD', name: grantor.name, idNumber: grantor.idNumber },
      { field: 'file', name: 'form.png', type: 'image/png', bytes: PNG },
    );
    const filed = await as.window.post('/api/v1/counter/applications', payload, headers);
    assert.equal(filed.statusCode, 201, filed.body);
    counterAuthorizationId = filed.json().filedBy.authorizationId;
  });
  after(async () => t.close());

  const citizensOnly = (
    citizen: number,
    overrides: Partial<Record<Who, number>> = {},
  ): Record<Who, number> => ({
    anonymous: 401,
    grantor: citizen,
    proxy: citizen,
    otherCitizen: citizen,
    enterprise: 403,
    window: 403,
    auditor: 403,
    ...overrides,
  });

  const matrix: {
    action: string;
    expect: Record<Who, number>;
    run: (c: TestClient) => Promise<{ statusCode: number }>;
  }[] = [
    {
      action: 'GET /me/authorizations',
      expect: citizensOnly(200),
      run: (c) => c.get('/api/v1/me/authorizations'),
    },
    {
      action: 'GET /me/authorizations?direction=received',
      expect: citizensOnly(200),
      run: (c) => c.get('/api/v1/me/authorizations?direction=received'),
    },
    {
      action: 'POST /me/authorizations/family (naming the proxy)',
      // The proxy naming themselves is refused as such.
      expect: citizensOnly(201, { proxy: 422 }),
      run: (c) =>
        post(c, '/api/v1/me/authorizations/family', {
          proxyName: proxy.name,
          proxyIdNumber: proxy.idNumber,
          relation: 'parent',
          scope: 'all',
          ...period(),
        }),
    },
    {
      action: 'POST /me/authorizations/window',
      expect: citizensOnly(201),
      run: (c) =>
        post(c, '/api/v1/me/authorizations/window', { departmentId: 'PSB', scope: 'all', ...period() }),
    },
    {
      action: "POST /me/authorizations/:id/revoke (the grantor's)",
      expect: citizensOnly(404, { grantor: 200 }),
      run: async (c) => c.post(`/api/v1/me/authorizations/${await freshAuthorization()}/revoke`),
    },
    {
      action: "GET /me/authorizations/:id/form (the grantor's counter form)",
      expect: citizensOnly(404, { grantor: 200 }),
      run: (c) => c.get(`/api/v1/me/authorizations/${counterAuthorizationId}/form`),
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
