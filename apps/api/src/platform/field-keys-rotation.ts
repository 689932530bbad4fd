import { sql } from 'kysely';
import { type Db, inTransaction } from './db.ts';
import {
  FieldCipher,
  type FieldKeyRow,
  keyIdOf,
  LEGACY_KEY_ID,
  listFieldKeys,
  rewrapFieldKeys,
} from './field-keys.ts';
import { blindIndex, fieldKeys } from './pii.ts';

/**
 * Re-encryption after a data-key rotation, without downtime: every column the modules declared
 * (`TongbanModule.encryptedColumns`) is walked in small batches by primary key (keyset
 * pagination), each batch its own transaction holding its rows `FOR UPDATE SKIP LOCKED` (rows a
 * writer holds are left to the next pass; writers use the active key anyway), and every value not
 * under the active key is opened and sealed again under it. A retiring key with nothing left under
 * it is retired after two clean passes in a row: the second makes sure no process that had not yet
 * heard of the new key was still writing under the old one.
 */

export interface EncryptedColumns {
  /** The module's table. */
  table: string;
  /** Its primary key column(s): the walk's order. */
  key: string | string[];
  /** Text columns holding sealed values (NULL allowed). */
  columns: string[];
}

export interface ReencryptResult {
  rewritten: number;
  retired: string[];
}

export interface FieldKeyStatusReport {
  activeKeyId: string | undefined;
  keys: (Pick<FieldKeyRow, 'id' | 'suite' | 'status'> & {
    createdAt: string;
    retiringSince: string | null;
    retiredAt: string | null;
    /** Values still sealed under this key, over every declared column. */
    values: number;
  })[];
  /** Values not under the active key, per table.column (what the job still has to rewrite). */
  pending: Record<string, number>;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

function checked(decl: EncryptedColumns): { table: string; keys: string[]; columns: string[] } {
  const keys = Array.isArray(decl.key) ? decl.key : [decl.key];
  for (const name of [decl.table, ...keys, ...decl.columns])
    if (!IDENT.test(name)) throw new Error(`encryptedColumns: invalid identifier ${name}`);
  return { table: decl.table, keys, columns: decl.columns };
}

/** How many values each key seals, per declared column (one scan of each column). */
export async function countByKey(
  db: Db,
  declared: EncryptedColumns[],
): Promise<{ column: string; keyId: string; n: number }[]> {
  const out: { column: string; keyId: string; n: number }[] = [];
  for (const decl of declared) {
    const { table, columns } = checked(decl);
    for (const column of columns) {
      const { rows } = await sql<{ key_id: string; n: number }>`
        SELECT CASE WHEN ${sql.ref(column)} LIKE 'v1.%' THEN 'v1' ELSE split_part(${sql.ref(column)}, '.', 2) END AS key_id,
               count(*)::int AS n
        FROM ${sql.table(table)} WHERE ${sql.ref(column)} IS NOT NULL GROUP BY 1`.execute(db);
      for (const r of rows) out.push({ column: `${table}.${column}`, keyId: r.key_id, n: r.n });
    }
  }
  return out;
}

export async function fieldKeyStatus(db: Db, declared: EncryptedColumns[]): Promise<FieldKeyStatusReport> {
  const [keys, counts] = await Promise.all([listFieldKeys(db), countByKey(db, declared)]);
  const active = keys.find((k) => k.status === 'active');
  const pending: Record<string, number> = {};
  for (const d of declared) for (const c of d.columns) pending[`${d.table}.${c}`] = 0;
  for (const c of counts) if (c.keyId !== active?.id) pending[c.column] = (pending[c.column] ?? 0) + c.n;
  return {
    activeKeyId: active?.id,
    keys: keys.map((k) => ({
      id: k.id,
      suite: k.suite,
      status: k.status,
      createdAt: k.created_at.toISOString(),
      retiringSince: k.retiring_since?.toISOString() ?? null,
      retiredAt: k.retired_at?.toISOString() ?? null,
      values: counts.filter((c) => c.keyId === k.id).reduce((s, c) => s + c.n, 0),
    })),
    pending,
  };
}

/** Rewrites, batch by batch, the values of one declared table not under the active key. */
async function reencryptTable(
  db: Db,
  cipher: FieldCipher,
  decl: EncryptedColumns,
  batchSize: number,
): Promise<number> {
  const { table, keys, columns } = checked(decl);
  const activePrefix = `v2.${cipher.activeKeyId}.%`;
  const stale = sql.join(
    columns.map((c) => sql`(${sql.ref(c)} IS NOT NULL AND ${sql.ref(c)} NOT LIKE ${activePrefix})`),
    sql` OR `,
  );
  const keyTuple = sql`(${sql.join(keys.map((k) => sql.ref(k)))})`;
  let cursor: unknown[] | undefined;
  let rewritten = 0;
  for (;;) {
    const batch = await db.transaction().execute(async (tx) => {
      const after = cursor ? sql`AND ${keyTuple} > (${sql.join(cursor.map((v) => sql`${v}`))})` : sql``;
      const { rows } = await sql<Record<string, unknown>>`
        SELECT ctid::text AS tb_tid, ${sql.join(keys.map((k) => sql.ref(k)))}, ${sql.join(columns.map((c) => sql.ref(c)))}
        FROM ${sql.table(table)}
        WHERE (${stale}) ${after}
        ORDER BY ${sql.join(keys.map((k) => sql.ref(k)))}
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED`.execute(tx);
      // New values per column (null: leave as it is), written back in one statement by row position:
      // the rows are locked by this transaction, so their ctids stay put until the update.
      const tids: string[] = [];
      const fresh: (string | null)[][] = columns.map(() => []);
      let n = 0;
      for (const row of rows) {
        const values: (string | null)[] = [];
        for (const c of columns) {
          const v = row[c];
          const stale = typeof v === 'string' && !cipher.isCurrent(v) && keyIdOf(v) !== undefined;
          values.push(stale ? cipher.encrypt(await cipher.decryptAsync(v)) : null);
        }
        if (values.every((v) => v === null)) continue;
        tids.push(String(row.tb_tid));
        for (const [i, v] of values.entries()) fresh[i]?.push(v);
        n += values.filter((v) => v !== null).length;
      }
      if (tids.length) {
        const sets = columns.map(
          (c, i) => sql`${sql.ref(c)} = coalesce(${sql.ref(`v.c${i}`)}, t.${sql.ref(c)})`,
        );
        const arrays = fresh.map((vals) => sql`${vals}::text[]`);
        const names = columns.map((_, i) => sql.ref(`c${i}`));
        await sql`UPDATE ${sql.table(table)} AS t SET ${sql.join(sets)}
          FROM unnest(${tids}::tid[], ${sql.join(arrays)}) AS v(tid, ${sql.join(names)})
          WHERE t.ctid = v.tid`.execute(tx);
      }
      return { rows, n };
    });
    rewritten += batch.n;
    const last = batch.rows.at(-1);
    if (!last || batch.rows.length < batchSize) return rewritten;
    cursor = keys.map((k) => last[k]);
  }
}

/**
 * One pass of the re-encryption job: nothing to do unless a key is retiring; otherwise every
 * declared column is walked, then retiring keys with nothing left under them move toward retired.
 */
export async function reencryptPass(
  db: Db,
  cipher: FieldCipher,
  declared: EncryptedColumns[],
  now: Date,
  batchSize = 200,
): Promise<ReencryptResult> {
  // The ring may lag a rotation made elsewhere by a NOTIFY: write under the newest active key.
  await cipher.reload();
  const retiring = (await listFieldKeys(db)).filter((k) => k.status === 'retiring');
  if (!retiring.length) return { rewritten: 0, retired: [] };
  let rewritten = 0;
  for (const decl of declared) rewritten += await reencryptTable(db, cipher, decl, batchSize);

  const left = new Set((await countByKey(db, declared)).filter((c) => c.n > 0).map((c) => c.keyId));
  const retired: string[] = [];
  for (const key of retiring) {
    if (left.has(key.id)) {
      if (key.drained_at)
        await sql`UPDATE platform_field_keys SET drained_at = NULL WHERE id = ${key.id}`.execute(db);
    } else if (!key.drained_at) {
      await sql`UPDATE platform_field_keys SET drained_at = ${now}
        WHERE id = ${key.id} AND status = 'retiring'`.execute(db);
    } else {
      await sql`UPDATE platform_field_keys SET status = 'retired', retired_at = ${now}
        WHERE id = ${key.id} AND status = 'retiring'`.execute(db);
      retired.push(key.id);
    }
  }
  return { rewritten, retired };
}

export type Reindexer = (
  db: Db,
  open: (stored: string) => string,
  index: (value: string) => string,
) => Promise<number>;

/**
 * Changes the key-encryption key (FIELD_KEY) in one transaction: every data key is wrapped again
 * under the new KEK and every module's blind index is recomputed with the index key derived from it.
 * Values are not touched. Refused while values in the legacy format are left (they are sealed with
 * the previous KEK itself: re-encrypt first). Every app process must then restart with the new KEK.
 */
export async function changeKek(
  db: Db,
  opts: { previousKek: string; kek: string; declared: EncryptedColumns[]; reindexers: Reindexer[] },
): Promise<{ keys: number; indexed: number }> {
  const legacy = (await countByKey(db, opts.declared)).filter((c) => c.keyId === LEGACY_KEY_ID && c.n > 0);
  if (legacy.length)
    throw new Error(
      `values in the legacy format are left (${legacy.map((c) => c.column).join(', ')}): run reencrypt first`,
    );
  const active = (await listFieldKeys(db)).find((k) => k.status === 'active');
  const previous = new FieldCipher(db, opts.previousKek, active?.suite ?? 'intl');
  await previous.ready();
  const next = fieldKeys(opts.kek);
  return inTransaction(db, async (tx) => {
    const keys = await rewrapFieldKeys(tx, opts.previousKek, opts.kek);
    let indexed = 0;
    for (const reindex of opts.reindexers)
      indexed += await reindex(
        tx,
        (stored) => previous.decrypt(stored),
        (value) => blindIndex(next, value),
      );
    return { keys, indexed };
  });
}
