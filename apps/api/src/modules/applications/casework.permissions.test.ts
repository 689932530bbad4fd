import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, TestClient } from '../../testing/harness.ts';
import { DEMO_CITIZEN_ID } from '../identity/index.ts';
import { demoApp, demoCitizen, demoEnterprise, newCitizen, signIn } from './applications.testkit.ts';
import { fileCase, supply, ubForm } from './casework.testkit.ts';

type Who =
  | 'anonymous'
  | 'owner'
  | 'otherCitizen'
  | 'enterprise'
  | 'window'
  | 'officer'
  | 'head'
  | 'otherDepartment'
  | 'auditor';
const WHO: Who[] = [
  'anonymous',
  'owner',
  'otherCitizen',
  'enterprise',
  'window',
  'officer',
  'head',
  'otherDepartment',
  'auditor',
];

/**
 * Role × action for the 容缺受理 and 补正 endpoints. Every cell runs on its own fresh unemployment
 * benefit case (HRSS-UB) in the state the action needs. Applicants other than the owner get 404 (ids
 * do not leak), staff of departments with no step on the case 404, staff of the department without
 * the step's role 403; staff calling applicant endpoints and applicants calling officer ones 403.
 */
describe('容缺受理 and 补正 permissions', () => {
  let t: TestApp;
  const as = {} as Record<Who, TestClient>;

  before(async () => {
    t = await demoApp();
    as.anonymous = new TestClient(t.app);
    as.owner = await demoCitizen(t.app);
    as.otherCitizen = (await newCitizen(t.app, 8)).client;
    as.enterprise = await demoEnterprise(t.app);
    as.window = await signIn(t.app, 'hrss.window');
    as.officer = await signIn(t.app, 'hrss.officer');
    as.head = await signIn(t.app, 'hrss.head');
    as.otherDepartment = await signIn(t.app, 'psb.window');
    as.auditor = await signIn(t.app, 'auditor');
  });
  after(async () => t.close());

  /** A submitted case of the owner, the bank card (non-critical) missing. */
  const submitted = () =>
    fileCase(as.owner, 'HRSS-UB', ubForm(DEMO_CITIZEN_ID), ['id_card', 'termination_proof']);
  const deferred = async () => {
    const id = await submitted();
    const res = await as.window.post(`/api/v1/cases/${id}/accept-with-deferral`, {
      materials: ['bank_card'],
    });
    assert.equal(res.statusCode, 200, res.body);
    return id;
  };
  const returned = async () => {
    const id = await submitted();
    const res = await as.window.post(`/api/v1/cases/${id}/return`, { fields: ['/applicant/phone'] });
    assert.equal(res.statusCode, 200, res.body);
    return id;
  };

  const applicantOnly = (ownerStatus: number): Record<Who, number> => ({
    anonymous: 401,
    owner: ownerStatus,
    otherCitizen: 404,
    enterprise: 404,
    window: 403,
    officer: 403,
    head: 403,
    otherDepartment: 403,
    auditor: 403,
  });
  const officerAction = (allowed: Partial<Record<Who, number>>): Record<Who, number> => ({
    anonymous: 401,
    owner: 403,
    otherCitizen: 403,
    enterprise: 403,
    window: 403,
    officer: 403,
    head: 403,
    otherDepartment: 404,
    auditor: 404,
    ...allowed,
  });

  const matrix: {
    action: string;
    expect: Record<Who, number>;
    run: (c: TestClient) => Promise<{ statusCode: number }>;
  }[] = [
    {
      action: 'POST /cases/:id/accept-with-deferral (window: the acceptance step is theirs)',
      expect: officerAction({ window: 200 }),
      run: async (c) =>
        c.post(`/api/v1/cases/${await submitted()}/accept-with-deferral`, { materials: ['bank_card'] }),
    },
    {
      action: 'POST /cases/:id/return (the open step is the window’s acceptance)',
      expect: officerAction({ window: 200 }),
      run: async (c) => c.post(`/api/v1/cases/${await submitted()}/return`, { note: '请补正' }),
    },
    {
      action: 'POST /cases/:id/return/withdraw (the returning role, or the head)',
      expect: officerAction({ window: 200, head: 200 }),
      run: async (c) => c.post(`/api/v1/cases/${await returned()}/return/withdraw`, { reason: '误退' }),
    },
    {
      action: 'POST /applications/:id/commitment',
      expect: applicantOnly(200),
      run: async (c) => {
        const id = await deferred();
        const view = (await as.owner.get(`/api/v1/applications/${id}`)).json();
        const en = view.deferral.commitment.texts.find((x: { locale: string }) => x.locale === 'en');
        return c.post(`/api/v1/applications/${id}/commitment`, { locale: 'en', textSha256: en.sha256 });
      },
    },
    {
      action: 'POST /applications/:id/deferred-materials',
      expect: applicantOnly(201),
      run: async (c) => supply(c, await deferred(), 'bank_card'),
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
