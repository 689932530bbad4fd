import type { Region, RegionLevel, StaffRoleName } from '@tongban/contracts';
import type { Generated } from 'kysely';
import type { StaffRole } from '../../platform/auth.ts';
import { asTables, type Db } from '../../platform/db.ts';

interface OrgTables {
  org_regions: {
    code: string;
    name_zh: string;
    name_en: string;
    parent_code: string | null;
    level: RegionLevel;
  };
  org_departments: { id: string; code: string; name_zh: string; name_en: string; region_code: string };
  org_staff_roles: {
    account_id: string;
    department_id: string;
    role: StaffRoleName;
    region_code: string;
    created_at: Generated<Date>;
  };
}

export interface DepartmentRow {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
  regionCode: string;
}

const departmentColumns = [
  'id',
  'code',
  'name_zh as nameZh',
  'name_en as nameEn',
  'region_code as regionCode',
] as const;

export async function insertRegion(db: Db, r: Region): Promise<void> {
  await asTables<OrgTables>(db)
    .insertInto('org_regions')
    .values({ code: r.code, name_zh: r.nameZh, name_en: r.nameEn, parent_code: r.parentCode, level: r.level })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

export async function findRegions(
  db: Db,
  q: { parentCode?: string; level?: RegionLevel; afterCode?: string; limit: number },
): Promise<Region[]> {
  let query = asTables<OrgTables>(db)
    .selectFrom('org_regions')
    .select(['code', 'name_zh as nameZh', 'name_en as nameEn', 'parent_code as parentCode', 'level']);
  if (q.parentCode) query = query.where('parent_code', '=', q.parentCode);
  if (q.level) query = query.where('level', '=', q.level);
  if (q.afterCode) query = query.where('code', '>', q.afterCode);
  return query.orderBy('code').limit(q.limit).execute();
}

export async function insertDepartment(db: Db, d: DepartmentRow): Promise<void> {
  await asTables<OrgTables>(db)
    .insertInto('org_departments')
    .values({ id: d.id, code: d.code, name_zh: d.nameZh, name_en: d.nameEn, region_code: d.regionCode })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

export async function findDepartment(db: Db, by: { id: string } | { code: string }) {
  const q = asTables<OrgTables>(db).selectFrom('org_departments').select(departmentColumns);
  const found = 'id' in by ? q.where('id', '=', by.id) : q.where('code', '=', by.code);
  return found.executeTakeFirst();
}

export async function findDepartments(
  db: Db,
  q: { regionCode?: string; afterCode?: string; limit?: number } = {},
): Promise<DepartmentRow[]> {
  let query = asTables<OrgTables>(db).selectFrom('org_departments').select(departmentColumns);
  if (q.regionCode) query = query.where('region_code', '=', q.regionCode);
  if (q.afterCode) query = query.where('code', '>', q.afterCode);
  if (q.limit) query = query.limit(q.limit);
  return query.orderBy('code').execute();
}

export async function findRoles(db: Db, accountId: string): Promise<StaffRole[]> {
  return asTables<OrgTables>(db)
    .selectFrom('org_staff_roles')
    .select(['role', 'department_id as departmentId', 'region_code as regionCode'])
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .orderBy('role')
    .execute();
}

/** Accounts holding `role` in the department, oldest grant first. */
export async function findAccountsWithRole(
  db: Db,
  departmentId: string,
  role: StaffRoleName,
): Promise<string[]> {
  const rows = await asTables<OrgTables>(db)
    .selectFrom('org_staff_roles')
    .select('account_id')
    .where('department_id', '=', departmentId)
    .where('role', '=', role)
    .orderBy('created_at')
    .orderBy('account_id')
    .execute();
  return rows.map((r) => r.account_id);
}

/** True when the role was new. */
export async function insertRole(
  db: Db,
  r: { accountId: string; departmentId: string; role: StaffRoleName; regionCode: string },
): Promise<boolean> {
  const row = await asTables<OrgTables>(db)
    .insertInto('org_staff_roles')
    .values({
      account_id: r.accountId,
      department_id: r.departmentId,
      role: r.role,
      region_code: r.regionCode,
    })
    .onConflict((oc) => oc.columns(['account_id', 'department_id', 'role']).doNothing())
    .returning('role')
    .executeTakeFirst();
  return row !== undefined;
}

/** True when the role existed. */
export async function deleteRole(
  db: Db,
  r: { accountId: string; departmentId: string; role: StaffRoleName },
): Promise<boolean> {
  const row = await asTables<OrgTables>(db)
    .deleteFrom('org_staff_roles')
    .where('account_id', '=', r.accountId)
    .where('department_id', '=', r.departmentId)
    .where('role', '=', r.role)
    .returning('role')
    .executeTakeFirst();
  return row !== undefined;
}
