import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

/** A role an officer holds in one department (DESIGN.md: roles scoped to department and region). */
export interface StaffRole {
  role: string;
  departmentId: string;
  regionCode: string;
}

/** Who is calling: resolved from the session cookie by the identity module. */
export interface Actor {
  accountId: string;
  kind: 'citizen' | 'enterprise' | 'staff';
  name: string;
  roles: StaffRole[];
  sessionId: string;
}

export type SessionResolver = (req: FastifyRequest) => Promise<Actor | null>;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** Resolves the actor of every request once, before routing; identity supplies the resolver. */
export function installAuth(app: FastifyInstance, resolve: SessionResolver) {
  app.decorateRequest('actor', null);
  app.addHook('preHandler', async (req) => {
    req.actor = await resolve(req);
  });
}

/** The signed-in actor, or UNAUTHENTICATED; with `kinds`, FORBIDDEN for any other kind of account. */
export function requireActor(req: FastifyRequest, ...kinds: Actor['kind'][]): Actor {
  const actor = req.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (kinds.length && !kinds.includes(actor.kind)) throw new AppError('FORBIDDEN');
  return actor;
}

/** Whether the actor holds `role` (in `departmentId`, when given). */
export function hasRole(actor: Actor, role: string, departmentId?: string): boolean {
  return actor.roles.some(
    (r) => r.role === role && (departmentId === undefined || r.departmentId === departmentId),
  );
}

/** The staff actor holding at least one of `roles`, or FORBIDDEN. */
export function requireRole(req: FastifyRequest, ...roles: string[]): Actor {
  const actor = requireActor(req, 'staff');
  if (!actor.roles.some((r) => roles.includes(r.role))) throw new AppError('FORBIDDEN');
  return actor;
}
