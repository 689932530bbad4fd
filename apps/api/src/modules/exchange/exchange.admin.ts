import type {
  ClientView,
  PublicJwks,
  RegisterClientBody,
  TrafficItem,
  TrafficQuery,
} from '@tongban/contracts';
import { importJWK } from 'jose';
import { v7 as uuidv7 } from 'uuid';
import { type Actor, hasRole } from '../../platform/auth.ts';
import type { PlatformContext } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import {
  type ClientRow,
  findClient,
  findClients,
  findTraffic,
  insertClient,
  updateClient,
} from './exchange.repository.ts';

/** The department a department admin acts for: the one named (which they must administer), or their only one. */
export function adminDepartment(
  actor: Actor,
  departmentId?: string,
  roles: string[] = ['dept_admin'],
): string {
  const mine = actor.roles.filter((r) => roles.includes(r.role)).map((r) => r.departmentId);
  if (departmentId !== undefined) {
    if (!mine.includes(departmentId)) throw new AppError('FORBIDDEN');
    return departmentId;
  }
  const [first] = mine;
  if (!first) throw new AppError('FORBIDDEN');
  return first;
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];

/** Every key is a usable public key, and nothing private was uploaded by mistake. */
async function checkJwks(jwks: PublicJwks): Promise<PublicJwks> {
  for (const key of jwks.keys) {
    if (PRIVATE_MEMBERS.some((m) => m in key)) throw new AppError('EXCHANGE_JWKS_INVALID');
    try {
      await importJWK(
        key as never,
        typeof key.alg === 'string' ? key.alg : key.kty === 'OKP' ? 'EdDSA' : undefined,
      );
    } catch {
      throw new AppError('EXCHANGE_JWKS_INVALID');
    }
  }
  return { keys: jwks.keys };
}

export function presentClient(c: ClientRow): ClientView {
  return {
    id: c.id,
    clientId: c.client_id,
    nameZh: c.name_zh,
    nameEn: c.name_en,
    departmentId: c.department_id,
    status: c.status,
    jwks: c.jwks,
    createdAt: c.created_at.toISOString(),
  };
}

export async function listClients(ctx: PlatformContext, actor: Actor, departmentId?: string) {
  return { items: (await findClients(ctx.db, adminDepartment(actor, departmentId))).map(presentClient) };
}

export async function registerClient(
  ctx: PlatformContext,
  actor: Actor,
  body: RegisterClientBody,
): Promise<ClientView> {
  const departmentId = adminDepartment(actor, body.departmentId);
  const jwks = await checkJwks(body.jwks);
  return inTransaction(ctx.db, async (tx) => {
    if (await findClient(tx, { clientId: body.clientId })) throw new AppError('EXCHANGE_CLIENT_EXISTS');
    const row: ClientRow = {
      id: uuidv7(),
      client_id: body.clientId,
      name_zh: body.nameZh,
      name_en: body.nameEn,
      department_id: departmentId,
      jwks,
      status: 'active',
      created_at: ctx.now(),
      created_by: actor.accountId,
    };
    await insertClient(tx, row);
    await appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: 'staff',
      action: 'exchange.client.register',
      subjectType: 'exchange_client',
      subjectId: row.id,
      details: { clientId: row.client_id, departmentId, kids: jwks.keys.map((k) => k.kid ?? null) },
    });
    return presentClient(row);
  });
}

/** A client of a department the actor administers (or, with `roles`, holds one of them in). */
export async function clientOfMyDepartment(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  roles: string[] = ['dept_admin'],
): Promise<ClientRow> {
  const client = await findClient(ctx.db, { id });
  if (!client) throw new AppError('EXCHANGE_CLIENT_NOT_FOUND');
  if (!roles.some((role) => hasRole(actor, role, client.department_id))) throw new AppError('FORBIDDEN');
  return client;
}

export async function changeClient(
  ctx: PlatformContext,
  actor: Actor,
  id: string,
  change: { jwks: PublicJwks } | { status: 'active' | 'disabled' },
): Promise<ClientView> {
  const client = await clientOfMyDepartment(ctx, actor, id);
  const set = 'jwks' in change ? { jwks: await checkJwks(change.jwks) } : { status: change.status };
  return inTransaction(ctx.db, async (tx) => {
    const row = await updateClient(tx, client.id, set);
    await appendAudit(tx, {
      actorId: actor.accountId,
      actorKind: 'staff',
      action:
        'jwks' in change
          ? 'exchange.client.jwks'
          : `exchange.client.${change.status === 'active' ? 'enable' : 'disable'}`,
      subjectType: 'exchange_client',
      subjectId: client.id,
      details: { clientId: client.client_id, departmentId: client.department_id },
    });
    return presentClient(row);
  });
}

/** The department's exchange traffic: what its clients asked for and what its datasets answered. */
export async function traffic(ctx: PlatformContext, actor: Actor, q: TrafficQuery) {
  const departmentId = adminDepartment(actor, q.departmentId);
  const limit = q.limit ?? 20;
  const rows = await findTraffic(ctx.db, departmentId, { beforeId: q.cursor, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const items: TrafficItem[] = page.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    direction: r.provider_department_id === departmentId ? 'provided' : 'consumed',
    clientId: r.client_code,
    clientNameZh: r.client_name_zh,
    clientNameEn: r.client_name_en,
    dataset: r.dataset_code,
    purpose: r.purpose_code,
    fields: r.fields,
    outcome: r.outcome,
    refusalCode: r.refusal_code,
    basis: r.basis,
  }));
  return { items, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
