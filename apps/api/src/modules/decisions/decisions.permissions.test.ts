import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { inTransaction } from '../../platform/db.ts';
import { type TestApp, TestClient } from '../../testing/harness.ts';
import { DEMO_CITIZEN_ID } from '../identity/index.ts';
import { decision, decisionsApp, dmn, signIn } from './decisions.testkit.ts';
import { decide, hpfWithdrawalTable } from './index.ts';

/**
 * Decision tables: who may view and test-run them (any staff), add versions and import DMN
 * (dept_admin of the owner department), and read stored evaluations (staff of the owner, auditors).
 * The table under test is the housing fund's `hpf-withdrawal-instant`.
 */
type Who = 'anonymous' | 'citizen' | 'hpfOfficer' | 'hpfAdmin' | 'hrssAdmin' | 'auditor';

const LOGINS: Record<Exclude<Who, 'anonymous'>, string> = {
  citizen: DEMO_CITIZEN_ID,
  hpfOfficer: 'hpf.officer',
  hpfAdmin: 'hpf.admin',
  hrssAdmin: 'hrss.admin',
  auditor: 'auditor',
};

type Evaluations = number | 'sees' | 'hidden';
const expected: Record<
  Who,
  {
    list: number;
    view: number;
    run: number;
    save: number;
    import: number;
    evaluations: Evaluations;
    one: number;
  }
> = {
  anonymous: { list: 401, view: 401, run: 401, save: 401, import: 401, evaluations: 401, one: 401 },
  citizen: { list: 403, view: 403, run: 403, save: 403, import: 403, evaluations: 403, one: 403 },
  hpfOfficer: { list: 200, view: 200, run: 200, save: 403, import: 403, evaluations: 'sees', one: 200 },
  hpfAdmin: { list: 200, view: 200, run: 200, save: 201, import: 201, evaluations: 'sees', one: 200 },
  hrssAdmin: { list: 200, view: 200, run: 200, save: 403, import: 403, evaluations: 'hidden', one: 403 },
  auditor: { list: 200, view: 200, run: 200, save: 403, import: 403, evaluations: 'sees', one: 200 },
};

describe('decision tables permission matrix', () => {
  let t: TestApp;
  const clients = {} as Record<Who, TestClient>;
  const subjectId = '01990000-0000-7000-8000-0000000000aa';
  let evaluationId: string;
  let n = 0;
  const versions = async () =>
    (await clients.hpfAdmin.get('/api/v1/admin/decisions/hpf-withdrawal-instant')).json().versions.length;

  before(async () => {
    t = await decisionsApp();
    clients.anonymous = new TestClient(t.app);
    for (const [who, login] of Object.entries(LOGINS) as [Exclude<Who, 'anonymous'>, string][]) {
      clients[who] = await signIn(t, login);
    }
    const stored = await inTransaction(t.app.platform.db, (tx) =>
      decide(
        tx,
        'hpf-withdrawal-instant',
        { withdrawal: { withdrawalReason: 'rent', amountFen: 100_000 } },
        { subjectType: 'application', subjectId },
      ),
    );
    evaluationId = stored.evaluationId;
  });
  after(async () => t.close());

  for (const who of Object.keys(expected) as Who[]) {
    const want = expected[who];

    test(`${who}: list → ${want.list}, view → ${want.view}, test-run → ${want.run}`, async () => {
      const c = clients[who];
      assert.equal((await c.get('/api/v1/admin/decisions')).statusCode, want.list);
      assert.equal(
        (await c.get('/api/v1/admin/decisions/hpf-withdrawal-instant/versions/1')).statusCode,
        want.view,
      );
      const run = await c.post('/api/v1/admin/decisions/hpf-withdrawal-instant/evaluate', {
        context: { withdrawal: { withdrawalReason: 'retirement' } },
      });
      assert.equal(run.statusCode, want.run, run.body);
    });

    test(`${who}: save a version → ${want.save}`, async () => {
      const before = await versions();
      const table = hpfWithdrawalTable();
      table.nameEn = `Housing fund withdrawal (${who} ${++n})`;
      const res = await clients[who].put('/api/v1/admin/decisions/hpf-withdrawal-instant', { table });
      assert.equal(res.statusCode, want.save, res.body);
      assert.equal(
        await versions(),
        want.save === 201 ? before + 1 : before,
        'a refused save writes nothing',
      );
    });

    test(`${who}: import DMN into HPF → ${want.import}`, async () => {
      const key = `perm-${who.toLowerCase()}`;
      const res = await clients[who].post('/api/v1/admin/decisions/import', {
        xml: dmn(decision(key)),
        ownerDepartmentCode: 'HPF',
      });
      assert.equal(res.statusCode, want.import, res.body);
      const created = await clients.hpfAdmin.get(`/api/v1/admin/decisions/${key}`);
      assert.equal(created.statusCode, want.import === 201 ? 200 : 404);
    });

    test(`${who}: stored evaluations of a case → ${want.evaluations}, one → ${want.one}`, async () => {
      const res = await clients[who].get(
        `/api/v1/admin/decision-evaluations?subjectType=application&subjectId=${subjectId}`,
      );
      if (typeof want.evaluations === 'number') assert.equal(res.statusCode, want.evaluations);
      else {
        assert.equal(res.statusCode, 200);
        const ids = res.json().items.map((i: { id: string }) => i.id);
        assert.deepEqual(ids, want.evaluations === 'sees' ? [evaluationId] : []);
      }
      const one = await clients[who].get(`/api/v1/admin/decision-evaluations/${evaluationId}`);
      assert.equal(one.statusCode, want.one);
    });
  }
});
