import type { PlatformContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db.ts';
import { type Department, getDepartment, getDepartmentByCode } from '../org/index.ts';
import { findTypes, type LicenceTypeRow } from './licences.repository.ts';

/**
 * What every issue and verification reads and hardly ever changes — the licence types (seeded) and the
 * issuing departments (ids and codes are fixed; a renamed department shows its new name within a
 * minute) — kept per process for a minute, so a verification costs round trips only for what is
 * really per request.
 */
const TTL_MS = 60_000;

interface Entry<T> {
  at: number;
  value: Promise<T>;
}

function cached<T>(map: Map<string, Entry<T>>, key: string, load: () => Promise<T>): Promise<T> {
  const hit = map.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const value = load();
  map.set(key, { at: Date.now(), value });
  // A failed load is not kept.
  value.catch(() => map.delete(key));
  return value;
}

interface Caches {
  types: Map<string, Entry<LicenceTypeRow[]>>;
  departments: Map<string, Entry<Department | undefined>>;
}

// One set per app (tests run several apps on several databases in one process), found by its config.
const perApp = new WeakMap<object, Caches>();

function caches(ctx: Pick<PlatformContext, 'config'>): Caches {
  let c = perApp.get(ctx.config);
  if (!c) {
    c = { types: new Map(), departments: new Map() };
    perApp.set(ctx.config, c);
  }
  return c;
}

export const cachedTypes = (ctx: Pick<PlatformContext, 'config'>, db: Db) =>
  cached(caches(ctx).types, 'all', () => findTypes(db));

/** A department by id or code; not-found answers are not kept (a department may be added). */
export async function cachedDepartment(
  ctx: Pick<PlatformContext, 'config'>,
  db: Db,
  idOrCode: string,
): Promise<Department | undefined> {
  const { departments } = caches(ctx);
  const dept = await cached(
    departments,
    idOrCode,
    async () => (await getDepartment(db, idOrCode)) ?? (await getDepartmentByCode(db, idOrCode)),
  );
  if (!dept) departments.delete(idOrCode);
  return dept;
}
