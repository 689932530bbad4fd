import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DecisionTable } from '@tongban/contracts';
import { sql } from 'kysely';
import { inTransaction } from '../../platform/db.ts';
import type { TestApp, TestClient } from '../../testing/harness.ts';
import { listAuditEntries } from '../audit/index.ts';
import { getDepartmentByCode } from '../org/index.ts';
import { decision, decisionsApp, dmn, FIXTURE, signIn } from './decisions.testkit.ts';
import {
  decide,
  evaluateDecision,
  explainEvaluation,
  getEvaluation,
  hpfWithdrawalTable,
  recordEvaluation,
  saveDecisionTable,
  seedDemoDecisions,
} from './index.ts';

const BASE = '/api/v1/admin/decisions';
const RENT = { withdrawal: { withdrawalReason: 'rent', amountFen: 1_200_000 } };

describe('decision tables over HTTP and the public API', () => {
  let t: TestApp;
  let hpfAdmin: TestClient;
  let hpfOfficer: TestClient;
  let hpfAdminZh: TestClient;
  const db = () => t.app.platform.db;
  const versionsOf = async (key: string) => (await hpfOfficer.get(`${BASE}/${key}`)).json().versions ?? [];

  before(async () => {
    t = await decisionsApp();
    hpfAdmin = await signIn(t, 'hpf.admin');
    hpfAdminZh = await signIn(t, 'hpf.admin', 'zh-CN');
    hpfOfficer = await signIn(t, 'hpf.officer');
  });
  after(async () => t.close());

  test('the demo seed gives the housing-fund and the 50-row benefit tables, and seeding again adds no version', async () => {
    await seedDemoDecisions(db());
    const res = await hpfOfficer.get(`${BASE}?limit=100`);
    assert.equal(res.statusCode, 200);
    const byKey = Object.fromEntries(
      res.json().items.map((i: { key: string }) => [i.key, i] as const),
    ) as Record<
      string,
      {
        ownerDepartmentCode: string;
        versionCount: number;
        latest: { hitPolicy: string; ruleCount: number; source: string };
        mayAdminister: boolean;
      }
    >;
    assert.equal(byKey['hpf-withdrawal-instant']?.ownerDepartmentCode, 'HPF');
    assert.equal(byKey['hpf-withdrawal-instant']?.versionCount, 1);
    assert.equal(byKey['hpf-withdrawal-instant']?.mayAdminister, false, 'an officer does not administer');
    assert.deepEqual(byKey['hrss-unemployment-benefit']?.latest.ruleCount, 50);
    assert.equal(byKey['hrss-unemployment-benefit']?.latest.hitPolicy, 'FIRST');
    const mine = await hpfAdmin.get(`${BASE}?department=HPF`);
    assert.deepEqual(
      mine.json().items.map((i: { key: string; mayAdminister: boolean }) => [i.key, i.mayAdminister]),
      [['hpf-withdrawal-instant', true]],
    );
  });

  test('a version is readable as JSON with who made it, when, and from what', async () => {
    const res = await hpfOfficer.get(`${BASE}/hpf-withdrawal-instant/versions/1`);
    assert.equal(res.statusCode, 200);
    const v = res.json();
    assert.deepEqual(v.table, JSON.parse(JSON.stringify(hpfWithdrawalTable())));
    assert.equal(v.source, 'json');
    assert.equal(v.createdByName, null, 'seeded by the system');
    assert.ok(Date.parse(v.createdAt) > 0);
    assert.equal(
      (await hpfOfficer.get(`${BASE}/hpf-withdrawal-instant/versions/9`)).json().error.code,
      'DECISION_VERSION_NOT_FOUND',
    );
    assert.equal((await hpfOfficer.get(`${BASE}/no-such-table`)).statusCode, 404);
  });

  test('saving changed content makes version n+1; the same content is no new version; old versions stay readable and runnable', async () => {
    const table = hpfWithdrawalTable();
    table.rules[0]!.inputEntries[1] = '<= 1000000';
    const saved = await hpfAdmin.put(
      `${BASE}/hpf-withdrawal-instant`,
      { table },
      { 'idempotency-key': 'save-v2-0001' },
    );
    assert.equal(saved.statusCode, 201, saved.body);
    assert.equal(saved.json().version, 2);
    assert.equal(saved.json().created, true);
    const replay = await hpfAdmin.put(
      `${BASE}/hpf-withdrawal-instant`,
      { table },
      { 'idempotency-key': 'save-v2-0001' },
    );
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    const again = await hpfAdmin.post(BASE, { table });
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), { ...saved.json(), created: false });

    const versions = await versionsOf('hpf-withdrawal-instant');
    assert.deepEqual(
      versions.map((v: { version: number; createdByName: string | null }) => [
        v.version,
        v.createdByName !== null,
      ]),
      [
        [2, true],
        [1, false],
      ],
    );
    // The same 12,000-yuan rent claim: approved by version 1, referred by version 2.
    const latest = await hpfOfficer.post(`${BASE}/hpf-withdrawal-instant/evaluate`, { context: RENT });
    assert.equal(latest.json().outputs.decision, 'refer');
    assert.equal(latest.json().trace.version, 2);
    const v1 = await hpfOfficer.post(`${BASE}/hpf-withdrawal-instant/evaluate`, {
      context: RENT,
      version: 1,
    });
    assert.equal(v1.json().outputs.decision, 'approve');
    assert.deepEqual(v1.json().matched, ['rent-within-limit']);
    const direct = await evaluateDecision(db(), 'hpf-withdrawal-instant', RENT, { version: 1 });
    assert.equal(direct.trace.versionId, v1.json().trace.versionId);
    // Back to the seeded content for the tests below: that is version 3.
    const back = await hpfAdmin.put(`${BASE}/hpf-withdrawal-instant`, { table: hpfWithdrawalTable() });
    assert.equal(back.json().version, 3);
  });

  test('a FEEL syntax error is refused with a localized message naming the rule and column, and writes nothing', async () => {
    const before = (await versionsOf('hpf-withdrawal-instant')).length;
    const table = hpfWithdrawalTable();
    table.rules[2]!.inputEntries[1] = '<= ';
    const zh = await hpfAdminZh.put(`${BASE}/hpf-withdrawal-instant`, { table });
    assert.equal(zh.statusCode, 422);
    assert.equal(zh.json().error.code, 'DECISION_EXPRESSION_INVALID');
    assert.equal(
      zh.json().error.message,
      '规则 purchase-within-limit 在“amount”列的 FEEL 表达式有语法错误：<= ',
    );
    const en = await hpfAdmin.post(BASE, { table });
    assert.equal(
      en.json().error.message,
      'Rule purchase-within-limit, column "amount": the FEEL expression has a syntax error: <= ',
    );
    const count = structuredClone(hpfWithdrawalTable());
    count.rules[0]!.outputEntries.pop();
    assert.equal(
      (await hpfAdmin.post(BASE, { table: count })).json().error.code,
      'DECISION_RULE_ENTRY_COUNT',
    );
    assert.equal((await versionsOf('hpf-withdrawal-instant')).length, before);
  });

  test('the body is checked by schema, and the key in the body must be the one in the address', async () => {
    const table = { ...hpfWithdrawalTable(), hitPolicy: 'PRIORITY' };
    const schema = await hpfAdmin.post(BASE, { table });
    assert.equal(schema.statusCode, 400);
    assert.equal(schema.json().error.code, 'VALIDATION_FAILED');
    const mismatch = await hpfAdmin.put(`${BASE}/other-key`, { table: hpfWithdrawalTable() });
    assert.equal(mismatch.json().error.code, 'DECISION_KEY_MISMATCH');
    const missing = await hpfAdmin.put(`${BASE}/new-key`, {
      table: { ...hpfWithdrawalTable(), key: 'new-key' },
    });
    assert.equal(
      missing.json().error.code,
      'DECISION_TABLE_NOT_FOUND',
      'PUT adds versions to existing tables only',
    );
  });

  test('a new table is owned by the department its admin administers; naming another is refused', async () => {
    const table: DecisionTable = { ...hpfWithdrawalTable(), key: 'hpf-new-table' };
    const other = await hpfAdmin.post(BASE, { table, ownerDepartmentCode: 'HRSS' });
    assert.equal(other.statusCode, 403);
    const unknown = await hpfAdmin.post(BASE, { table, ownerDepartmentCode: 'NOPE' });
    assert.equal(unknown.json().error.code, 'DEPARTMENT_NOT_FOUND');
    const created = await hpfAdmin.post(BASE, { table });
    assert.equal(created.statusCode, 201);
    assert.equal(created.json().version, 1);
    assert.equal((await hpfOfficer.get(`${BASE}/hpf-new-table`)).json().ownerDepartmentCode, 'HPF');
  });

  test('a DMN 1.3 file from a modeler imports every decision table as versions with source dmn; the same file again adds none', async () => {
    const res = await hpfAdmin.post(`${BASE}/import`, { xml: FIXTURE });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(
      res
        .json()
        .items.map((i: { key: string; version: number; created: boolean }) => [i.key, i.version, i.created]),
      [
        ['hpf-withdrawal-check', 1, true],
        ['hpf-withdrawal-points', 1, true],
      ],
    );
    const again = await hpfAdmin.post(`${BASE}/import`, { xml: FIXTURE });
    assert.equal(again.statusCode, 200);
    assert.ok(again.json().items.every((i: { created: boolean }) => !i.created));
    const v = (await hpfOfficer.get(`${BASE}/hpf-withdrawal-check/versions/1`)).json();
    assert.equal(v.source, 'dmn');
    assert.equal(v.ownerDepartmentCode, 'HPF');
    assert.equal(v.table.rules.length, 3);
    const points = await hpfOfficer.post(`${BASE}/hpf-withdrawal-points/evaluate`, {
      context: { applicant: { age: 65 } },
    });
    assert.deepEqual(points.json().outputs, { points: 15 });
  });

  test('bad DMN is refused with a coded, localized error and nothing is written', async () => {
    const before = (await hpfOfficer.get(`${BASE}?limit=100`)).json().items.length;
    const malformed = await hpfAdminZh.post(`${BASE}/import`, { xml: '<definitions' });
    assert.equal(malformed.statusCode, 422);
    assert.equal(malformed.json().error.code, 'DECISION_DMN_MALFORMED');
    assert.match(malformed.json().error.message, /^不是有效的 DMN 1\.3 XML：/);
    const unsupported = await hpfAdminZh.post(`${BASE}/import`, {
      xml: dmn(
        `${decision('fine-one')}<businessKnowledgeModel id="bkm" />${decision('p', '', 'hitPolicy="PRIORITY"')}`,
      ),
    });
    assert.equal(unsupported.json().error.code, 'DECISION_DMN_UNSUPPORTED');
    assert.equal(
      unsupported.json().error.message,
      'DMN 文件使用了不支持的特性：BusinessKnowledgeModel bkm, hit policy PRIORITY (decision p)',
    );
    const badFeel = await hpfAdmin.post(`${BASE}/import`, {
      xml: dmn(decision('fine-two') + decision('broken').replace('&gt;= 60', '&gt;=')),
    });
    assert.equal(badFeel.json().error.code, 'DECISION_EXPRESSION_INVALID');
    assert.equal(badFeel.json().error.message.includes('broken_r1'), true);
    // A file touching a table of another department is refused whole: its new table is not created either.
    const foreign = await hpfAdmin.post(`${BASE}/import`, {
      xml: dmn(decision('fine-three') + decision('hrss-unemployment-benefit')),
    });
    assert.equal(foreign.statusCode, 403);
    assert.equal((await hpfOfficer.get(`${BASE}?limit=100`)).json().items.length, before);
    assert.equal((await hpfOfficer.get(`${BASE}/fine-three`)).statusCode, 404);
  });

  test('test runs give outputs and the trace; UNIQUE overlaps and unknown tables are coded errors', async () => {
    const run = await hpfOfficer.post(`${BASE}/hpf-withdrawal-instant/evaluate`, {
      context: { withdrawal: { withdrawalReason: 'retirement', amountFen: 9_000_000 } },
    });
    assert.equal(run.statusCode, 200);
    assert.equal(run.json().outputs.decision, 'approve');
    assert.deepEqual(run.json().matched, ['retirement']);
    assert.deepEqual(run.json().explanation, [
      'Reason for withdrawal is Retirement → Withdrawal on retirement: approved automatically',
    ]);
    assert.deepEqual(
      run.json().trace.rules.map((r: { id: string; matched: boolean }) => [r.id, r.matched]),
      [
        ['rent-within-limit', false],
        ['retirement', true],
      ],
    );
    const benefit = await hpfOfficer.post(`${BASE}/hrss-unemployment-benefit/evaluate`, {
      context: { insured: { contributionYears: 12, age: 61 } },
    });
    assert.deepEqual(benefit.json().outputs, { monthlyFen: 256_000, months: 24 });

    const unique: DecisionTable = {
      key: 'hpf-unique-overlap',
      nameZh: '重叠',
      nameEn: 'Overlap',
      hitPolicy: 'UNIQUE',
      inputs: [{ id: 'n', labelZh: '数', labelEn: 'N', expression: 'n' }],
      outputs: [{ id: 'o', name: 'o', labelZh: '结果', labelEn: 'Out' }],
      rules: [
        { id: 'small', inputEntries: ['< 10'], outputEntries: ['"small"'] },
        { id: 'five', inputEntries: ['5'], outputEntries: ['"five"'] },
      ],
    };
    assert.equal((await hpfAdmin.post(BASE, { table: unique })).statusCode, 201);
    const ok = await hpfOfficer.post(`${BASE}/hpf-unique-overlap/evaluate`, { context: { n: 3 } });
    assert.deepEqual(ok.json().outputs, { o: 'small' });
    const clash = await hpfOfficer.post(`${BASE}/hpf-unique-overlap/evaluate`, { context: { n: 5 } });
    assert.equal(clash.statusCode, 422);
    assert.equal(clash.json().error.code, 'DECISION_UNIQUE_VIOLATED');
    assert.deepEqual(clash.json().error.details, ['small', 'five']);
    const none = await hpfOfficer.post(`${BASE}/nothing-here/evaluate`, { context: {} });
    assert.equal(none.json().error.code, 'DECISION_TABLE_NOT_FOUND');
  });

  test('decide() stores the evaluation with the decision it caused: only the values read, encrypted, audited, explained', async () => {
    const caseId = '01990000-0000-7000-8000-000000000001';
    const form = {
      applicant: { name: '张明', idNumber: '339001199003151237', phone: '13800138000' },
      withdrawal: { ...RENT.withdrawal, bankAccount: '6222020200112233445', bankName: '工商银行' },
    };
    const result = await inTransaction(db(), (tx) =>
      decide(tx, 'hpf-withdrawal-instant', form, { subjectType: 'application', subjectId: caseId }),
    );
    assert.equal(
      result.outputs && !Array.isArray(result.outputs) ? result.outputs.decision : null,
      'approve',
    );

    const stored = await getEvaluation(db(), result.evaluationId);
    assert.ok(stored);
    assert.deepEqual(stored.context, {
      'withdrawal.withdrawalReason': 'rent',
      'withdrawal.amountFen': 1_200_000,
    });
    assert.equal(stored.version, 3);
    assert.deepEqual(stored.matched, ['rent-within-limit']);
    assert.deepEqual(stored.trace, result.trace);
    assert.deepEqual(explainEvaluation(stored, 'zh-CN'), [
      '提取原因为租房自住，申请金额为 12,000.00 元，不超过 15,000.00 元 → 租房提取金额在 15,000 元限额内，自动核准',
    ]);
    const raw = await sql<{
      row: string;
    }>`SELECT row_to_json(e)::text AS row FROM decisions_evaluations e WHERE id = ${result.evaluationId}`.execute(
      db(),
    );
    assert.ok(!raw.rows[0]!.row.includes('1200000'), 'the values read are not stored in clear');

    const page = await hpfOfficer.get(
      `/api/v1/admin/decision-evaluations?subjectType=application&subjectId=${caseId}`,
      {
        'accept-language': 'zh-CN',
      },
    );
    assert.equal(page.statusCode, 200);
    const [item] = page.json().items;
    assert.equal(item.id, result.evaluationId);
    assert.deepEqual(item.explanation, explainEvaluation(stored, 'zh-CN'));
    const one = await hpfOfficer.get(`/api/v1/admin/decision-evaluations/${result.evaluationId}`);
    assert.equal(one.json().explanation[0].startsWith('Reason for withdrawal is Paying rent'), true);

    const audit = await listAuditEntries(db(), { subjectType: 'application', subjectId: caseId });
    const actions = audit.items.map((e) => e.action).sort();
    assert.deepEqual(actions, [
      'decision.evaluate',
      'decision.evaluations.read',
      'decision.evaluations.read',
    ]);
    assert.ok(audit.items.every((e) => e.personalData));
  });

  test('an evaluation recorded in a transaction that rolls back is not kept', async () => {
    const caseId = '01990000-0000-7000-8000-000000000002';
    await assert.rejects(
      inTransaction(db(), async (tx) => {
        const result = await evaluateDecision(tx, 'hpf-withdrawal-instant', RENT);
        await recordEvaluation(tx, { subjectType: 'application', subjectId: caseId, context: RENT, result });
        throw new Error('the business transaction failed');
      }),
      /business transaction failed/,
    );
    const page = await hpfOfficer.get(
      `/api/v1/admin/decision-evaluations?subjectType=application&subjectId=${caseId}`,
    );
    assert.deepEqual(page.json().items, []);
  });

  test('other modules can save tables as the system and evaluate a chosen version', async () => {
    const hpf = await getDepartmentByCode(db(), 'HPF');
    const table: DecisionTable = { ...hpfWithdrawalTable(), key: 'hpf-system-table' };
    const saved = await saveDecisionTable(db(), { table, ownerDepartmentId: hpf!.id });
    assert.deepEqual([saved.version, saved.created], [1, true]);
    const r = await evaluateDecision(db(), 'hpf-system-table', RENT, {
      version: 1,
      now: new Date('2026-01-05T00:00:00Z'),
    });
    assert.equal(r.trace.evaluatedAt, '2026-01-05T00:00:00.000Z');
    await assert.rejects(evaluateDecision(db(), 'hpf-system-table', RENT, { version: 2 }), {
      code: 'DECISION_VERSION_NOT_FOUND',
    });
  });
});
