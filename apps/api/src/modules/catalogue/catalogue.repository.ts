import { type OnConflictBuilder, sql } from 'kysely';
import { asTables, type Db } from '../../platform/db.ts';

// The only code that touches the catalogue_* tables.

export interface LifeEventRow {
  code: string;
  name_zh: string;
  name_en: string;
  position: number;
}

export interface ItemRow {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
  audience: 'citizen' | 'enterprise';
  department_id: string;
  department_code: string;
  process_key: string;
  promised_days: number;
  statutory_days: number;
  fee_fen: number;
  online_level: 'full_online' | 'one_visit' | 'in_person';
  life_events: string[];
  legal_basis: { zh: string; en: string }[];
  guide_zh: string;
  guide_en: string;
  faq: { qZh: string; aZh: string; qEn: string; aEn: string }[];
  steps: { nameZh: string; nameEn: string }[];
  /** 容缺受理 policy (0003_deferral.sql): all four set, or all null when the item offers none. */
  deferral_days: number | null;
  deferral_on_expired: 'suspend' | 'revoke' | null;
  deferral_commitment_zh: string | null;
  deferral_commitment_en: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface MaterialRow {
  item_id: string;
  code: string;
  position: number;
  name_zh: string;
  name_en: string;
  critical: boolean;
  required: boolean;
  description_zh: string;
  description_en: string;
  accepted_formats: string[];
  satisfied_by_licence_types: string[];
}

export interface BundleRow {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
  life_event: string;
  audience: 'citizen' | 'enterprise';
  summary_zh: string;
  summary_en: string;
  guide_zh: string;
  guide_en: string;
  faq: { qZh: string; aZh: string; qEn: string; aEn: string }[];
  created_at: Date;
  updated_at: Date;
}

export interface BundleItemRow {
  bundle_id: string;
  item_id: string;
  position: number;
  required: boolean;
  issues_materials: string[];
}

interface Tables {
  catalogue_life_events: LifeEventRow;
  catalogue_items: ItemRow;
  catalogue_materials: MaterialRow;
  catalogue_bundles: BundleRow;
  catalogue_bundle_items: BundleItemRow;
}

const t = (db: Db) => asTables<Tables>(db);

export interface ItemFilter {
  q?: string;
  audience?: string;
  lifeEvent?: string;
  departmentCode?: string;
  afterCode?: string;
  limit: number;
}

/** Escapes LIKE wildcards so a search for "100%" matches the text, not everything. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Items in code order (keyset paging on the unique code). */
export async function findItems(db: Db, f: ItemFilter): Promise<ItemRow[]> {
  let query = t(db).selectFrom('catalogue_items').selectAll();
  if (f.q) {
    query = query.where(sql<boolean>`(name_zh || ' ' || name_en || ' ' || code) ILIKE ${likePattern(f.q)}`);
  }
  if (f.audience) query = query.where('audience', '=', f.audience as ItemRow['audience']);
  if (f.departmentCode) query = query.where('department_code', '=', f.departmentCode);
  if (f.lifeEvent) query = query.where(sql<boolean>`life_events @> ARRAY[${f.lifeEvent}]::text[]`);
  if (f.afterCode) query = query.where('code', '>', f.afterCode);
  return query.orderBy('code').limit(f.limit).execute();
}

export async function findItemById(db: Db, id: string): Promise<ItemRow | undefined> {
  return t(db).selectFrom('catalogue_items').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findItemByCode(db: Db, code: string): Promise<ItemRow | undefined> {
  return t(db).selectFrom('catalogue_items').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function findMaterials(db: Db, itemId: string): Promise<MaterialRow[]> {
  return t(db)
    .selectFrom('catalogue_materials')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('position')
    .execute();
}

export async function listLifeEvents(db: Db): Promise<LifeEventRow[]> {
  return t(db).selectFrom('catalogue_life_events').selectAll().orderBy('position').execute();
}

/** How many items each value of a facet has: life event, department code or audience. */
export async function countItemsBy(
  db: Db,
  facet: 'life_event' | 'department_code' | 'audience',
): Promise<Map<string, number>> {
  const rows =
    facet === 'life_event'
      ? await sql<{ key: string; n: number }>`
          SELECT unnest(life_events) AS key, count(*)::int AS n FROM catalogue_items GROUP BY 1`.execute(db)
      : await sql<{ key: string; n: number }>`
          SELECT ${sql.ref(facet)} AS key, count(*)::int AS n FROM catalogue_items GROUP BY 1`.execute(db);
  return new Map(rows.rows.map((r) => [r.key, r.n]));
}

export async function upsertLifeEvents(db: Db, rows: LifeEventRow[]): Promise<void> {
  await t(db)
    .insertInto('catalogue_life_events')
    .values(rows)
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        name_zh: eb.ref('excluded.name_zh'),
        name_en: eb.ref('excluded.name_en'),
        position: eb.ref('excluded.position'),
      })),
    )
    .execute();
}

/** ON CONFLICT (code): every column but the id and the code takes the new value, so the row keeps its id. */
function updateByCode(row: Record<string, unknown>) {
  return (oc: OnConflictBuilder<any, any>) =>
    oc.column('code').doUpdateSet((eb) => {
      const { id: _id, code: _code, ...rest } = row;
      const set: Record<string, unknown> = { updated_at: sql`now()` };
      for (const k of Object.keys(rest)) set[k] = eb.ref(`excluded.${k}`);
      return set as never;
    });
}

export type NewItem = Omit<
  ItemRow,
  | 'created_at'
  | 'updated_at'
  | 'deferral_days'
  | 'deferral_on_expired'
  | 'deferral_commitment_zh'
  | 'deferral_commitment_en'
>;

export type DeferralColumns = Pick<
  ItemRow,
  'deferral_days' | 'deferral_on_expired' | 'deferral_commitment_zh' | 'deferral_commitment_en'
>;

/** Sets (or, with all nulls, removes) the item's 容缺受理 policy. */
export async function setDeferralPolicy(db: Db, itemId: string, policy: DeferralColumns): Promise<void> {
  await t(db)
    .updateTable('catalogue_items')
    .set({ ...policy, updated_at: sql`now()` as never })
    .where('id', '=', itemId)
    .execute();
}

/** Inserts the item or updates it in place (by code), keeping its id; replaces its materials. */
export async function upsertItem(
  db: Db,
  item: NewItem,
  materials: Omit<MaterialRow, 'item_id'>[],
): Promise<string> {
  const row = {
    ...item,
    legal_basis: JSON.stringify(item.legal_basis),
    faq: JSON.stringify(item.faq),
    steps: JSON.stringify(item.steps),
  };
  const { id } = await t(db)
    .insertInto('catalogue_items')
    .values(row as never)
    .onConflict(updateByCode(row))
    .returning('id')
    .executeTakeFirstOrThrow();
  await t(db).deleteFrom('catalogue_materials').where('item_id', '=', id).execute();
  if (materials.length) {
    await t(db)
      .insertInto('catalogue_materials')
      .values(materials.map((m) => ({ ...m, item_id: id })))
      .execute();
  }
  return id;
}

export async function findMaterialsOfItems(db: Db, itemIds: string[]): Promise<MaterialRow[]> {
  if (!itemIds.length) return [];
  return t(db)
    .selectFrom('catalogue_materials')
    .selectAll()
    .where('item_id', 'in', itemIds)
    .orderBy('item_id')
    .orderBy('position')
    .execute();
}

/** Bundles in code order (keyset paging on the unique code). */
export async function findBundles(
  db: Db,
  f: { audience?: string; lifeEvent?: string; afterCode?: string; limit: number },
): Promise<BundleRow[]> {
  let query = t(db).selectFrom('catalogue_bundles').selectAll();
  if (f.audience) query = query.where('audience', '=', f.audience as BundleRow['audience']);
  if (f.lifeEvent) query = query.where('life_event', '=', f.lifeEvent);
  if (f.afterCode) query = query.where('code', '>', f.afterCode);
  return query.orderBy('code').limit(f.limit).execute();
}

export async function findBundleByCode(db: Db, code: string): Promise<BundleRow | undefined> {
  return t(db).selectFrom('catalogue_bundles').selectAll().where('code', '=', code).executeTakeFirst();
}

/** The items of the given bundles, each with its place in the bundle, in bundle order. */
export async function findBundleItems(
  db: Db,
  bundleIds: string[],
): Promise<(ItemRow & Omit<BundleItemRow, 'item_id'>)[]> {
  if (!bundleIds.length) return [];
  return t(db)
    .selectFrom('catalogue_bundle_items as bi')
    .innerJoin('catalogue_items as i', 'i.id', 'bi.item_id')
    .selectAll('i')
    .select(['bi.bundle_id', 'bi.position', 'bi.required', 'bi.issues_materials'])
    .where('bi.bundle_id', 'in', bundleIds)
    .orderBy('bi.bundle_id')
    .orderBy('bi.position')
    .execute();
}

export type NewBundle = Omit<BundleRow, 'created_at' | 'updated_at'>;

/** Inserts the bundle or updates it in place (by code), keeping its id; replaces its items. */
export async function upsertBundle(
  db: Db,
  bundle: NewBundle,
  items: Omit<BundleItemRow, 'bundle_id'>[],
): Promise<string> {
  const row = { ...bundle, faq: JSON.stringify(bundle.faq) };
  const { id } = await t(db)
    .insertInto('catalogue_bundles')
    .values(row as never)
    .onConflict(updateByCode(row))
    .returning('id')
    .executeTakeFirstOrThrow();
  await t(db).deleteFrom('catalogue_bundle_items').where('bundle_id', '=', id).execute();
  if (items.length) {
    await t(db)
      .insertInto('catalogue_bundle_items')
      .values(items.map((i) => ({ ...i, bundle_id: id })))
      .execute();
  }
  return id;
}
