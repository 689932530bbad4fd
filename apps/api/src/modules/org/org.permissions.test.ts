import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/harness.ts';
import { assignRole, getDepartmentByCode, rolesOf } from './index.ts';
import { ACTORS, type Cast, castOfActors, newStaff } from './org.testing.ts';

type Actor = (typeof ACTORS)[number];
const everyone = (status: number) =>
  Object.fromEntries(ACTORS.map((a) => [a, status])) as Record<Actor, number>;
const deptAdminOnly = (status: number): Record<Actor, number> => ({
  anonymous: 401,
  citizen: 403,
  enterprise: 403,
  officer: 403,
  adminSame: status,
  adminOther: 403,
});

describe('org permissions (actor × endpoint)', () => {
  let t: TestApp;
  let cast: Cast;
  let target: { id: string };
  let samrId: string;
  before(async () => {
    t = await createTestApp();
    cast = await castOfActors(t);
    target = await newStaff(t);
    samrId = (await getDepartmentByCode(t.app.platform.db, 'SAMR'))!.id;
  });
  after(async () => t.close());

  const hasWindowRole = async () =>
    (await rolesOf(t.app.platform.db, target.id)).some(
      (r) => r.role === 'window' && r.departmentId === samrId,
    );

  const reads: [string, Record<Actor, number>][] = [
    ['/api/v1/regions', everyone(200)],
    ['/api/v1/departments', everyone(200)],
    ['/api/v1/departments/SAMR', everyone(200)],
  ];
  for (const [url, expected] of reads) {
    test(`GET ${url}`, async () => {
      for (const actor of ACTORS)
        assert.equal((await cast[actor].get(url)).statusCode, expected[actor], actor);
    });
  }

  test('POST /departments/:id/staff-roles', async () => {
    const expected = deptAdminOnly(201);
    for (const actor of ACTORS) {
      await t.app.platform.db.deleteFrom('org_staff_roles').where('account_id', '=', target.id).execute();
      const res = await cast[actor].post(`/api/v1/departments/${samrId}/staff-roles`, {
        accountId: target.id,
        role: 'window',
      });
      assert.equal(res.statusCode, expected[actor], actor);
      assert.equal(
        await hasWindowRole(),
        expected[actor] === 201,
        `${actor}: role granted only when allowed`,
      );
    }
  });

  test('DELETE /departments/:id/staff-roles/:accountId/:role', async () => {
    const expected = deptAdminOnly(204);
    for (const actor of ACTORS) {
      await assignRole(t.app.platform.db, { accountId: target.id, departmentId: samrId, role: 'window' });
      const res = await cast[actor].delete(`/api/v1/departments/${samrId}/staff-roles/${target.id}/window`);
      assert.equal(res.statusCode, expected[actor], actor);
      assert.equal(
        await hasWindowRole(),
        expected[actor] !== 204,
        `${actor}: role withdrawn only when allowed`,
      );
    }
  });
});
