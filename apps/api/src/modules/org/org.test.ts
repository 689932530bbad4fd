import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestApp, type TestApp, TestClient } from '../../testing/harness.ts';
import { listAuditEntries } from '../audit/index.ts';
import { createAccount } from '../identity/index.ts';
import { getDepartmentByCode, listDepartments, rolesOf, seedDemoOrg } from './index.ts';
import { newStaff } from './org.testing.ts';

const DEMO_CODES = ['CAB', 'HC', 'HCD', 'HOTLINE', 'HPF', 'HRSS', 'MIB', 'NRP', 'PSB', 'SAMR', 'TAX'];

let t: TestApp;
let anonymous: TestClient;
before(async () => {
  t = await createTestApp();
  await seedDemoOrg(t.app.platform.db);
  anonymous = new TestClient(t.app);
});
after(async () => t.close());

async function count(table: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(
    t.app.platform.db,
  );
  return r.rows[0]!.n;
}

describe('regions and departments', () => {
  test('seeding the demo org twice leaves one region tree and eleven departments', async () => {
    await seedDemoOrg(t.app.platform.db);
    assert.equal(await count('org_regions'), 5);
    assert.deepEqual(
      (await listDepartments(t.app.platform.db)).map((d) => d.code),
      DEMO_CODES,
    );
  });

  test('regions form a province → city → district tree', async () => {
    const city = (await anonymous.get('/api/v1/regions?level=city')).json();
    assert.deepEqual(city.items, [
      { code: '339000', nameZh: '明湖市', nameEn: 'Minghu City', parentCode: '330000', level: 'city' },
    ]);
    const districts = (await anonymous.get('/api/v1/regions?parentCode=339000')).json();
    assert.deepEqual(
      districts.items.map((r: { code: string; nameZh: string; level: string }) => [
        r.code,
        r.nameZh,
        r.level,
      ]),
      [
        ['339001', '东湖区', 'district'],
        ['339002', '西湖区', 'district'],
        ['339003', '南山区', 'district'],
      ],
    );
    const province = (await anonymous.get('/api/v1/regions?level=province')).json();
    assert.deepEqual(province.items, [
      { code: '330000', nameZh: '浙江省', nameEn: 'Zhejiang Province', parentCode: null, level: 'province' },
    ]);
  });

  test('departments page by cursor, in code order, without gaps or repeats', async () => {
    const seen: string[] = [];
    let url = '/api/v1/departments?limit=4';
    let pages = 0;
    for (;;) {
      const res = await anonymous.get(url);
      assert.equal(res.statusCode, 200);
      const { items, nextCursor } = res.json();
      assert.ok(items.length <= 4);
      seen.push(...items.map((d: { code: string }) => d.code));
      pages++;
      if (!nextCursor) break;
      url = `/api/v1/departments?limit=4&cursor=${encodeURIComponent(nextCursor)}`;
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, DEMO_CODES);
  });

  test('departments filter by region', async () => {
    const city = (await anonymous.get('/api/v1/departments?regionCode=339000&limit=100')).json();
    assert.equal(city.items.length, 11);
    const district = (await anonymous.get('/api/v1/departments?regionCode=339001')).json();
    assert.deepEqual(district, { items: [], nextCursor: null });
  });

  test('one department by id or by code; an unknown one is a localized 404', async () => {
    const samr = (await getDepartmentByCode(t.app.platform.db, 'SAMR'))!;
    const byId = await anonymous.get(`/api/v1/departments/${samr.id}`);
    assert.deepEqual(byId.json(), {
      id: samr.id,
      code: 'SAMR',
      nameZh: '市场监督管理局',
      nameEn: 'Market Regulation Bureau',
      regionCode: '339000',
    });
    assert.deepEqual((await anonymous.get('/api/v1/departments/SAMR')).json(), byId.json());
    for (const missing of ['01890000-0000-7000-8000-000000000000', 'NOPE']) {
      const res = await anonymous.get(`/api/v1/departments/${missing}`, { 'accept-language': 'zh-CN' });
      assert.equal(res.statusCode, 404);
      assert.deepEqual(res.json(), { error: { code: 'DEPARTMENT_NOT_FOUND', message: '部门不存在' } });
    }
  });

  test('bad list parameters are coded validation errors', async () => {
    for (const q of ['limit=0', 'limit=abc', 'limit=101', 'regionCode=33', 'level=village']) {
      const res = await anonymous.get(
        `/api/v1/departments?${q}`.replace('departments?level', 'regions?level'),
      );
      assert.equal(res.statusCode, 400, q);
      assert.equal(res.json().error.code, 'VALIDATION_FAILED');
    }
  });
});

describe('staff roles', () => {
  test('a dept_admin grants a role, the officer gets it at once, and withdraws it again (audited)', async () => {
    const admin = await newStaff(t, [['SAMR', 'dept_admin']]);
    const target = await newStaff(t);
    const adminClient = await admin.signIn();
    const targetClient = await target.signIn();
    const samr = (await getDepartmentByCode(t.app.platform.db, 'SAMR'))!;

    const grant = await adminClient.post(`/api/v1/departments/${samr.id}/staff-roles`, {
      accountId: target.id,
      role: 'officer',
    });
    assert.equal(grant.statusCode, 201);
    assert.deepEqual(grant.json(), {
      accountId: target.id,
      departmentId: samr.id,
      role: 'officer',
      regionCode: '339000',
    });
    const me = (await targetClient.get('/api/v1/me')).json();
    assert.deepEqual(
      me.account.roles.map((r: { role: string; departmentCode: string }) => [r.departmentCode, r.role]),
      [['SAMR', 'officer']],
    );

    const repeat = await adminClient.post('/api/v1/departments/SAMR/staff-roles', {
      accountId: target.id,
      role: 'officer',
    });
    assert.equal(repeat.statusCode, 200);
    assert.equal((await rolesOf(t.app.platform.db, target.id)).length, 1);

    const revoke = await adminClient.delete(
      `/api/v1/departments/${samr.id}/staff-roles/${target.id}/officer`,
    );
    assert.equal(revoke.statusCode, 204);
    assert.deepEqual((await targetClient.get('/api/v1/me')).json().account.roles, []);
    const again = await adminClient.delete(`/api/v1/departments/SAMR/staff-roles/${target.id}/officer`);
    assert.equal(again.statusCode, 404);
    assert.equal(again.json().error.code, 'STAFF_ROLE_NOT_FOUND');

    const { items } = await listAuditEntries(t.app.platform.db, {
      subjectType: 'account',
      subjectId: target.id,
    });
    const changes = items.filter((e) => e.action.startsWith('staffRole.'));
    assert.deepEqual(
      changes.map((e) => [e.action, e.actorId, e.details.role, e.details.departmentCode]).reverse(),
      [
        ['staffRole.grant', admin.id, 'officer', 'SAMR'],
        ['staffRole.revoke', admin.id, 'officer', 'SAMR'],
      ],
    );
  });

  test('roles go only to existing staff accounts, with a known role name, and nothing else is written', async () => {
    const admin = await (await newStaff(t, [['HCD', 'dept_admin']])).signIn();
    const { id: citizenId } = await createAccount(t.app.platform.db, {
      kind: 'citizen',
      name: '刘一',
      idNumber: '11010519491231002X',
      phone: '13800000003',
      password: 'Tongban@2026',
    });
    const before = await count('org_staff_roles');
    for (const accountId of [citizenId, '01890000-0000-7000-8000-000000000000']) {
      const res = await admin.post('/api/v1/departments/HCD/staff-roles', { accountId, role: 'officer' });
      assert.equal(res.statusCode, 422);
      assert.equal(res.json().error.code, 'STAFF_ACCOUNT_NOT_FOUND');
    }
    const staff = await newStaff(t);
    const bad = [
      { accountId: staff.id, role: 'king' },
      { accountId: staff.id, role: 'officer', departmentId: 'x' },
      { accountId: 'not-a-uuid', role: 'officer' },
      { role: 'officer' },
    ];
    for (const body of bad) {
      const res = await admin.post('/api/v1/departments/HCD/staff-roles', body);
      assert.equal(res.statusCode, 400, JSON.stringify(body));
      assert.equal(res.json().error.code, 'VALIDATION_FAILED');
    }
    const unknownDept = await admin.post('/api/v1/departments/NOPE/staff-roles', {
      accountId: staff.id,
      role: 'officer',
    });
    assert.equal(unknownDept.statusCode, 404);
    assert.equal(await count('org_staff_roles'), before);
  });
});
