import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newbornData } from '../../testing/bundles.ts';
import { demoApp, demoCitizen, demoEnterprise, newCitizen, PDF, signIn } from '../../testing/demo.ts';
import { multipartBody, type TestApp, TestClient } from '../../testing/harness.ts';

/**
 * Who may do what with a bundle application: only its applicant sees or changes it (anyone else
 * gets 404, staff 403, anonymous 401); a bundle is offered to one kind of account; the officers of
 * a department with a task on one of its cases see that case with the bundle's number.
 */
describe('bundle application permissions', () => {
  let t: TestApp;
  let owner: TestClient;
  let draftId: string;
  let submittedId: string;
  let psbCaseId: string;
  let bundleNumber: string;

  const uploadBody = () =>
    multipartBody(
      { materialCode: 'parents_id' },
      { field: 'file', name: 'id.pdf', type: 'application/pdf', bytes: PDF },
    );

  before(async () => {
    t = await demoApp();
    owner = await demoCitizen(t.app);
    const items = ['HC-BMC', 'PSB-NB'];
    const create = (formData = newbornData(items)) =>
      owner.post('/api/v1/bundle-cases', { bundleCode: 'newborn', items, formData });
    draftId = (await create()).json().id;
    submittedId = (await create()).json().id;
    for (const code of ['parents_id', 'hukou_book']) {
      const { payload, headers } = multipartBody(
        { materialCode: code },
        { field: 'file', name: 'scan.pdf', type: 'application/pdf', bytes: PDF },
      );
      assert.equal(
        (await owner.post(`/api/v1/bundle-cases/${submittedId}/materials`, payload, headers)).statusCode,
        201,
      );
    }
    const submitted = await owner.post(`/api/v1/bundle-cases/${submittedId}/submit`);
    assert.equal(submitted.statusCode, 200, submitted.body);
    bundleNumber = submitted.json().bundleNumber;
    psbCaseId = submitted
      .json()
      .children.find((c: { service: { code: string } }) => c.service.code === 'PSB-NB').caseId;
  });
  after(async () => t.close());

  /** Every endpoint on one bundle case, as [name, request]. */
  const actions = (c: TestClient, id: string): [string, () => ReturnType<TestClient['get']>][] => [
    ['read', () => c.get(`/api/v1/bundle-cases/${id}`)],
    ['save', () => c.put(`/api/v1/bundle-cases/${id}/draft`, { formData: {} })],
    [
      'upload',
      () => {
        const { payload, headers } = uploadBody();
        return c.post(`/api/v1/bundle-cases/${id}/materials`, payload, headers);
      },
    ],
    [
      'remove material',
      () => c.delete(`/api/v1/bundle-cases/${id}/materials/0190a0a0-0000-7000-8000-000000000000`),
    ],
    ['submit', () => c.post(`/api/v1/bundle-cases/${id}/submit`)],
    ['withdraw', () => c.post(`/api/v1/bundle-cases/${id}/withdraw`, { reason: 'x' })],
  ];

  test('anonymous callers must sign in', async () => {
    const anon = new TestClient(t.app);
    for (const [name, call] of actions(anon, draftId)) {
      assert.equal((await call()).statusCode, 401, name);
    }
    assert.equal((await anon.get('/api/v1/bundle-cases')).statusCode, 401);
    assert.equal((await anon.post('/api/v1/bundle-cases', { bundleCode: 'newborn' })).statusCode, 401);
  });

  test('staff have no bundle applications of their own: 403 on every endpoint', async () => {
    const staff = await signIn(t.app, 'psb.window');
    for (const [name, call] of actions(staff, submittedId)) {
      const res = await call();
      assert.equal(res.statusCode, 403, name);
      assert.equal(res.json().error.code, 'FORBIDDEN', name);
    }
    assert.equal((await staff.get('/api/v1/bundle-cases')).statusCode, 403);
  });

  test('another applicant finds nothing: 404 on every endpoint, nothing in their list', async () => {
    const other = (await newCitizen(t.app, 81)).client;
    for (const id of [draftId, submittedId]) {
      for (const [name, call] of actions(other, id)) {
        const res = await call();
        assert.equal(res.statusCode, 404, name);
        assert.equal(res.json().error.code, 'BUNDLE_CASE_NOT_FOUND', name);
      }
    }
    assert.deepEqual((await other.get('/api/v1/bundle-cases')).json().items, []);
    assert.equal(
      (await owner.get(`/api/v1/bundle-cases/${draftId}`)).json().status,
      'draft',
      'nothing changed',
    );
    assert.equal((await other.get(`/api/v1/applications/${psbCaseId}`)).statusCode, 404);
  });

  test('a bundle is offered to one kind of account', async () => {
    const enterprise = await demoEnterprise(t.app);
    const wrong = await enterprise.post('/api/v1/bundle-cases', { bundleCode: 'newborn' });
    assert.equal(wrong.statusCode, 403);
    assert.equal(wrong.json().error.code, 'BUNDLE_AUDIENCE_MISMATCH');
    const alsoWrong = await owner.post('/api/v1/bundle-cases', { bundleCode: 'company-setup' });
    assert.equal(alsoWrong.json().error.code, 'BUNDLE_AUDIENCE_MISMATCH');
    assert.equal(
      (await enterprise.post('/api/v1/bundle-cases', { bundleCode: 'company-setup' })).statusCode,
      201,
    );
  });

  test('the owner lists and reads their own bundle applications', async () => {
    const list = (await owner.get('/api/v1/bundle-cases')).json();
    assert.deepEqual(
      list.items.map((b: { id: string }) => b.id),
      [submittedId, draftId],
    );
    const submittedOnly = (await owner.get('/api/v1/bundle-cases?status=in_progress')).json();
    assert.deepEqual(
      submittedOnly.items.map((b: { id: string }) => b.id),
      [submittedId],
    );
    const page = (await owner.get('/api/v1/bundle-cases?limit=1')).json();
    assert.equal(page.items.length, 1);
    const next = (await owner.get(`/api/v1/bundle-cases?limit=1&cursor=${page.nextCursor}`)).json();
    assert.deepEqual(
      next.items.map((b: { id: string }) => b.id),
      [draftId],
    );
  });

  test('officers of the department holding the case see its bundle number; others do not see the case', async () => {
    const psb = await signIn(t.app, 'psb.window');
    const seen = await psb.get(`/api/v1/cases/${psbCaseId}`);
    assert.equal(seen.statusCode, 200, seen.body);
    assert.deepEqual(seen.json().bundle, { id: submittedId, number: bundleNumber });
    const mib = await signIn(t.app, 'mib.window');
    assert.equal((await mib.get(`/api/v1/cases/${psbCaseId}`)).statusCode, 404);
    const owners = (await owner.get(`/api/v1/applications/${psbCaseId}`)).json();
    assert.deepEqual(owners.bundle, { id: submittedId, number: bundleNumber });
  });
});
