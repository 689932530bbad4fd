import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, TestClient } from '../../testing/harness.ts';
import { DEMO_CITIZEN_ID } from '../identity/index.ts';
import {
  demoApp,
  demoCitizen,
  demoEnterprise,
  newCitizen,
  readyHpfDraft,
  signIn,
  upload,
} from './applications.testkit.ts';

type Who =
  | 'anonymous'
  | 'owner'
  | 'otherCitizen'
  | 'enterprise'
  | 'involvedOfficer'
  | 'otherOfficer'
  | 'auditor';
const WHO: Who[] = [
  'anonymous',
  'owner',
  'otherCitizen',
  'enterprise',
  'involvedOfficer',
  'otherOfficer',
  'auditor',
];

/**
 * Role × action for every applications and audit endpoint. Each cell runs on its own fresh
 * draft (or on one submitted case for the read-only officer endpoints), so cells do not
 * influence each other. Other people's applications answer 404 (ids do not leak); staff
 * calling applicant endpoints, and applicants calling officer endpoints, get 403.
 */
describe('applications permissions', () => {
  let t: TestApp;
  const as = {} as Record<Who, TestClient>;
  let caseId: string;
  let caseMaterialId: string;

  before(async () => {
    t = await demoApp();
    as.anonymous = new TestClient(t.app);
    as.owner = await demoCitizen(t.app);
    as.otherCitizen = (await newCitizen(t.app, 7)).client;
    as.enterprise = await demoEnterprise(t.app);
    as.involvedOfficer = await signIn(t.app, 'hpf.window');
    as.otherOfficer = await signIn(t.app, 'psb.officer');
    as.auditor = await signIn(t.app, 'auditor');
    caseId = await readyHpfDraft(as.owner, DEMO_CITIZEN_ID);
    const submitted = await as.owner.post(`/api/v1/applications/${caseId}/submit`);
    assert.equal(submitted.statusCode, 200, submitted.body);
    caseMaterialId = submitted.json().materials[0].id;
  });
  after(async () => t.close());

  /** A fresh draft of the owner, with its first material's id. */
  const freshDraft = async () => {
    const id = await readyHpfDraft(as.owner, DEMO_CITIZEN_ID);
    const materialId = (await as.owner.get(`/api/v1/applications/${id}`)).json().materials[0].id as string;
    return { id, materialId };
  };

  const applicantOnly = (ownerStatus: number): Record<Who, number> => ({
    anonymous: 401,
    owner: ownerStatus,
    otherCitizen: 404,
    enterprise: 404,
    involvedOfficer: 403,
    otherOfficer: 403,
    auditor: 403,
  });
  const officerRead: Record<Who, number> = {
    anonymous: 401,
    owner: 403,
    otherCitizen: 403,
    enterprise: 403,
    involvedOfficer: 200,
    otherOfficer: 404,
    auditor: 404,
  };
  const auditorOnly: Record<Who, number> = {
    anonymous: 401,
    owner: 403,
    otherCitizen: 403,
    enterprise: 403,
    involvedOfficer: 403,
    otherOfficer: 403,
    auditor: 200,
  };

  const matrix: {
    action: string;
    expect: Record<Who, number>;
    run: (c: TestClient) => Promise<{ statusCode: number }>;
  }[] = [
    {
      action: 'POST /applications (citizen service)',
      expect: {
        anonymous: 401,
        owner: 201,
        otherCitizen: 201,
        enterprise: 403,
        involvedOfficer: 403,
        otherOfficer: 403,
        auditor: 403,
      },
      run: (c) => c.post('/api/v1/applications', { serviceId: 'HPF-WD' }),
    },
    {
      action: 'GET /applications',
      expect: { ...applicantOnly(200), otherCitizen: 200, enterprise: 200 },
      run: (c) => c.get('/api/v1/applications'),
    },
    {
      action: 'GET /applications/:id',
      expect: applicantOnly(200),
      run: async (c) => c.get(`/api/v1/applications/${(await freshDraft()).id}`),
    },
    {
      action: 'PUT /applications/:id/form',
      expect: applicantOnly(200),
      run: async (c) => c.put(`/api/v1/applications/${(await freshDraft()).id}/form`, { formData: {} }),
    },
    {
      action: 'POST /applications/:id/materials',
      expect: applicantOnly(201),
      run: async (c) => upload(c, (await freshDraft()).id, 'bank_card'),
    },
    {
      action: 'DELETE /applications/:id/materials/:materialId',
      expect: applicantOnly(204),
      run: async (c) => {
        const d = await freshDraft();
        return c.delete(`/api/v1/applications/${d.id}/materials/${d.materialId}`);
      },
    },
    {
      action: 'POST /applications/:id/submit',
      expect: applicantOnly(200),
      run: async (c) => c.post(`/api/v1/applications/${(await freshDraft()).id}/submit`),
    },
    {
      action: 'POST /applications/:id/withdraw',
      expect: applicantOnly(200),
      run: async (c) =>
        c.post(`/api/v1/applications/${(await freshDraft()).id}/withdraw`, { reason: 'test' }),
    },
    {
      action: 'POST /applications/:id/resubmit (not returned)',
      expect: applicantOnly(409),
      run: async (c) => c.post(`/api/v1/applications/${(await freshDraft()).id}/resubmit`, { formData: {} }),
    },
    {
      action: 'GET /cases/:id',
      expect: officerRead,
      run: (c) => c.get(`/api/v1/cases/${caseId}`),
    },
    {
      action: 'GET /cases/:id/materials/:materialId/file',
      expect: officerRead,
      run: (c) => c.get(`/api/v1/cases/${caseId}/materials/${caseMaterialId}/file`),
    },
    { action: 'GET /audit/verify', expect: auditorOnly, run: (c) => c.get('/api/v1/audit/verify') },
    {
      action: 'GET /audit/entries',
      expect: auditorOnly,
      run: (c) => c.get(`/api/v1/audit/entries?subjectType=application&subjectId=${caseId}`),
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

  test('the auditor sees the case history in the audit log and an intact chain', async () => {
    const verify = (await as.auditor.get('/api/v1/audit/verify')).json();
    assert.equal(verify.ok, true);
    assert.equal(verify.firstBrokenSeq, null);
    assert.ok(verify.checked > 0);
    // Everything committed before the request was chained by it.
    assert.equal(verify.pending, 0);
    const entries = (
      await as.auditor.get(`/api/v1/audit/entries?subjectType=application&subjectId=${caseId}&limit=100`)
    ).json();
    const actions = entries.items.map((e: { action: string }) => e.action);
    for (const a of [
      'application.create',
      'application.material.upload',
      'application.submit',
      'case.read',
    ]) {
      assert.ok(actions.includes(a), `${a} in ${actions}`);
    }
    const reads = (await as.auditor.get('/api/v1/audit/entries?subjectType=application&limit=1')).json();
    assert.equal(reads.items.length, 1);
    assert.ok(reads.nextCursor);
    const next = (
      await as.auditor.get(`/api/v1/audit/entries?subjectType=application&limit=1&cursor=${reads.nextCursor}`)
    ).json();
    assert.ok(next.items[0].seq < reads.items[0].seq);
  });
});
