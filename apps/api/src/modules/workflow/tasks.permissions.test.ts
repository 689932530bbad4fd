import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { residentIdCheckChar } from '@tongban/contracts';
import { TestClient } from '../../testing/harness.ts';
import { createAccount } from '../identity/index.ts';
import { inboxFor, type Officer, PASSWORD, type Testbed, workflowTestbed } from './workflow.testbed.ts';

/**
 * Tasks: who may see them in an inbox, claim them and complete them.
 * The task under test is the HCD officer's technical review of a construction permit.
 */
type Who = 'anonymous' | 'citizen' | 'rightRole' | 'wrongRole' | 'otherDepartment';

const expected: Record<Who, { inbox: number | 'sees' | 'hidden'; claim: number; complete: number }> = {
  anonymous: { inbox: 401, claim: 401, complete: 401 },
  citizen: { inbox: 403, claim: 403, complete: 403 },
  rightRole: { inbox: 'sees', claim: 200, complete: 200 },
  wrongRole: { inbox: 'hidden', claim: 403, complete: 403 },
  otherDepartment: { inbox: 'hidden', claim: 403, complete: 403 },
};

describe('tasks permission matrix', () => {
  let bed: Testbed;
  const clients = {} as Record<Who, TestClient>;
  const officers = {} as Record<Who, Officer | undefined>;

  before(async () => {
    bed = await workflowTestbed();
    const db = bed.t.app.platform.db;
    clients.anonymous = new TestClient(bed.t.app);
    const first17 = '33900119900101123';
    await createAccount(db, {
      kind: 'citizen',
      name: '张明',
      idNumber: first17 + residentIdCheckChar(first17),
      phone: '13912345678',
      password: PASSWORD,
    });
    clients.citizen = new TestClient(bed.t.app);
    const signIn = await clients.citizen.post('/api/v1/auth/signin', {
      login: first17 + residentIdCheckChar(first17),
      password: PASSWORD,
    });
    assert.equal(signIn.statusCode, 200, signIn.body);
    const roles: Record<'rightRole' | 'wrongRole' | 'otherDepartment', [string, string][]> = {
      rightRole: [['HCD', 'officer']],
      wrongRole: [
        ['HCD', 'window'],
        ['HCD', 'dept_head'],
      ],
      otherDepartment: [['NRP', 'officer']],
    };
    for (const [who, r] of Object.entries(roles) as [keyof typeof roles, [string, string][]][]) {
      officers[who] = await bed.officer(who.toLowerCase(), r);
      clients[who] = officers[who]!.client;
    }
  });
  after(async () => bed.close());

  /** A fresh case waiting at the HCD technical review. */
  async function technicalReview(): Promise<{ taskId: string; businessKey: string }> {
    const window = await bed.officer(`w${Math.random().toString(36).slice(2, 10)}`, [['HCD', 'window']]);
    const { businessKey } = await bed.start('construction-permit', 'HCD');
    const [acceptance] = await inboxFor(window, businessKey);
    const res = await window.client.post(`/api/v1/tasks/${acceptance!.id}/complete`, { outcome: 'approve' });
    assert.equal(res.statusCode, 200);
    const review = await bed.t.app.platform.db
      .selectFrom('workflow_tasks')
      .select('id')
      .where('business_key', '=', businessKey)
      .where('node_id', '=', 'technical-review')
      .executeTakeFirstOrThrow();
    return { taskId: review.id, businessKey };
  }

  for (const who of Object.keys(expected) as Who[]) {
    const want = expected[who];

    test(`${who}: inbox → ${want.inbox}`, async () => {
      const { taskId } = await technicalReview();
      const res = await clients[who].get('/api/v1/tasks?limit=100');
      if (typeof want.inbox === 'number') {
        assert.equal(res.statusCode, want.inbox);
        return;
      }
      assert.equal(res.statusCode, 200);
      const ids = res.json().items.map((i: { id: string }) => i.id);
      assert.equal(ids.includes(taskId), want.inbox === 'sees');
    });

    test(`${who}: claim → ${want.claim}`, async () => {
      const { taskId } = await technicalReview();
      const res = await clients[who].post(`/api/v1/tasks/${taskId}/claim`);
      assert.equal(res.statusCode, want.claim, res.body);
    });

    test(`${who}: complete → ${want.complete}`, async () => {
      const { taskId } = await technicalReview();
      const res = await clients[who].post(`/api/v1/tasks/${taskId}/complete`, { outcome: 'approve' });
      assert.equal(res.statusCode, want.complete, res.body);
      const row = await bed.t.app.platform.db
        .selectFrom('workflow_tasks')
        .select('status')
        .where('id', '=', taskId)
        .executeTakeFirstOrThrow();
      assert.equal(
        row.status,
        want.complete === 200 ? 'completed' : 'open',
        'a refused completion changes nothing',
      );
    });
  }
});
