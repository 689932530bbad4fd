// Request and response schemas of the org module (TypeBox), shared by the API and the web.
import { type Static, Type } from 'typebox';
import { Page, PageQuery, Uuid } from './common.ts';

/** Roles an officer holds per department (shared demo vocabulary). */
export const STAFF_ROLES = ['window', 'officer', 'dept_head', 'dept_admin', 'auditor'] as const;
export type StaffRoleName = (typeof STAFF_ROLES)[number];
export const StaffRoleName = Type.Union(
  [
    Type.Literal('window'),
    Type.Literal('officer'),
    Type.Literal('dept_head'),
    Type.Literal('dept_admin'),
    Type.Literal('auditor'),
  ],
  { description: 'window 窗口受理, officer 审批人员, dept_head, dept_admin, auditor' },
);

export const RegionLevel = Type.Union([
  Type.Literal('province'),
  Type.Literal('city'),
  Type.Literal('district'),
]);
export type RegionLevel = Static<typeof RegionLevel>;

export const Region = Type.Object({
  code: Type.String({ description: 'GB/T 2260 six-digit region code' }),
  nameZh: Type.String(),
  nameEn: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()], { description: 'null for a province' }),
  level: RegionLevel,
});
export type Region = Static<typeof Region>;

export const RegionQuery = Type.Object(
  {
    ...PageQuery.properties,
    parentCode: Type.Optional(
      Type.String({ pattern: '^\\d{6}$', description: 'only children of this region' }),
    ),
    level: Type.Optional(RegionLevel),
  },
  { additionalProperties: false },
);
export type RegionQuery = Static<typeof RegionQuery>;
export const RegionPage = Page(Region);

export const Department = Type.Object({
  id: Uuid,
  code: Type.String({ description: 'stable short code, e.g. SAMR' }),
  nameZh: Type.String(),
  nameEn: Type.String(),
  regionCode: Type.String(),
});
export type Department = Static<typeof Department>;

export const DepartmentQuery = Type.Object(
  {
    ...PageQuery.properties,
    regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
  },
  { additionalProperties: false },
);
export type DepartmentQuery = Static<typeof DepartmentQuery>;
export const DepartmentPage = Page(Department);

export const DepartmentParams = Type.Object({
  id: Type.String({ maxLength: 64, description: 'department id, or its code (e.g. SAMR)' }),
});

export const StaffRoleBody = Type.Object(
  { accountId: Uuid, role: StaffRoleName },
  { additionalProperties: false },
);
export type StaffRoleBody = Static<typeof StaffRoleBody>;

export const StaffRoleParams = Type.Object({
  id: Type.String({ maxLength: 64 }),
  accountId: Uuid,
  role: StaffRoleName,
});

export const StaffRoleView = Type.Object({
  accountId: Uuid,
  departmentId: Uuid,
  role: StaffRoleName,
  regionCode: Type.String(),
});
export type StaffRoleView = Static<typeof StaffRoleView>;
