import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestClient } from '../../testing/harness.ts';
import { deployDefinition } from './definitions.service.ts';
import { demoBpmn } from './workflow.seed.ts';
import { inboxFor, type Testbed, workflowTestbed } from './workflow.testbed.ts';

/**
 * Post-approval reviews (事后抽查) of automatic approvals: who sees one in an inbox and may close it
 * (the owning department's officers), and who follows up a flagged one (that department's heads).
 * The process is the instant-approval demo with every automatic approval sampled.
 */
type Who = 'anonymous' | 'ownerOfficer' | 'ownerWindow' | 'ownerHead' | 'otherOfficer' | 'otherHead';

const expected: Record<
  Who,
  { inbox: 'sees' | 'hidden' | number; complete: number; flagged: 'sees' | 'hidden' | number }
> = {
  anonymous: { inbox: 401, complete: 401, flagged: 401 },
  ownerOfficer: { inbox: 'sees', complete: 200, flagged: 'hidden' },
  ownerWindow: { inbox: 'hidden', complete: 403, flagged: 'hidden' },
  ownerHead: { inbox: 'hidden', complete: 403, flagged: 'sees' },
  otherOfficer: { inbox: 'hidden', complete: 403, flagged: 'hidden' },
  otherHead: { inbox: 'hidden', complete: 403, flagged: 'hidden' },
};

describe('post-approval review permission matrix', () => {
  let bed: Testbed;
  const clients = {} as Record<Who, TestClient>;

  before(async () => {
    bed = await workflowTestbed();
    const xml = demoBpmn('instant-approval').replace(
      'tongban:reviewSample="0.05"',
      'tongban:reviewSample="1"',
    );
    await deployDefinition(bed.t.app.platform.db, { key: 'instant-approval', name: 'instant', bpmnXml: xml });
    clients.anonymous = new TestClient(bed.t.app);
    const roles: Record<Exclude<Who, 'anonymous'>, [string, string][]> = {
      ownerOfficer: [['HPF', 'officer']],
      ownerWindow: [['HPF', 'window']],
      ownerHead: [['HPF', 'dept_head']],
      otherOfficer: [['TAX', 'officer']],
      otherHead: [['TAX', 'dept_head']],
    };
    for (const [who, r] of Object.entries(roles) as [Exclude<Who, 'anonymous'>, [string, string][]][]) {
      clients[who] = (await bed.officer(`review.${who.toLowerCase()}`, r)).client;
    }
  });
  after(async () => bed.close());

  /** An HPF withdrawal the demo table approves, with its review task open. */
  async function reviewedCase() {
    const { businessKey } = await bed.start('instant-approval', 'HPF', {
      withdrawal: { withdrawalReason: 'retirement', amountFen: 100 },
    });
    const [task] = await inboxFor({ id: '', client: clients.ownerOfficer }, businessKey);
    assert.ok(task, 'the review task exists');
    return { businessKey, taskId: task.id };
  }

  const listed = async (c: TestClient, view: string, businessKey: string) => {
    const res = await c.get(`/api/v1/tasks?view=${view}&limit=100`);
    if (res.statusCode !== 200) return res.statusCode;
    return (res.json().items as { caseId: string }[]).some((i) => i.caseId === businessKey)
      ? 'sees'
      : 'hidden';
  };

  for (const who of Object.keys(expected) as Who[]) {
    test(`${who}: inbox ${expected[who].inbox}, complete ${expected[who].complete}, flagged ${expected[who].flagged}`, async () => {
      const { businessKey, taskId } = await reviewedCase();
      const c = clients[who];
      assert.equal(await listed(c, 'inbox', businessKey), expected[who].inbox);
      const res = await c.post(`/api/v1/tasks/${taskId}/complete`, { outcome: 'flag', note: '核对收入证明' });
      assert.equal(res.statusCode, expected[who].complete, res.body);
      if (res.statusCode !== 200) {
        // Flag it as the owning department's officer, to see who follows it up.
        const flagged = await clients.ownerOfficer.post(`/api/v1/tasks/${taskId}/complete`, {
          outcome: 'flag',
          note: '核对收入证明',
        });
        assert.equal(flagged.statusCode, 200, flagged.body);
      }
      assert.equal(await listed(c, 'flagged', businessKey), expected[who].flagged);
    });
  }
});
