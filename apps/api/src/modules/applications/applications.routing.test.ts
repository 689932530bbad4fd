import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TestApp, TestClient } from '../../testing/harness.ts';
import { demoApp, newCitizen, signIn, upload } from './applications.testkit.ts';

/** The residence permit's exclusive gateway reads the applicant's answers through a submitted case. */
describe('rule-based routing on the submitted form (PSB-RP)', () => {
  let t: TestApp;
  let window: TestClient;
  before(async () => {
    t = await demoApp();
    window = await signIn(t.app, 'psb.window');
  });
  after(async () => t.close());

  async function submitResidencePermit(n: number, residenceMonths: number): Promise<string> {
    const { client, idNumber, name } = await newCitizen(t.app, n);
    const draft = await client.post('/api/v1/applications', {
      serviceId: 'PSB-RP',
      formData: {
        applicant: { name, idNumber, sex: 'male', birthDate: '1985-06-12', phone: '13800001234' },
        residence: {
          residenceAddress: '明湖市东湖区湖滨路1号',
          regionCode: '339001',
          residenceMonths,
          basis: 'housing',
        },
      },
    });
    assert.equal(draft.statusCode, 201, draft.body);
    const id = draft.json().id as string;
    for (const code of ['id_card', 'residence_proof'])
      assert.equal((await upload(client, id, code)).statusCode, 201);
    const submitted = await client.post(`/api/v1/applications/${id}/submit`);
    assert.equal(submitted.statusCode, 200, submitted.body);
    return submitted.json().caseNumber as string;
  }

  async function accept(caseNumber: string) {
    const inbox = await window.get('/api/v1/tasks?view=inbox');
    const task = inbox.json().items.find((i: { caseNumber: string }) => i.caseNumber === caseNumber);
    assert.ok(task, `acceptance task of ${caseNumber}`);
    assert.equal((await window.post(`/api/v1/tasks/${task.id}/claim`)).statusCode, 200);
    const done = await window.post(`/api/v1/tasks/${task.id}/complete`, {
      outcome: 'approve',
      note: '材料齐全，予以受理',
    });
    assert.equal(done.statusCode, 200, done.body);
  }

  async function inboxHas(login: string, caseNumber: string): Promise<boolean> {
    const c = await signIn(t.app, login);
    const inbox = await c.get('/api/v1/tasks?view=inbox');
    return inbox.json().items.some((i: { caseNumber: string }) => i.caseNumber === caseNumber);
  }

  test('six months or more of residence goes to the officer review', async () => {
    const caseNumber = await submitResidencePermit(71, 8);
    await accept(caseNumber);
    assert.equal(await inboxHas('psb.officer', caseNumber), true);
    assert.equal(await inboxHas('psb.head', caseNumber), false);
  });

  test('less than six months goes to the department head for the exceptional review', async () => {
    const caseNumber = await submitResidencePermit(72, 3);
    await accept(caseNumber);
    assert.equal(await inboxHas('psb.head', caseNumber), true);
    assert.equal(await inboxHas('psb.officer', caseNumber), false);
  });
});
