import { type Generated, sql } from 'kysely';
import { asTables, type Db } from '../../platform/db.ts';

// The only code that touches the forms_* tables.

export interface VersionRow {
  item_id: string;
  version: number;
  definition: unknown;
  built: unknown;
  digest: string;
  created_at: Date;
}

export interface RememberedRow {
  account_id: string;
  field_code: string;
  value_enc: string;
  case_id: string;
  case_number: string;
  event_id: number;
  updated_at: Generated<Date>;
}

export type NewRemembered = Omit<RememberedRow, 'updated_at'>;

interface Tables {
  forms_versions: VersionRow;
  forms_remembered_values: RememberedRow;
}

const t = (db: Db) => asTables<Tables>(db);

export async function findLatestVersion(db: Db, itemId: string): Promise<VersionRow | undefined> {
  return t(db)
    .selectFrom('forms_versions')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Serialises definition changes of one item so two saves cannot take the same version number. */
export async function lockItemVersions(db: Db, itemId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('forms_versions'), hashtext(${itemId}))`.execute(db);
}

export async function insertVersion(db: Db, row: Omit<VersionRow, 'created_at'>): Promise<void> {
  await t(db)
    .insertInto('forms_versions')
    .values({ ...row, definition: JSON.stringify(row.definition), built: JSON.stringify(row.built) } as never)
    .execute();
}

export async function findRemembered(db: Db, accountId: string): Promise<NewRemembered[]> {
  return t(db)
    .selectFrom('forms_remembered_values')
    .select(['account_id', 'field_code', 'value_enc', 'case_id', 'case_number', 'event_id'])
    .where('account_id', '=', accountId)
    .execute();
}

/** Keeps the value unless a later event already stored a newer one (events arrive at least once). */
export async function upsertRemembered(db: Db, rows: NewRemembered[]): Promise<void> {
  if (!rows.length) return;
  await t(db)
    .insertInto('forms_remembered_values')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['account_id', 'field_code'])
        .doUpdateSet((eb) => ({
          value_enc: eb.ref('excluded.value_enc'),
          case_id: eb.ref('excluded.case_id'),
          case_number: eb.ref('excluded.case_number'),
          event_id: eb.ref('excluded.event_id'),
          updated_at: sql`now()`,
        }))
        .where((eb) => eb('forms_remembered_values.event_id', '<', eb.ref('excluded.event_id'))),
    )
    .execute();
}
