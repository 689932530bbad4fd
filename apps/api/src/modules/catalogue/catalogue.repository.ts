import { sql } from 'kysely';
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

interface Tables {
  catalogue_life_events: LifeEventRow;
  catalogue_items: ItemRow;
  catalogue_materials: MaterialRow;
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

export type NewItem = Omit<ItemRow, 'created_at' | 'updated_at'>;

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
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => {
        const { id: _id, code: _code, ...rest } = row;
        const set: Record<string, unknown> = { updated_at: sql`now()` };
        for (const k of Object.keys(rest)) set[k] = eb.ref(`excluded.${k}` as never);
        return set as never;
      }),
    )
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
