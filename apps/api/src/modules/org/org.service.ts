import type {
  DepartmentQuery,
  Region,
  RegionQuery,
  StaffRoleBody,
  StaffRoleName,
  StaffRoleView,
} from '@tongban/contracts';
import type { Actor, StaffRole } from '../../platform/auth.ts';
import { type Db, inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { assertCanManageStaffRoles } from './org.policy.ts';
import {
  type DepartmentRow,
  deleteRole,
  findAccountsWithRole,
  findDepartment,
  findDepartments,
  findRegions,
  findRoles,
  insertRole,
} from './org.repository.ts';

export type Department = DepartmentRow;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getDepartment(db: Db, id: string): Promise<Department | undefined> {
  // Not a uuid cannot be an id; asking PostgreSQL would be a type error, not "not found".
  return UUID.test(id) ? findDepartment(db, { id }) : undefined;
}

export async function getDepartmentByCode(db: Db, code: string): Promise<Department | undefined> {
  return findDepartment(db, { code });
}

/** Every department, by code. */
export async function listDepartments(db: Db): Promise<Department[]> {
  return findDepartments(db);
}

/** A department by id or by code (SAMR), or DEPARTMENT_NOT_FOUND. */
export async function requireDepartment(db: Db, idOrCode: string): Promise<Department> {
  const dept = (await getDepartment(db, idOrCode)) ?? (await getDepartmentByCode(db, idOrCode));
  if (!dept) throw new AppError('DEPARTMENT_NOT_FOUND');
  return dept;
}

// Both lists are ordered by code, so the cursor is the last code seen (opaque to clients).
const encodeCursor = (code: string) => Buffer.from(code, 'utf8').toString('base64url');
const decodeCursor = (cursor?: string) =>
  cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : undefined;

function page<T extends { code: string }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.code) : null };
}

export async function pageDepartments(db: Db, q: DepartmentQuery) {
  const limit = q.limit ?? 20;
  const rows = await findDepartments(db, {
    regionCode: q.regionCode,
    afterCode: decodeCursor(q.cursor),
    limit: limit + 1,
  });
  return page(rows, limit);
}

export async function pageRegions(
  db: Db,
  q: RegionQuery,
): Promise<{ items: Region[]; nextCursor: string | null }> {
  const limit = q.limit ?? 20;
  const rows = await findRegions(db, {
    parentCode: q.parentCode,
    level: q.level,
    afterCode: decodeCursor(q.cursor),
    limit: limit + 1,
  });
  return page(rows, limit);
}

export async function rolesOf(db: Db, accountId: string): Promise<StaffRole[]> {
  return findRoles(db, accountId);
}

/** The accounts holding `role` in a department (e.g. its heads, to notify them); none for an unknown id. */
export async function accountsWithRole(db: Db, departmentId: string, role: StaffRoleName): Promise<string[]> {
  return UUID.test(departmentId) ? findAccountsWithRole(db, departmentId, role) : [];
}

/** Gives an account a role in a department (scoped to the department's region); repeating it is harmless. */
export async function assignRole(
  db: Db,
  input: { accountId: string; departmentId: string; role: StaffRoleName },
): Promise<{ role: StaffRoleView; created: boolean }> {
  const dept = await requireDepartment(db, input.departmentId);
  const role = {
    accountId: input.accountId,
    departmentId: dept.id,
    role: input.role,
    regionCode: dept.regionCode,
  };
  return { role, created: await insertRole(db, role) };
}

/**
 * Tells org whether an account is a staff account. Identity supplies it (identity depends on org,
 * so org must not import identity); until then nobody can be granted a role over HTTP.
 */
export type StaffAccountCheck = (db: Db, accountId: string) => Promise<boolean>;
let isStaffAccount: StaffAccountCheck = async () => false;
export function useStaffAccountCheck(check: StaffAccountCheck): void {
  isStaffAccount = check;
}

export async function grantStaffRole(
  db: Db,
  actor: Actor,
  departmentIdOrCode: string,
  body: StaffRoleBody,
): Promise<{ role: StaffRoleView; created: boolean }> {
  return inTransaction(db, async (tx) => {
    const dept = await requireDepartment(tx, departmentIdOrCode);
    assertCanManageStaffRoles(actor, dept.id);
    if (!(await isStaffAccount(tx, body.accountId))) throw new AppError('STAFF_ACCOUNT_NOT_FOUND');
    const result = await assignRole(tx, { ...body, departmentId: dept.id });
    if (result.created) {
      await appendAudit(tx, {
        actorId: actor.accountId,
        actorKind: actor.kind,
        action: 'staffRole.grant',
        subjectType: 'account',
        subjectId: body.accountId,
        details: { departmentId: dept.id, departmentCode: dept.code, role: body.role },
      });
    }
    return result;
  });
}

export async function revokeStaffRole(
  db: Db,
  actor: Actor,
  departmentIdOrCode: string,
  target: { accountId: string; role: StaffRoleName },
): Promise<void> {
  await inTransaction(db, async (tx) => {
    const dept = await requireDepartment(tx, departmentIdOrCode);
    assertCanManageStaffRoles(actor, dept.id);
    if (!(await deleteRole(tx, { ...target, departmentId: dept.id })))
      throw new AppError('STAFF_ROLE_NOT_FOUND');
    await appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: actor.kind,
      action: 'staffRole.revoke',
      subjectType: 'account',
      subjectId: target.accountId,
      details: { departmentId: dept.id, departmentCode: dept.code, role: target.role },
    });
  });
}
