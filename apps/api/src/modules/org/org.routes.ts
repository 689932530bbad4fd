import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  Department,
  DepartmentPage,
  DepartmentParams,
  DepartmentQuery,
  RegionPage,
  RegionQuery,
  StaffRoleBody,
  StaffRoleParams,
  StaffRoleView,
} from '@tongban/contracts';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireActor } from '../../platform/auth.ts';
import {
  grantStaffRole,
  pageDepartments,
  pageRegions,
  requireDepartment,
  revokeStaffRole,
} from './org.service.ts';

/** Regions and departments are public; staff roles are managed by the department's own dept_admin. */
export async function orgRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.platform;

  app.get(
    '/regions',
    {
      schema: {
        tags: ['org'],
        summary: 'Regions (province → city → district), by code; filter by parent or level',
        querystring: RegionQuery,
        response: { 200: RegionPage },
      },
    },
    async (req) => pageRegions(db, req.query),
  );

  app.get(
    '/departments',
    {
      schema: {
        tags: ['org'],
        summary: 'Departments, by code; filter by region',
        querystring: DepartmentQuery,
        response: { 200: DepartmentPage },
      },
    },
    async (req) => pageDepartments(db, req.query),
  );

  app.get(
    '/departments/:id',
    {
      schema: {
        tags: ['org'],
        summary: 'One department, by id or code',
        params: DepartmentParams,
        response: { 200: Department },
      },
    },
    async (req) => requireDepartment(db, req.params.id),
  );

  app.post(
    '/departments/:id/staff-roles',
    {
      schema: {
        tags: ['org'],
        summary: "Grant a staff account a role in the department (the department's dept_admin)",
        params: DepartmentParams,
        body: StaffRoleBody,
        response: { 200: StaffRoleView, 201: StaffRoleView },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req, 'staff');
      const { role, created } = await grantStaffRole(db, actor, req.params.id, req.body);
      return reply.code(created ? 201 : 200).send(role);
    },
  );

  app.delete(
    '/departments/:id/staff-roles/:accountId/:role',
    {
      schema: {
        tags: ['org'],
        summary: "Withdraw a staff role in the department (the department's dept_admin)",
        params: StaffRoleParams,
        response: { 204: Type.Null() },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req, 'staff');
      const { id, accountId, role } = req.params;
      await revokeStaffRole(db, actor, id, { accountId, role });
      return reply.code(204).send(null);
    },
  );
}
